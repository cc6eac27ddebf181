"""What is issued cannot change unseen: the digest of a notice's PDF is rechecked at every
download and ZIP; on PostgreSQL a trigger refuses changing an issued notice or what it froze
of a finding; the admin form of a frozen record saves nothing."""

import contextlib
import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audits import services
from audits.choices import FindingStatus
from audits.models import Finding, Notice

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def notified(done_audit, auditor):
    """A performed audit with one finding, notified by its result notice (市第2号)."""
    services.finding_add(
        audit=done_audit,
        kind="nonconformity",
        description="入退室管理簿の未作成",
        due_on=D(2026, 12, 1),
        actor=auditor,
    )
    services.audit_notify_result(audit=done_audit, actor=auditor)
    return Finding.objects.get(audit=done_audit)


@contextlib.contextmanager
def triggers_disabled():
    """What a database superuser could do: switch the triggers off (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = origin")


def _alter_bytes(notice: Notice) -> None:
    """Change the stored PDF behind the application's back (a raw UPDATE)."""
    altered = bytes(notice.pdf).replace(b"%PDF", b"%PDX", 1)
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("UPDATE audits_notice SET pdf = %s WHERE id = %s", [altered, notice.pk])


def test_an_intact_notice_is_served_with_the_digest_it_was_issued_with(client, notified, auditor):
    client.force_login(auditor)
    notice = notified.notice
    response = client.get(reverse("audits:notice_pdf", args=[notice.pk]))
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == notice.digest
    assert response["X-Content-SHA256"] == notice.digest


def test_a_notice_whose_bytes_changed_is_refused_at_download_and_in_the_zip(
    client, notified, auditor
):
    client.force_login(auditor)
    notice = notified.notice
    _alter_bytes(notice)
    response = client.get(reverse("audits:notice_pdf", args=[notice.pk]))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "市第2号" in page and "ダイジェスト" in page
    assert b"%PDX" not in response.content

    zipped = client.get(reverse("audits:plan", args=[notified.audit.plan.pk]) + "?format=zip")
    assert zipped.status_code == 409
    assert "市第2号" in zipped.content.decode()


def test_the_zip_of_intact_notices_holds_their_bytes_as_issued(client, notified, auditor):
    client.force_login(auditor)
    zipped = client.get(reverse("audits:plan", args=[notified.audit.plan.pk]) + "?format=zip")
    assert zipped.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(zipped.content))
    digests = {hashlib.sha256(archive.read(n)).hexdigest() for n in archive.namelist()}
    assert digests == set(Notice.objects.values_list("digest", flat=True))


def test_the_admin_form_of_a_frozen_finding_saves_nothing_and_writes_no_history(
    client, notified, sysadmin
):
    client.force_login(sysadmin)
    url = reverse("admin:audits_finding_change", args=[notified.pk])
    before = (notified.history.count(), Finding.objects.get(pk=notified.pk).updated_at)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # read-only: no save button
    response = client.post(url, {"description": "書換え", "_save": "1"})
    assert response.status_code == 403
    finding = Finding.objects.get(pk=notified.pk)
    assert (finding.history.count(), finding.updated_at) == before
    assert finding.description == "入退室管理簿の未作成"


def test_the_admin_form_of_an_issued_notice_saves_nothing_and_writes_no_history(
    client, notified, sysadmin
):
    client.force_login(sysadmin)
    notice = notified.notice
    url = reverse("admin:audits_notice_change", args=[notice.pk])
    before = notice.history.count()
    assert client.get(url).status_code == 200
    assert client.post(url, {"subject": "書換え", "_save": "1"}).status_code == 403
    assert Notice.objects.get(pk=notice.pk).history.count() == before
    assert Notice.objects.get(pk=notice.pk).subject == notice.subject


# --- PostgreSQL: the triggers ----------------------------------------------------------------

REFUSED_NOTICE = "an issued notice never changes"
REFUSED_FINDING = "a finding stated by an issued notice never changes"


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("UPDATE audits_notice SET subject = %s WHERE id = %s", ["書換え"]),
        ("UPDATE audits_notice SET pdf = %s WHERE id = %s", [b"%PDF-1.7 forged"]),
        ("UPDATE audits_notice SET digest = %s WHERE id = %s", ["0" * 64]),
        ("UPDATE audits_notice SET updated_at = now() WHERE id = %s", []),
        ("DELETE FROM audits_notice WHERE id = %s", []),
    ],
)
def test_postgresql_refuses_every_update_and_delete_of_an_issued_notice(notified, sql, params):
    notice = notified.notice
    with pytest.raises(DatabaseError, match=REFUSED_NOTICE):
        _raw(sql, [*params, notice.pk])
    assert Notice.objects.get(pk=notice.pk).digest == notice.digest


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("description", "書換え"),
        ("kind", "instruction"),
        ("due_on", D(2027, 3, 31)),
        ("number", 9),
        ("notice_id", None),
    ],
)
def test_postgresql_refuses_changing_what_the_notice_froze_of_a_finding(notified, column, value):
    with pytest.raises(DatabaseError, match=REFUSED_FINDING):
        _raw(f"UPDATE audits_finding SET {column} = %s WHERE id = %s", [value, notified.pk])
    assert Finding.objects.filter(pk=notified.pk, description="入退室管理簿の未作成").exists()


@pytest.mark.postgres
def test_postgresql_refuses_changing_a_frozen_findings_office_or_deleting_it(
    notified, other_office
):
    with pytest.raises(DatabaseError, match=REFUSED_FINDING):
        _raw(
            "UPDATE audits_finding SET office_id = %s WHERE id = %s", [other_office.pk, notified.pk]
        )
    with pytest.raises(DatabaseError, match=REFUSED_FINDING):
        _raw("DELETE FROM audits_finding WHERE id = %s", [notified.pk])
    assert Finding.objects.get(pk=notified.pk).office_id == notified.office_id


@pytest.mark.postgres
def test_postgresql_lets_a_frozen_finding_move_on_through_its_improvement_plan(
    notified, office_head, sysadmin
):
    services.improvement_submit(
        finding=notified,
        measures="入退室管理簿を作成し毎日記入する",
        responsible="総務班長",
        target_on=D(2026, 11, 30),
        actor=office_head,
    )
    services.improvement_accept(finding=notified, actor=sysadmin)
    assert Finding.objects.get(pk=notified.pk).status == FindingStatus.PLAN_ACCEPTED
    _raw(
        "UPDATE audits_finding SET owner_id = owner_id, updated_at = now() WHERE id = %s",
        [notified.pk],
    )


@pytest.mark.postgres
def test_postgresql_lets_a_finding_not_yet_notified_change_and_go(done_audit, auditor):
    finding = services.finding_add(
        audit=done_audit,
        kind="instruction",
        description="下書き",
        due_on=D(2026, 12, 1),
        actor=auditor,
    )
    _raw("UPDATE audits_finding SET description = %s WHERE id = %s", ["改稿", finding.pk])
    assert Finding.objects.get(pk=finding.pk).description == "改稿"
    _raw("DELETE FROM audits_finding WHERE id = %s", [finding.pk])
    assert not Finding.objects.filter(pk=finding.pk).exists()
