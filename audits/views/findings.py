"""Portal pages of findings (指摘事項) and the improvement plans (改善計画) that answer them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin import access, params
from juki_admin.access import Role
from juki_admin.forms import ReasonForm
from juki_admin.portal_utils import require_role, run_service

from .. import selectors, services
from ..choices import FindingStatus
from ..forms import CompletionForm, FindingEditForm, ImprovementForm
from ._common import AUDIT_WRITERS, _post


@login_required
def findings(request):
    """Findings by state and due date (the user's office for office-scoped roles)."""
    status = params.choice_param(request, "status", FindingStatus.values)
    found = selectors.visible_findings(request.user).order_by("due_on", "office__code", "number")
    if status:
        found = found.filter(status=status)
    return render(
        request,
        "audits/findings.html",
        {
            "findings": found[:500],
            "status": status,
            "statuses": FindingStatus.choices,
        },
    )


@login_required
def finding(request, pk: int):
    found = get_object_or_404(selectors.visible_findings(request.user), pk=pk)
    plan_record = getattr(found, "improvement_plan", None)
    is_head = access.is_head_of(request.user, found.office_id)
    steps = found.allowed_steps
    writer = access.has_role(request.user, *AUDIT_WRITERS) and (
        found.notice_id is None and "record_findings" in found.audit.allowed_steps
    )
    history = []
    if plan_record is not None:
        history = plan_record.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "audits/finding.html",
        {
            "finding": found,
            "plan": plan_record,
            "history": history,
            "edit_form": FindingEditForm(
                items=selectors.office_items(found.audit),
                initial={
                    "kind": found.kind,
                    "description": found.description,
                    "due_on": found.due_on,
                    "item": found.item_id,
                },
            )
            if writer
            else None,
            "plan_form": ImprovementForm(
                initial={
                    "measures": getattr(plan_record, "measures", ""),
                    "responsible": getattr(plan_record, "responsible", ""),
                    "target_on": getattr(plan_record, "target_on", found.due_on),
                }
            )
            if is_head and "submit" in steps
            else None,
            "complete_form": CompletionForm() if is_head and "complete" in steps else None,
            "may_decide": access.has_role(request.user, Role.SYSTEM_ADMIN) and "accept" in steps,
            "return_form": ReasonForm(),
        },
    )


def _finding(request, pk):
    return get_object_or_404(selectors.visible_findings(request.user), pk=pk)


@login_required
@require_POST
def finding_edit(request, pk: int):
    require_role(request.user, *AUDIT_WRITERS)
    found = _finding(request, pk)
    return _post(
        request,
        FindingEditForm(request.POST, items=selectors.office_items(found.audit)),
        lambda d: services.finding_update(finding=found, actor=request.user, **d),
        _("The finding was changed."),
        found,
    )


@login_required
@require_POST
def improvement_submit(request, pk: int):
    require_role(request.user, Role.OFFICE_HEAD)
    found = _finding(request, pk)
    return _post(
        request,
        ImprovementForm(request.POST),
        lambda d: services.improvement_submit(finding=found, actor=request.user, **d),
        _("The improvement plan was sent to the system administrator."),
        found,
    )


@login_required
@require_POST
def improvement_accept(request, pk: int):
    require_role(request.user, Role.SYSTEM_ADMIN)
    found = _finding(request, pk)
    run_service(
        request,
        lambda: services.improvement_accept(finding=found, actor=request.user),
        _("The improvement plan was accepted."),
    )
    return redirect(found)


@login_required
@require_POST
def improvement_return(request, pk: int):
    require_role(request.user, Role.SYSTEM_ADMIN)
    found = _finding(request, pk)
    return _post(
        request,
        ReasonForm(request.POST),
        lambda d: services.improvement_return(finding=found, actor=request.user, **d),
        _("The improvement plan was returned to the office head."),
        found,
    )


@login_required
@require_POST
def improvement_complete(request, pk: int):
    require_role(request.user, Role.OFFICE_HEAD)
    found = _finding(request, pk)
    return _post(
        request,
        CompletionForm(request.POST),
        lambda d: services.improvement_complete(finding=found, actor=request.user, **d),
        _("The completion was reported: the finding is closed."),
        found,
    )
