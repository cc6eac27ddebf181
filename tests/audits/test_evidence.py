"""Evidence files (証拠書類, 監査調書): kept with their SHA-256 on each kind of record, checked
on download, refused when their content is not an accepted kind, scoped like their record,
never deleted or replaced."""

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits import services
from audits.models import Evidence, SiteVisit
from cards.services import incident_open
from juki_admin.errors import DomainError

from ..factories import make_user

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(20)


def upload(data: bytes = PDF, name: str = "調書.pdf"):
    return SimpleUploadedFile(name, data)


def docx(extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def finding(done_audit, auditor):
    return services.finding_add(
        audit=done_audit,
        kind="instruction",
        description="鍵管理簿の記入徹底",
        due_on=D(2026, 12, 1),
        actor=auditor,
    )


@pytest.fixture
def records(
    finding, done_audit, auditor, office_head, sysadmin, campaign, headed_office, set_today
):
    """One record of each kind that can hold evidence, all of ``headed_office``."""
    set_today(D(2026, 10, 20))
    services.audit_notify_result(audit=done_audit, actor=auditor)
    plan = services.improvement_submit(
        finding=finding, measures="記入の徹底", responsible="所属長", target_on=D(2026, 11, 30),
        actor=office_head,
    )  # fmt: skip
    sheet = campaign.sheets.get(office=headed_office, audience="office")
    item = sheet.checklist.items.order_by("number").first()
    (answer,) = services.sheet_answer(
        sheet=sheet, answers={item.pk: ("compliant", "")}, actor=office_head
    )
    visit = services.site_visit_record(
        office=headed_office, visited_on=D(2026, 10, 2), visitor="市町村課 佐藤",
        confirmed="入退室管理簿", actor=sysadmin, campaign=campaign,
    )  # fmt: skip
    incident = incident_open(
        office=headed_office, title="カード紛失", description="所在不明", actor=sysadmin
    )
    return {
        "answer": (answer, office_head),
        "audit": (done_audit, auditor),
        "finding": (finding, auditor),
        "improvement": (plan, office_head),
        "visit": (visit, sysadmin),
        "incident": (incident, office_head),
    }


def test_a_file_is_kept_on_each_kind_of_record_with_its_digest(records):
    for kind, (owner, writer) in records.items():
        data = PDF + kind.encode()
        kept = services.evidence_add(owner=owner, upload=upload(data), actor=writer)
        kept.refresh_from_db()
        assert kept.owner == owner and kept.owner_field == services.OWNER_KINDS[kind][0]
        assert (kept.name, kept.size, kept.content_type) == (
            "調書.pdf",
            len(data),
            "application/pdf",
        )
        assert kept.digest == hashlib.sha256(data).hexdigest() and kept.added_by == writer
        assert services.evidence_bytes_checked(kept) == data
        assert kept.history.first().history_user == writer
    assert Evidence.objects.count() == 6


def test_a_file_changed_on_disk_is_refused_on_download(records, client):
    owner, writer = records["finding"]
    kept = services.evidence_add(owner=owner, upload=upload(), actor=writer)
    client.force_login(writer)
    url = reverse("audits:evidence_download", args=[kept.pk])
    response = client.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    with kept.file.storage.open(kept.file.name, "wb") as stored:
        stored.write(PDF.replace(b"1.4", b"1.7"))
    response = client.get(url)
    assert response.status_code == 409
    assert "記録されたダイジェストと一致しません" in response.content.decode()
    with pytest.raises(DomainError, match="一致しません"):
        services.evidence_bytes_checked(kept)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64),
            "調書.pdf",
            "受け付けません",
        ),
        (b"\x7fELF\x02\x01\x01" + bytes(40), "写真.png", "受け付けません"),
        (b"", "空.pdf", "空です"),
        (docx({"word/bomb.xml": b"0" * (20 * 1024 * 1024)}), "爆弾.docx", "zip bomb"),
        (b"PK\x03\x04" + bytes(40), "壊れ.xlsx", "受け付けません"),
    ],
)
def test_a_file_whose_content_is_not_accepted_is_refused_and_nothing_kept(
    records, data, name, message, settings
):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    owner, writer = records["audit"]
    before = {p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}
    with pytest.raises(DomainError, match=message):
        services.evidence_add(owner=owner, upload=upload(data, name), actor=writer)
    assert not Evidence.objects.exists()
    assert {p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()} == before


