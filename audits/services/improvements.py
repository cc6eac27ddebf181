"""Writes of the improvement plans (改善計画): the office head's answer to a finding."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import fiscal, validation
from juki_admin.access import Role, has_role, office_of
from juki_admin.errors import DomainError
from juki_admin.history import stamp

from ..choices import FindingStatus
from ..models import Finding, ImprovementPlan
from ._common import _require_role


def _finding(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update(of=("self",)).select_related("office").get(pk=finding.pk)
    )


@transaction.atomic
def improvement_submit(
    *, finding: Finding, measures: str, responsible: str, target_on: dt.date, actor
) -> ImprovementPlan:
    """The office head answers a notified finding with an improvement plan (or a new one
    after it was returned)."""
    finding = _finding(finding)
    if not (has_role(actor, Role.OFFICE_HEAD) and office_of(actor) == finding.office):
        raise DomainError(
            _("Only the head of %(office)s answers its findings.") % {"office": finding.office}
        )
    if finding.notice_id is None:
        raise DomainError(_("The finding has not been notified yet."))
    if finding.status not in (FindingStatus.OPEN, FindingStatus.RETURNED):
        raise DomainError(
            _("The finding is %(status)s: no plan is expected now.")
            % {"status": finding.get_status_display()}
        )
    validation.date_in_range(target_on, earliest=fiscal.today())
    plan = ImprovementPlan.objects.filter(finding=finding).first() or ImprovementPlan(
        finding=finding
    )
    plan.measures = validation.required(measures, _("Describe the measures."))
    plan.responsible = validation.required(responsible, _("Name the person responsible."))
    plan.target_on, plan.submitted_by, plan.decision_reason = target_on, actor, ""
    stamp(plan, actor=actor, reason=_("Improvement plan submitted"))
    plan.full_clean()
    plan.save()
    _set_status(finding, FindingStatus.PLAN_SUBMITTED, actor, _("Improvement plan submitted"))
    return plan


def _set_status(finding: Finding, status: str, actor, reason: str) -> None:
    finding.status = status
    stamp(finding, actor=actor, reason=reason)
    finding.save(update_fields=["status", "updated_at"])


def _submitted_plan(finding: Finding, actor) -> tuple[Finding, ImprovementPlan]:
    _require_role(
        actor,
        Role.SYSTEM_ADMIN,
        message=_("Only the system administrator accepts or returns improvement plans."),
    )
    finding = _finding(finding)
    if finding.status != FindingStatus.PLAN_SUBMITTED:
        raise DomainError(
            _("The finding is %(status)s: there is no plan to decide on.")
            % {"status": finding.get_status_display()}
        )
    return finding, ImprovementPlan.objects.select_for_update().get(finding=finding)


@transaction.atomic
def improvement_accept(*, finding: Finding, actor) -> Finding:
    finding, _plan = _submitted_plan(finding, actor)
    _set_status(finding, FindingStatus.PLAN_ACCEPTED, actor, _("Improvement plan accepted"))
    return finding


@transaction.atomic
def improvement_return(*, finding: Finding, actor, reason: str) -> Finding:
    finding, plan = _submitted_plan(finding, actor)
    plan.decision_reason = validation.require_reason(reason)
    stamp(plan, actor=actor, reason=plan.decision_reason)
    plan.save(update_fields=["decision_reason", "updated_at"])
    _set_status(finding, FindingStatus.RETURNED, actor, plan.decision_reason)
    return finding


@transaction.atomic
def improvement_complete(
    *, finding: Finding, report: str, actor, on: dt.date | None = None
) -> Finding:
    """The office head reports the accepted plan carried out: the finding is closed."""
    finding = _finding(finding)
    if not (has_role(actor, Role.OFFICE_HEAD) and office_of(actor) == finding.office):
        raise DomainError(
            _("Only the head of %(office)s answers its findings.") % {"office": finding.office}
        )
    if finding.status != FindingStatus.PLAN_ACCEPTED:
        raise DomainError(_("Report completion once the improvement plan is accepted."))
    plan = ImprovementPlan.objects.select_for_update().get(finding=finding)
    plan.completion_report = validation.required(report, _("Describe what was done."))
    plan.completed_on = validation.past_date(on)
    stamp(plan, actor=actor, reason=_("Completion reported"))
    plan.save(update_fields=["completion_report", "completed_on", "updated_at"])
    _set_status(finding, FindingStatus.DONE, actor, _("Completion reported"))
    return finding
