"""Portal pages of the audit plans (監査計画): made by auditors, approved by the security chief."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin import access, fiscal, params
from juki_admin.access import Role
from juki_admin.errors import DomainError
from juki_admin.once import submit_once
from juki_admin.portal_utils import require_role, run_service

from .. import services
from ..forms import AuditAddForm, AuditPlanForm
from ..models import AuditPlan
from ..plan_archive import plan_zip
from ._common import AUDIT_WRITERS, _altered, _no_store, _post


@login_required
def plans(request):
    """The audit plans; auditors and the system administrator start a year's plan here."""
    if not access.sees_all_offices(request.user):
        raise PermissionDenied
    if request.method == "POST":
        require_role(request.user, *AUDIT_WRITERS)
        form = AuditPlanForm(request.POST)

        def handle():
            created = {}
            if form.is_valid() and run_service(
                request,
                lambda: created.setdefault(
                    "plan", services.audit_plan_create(actor=request.user, **form.cleaned_data)
                ),
                _("The audit plan was created. Add the audits of the year."),
            ):
                return True, redirect(created["plan"])
            if not form.is_valid():
                messages.error(request, form.errors.as_text())
            return False, None

        response = submit_once(request, handle)
        if response is not None:  # None: refused, the page shows the form again
            return response
    return render(
        request,
        "audits/plans.html",
        {
            "plans": AuditPlan.objects.all(),
            "form": AuditPlanForm(initial={"fiscal_year": fiscal.current_fiscal_year()}),
            "may_plan": access.has_role(request.user, *AUDIT_WRITERS),
        },
    )


def _plan(request, pk):
    if not access.sees_all_offices(request.user):
        raise PermissionDenied
    return get_object_or_404(AuditPlan.objects.all(), pk=pk)


@login_required
def plan(request, pk: int):
    found = _plan(request, pk)
    if request.method == "POST":
        require_role(request.user, *AUDIT_WRITERS)
        return _post(
            request,
            AuditAddForm(request.POST),
            lambda d: services.audit_add(plan=found, actor=request.user, **d),
            _("The audit was added to the plan."),
            found,
        )
    if params.choice_param(request, "format", ["zip"]) == "zip":
        return _notices_zip(request, found)
    audits = found.audits.select_related("office").prefetch_related("notices")
    return render(
        request,
        "audits/plan.html",
        {
            "plan": found,
            "audits": audits,
            "form": AuditAddForm(),
            "may_plan": access.has_role(request.user, *AUDIT_WRITERS),
            "may_approve": access.has_role(request.user, Role.SECURITY_CHIEF)
            and "approve" in found.allowed_steps,
        },
    )


def _notices_zip(request, found: AuditPlan) -> HttpResponse:
    """The plan's notices as issued and its evidence files (``plan_archive``), in one ZIP;
    none at all if one of them no longer matches its digest."""
    try:
        data = plan_zip(found)
    except DomainError as error:
        return _altered(request, error, found.get_absolute_url())
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"{found.title}_通知.zip")
    return _no_store(response)


@login_required
@require_POST
def plan_approve(request, pk: int):
    found = _plan(request, pk)
    require_role(request.user, Role.SECURITY_CHIEF)
    run_service(
        request,
        lambda: services.audit_plan_approve(plan=found, actor=request.user),
        _("The audit plan was approved."),
    )
    return redirect(found)
