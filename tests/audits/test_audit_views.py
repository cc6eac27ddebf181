"""Audit pages: who sees and does what; another office's id answers 404."""

import datetime as dt

import pytest
from django.urls import reverse

from audits import services
from audits.choices import FindingStatus
from audits.models import Finding

from ..factories import make_user

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def notified(done_audit, auditor):
    services.finding_add(
        audit=done_audit,
        kind="nonconformity",
        description="入退室管理簿の未作成",
        due_on=D(2026, 12, 1),
        actor=auditor,
    )
    services.audit_notify_result(audit=done_audit, actor=auditor)
    return done_audit


def test_an_auditor_exports_notices_but_cannot_change_a_notified_finding(client, notified, auditor):
    client.force_login(auditor)
    finding = Finding.objects.get(audit=notified)
    notice = finding.notice
    response = client.get(reverse("audits:notice_pdf", args=[notice.pk]))
    assert response.content == bytes(notice.pdf) and response["Cache-Control"] == "no-store"
    zipped = client.get(reverse("audits:plan", args=[notified.plan.pk]) + "?format=zip")
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert sorted(n.split("_")[0] for n in names) == ["市第1号", "市第2号"]
    response = client.post(
        reverse("audits:finding_edit", args=[finding.pk]),
        {"kind": "instruction", "description": "書換え", "due_on": "2026-12-01", "reason": "x"},
        follow=True,
    )
    assert "変更できません" in response.content.decode()
    assert Finding.objects.get(pk=finding.pk).description == "入退室管理簿の未作成"


def test_an_office_head_sees_and_answers_only_their_offices_findings_and_notices(
    client, notified, office_head, other_office
):
    finding = Finding.objects.get(audit=notified)
    client.force_login(office_head)
    assert finding.description in client.get(reverse("audits:findings")).content.decode()
    response = client.post(
        reverse("audits:improvement_submit", args=[finding.pk]),
        {"measures": "様式を整備する", "responsible": "庶務担当", "target_on": "令和8年11月30日"},
    )
    assert response.status_code == 302
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.PLAN_SUBMITTED
    other_head = make_user("office_head", other_office, username="head-b")
    client.force_login(other_head)
    for url in (
        reverse("audits:finding", args=[finding.pk]),
        reverse("audits:notice_pdf", args=[finding.notice.pk]),
        reverse("audits:audit", args=[notified.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("audits:improvement_submit", args=[finding.pk]),
            {"measures": "x", "responsible": "x", "target_on": "2026-11-30"},
        ).status_code
        == 404
    )
    assert finding.description not in client.get(reverse("audits:findings")).content.decode()
    assert client.get(reverse("audits:plans")).status_code == 403


def test_the_security_chief_approves_the_plan_in_the_portal(
    client, chief, auditor, office, set_today
):
    set_today(D(2026, 5, 1))
    plan = services.audit_plan_create(fiscal_year=2026, title="監査計画", actor=auditor)
    client.force_login(auditor)
    client.post(
        reverse("audits:plan", args=[plan.pk]),
        {"office": office.pk, "kind": "regular", "planned_month": 9, "scope": "全般"},
    )
    assert plan.audits.count() == 1
    assert client.post(reverse("audits:plan_approve", args=[plan.pk])).status_code == 403
    client.force_login(chief)
    client.post(reverse("audits:plan_approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "approved"


BUTTONS = {
    "announce": "実施通知を発出する",
    "record_result": "結果を記録する",
    "record_findings": "指摘事項を記録する",
    "notify": "結果通知を発出する",
}


def test_the_audit_page_offers_the_steps_its_table_allows(client, done_audit, auditor):
    """The buttons read AUDIT_MACHINE through Audit.allowed_steps: a performed audit is not
    announced again; once notified, nothing more is offered."""
    client.force_login(auditor)
    page = client.get(done_audit.get_absolute_url()).content.decode()
    assert {k for k, b in BUTTONS.items() if b in page} == {
        "record_result",
        "record_findings",
        "notify",
    }
    services.audit_notify_result(audit=done_audit, actor=auditor)
    page = client.get(done_audit.get_absolute_url()).content.decode()
    assert {k for k, b in BUTTONS.items() if b in page} == set()
