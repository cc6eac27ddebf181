"""Portal views of the registers of forms, documents and disks: register, hand over, ask to
dispose, approve (the office head), dispose."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin.access import Role
from juki_admin.forms import ReasonForm
from juki_admin.portal_utils import require_role, run_service

from .. import services
from ..forms import DisposeForm, HandoverForm, MediaForm
from ..models import MediaItem
from ._common import back_to_registers, kept_office, kept_row, post_form


@login_required
@require_POST
def media_new(request):
    office = kept_office(request)
    return post_form(
        request,
        office,
        MediaForm,
        lambda f: services.media_register(office=office, actor=request.user, **f.cleaned_data),
        _("The item was registered."),
    )


@login_required
@require_POST
def media_handover(request, pk: int):
    item = kept_row(request, MediaItem, pk)
    return post_form(
        request,
        item.office,
        HandoverForm,
        lambda f: services.media_handover(item=item, actor=request.user, **f.cleaned_data),
        _("The handover was recorded."),
    )


@login_required
@require_POST
def media_request_disposal(request, pk: int):
    item = kept_row(request, MediaItem, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.media_request_disposal(
                item=item, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            _("Disposal requested: the office head approves it first."),
        )
    else:
        messages.error(request, form.errors.as_text())
    return back_to_registers(item.office)


@login_required
@require_POST
def media_approve_disposal(request, pk: int):
    require_role(request.user, Role.OFFICE_HEAD)
    item = kept_row(request, MediaItem, pk)
    run_service(
        request,
        lambda: services.media_approve_disposal(item=item, actor=request.user),
        _("Disposal approved."),
    )
    return back_to_registers(item.office)


@login_required
@require_POST
def media_dispose(request, pk: int):
    item = kept_row(request, MediaItem, pk)
    return post_form(
        request,
        item.office,
        DisposeForm,
        lambda f: services.media_dispose(item=item, actor=request.user, **f.cleaned_data),
        _("The disposal was recorded."),
    )
