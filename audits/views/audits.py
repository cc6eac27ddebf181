"""Portal pages of audits (監査): announced, performed, their findings recorded and notified."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin import access
from juki_admin.once import submit_once
from juki_admin.portal_utils import require_role, run_service

from .. import selectors, services
from ..forms import AnnounceForm, AuditResultForm, FindingForm
from ._common import AUDIT_WRITERS, _post


@login_required
def audit(request, pk: int):
    found = get_object_or_404(selectors.visible_audits(request.user), pk=pk)
    writer = access.has_role(request.user, *AUDIT_WRITERS)
    items = selectors.office_items(found)
    return render(
        request,
        "audits/audit.html",
        {
            "audit": found,
            "findings": found.findings.select_related("item", "notice").order_by("number"),
            "notices": found.notices.defer("pdf").order_by("number"),
            "writer": writer,
            "announce_form": AnnounceForm() if writer else None,
            "result_form": AuditResultForm(
                items=items, initial={"result": found.result, "items": found.items.all()}
            )
            if writer
            else None,
            "finding_form": FindingForm(items=items) if writer else None,
            "steps": found.allowed_steps,
        },
    )


def _writer_audit(request, pk):
    require_role(request.user, *AUDIT_WRITERS)
    return get_object_or_404(selectors.visible_audits(request.user), pk=pk)


@login_required
@require_POST
def audit_announce(request, pk: int):
    found = _writer_audit(request, pk)
    return _post(
        request,
        AnnounceForm(request.POST),
        lambda d: services.audit_announce(audit=found, actor=request.user, **d),
        _("The audit was announced: the announcement letter is issued."),
        found,
    )


@login_required
@require_POST
def audit_result(request, pk: int):
    found = _writer_audit(request, pk)
    return _post(
        request,
        AuditResultForm(request.POST, items=selectors.office_items(found)),
        lambda d: services.audit_record_result(audit=found, actor=request.user, **d),
        _("The result of the audit was recorded. Record its findings, then notify it."),
        found,
    )


@login_required
@require_POST
def finding_add(request, pk: int):
    found = _writer_audit(request, pk)
    return _post(
        request,
        FindingForm(request.POST, items=selectors.office_items(found)),
        lambda d: services.finding_add(audit=found, actor=request.user, **d),
        _("The finding was recorded."),
        found,
    )


@login_required
@require_POST
def audit_notify(request, pk: int):
    found = _writer_audit(request, pk)

    def handle():
        done = run_service(
            request,
            lambda: services.audit_notify_result(audit=found, actor=request.user),
            _("The result notice was issued to the office head; the findings are now fixed."),
        )
        return done, redirect(found)

    return submit_once(request, handle)
