"""The CSV and PDF exports of the demo: a formula typed into a record comes out as text, each
CSV is UTF-8 with BOM for Excel or CP932 on request, and no export is kept by a cache."""

import csv
import io

import pytest

from cards import services
from cards.models import Card, Roster
from juki_admin.models import Office

CSV_EXPORTS = [
    "/cards/ledger/?format=csv",
    "/training/rates/?format=csv",
    "/terminals/plan/?format=csv",
]
PDF_EXPORTS = ["/cards/ledger/?format=pdf", "/terminals/plan/?format=pdf"]


def _rows(response, encoding="utf-8-sig"):
    return list(csv.reader(io.StringIO(response.content.decode(encoding), newline="")))


@pytest.mark.parametrize(
    "reason",
    ['=HYPERLINK("http://evil.example","x")', "@SUM(A1)", "=1+1", "+1", "-1+2", "\t=1", "\r=1"],
)
def test_a_formula_typed_as_a_reason_comes_out_of_the_card_ledger_as_text(client, login, reason):
    admin_user = login("sysadmin")
    card = Card.objects.filter(office__code="S02", status="issued").order_by("serial").first()
    services.card_suspend(card=card, actor=admin_user, reason=reason)
    office = Office.objects.get(code="S02")
    rows = _rows(client.get(f"/cards/ledger/?format=csv&office={office.pk}"))
    reasons = [row[6] for row in rows[1:]]
    kept = reason.strip()  # a reason is kept stripped
    assert "'" + kept in reasons
    assert kept not in reasons


@pytest.mark.parametrize("url", CSV_EXPORTS)
def test_every_csv_export_is_excel_ready_and_never_cached(client, login, url):
    login("sysadmin")
    utf8 = client.get(url)
    assert utf8.content.startswith(b"\xef\xbb\xbf")
    assert utf8["Cache-Control"] == "no-store"
    sjis = client.get(url + "&encoding=cp932")
    assert sjis["Cache-Control"] == "no-store"
    assert _rows(sjis, "cp932") == _rows(utf8)  # the demo's names all fit in CP932


def test_the_roster_export_neutralises_and_is_never_cached(client, login):
    login("head")
    roster = Roster.objects.filter(office__code="S02").order_by("-fiscal_year", "-version").first()
    for suffix in ("", "&encoding=cp932"):
        response = client.get(f"/cards/rosters/{roster.pk}/?format=csv{suffix}")
        assert response.status_code == 200 and response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", PDF_EXPORTS)
def test_every_pdf_is_never_cached(client, login, url):
    login("sysadmin")
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
