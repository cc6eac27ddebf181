"""Names kept as registered (DESIGN.md rule 10): in the database, in searches, on paper."""

import subprocess
import tempfile

import pytest
from django.urls import reverse

from juki_admin.staff_import import staff_import

from ..factories import OfficeFactory, StaffFactory, accepted_roster

pytestmark = pytest.mark.django_db

NAMES = ["𠮷野 太郎", "髙橋 花子", "﨑田 一郎", "\ufa10本 誠"]  # 塚 is U+FA10


def test_a_roster_pdf_draws_every_character_of_every_name(client, office, office_head, caplog):
    people = [StaffFactory(office=office, name=name) for name in NAMES]
    roster = accepted_roster(office, individual=people)
    client.force_login(office_head)
    with caplog.at_level("WARNING"):
        pdf = client.get(reverse("cards:roster_detail", args=[roster.pk]) + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert not [r for r in caplog.records if "notdef" in r.getMessage().lower()]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf.content)
        f.flush()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    for name in NAMES:
        assert name in text, name  # exactly: 塚 stays U+FA10, 𠮷 is drawn and read back
    import io

    from pypdf import PdfReader

    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf.content)).pages
        for f in page["/Resources"]["/Font"].values()
    }
    # IPAex draws the names but lacks 𠮷: a Noto CJK font is embedded for it (no box)
    assert any("IPAex" in f for f in fonts) and any("Noto" in f for f in fonts), fonts


def test_the_import_keeps_a_compatibility_ideograph_and_refuses_a_user_defined_character():
    OfficeFactory(code="S02", name="東葛飾旅券事務所")
    header = "職員番号,氏名,ふりがな,所属コード,雇用区分,在籍状況,発効日\r\n"
    good = header + "S02100,\ufa10本 誠,ツカモト マコト,S02,正規,在職,\r\n"
    report = staff_import(data=good.encode("cp932"), actor=None)
    assert report.ok, report.errors
    from juki_admin.models import Staff

    assert Staff.objects.get(employee_number="S02100").name == "\ufa10本 誠"
    user_defined = header.encode("cp932") + b"S02101,\xf0\x40\x96\x7b,,S02,\x90\xb3\x8b\x4b,,\r\n"
    report = staff_import(data=user_defined, actor=None)
    assert not report.ok
    (error,) = report.errors
    assert (error.line, error.label) == (2, "氏名") and "U+E000" in str(error)
    assert not Staff.objects.filter(employee_number="S02101").exists()


def test_the_admin_staff_search_reads_the_term_as_names_are_kept(client, sysadmin):
    person = StaffFactory(employee_number="01234", name="タナカ ケン", kana="タナカ ケン")
    client.force_login(sysadmin)
    url = reverse("admin:juki_admin_staff_changelist")
    for term in ("０１２３４", "ﾀﾅｶ"):
        body = client.get(url, {"q": term}).content.decode()
        assert f"/admin/juki_admin/staff/{person.pk}/change/" in body, term


def test_the_ledger_pdf_names_the_recorder_family_name_first(client, sysadmin, office, pdf_text):
    from ..cards.conftest import issue
    from ..factories import CardFactory

    sysadmin.first_name, sysadmin.last_name = "陽子", "鈴木"
    sysadmin.save()
    holder = StaffFactory(office=office, name="\ufa10本 誠")
    accepted_roster(office, individual=[holder])
    issue(CardFactory(serial="L-001"), holder, sysadmin)
    client.force_login(sysadmin)
    ledger = client.get(reverse("cards:ledger"), {"format": "pdf", "start": "2000-01-01"})
    text = pdf_text(ledger.content)
    assert "鈴木 陽子" in text
    assert "陽子 鈴木" not in text
