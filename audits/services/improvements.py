"""Writes of the improvement plans (改善計画): the office head's answer to a finding."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import fiscal, validation
from juki_admin.access import Role, is_head_of, require_role
from juki_admin.errors import DomainError
from juki_admin.history import stamp

from ..choices import FINDING_MACHINE
from ..models import Finding, ImprovementPlan


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
    _require_head(actor, finding)
    if finding.notice_id is None:
        raise DomainError(_("The finding has not been notified yet."))
    step = FINDING_MACHINE.check_record("submit", finding)
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
    _set_status(finding, step.to, actor, _("Improvement plan submitted"))
    return plan


def _set_status(finding: Finding, status: str, actor, reason: str) -> None:
    finding.status = status
    stamp(finding, actor=actor, reason=reason)
    finding.save(update_fields=["status", "updated_at"])


def _require_head(actor, finding: Finding) -> None:
    if not is_head_of(actor, finding.office):
        raise DomainError(
            _("Only the head of %(office)s answers its findings.") % {"office": finding.office}
        )


def _submitted_plan(finding: Finding, actor, step: str) -> tuple[Finding, ImprovementPlan]:
    require_role(
        actor,
        Role.SYSTEM_ADMIN,
        message=_("Only the system administrator accepts or returns improvement plans."),
    )
    finding = _finding(finding)
    FINDING_MACHINE.check_record(step, finding)
    return finding, ImprovementPlan.objects.select_for_update().get(finding=finding)


@transaction.atomic
def improvement_accept(*, finding: Finding, actor) -> Finding:
    finding, _plan = _submitted_plan(finding, actor, "accept")
    _set_status(finding, FINDING_MACHINE.steps["accept"].to, actor, _("Improvement plan accepted"))
    return finding


@transaction.atomic
def improvement_return(*, finding: Finding, actor, reason: str) -> Finding:
    finding, plan = _submitted_plan(finding, actor, "return")
    plan.decision_reason = validation.require_reason(reason)
    stamp(plan, actor=actor, reason=plan.decision_reason)
    plan.save(update_fields=["decision_reason", "updated_at"])
    _set_status(finding, FINDING_MACHINE.steps["return"].to, actor, plan.decision_reason)
    return finding


@transaction.atomic
def improvement_complete(
    *, finding: Finding, report: str, actor, on: dt.date | None = None
) -> Finding:
    """The office head reports the accepted plan carried out: the finding is closed."""
    finding = _finding(finding)
    _require_head(actor, finding)
    step = FINDING_MACHINE.check_record("complete", finding)
    plan = ImprovementPlan.objects.select_for_update().get(finding=finding)
    plan.completion_report = validation.required(report, _("Describe what was done."))
    plan.completed_on = validation.past_date(on)
    stamp(plan, actor=actor, reason=_("Completion reported"))
    plan.save(update_fields=["completion_report", "completed_on", "updated_at"])
    _set_status(finding, step.to, actor, _("Completion reported"))
    return finding
