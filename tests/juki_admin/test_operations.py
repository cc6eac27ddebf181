"""Health check, production settings, roles migration, the PDF renderer."""

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError

from juki_admin.access import GROUP_NAMES, Role
from juki_admin.pdf import pdf_response, render_pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_ok_with_a_database_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with mock.patch("juki_admin.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def _manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_silent_with_the_production_switches():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY="x" * 20 + "-a-long-and-random-production-key-1234567890",
        ALLOWED_HOSTS="juki.example.pref.lg.jp",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_start_up_stops_with_a_clear_message_without_secret_key():
    result = _manage("check", DEBUG="False", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.django_db
def test_the_six_roles_exist_as_groups_with_permissions():
    groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert set(GROUP_NAMES.values()) <= set(groups)
    admin_perms = {p.codename for p in groups[GROUP_NAMES[Role.SYSTEM_ADMIN]].permissions.all()}
    assert {"change_staff", "add_office", "view_historicalstaff"} <= admin_perms
    chief_perms = {p.codename for p in groups[GROUP_NAMES[Role.SECURITY_CHIEF]].permissions.all()}
    assert "view_staff" in chief_perms and "change_staff" not in chief_perms


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to look for a font name."""
    import re
    import zlib

    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    return b"".join(parts)


def test_pdf_renderer_embeds_a_japanese_font():
    import datetime as dt

    pdf = render_pdf(
        "pdf/letter.html",
        {
            "letter": {
                "document_number": "市第254号",
                "issued_on": dt.date(2012, 4, 17),
                "addressee": "東葛飾旅券事務所長",
                "sender": "セキュリティ統括責任者",
                "subject": "セキュリティ対策の徹底について（通知）",
                "body": "標記について、次のとおり通知します。",
            }
        },
    )
    assert pdf.startswith(b"%PDF")
    assert b"IPAex" in _inflated(pdf), "fonts-ipaexfont is missing: run `make sysdeps`"


def test_pdf_response_offers_a_download_with_a_japanese_file_name():
    response = pdf_response("pdf/letter.html", {"letter": {}}, filename="通知.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E9%80%9A%E7%9F%A5.pdf" in response["Content-Disposition"]