def test_office_documents_images_and_japanese_text_are_accepted(records):
    owner, writer = records["audit"]
    cases = [
        (docx(), "報告.docx", "wordprocessingml"),
        (PNG, "写真", "image/png"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "旧.xls", "application/vnd.ms-office"),
        ("番号,氏名\n1,髙橋\n".encode("cp932"), "名簿.csv", "text/csv"),
        ("確認しました。\n".encode(), "メモ.txt", "text/plain"),
    ]
    for data, name, content_type in cases:
        kept = services.evidence_add(owner=owner, upload=upload(data, name), actor=writer)
        assert content_type in kept.content_type


def test_a_file_over_the_limit_is_refused(records, settings):
    settings.UPLOAD_MAX_BYTES = 100
    owner, writer = records["audit"]
    with pytest.raises(DomainError, match="MB"):
        services.evidence_add(owner=owner, upload=upload(PDF + bytes(200)), actor=writer)


def test_a_correction_is_a_new_file_with_a_note_and_the_first_stays(records):
    owner, writer = records["audit"]
    first = services.evidence_add(owner=owner, upload=upload(), actor=writer)
    with pytest.raises(DomainError, match="備考"):
        services.evidence_add(owner=owner, upload=upload(PDF + b"2"), actor=writer, corrects=first)
    second = services.evidence_add(
        owner=owner, upload=upload(PDF + b"2"), actor=writer, corrects=first, note="頁の欠落"
    )
    other, other_writer = records["finding"]
    with pytest.raises(DomainError, match="同じ記録"):
        services.evidence_add(
            owner=other, upload=upload(), actor=other_writer, corrects=first, note="x"
        )
    assert second.file.name != first.file.name
    assert services.evidence_bytes_checked(first) == PDF
    assert list(owner.evidence.order_by("pk")) == [first, second]


