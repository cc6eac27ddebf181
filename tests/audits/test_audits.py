"""Audits: the plan approved by the security chief, findings fixed by their notice,
improvement plans followed to closure, and who may do what."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from audits import services
from audits.choices import AuditStatus, FindingStatus, PlanStatus
from audits.models import Finding, Notice
from juki_admin.errors import DomainError
from juki_admin.states import TransitionError

pytestmark = pytest.mark.django_db
D = dt.date


def test_only_the_security_chief_approves_the_plan_and_then_regular_audits_close(
    auditor, chief, office, sysadmin, set_today
):
    set_today(D(2026, 5, 1))
    plan = services.audit_plan_create(fiscal_year=2026, title="監査計画", actor=auditor)
    with pytest.raises(DomainError, match="監査がありません"):
        services.audit_plan_approve(plan=plan, actor=chief)
    services.audit_add(
        plan=plan, office=office, kind="regular", planned_month=9, scope="全般", actor=auditor
    )
    for someone in (auditor, sysadmin):
        with pytest.raises(DomainError, match="セキュリティ統括責任者"):
            services.audit_plan_approve(plan=plan, actor=someone)
    services.audit_plan_approve(plan=plan, actor=chief)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (PlanStatus.APPROVED, chief)
    with pytest.raises(TransitionError, match="定期監査の追加はできません"):
        services.audit_add(
            plan=plan, office=office, kind="regular", planned_month=10, scope="全般", actor=auditor
        )
    ad_hoc = services.audit_add(
        plan=plan, office=office, kind="ad_hoc", planned_month=10, scope="紛失事案", actor=auditor
    )
    assert ad_hoc.kind == "ad_hoc"


def test_an_office_head_cannot_plan_an_audit(office_head, set_today):
    set_today(D(2026, 5, 1))
    with pytest.raises(DomainError, match="監査担当"):
        services.audit_plan_create(fiscal_year=2026, title="監査計画", actor=office_head)


def test_notices_are_numbered_consecutively_and_a_number_is_never_given_twice(
    done_audit, auditor, sysadmin
):
    announcement = done_audit.notices.get()
    assert (announcement.fiscal_year, announcement.document_number) == (2026, "市第1号")
    general = services.notice_issue(
        kind="general",
        subject="研修の開催について",
        body="本文",
        addressee="各所属長",
        actor=sysadmin,
    )
    assert general.document_number == "市第2号" and general.subject.endswith("（通知）")
    with pytest.raises(DomainError, match="使用されています"):
        services.notice_issue(
            kind="general",
            subject="重複",
            body="本文",
            addressee="各所属長",
            number=2,
            actor=sysadmin,
        )
    paper = services.notice_issue(
        kind="general",
        subject="紙で発出",
        body="本文",
        addressee="各所属長",
        number=254,
        actor=sysadmin,
    )
    following = services.notice_issue(
        kind="general", subject="次", body="本文", addressee="各所属長", actor=sysadmin
    )
    assert (paper.number, following.number) == (254, 255)


def test_a_finding_is_fixed_once_its_result_notice_is_issued(done_audit, auditor):
    finding = services.finding_add(
        audit=done_audit,
        kind="nonconformity",
        description="入退室管理簿の未作成",
        due_on=D(2026, 12, 1),
        actor=auditor,
    )
    services.finding_update(
        finding=finding, actor=auditor, reason="表現の修正", description="入退室管理簿が未作成"
    )
    notice = services.audit_notify_result(audit=done_audit, actor=auditor)
    finding.refresh_from_db()
    assert (
        finding.notice == notice
        and done_audit.__class__.objects.get(pk=done_audit.pk).status == AuditStatus.NOTIFIED
    )
    assert "入退室管理簿が未作成" in notice.items[0]
    with pytest.raises(DomainError, match="で通知済のため、変更できません"):
        services.finding_update(finding=finding, actor=auditor, reason="x", description="書換え")
    with pytest.raises(TransitionError, match="「結果通知済」のため、指摘事項の記録はできません"):
        services.finding_add(
            audit=done_audit,
            kind="instruction",
            description="追加",
            due_on=D(2026, 12, 1),
            actor=auditor,
        )
    assert Finding.objects.get(pk=finding.pk).description == "入退室管理簿が未作成"


def test_an_improvement_plan_goes_from_the_office_head_to_closure(
    done_audit, auditor, office_head, sysadmin, other_office
):
    from ..factories import make_user

    finding = services.finding_add(
        audit=done_audit,
        kind="instruction",
        description="鍵管理簿の記入徹底",
        due_on=D(2026, 12, 1),
        actor=auditor,
    )
    with pytest.raises(DomainError, match="通知されていません"):
        services.improvement_submit(
            finding=finding,
            measures="m",
            responsible="r",
            target_on=D(2026, 11, 30),
            actor=office_head,
        )
    services.audit_notify_result(audit=done_audit, actor=auditor)
    stranger = make_user("office_head", other_office)
    with pytest.raises(DomainError, match="所属長"):
        services.improvement_submit(
            finding=finding,
            measures="m",
            responsible="r",
            target_on=D(2026, 11, 30),
            actor=stranger,
        )
    services.improvement_submit(
        finding=finding,
        measures="返却時に確認",
        responsible="庶務担当",
        target_on=D(2026, 11, 30),
        actor=office_head,
    )
    with pytest.raises(DomainError, match="システム管理者"):
        services.improvement_accept(finding=finding, actor=auditor)
    services.improvement_return(finding=finding, actor=sysadmin, reason="頻度を明記")
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.RETURNED
    services.improvement_submit(
        finding=finding,
        measures="返却時に毎回確認",
        responsible="庶務担当",
        target_on=D(2026, 11, 30),
        actor=office_head,
    )
    services.improvement_accept(finding=finding, actor=sysadmin)
    services.improvement_complete(finding=finding, report="実施した", actor=office_head)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DONE
    reasons = list(
        finding.improvement_plan.history.order_by("history_date").values_list(
            "history_change_reason", flat=True
        )
    )
    assert "頻度を明記" in reasons and len(reasons) >= 4


def test_remind_findings_mails_the_office_head_30_7_1_days_ahead_and_when_overdue(
    done_audit, auditor, office_head, set_today, capsys
):
    office_head.email = "head@example.invalid"
    office_head.save()
    for days in (30, 8, 7):
        services.finding_add(
            audit=done_audit,
            kind="instruction",
            description=f"{days}日後期限",
            due_on=D(2026, 10, 20) + dt.timedelta(days=days),
            actor=auditor,
        )
    services.audit_notify_result(audit=done_audit, actor=auditor)
    call_command("remind_findings", "--date", "2026-10-20")
    (message,) = mail.outbox
    assert "30日後期限" in message.body and "7日後期限" in message.body
    assert "8日後期限" not in message.body
    mail.outbox.clear()
    call_command("remind_findings", "--date", "2026-12-01")
    (message,) = mail.outbox
    assert message.body.count("期限を過ぎています") == 3


def test_a_correction_is_a_new_notice_that_refers_to_the_old(sysadmin, set_today):
    set_today(D(2026, 10, 20))
    first = services.notice_issue(
        kind="general", subject="誤りのある通知", body="本文", addressee="各所属長", actor=sysadmin
    )
    second = services.notice_issue(
        kind="general",
        subject="訂正",
        body="本文",
        addressee="各所属長",
        corrects=first,
        actor=sysadmin,
    )
    assert second.corrects == first and Notice.objects.count() == 2
    first.refresh_from_db()
    import hashlib

    assert hashlib.sha256(bytes(first.pdf)).hexdigest() == first.digest


def test_a_finding_is_overdue_from_the_day_after_its_due_date_until_it_is_done(
    done_audit, auditor, set_today
):
    """One rule, read by the pages (Finding.is_overdue) and the figures and reminders
    (selectors.overdue_findings)."""
    from audits import selectors

    finding = services.finding_add(
        audit=done_audit,
        kind="instruction",
        description="鍵管理簿の記入徹底",
        due_on=D(2026, 12, 1),
        actor=auditor,
    )
    for today, overdue in ((D(2026, 12, 1), False), (D(2026, 12, 2), True)):
        set_today(today)
        finding.refresh_from_db()
        assert finding.is_overdue is overdue
        assert selectors.overdue_findings(Finding.objects.all()).exists() is overdue
    Finding.objects.filter(pk=finding.pk).update(status=FindingStatus.DONE)
    finding.refresh_from_db()
    assert finding.is_overdue is False
    assert not selectors.overdue_findings(Finding.objects.all()).exists()
