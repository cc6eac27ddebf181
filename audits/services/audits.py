"""Writes of the audit plans (監査計画), the audits (監査) and their findings (指摘事項)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from juki_admin import fiscal, validation
from juki_admin.access import Role, require_role
from juki_admin.db import save_refusing_races
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Office

from ..choices import (
    AUDIT_MACHINE,
    AUDIT_WORDING,
    PLAN_MACHINE,
    AuditCategory,
    AuditKind,
    FindingKind,
    NoticeKind,
)
from ..models import Audit, AuditPlan, ChecklistItem, Finding, Notice
from ._common import _may_audit
from .notices import notice_issue


@transaction.atomic
def audit_plan_create(*, fiscal_year: int, title: str, actor) -> AuditPlan:
    """The audit plan (監査計画) of a fiscal year, as a draft to be approved."""
    _may_audit(actor)
    title = validation.required(title, _("Enter a title."))
    if AuditPlan.objects.filter(fiscal_year=fiscal_year).exists():
        raise DomainError(
            _("There is already an audit plan for %(year)s.")
            % {"year": fiscal.format_fiscal_year(fiscal_year)}
        )
    plan = AuditPlan(fiscal_year=fiscal_year, title=title)
    stamp(plan, actor=actor, reason=_("Audit plan"))
    save_refusing_races(plan, _("The plan was created at the same time; reload."))
    return plan


@transaction.atomic
def audit_add(
    *,
    plan: AuditPlan,
    office: Office,
    kind: str,
    planned_month: int,
    scope: str,
    actor,
    category: str = AuditCategory.INTERNAL,
    organisation: str = "",
) -> Audit:
    """An office's audit on the plan: internal, external (by ``organisation``) or a
    penetration test. Regular audits are planned while the plan is a draft; an ad hoc audit
    (臨時監査) may be added to an approved plan."""
    _may_audit(actor)
    plan = AuditPlan.objects.select_for_update().get(pk=plan.pk)
    if kind not in AuditKind.values:
        raise DomainError(_("Unknown kind of audit: %(value)s") % {"value": kind})
    if category not in AuditCategory.values:
        raise DomainError(_("Unknown kind of audit: %(value)s") % {"value": category})
    organisation = organisation.strip()
    if category == AuditCategory.EXTERNAL and not organisation:
        raise DomainError(_("Name the organisation that performs the external audit."))
    if kind == AuditKind.REGULAR:
        PLAN_MACHINE.check_record("add_regular", plan)
    if not 1 <= int(planned_month) <= 12:
        raise DomainError(_("Choose a month."))
    audit = Audit(
        plan=plan,
        office=office,
        kind=kind,
        planned_month=planned_month,
        scope=validation.required(scope, _("Enter the scope of the audit.")),
        category=category,
        organisation=organisation,
    )
    stamp(audit, actor=actor, reason=_("Audit planned"))
    audit.full_clean()
    audit.save()
    return audit


@transaction.atomic
def audit_plan_approve(*, plan: AuditPlan, actor, on: dt.date | None = None) -> AuditPlan:
    """The security chief approves the plan (it can then no longer take regular audits)."""
    require_role(
        actor, Role.SECURITY_CHIEF, message=_("Only the security chief approves the audit plan.")
    )
    plan = AuditPlan.objects.select_for_update().get(pk=plan.pk)
    step = PLAN_MACHINE.check_record("approve", plan)
    if not plan.audits.exists():
        raise DomainError(_("The plan has no audit."))
    plan.status, plan.approved_by = step.to, actor
    plan.approved_on = validation.past_date(on)
    stamp(plan, actor=actor, reason=_("Approved"))
    plan.save(update_fields=["status", "approved_by", "approved_on", "updated_at"])
    return plan


def _audit(audit: Audit) -> Audit:
    return (
        Audit.objects.select_for_update(of=("self",))
        .select_related("plan", "office")
        .get(pk=audit.pk)
    )


@transaction.atomic
def audit_announce(
    *,
    audit: Audit,
    starts_on: dt.date,
    ends_on: dt.date,
    auditors: str,
    actor,
    on: dt.date | None = None,
) -> Notice:
    """Schedule the audit and send the office head the announcement (内部監査実施通知書)."""
    _may_audit(actor)
    audit = _audit(audit)
    PLAN_MACHINE.check_record("announce_audit", audit.plan)
    step = AUDIT_MACHINE.check_record("announce", audit)
    if ends_on < starts_on:
        raise DomainError(_("The audit cannot end before it starts."))
    validation.date_in_range(starts_on)
    audit.starts_on, audit.ends_on = starts_on, ends_on
    audit.auditors = validation.required(auditors, _("Enter the auditors."))
    on = validation.past_date(on)
    period = fiscal.format_era_date(starts_on)
    if ends_on != starts_on:
        period = f"{period}から{fiscal.format_era_date(ends_on)}まで"
    with translation.override(settings.LANGUAGE_CODE):
        kind_label = audit.get_kind_display()
    name, purpose = AUDIT_WORDING[audit.category]
    items = [f"実施日　{period}", f"監査の種別　{kind_label}", f"監査の範囲　{audit.scope}"]
    if audit.organisation:
        items.append(f"実施機関　{audit.organisation}")
    items += [
        f"監査担当者　{audit.auditors}",
        "準備いただくもの　操作者名簿、操作者識別カード管理簿、端末機利用簿、各種管理簿",
    ]
    notice = notice_issue(
        kind=NoticeKind.ANNOUNCEMENT,
        office=audit.office,
        audit=audit,
        subject=f"{name}の実施について（通知）",
        body=f"{purpose}、下記のとおり{name}を実施しますので通知します。",
        items=items,
        actor=actor,
        on=on,
    )
    audit.status = step.to
    stamp(audit, actor=actor, reason=notice.document_number)
    audit.save()
    return notice


@transaction.atomic
def audit_record_result(
    *, audit: Audit, result: str, items: Iterable[ChecklistItem] = (), actor
) -> Audit:
    """Record what the audit found and which checklist items it examined."""
    _may_audit(actor)
    audit = _audit(audit)
    step = AUDIT_MACHINE.check_record("record_result", audit)
    if audit.starts_on and audit.starts_on > fiscal.today():
        raise DomainError(_("The audit has not taken place yet."))
    audit.result = validation.required(result, _("Enter the result."))
    audit.status = step.to
    stamp(audit, actor=actor, reason=_("Result recorded"))
    audit.save()
    audit.items.set(items)
    return audit


def _open_audit(audit: Audit, step: str = "record_findings") -> Audit:
    """The audit, locked, when it allows ``step`` (findings are recorded after the audit and
    before its result notice)."""
    audit = _audit(audit)
    AUDIT_MACHINE.check_record(step, audit)
    return audit


@transaction.atomic
def finding_add(
    *,
    audit: Audit,
    kind: str,
    description: str,
    due_on: dt.date,
    actor,
    item: ChecklistItem | None = None,
) -> Finding:
    """A finding (指摘事項) of the audit: instruction (指示) or nonconformity (不適事項), owned
    by the office head, with its due date."""
    _may_audit(actor)
    audit = _open_audit(audit)
    if kind not in FindingKind.values:
        raise DomainError(_("Unknown kind of finding: %(value)s") % {"value": kind})
    owner = audit.office.head
    if owner is None:
        raise DomainError(
            _("%(office)s has no office head to answer the finding.") % {"office": audit.office}
        )
    validation.date_in_range(due_on, earliest=fiscal.today())
    last = audit.findings.order_by("-number").values_list("number", flat=True).first() or 0
    finding = Finding(
        audit=audit,
        office=audit.office,
        number=last + 1,
        kind=kind,
        item=item,
        description=validation.required(description, _("Describe the finding.")),
        due_on=due_on,
        owner=owner,
    )
    stamp(finding, actor=actor, reason=_("Finding"))
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    actor,
    reason: str,
    kind: str | None = None,
    description: str | None = None,
    due_on: dt.date | None = None,
    item: ChecklistItem | None = None,
) -> Finding:
    """Change a finding before the result notice that states it is issued; after, never
    (a correction is a new notice)."""
    _may_audit(actor)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.notice_id:
        raise DomainError(
            _("The finding was notified by %(notice)s and can no longer change.")
            % {"notice": finding.notice.document_number}
        )
    _open_audit(finding.audit)
    reason = validation.require_reason(reason)
    if kind is not None:
        if kind not in FindingKind.values:
            raise DomainError(_("Unknown kind of finding: %(value)s") % {"value": kind})
        finding.kind = kind
    if description is not None:
        finding.description = validation.required(description, _("Describe the finding."))
    if due_on is not None:
        finding.due_on = validation.date_in_range(due_on, earliest=fiscal.today())
    if item is not None:
        finding.item = item
    stamp(finding, actor=actor, reason=reason)
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def audit_notify_result(*, audit: Audit, actor, on: dt.date | None = None) -> Notice:
    """Issue the result notice (内部監査実施結果通知書) to the office head, stating every
    finding; the findings are frozen from then on."""
    _may_audit(actor)
    audit = _open_audit(audit, "notify")
    findings = list(audit.findings.select_for_update().order_by("number"))
    on = validation.past_date(on)
    with translation.override(settings.LANGUAGE_CODE):  # an official letter is in Japanese
        items = [
            f"【{f.get_kind_display()}】{f.description}"
            f"（改善期限　{fiscal.format_era_date(f.due_on)}）"
            for f in findings
        ] or ["指摘事項はありません。"]
    name = AUDIT_WORDING[audit.category][0]
    body = (
        f"{fiscal.format_era_date(audit.starts_on or on)}に実施した{name}の結果について、"
        "下記のとおり通知します。"
    )
    if findings:
        body += "指摘事項については、改善計画を作成し、改善期限までに報告してください。"
    notice = notice_issue(
        kind=NoticeKind.RESULT,
        office=audit.office,
        audit=audit,
        subject=f"{name}の結果について（通知）",
        body=body,
        items=items,
        actor=actor,
        on=on,
    )
    for finding in findings:
        finding.notice = notice
        stamp(finding, actor=actor, reason=notice.document_number)
        finding.save(update_fields=["notice", "updated_at"])
    audit.status = AUDIT_MACHINE.steps["notify"].to
    stamp(audit, actor=actor, reason=notice.document_number)
    audit.save(update_fields=["status", "updated_at"])
    return notice
