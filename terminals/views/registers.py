"""Portal views of the registers an office keeps: the page of them all, room entries, keys
and daily checks (the forms, documents and disks are in ``media``)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin import access, fiscal
from juki_admin.portal_utils import run_service

from .. import selectors, services
from ..forms import DailyCheckForm, DisposeForm, HandoverForm, KeyTakeForm, MediaForm, RoomEntryForm
from ..models import KeyLog, RoomEntry
from ._common import back_to_registers, kept_office, kept_row, post_form, viewed_office


@login_required
def registers(request):
    """The registers of an office (the user's own; any office for those who see all):
    room entries, keys, forms/documents/disks, daily checks, vein enrolment. Their forms
    are shown to those who keep them."""
    office = viewed_office(request)
    today = fiscal.today()
    start = today - dt.timedelta(days=30)
    shown = selectors.office_registers(request.user, office, start, today)
    keeps = access.register_offices(request.user).filter(pk=office.pk).exists()
    return render(
        request,
        "terminals/registers.html",
        {
            "office": office,
            "keeps": keeps,
            "terminals": shown.terminals,
            "entries": shown.entries,
            "keys": shown.keys,
            "media": shown.media,
            "veins": shown.veins,
            "missing": shown.missing,
            "room_form": RoomEntryForm(),
            "key_form": KeyTakeForm(),
            "media_form": MediaForm(),
            "handover_form": HandoverForm(),
            "dispose_form": DisposeForm(),
            "check_form": DailyCheckForm(terminals=selectors.checked_terminals(office)),
            "is_head": access.is_head_of(request.user, office),
            "offices": access.visible_offices(request.user).order_by("code")
            if access.sees_all_offices(request.user)
            else None,
        },
    )


@login_required
@require_POST
def room_entry(request):
    office = kept_office(request)
    return post_form(
        request,
        office,
        RoomEntryForm,
        lambda f: services.room_entry_record(office=office, actor=request.user, **f.cleaned_data),
        _("The entry was recorded."),
    )


@login_required
@require_POST
def room_exit(request, pk: int):
    entry = kept_row(request, RoomEntry, pk)
    run_service(
        request,
        lambda: services.room_exit_record(entry=entry, actor=request.user),
        _("The exit was recorded."),
    )
    return back_to_registers(entry.office)


@login_required
@require_POST
def key_take(request):
    office = kept_office(request)
    return post_form(
        request,
        office,
        KeyTakeForm,
        lambda f: services.key_take(office=office, actor=request.user, **f.cleaned_data),
        _("The key was recorded as taken."),
    )


@login_required
@require_POST
def key_return(request, pk: int):
    log = kept_row(request, KeyLog, pk)
    run_service(
        request,
        lambda: services.key_return(log=log, actor=request.user),
        _("The key was recorded as returned."),
    )
    return back_to_registers(log.office)


@login_required
@require_POST
def daily_check(request):
    office = kept_office(request)
    terminals = selectors.checked_terminals(office)
    return post_form(
        request,
        office,
        DailyCheckForm,
        lambda f: services.daily_check_record(
            terminal=f.cleaned_data["terminal"],
            results=f.results(),
            actor=request.user,
            on=f.cleaned_data["on"],
            notes=f.cleaned_data["notes"],
        ),
        _("The daily check was recorded."),
        terminals=terminals,
    )