def test_nothing_is_deleted_the_admin_offers_no_delete_and_the_owner_is_protected(
    records, client, sysadmin
):
    from django.db.models import ProtectedError

    owner, writer = records["visit"]
    kept = services.evidence_add(owner=owner, upload=upload(), actor=writer)
    client.force_login(sysadmin)
    delete = reverse("admin:audits_evidence_delete", args=[kept.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:audits_evidence_change", args=[kept.pk])
    client.post(change, {"name": "書換え.pdf"})
    with pytest.raises(ProtectedError):
        SiteVisit.objects.get(pk=owner.pk).delete()
    kept.refresh_from_db()
    assert kept.name == "調書.pdf" and services.evidence_bytes_checked(kept) == PDF


def test_another_offices_head_gets_404_and_read_only_roles_download_but_add_nothing(
    records, client, other_office, chief, auditor
):
    stranger = make_user("office_head", other_office, username="yoso")
    kept = {
        kind: services.evidence_add(owner=owner, upload=upload(PDF + kind.encode()), actor=w)
        for kind, (owner, w) in records.items()
    }
    for kind, evidence in kept.items():
        owner = records[kind][0]
        page = reverse("audits:evidence", args=[kind, owner.pk])
        download = reverse("audits:evidence_download", args=[evidence.pk])
        client.force_login(stranger)
        assert client.get(page).status_code == 404
        assert client.get(download).status_code == 404
        assert client.post(page, {"file": upload()}).status_code == 404
        for reader in (chief, auditor):
            client.force_login(reader)
            assert client.get(download).status_code == 200
            if reader == chief or kind in ("answer", "improvement", "visit", "incident"):
                assert client.post(page, {"file": upload(PDF + b"x")}).status_code == 403
                with pytest.raises(DomainError):
                    services.evidence_add(owner=owner, upload=upload(), actor=reader)
    assert Evidence.objects.count() == 6


def test_an_operator_sees_the_files_of_their_own_sheet_only(
    records, client, campaign, headed_office
):
    sheets = campaign.sheets.filter(audience="operator", office=headed_office).order_by("pk")
    operator_sheet, other_sheet = sheets
    item = operator_sheet.checklist.items.first()
    owner_user = operator_sheet.staff.user
    (own,) = services.sheet_answer(
        sheet=operator_sheet, answers={item.pk: ("compliant", "")}, actor=owner_user
    )
    mine = services.evidence_add(owner=own, upload=upload(), actor=owner_user)
    colleague = other_sheet.staff.user
    client.force_login(colleague)
    assert client.get(reverse("audits:evidence_download", args=[mine.pk])).status_code == 404
    client.force_login(owner_user)
    assert client.get(reverse("audits:evidence_download", args=[mine.pk])).status_code == 200


def test_the_evidence_page_adds_a_file_once_and_lists_it(records, client):
    owner, writer = records["finding"]
    client.force_login(writer)
    page = reverse("audits:evidence", args=["finding", owner.pk])
    response = client.get(page)
    assert response.status_code == 200
    token = response.context["form"]["once_token"].value()
    for _ in range(2):  # sent twice (a double click): kept once
        response = client.post(page, {"file": upload(), "note": "原本", "once_token": token})
        assert response.status_code == 302
    assert owner.evidence.count() == 1
    assert "調書.pdf" in client.get(page).content.decode()
    response = client.post(page, {"file": upload(b"MZ" + bytes(50), "x.pdf")}, follow=True)
    assert "受け付けません" in response.content.decode() and owner.evidence.count() == 1


def test_the_plans_zip_holds_its_notices_and_evidence_and_refuses_an_altered_file(
    records, client, chief, done_audit
):
    kept = [
        services.evidence_add(
            owner=records[k][0], upload=upload(PDF + k.encode()), actor=records[k][1]
        )
        for k in ("audit", "finding", "improvement", "visit")
    ]
    client.force_login(chief)
    url = reverse("audits:plan", args=[done_audit.plan_id]) + "?format=zip"
    response = client.get(url)
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    evidence_names = [n for n in names if n.startswith("証拠書類/")]
    assert len(evidence_names) == 3  # the site visit is not part of the plan
    assert any("監査調書" in n for n in evidence_names)
    with kept[1].file.storage.open(kept[1].file.name, "wb") as stored:
        stored.write(b"%PDF-changed")
    assert client.get(url).status_code == 409


@pytest.mark.parametrize("files", [2, 12])
def test_the_evidence_page_takes_a_constant_number_of_queries(
    records, client, files, django_assert_max_num_queries
):
    owner, writer = records["finding"]
    first = services.evidence_add(owner=owner, upload=upload(), actor=writer)
    for n in range(files - 1):
        services.evidence_add(
            owner=owner, upload=upload(PDF + bytes([n])), actor=writer, corrects=first, note="訂正"
        )
    client.force_login(writer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("audits:evidence", args=["finding", owner.pk]))
    assert response.content.decode().count("訂正") >= files - 1


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audits_evidence SET digest = repeat('0', 64) WHERE id = %s",
        "UPDATE audits_evidence SET note = 'x' WHERE id = %s",
        "DELETE FROM audits_evidence WHERE id = %s",
    ],
)
def test_postgresql_refuses_every_update_and_delete_of_an_evidence_row(records, sql):
    from django.db import DatabaseError, connection, transaction

    owner, writer = records["audit"]
    kept = services.evidence_add(owner=owner, upload=upload(), actor=writer)
    with (
        pytest.raises(DatabaseError, match="never changed or deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [kept.pk])
    assert Evidence.objects.get(pk=kept.pk).digest == kept.digest
