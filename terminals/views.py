"""Portal views of the terminals app: the usage log, the placement plan and the registers
an office keeps. Every lookup is scoped (another office's id answers 404)."""

from __future__ import annotations

import datetime as dt

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cards.models import Affair
from cards.selectors import designation_in_force
from juki_admin import access, fiscal, params
from juki_admin.access import Role
from juki_admin.csvio import csv_response
from juki_admin.forms import ReasonForm
from juki_admin.paging import LargeTablePaginator
from juki_admin.pdf import pdf_response
from juki_admin.portal_utils import require_role, run_service

from . import selectors, services
from .forms import (
    DailyCheckForm,
    DisposeForm,
    HandoverForm,
    KeyTakeForm,
    MediaForm,
    RoomEntryForm,
    UsageFinishForm,
    UsageStartForm,
)
from .models import (
    KeyLog,
    MediaItem,
    PlacementPlan,
    RoomEntry,
    Terminal,
    UsageLogEntry,
    VeinEnrolment,
)

PRINT_LIMIT = 3000


def _viewed_office(request):
    """The office whose registers are shown: ``?office=`` for those who see every office,
    else the user's own (404 for anyone without one)."""
    office_id = params.int_param(request, "office")
    if office_id is not None:
        return get_object_or_404(access.visible_offices(request.user), pk=office_id)
    office = access.office_of(request.user)
    if office is None or not access.roles_of(request.user):
        raise Http404
    return office


def _kept_office(request):
    """The office whose register a POST writes to (``office`` in the form, default the
    user's own): 403 for a role that only reads, 404 for an office not the user's."""
    if not access.has_role(request.user, *access.REGISTER_KEEPERS):
        raise PermissionDenied
    raw = request.POST.get("office")
    office_id = params.parse_int(raw) if raw else getattr(access.office_of(request.user), "pk", 0)
    return get_object_or_404(access.register_offices(request.user), pk=office_id or 0)


def _kept(request, model, pk):
    """A register row the user may write to (its office among ``register_offices``)."""
    if not access.has_role(request.user, *access.REGISTER_KEEPERS):
        raise PermissionDenied
    return get_object_or_404(
        model.objects.filter(office__in=access.register_offices(request.user)), pk=pk
    )


def _back(office):
    return redirect(reverse("terminals:registers") + f"?office={office.pk}")


# --- the usage log ---


def _usage_filters(request):
    return (
        params.date_param(request, "day"),
        params.month_param(request, "month"),
        params.text_param(request, "q"),
    )


@login_required
def usage_list(request):
    day, month, q = _usage_filters(request)
    condition = selectors.usage_condition(day=day, month=month, q=q)
    entries = selectors.visible_usage(request.user).filter(condition).order_by("-started_at", "-pk")
    fmt = params.choice_param(request, "format", ["pdf"])
    if fmt == "pdf":
        if not (day or month):
            messages.error(request, _("Choose a day or a month to print."))
            return redirect("terminals:usage_list")
        printed = list(entries[:PRINT_LIMIT])
        return pdf_response(
            "pdf/terminals/usage.html",
            {
                "entries": printed,
                # titled with the offices whose log it is (the terminals' offices), not the
                # reader's: an HQ-shared operator's own uses are on HQ terminals
                "offices": sorted({e.office for e in printed}, key=lambda o: o.code),
                "day": day,
                "month": month,
                "limit": PRINT_LIMIT,
            },
            filename="端末機利用簿.pdf",
            request=request,
        )
    parts = [
        part.filter(condition).order_by("-started_at", "-pk")
        for part in selectors.usage_scopes(request.user)
    ]
    page = LargeTablePaginator(entries, 50, parts=parts).get_page(params.page_param(request))
    return render(
        request,
        "terminals/usage_list.html",
        {
            "page": page,
            "day": day,
            "month": month,
            "q": q,
            "month_value": f"{month[0]:04d}-{month[1]:02d}" if month else "",
            "may_record": access.has_role(request.user, *access.REGISTER_KEEPERS)
            and access.staff_of(request.user) is not None,
        },
    )


def _usage_choices(staff):
    terminals = selectors.usable_terminals(staff).order_by("asset_number")
    cards = selectors.usable_cards(staff).order_by("serial")
    designation = designation_in_force(staff)
    affairs = designation.affairs.all() if designation else Affair.objects.none()
    return terminals, cards, affairs


@login_required
def usage_new(request):
    """Record a use before it starts: prefilled with the operator's last terminal and card."""
    if not access.has_role(request.user, *access.REGISTER_KEEPERS):
        raise PermissionDenied
    staff = access.staff_of(request.user)
    if staff is None:
        raise Http404
    terminals, cards, affairs = _usage_choices(staff)
    last = UsageLogEntry.objects.filter(operator=staff).order_by("-started_at").first()
    initial = {}
    if last:
        initial = {"terminal": last.terminal_id, "card": last.card_id, "affair": last.affair_id}
    else:
        initial = {
            "terminal": terminals.first().pk if terminals.exists() else None,
            "card": cards.first().pk if cards.exists() else None,
            "affair": affairs.first().pk if affairs.exists() else None,
        }
    scanned = params.int_param(request, "terminal")  # from the terminal's QR label
    if request.method == "GET" and scanned is not None:
        if terminals.filter(pk=scanned).exists():
            initial["terminal"] = scanned
        else:
            messages.error(
                request,
                _(
                    "The terminal of this label is not one you may record a use on "
                    "(another office's, or out of service). Choose one below."
                ),
            )
    form = UsageStartForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        terminals=terminals,
        cards=cards,
        affairs=affairs,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = {}

        def start():
            created["entry"] = services.usage_start(
                operator=staff,
                terminal=data["terminal"],
                card=data["card"],
                affair=data["affair"],
                actor=request.user,
                started_at=data["started_at"],
            )

        if run_service(request, start, _("The use was recorded. Record the end when you finish.")):
            return redirect(created["entry"])
    return render(request, "terminals/usage_new.html", {"form": form})


@login_required
def usage_detail(request, pk: int):
    entry = get_object_or_404(selectors.visible_usage(request.user), pk=pk)
    form = UsageFinishForm(request.POST if request.method == "POST" else None)
    may_finish = entry.operator.user_id == request.user.pk or (
        access.has_role(request.user, Role.IDENTITY_MANAGER, Role.SYSTEM_ADMIN)
        and access.register_offices(request.user).filter(pk=entry.office_id).exists()
    )
    if request.method == "POST":
        if not may_finish:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if run_service(
                request,
                lambda: services.usage_finish(
                    entry=entry,
                    lookups=data["lookups"],
                    ended_at=data["ended_at"],
                    reason=data["reason"],
                    actor=request.user,
                ),
                _("The end of the use was recorded."),
            ):
                return redirect("terminals:usage_list")
    history = entry.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "terminals/usage_detail.html",
        {"entry": entry, "form": form, "may_finish": may_finish, "history": history},
    )


# --- the placement plan ---

PLAN_HEADER = [
    "所属",
    "利用件数（前年度）",
    "端末機設置台数（現在）",
    "想定利用件数（追加分）",
    "端末機設置台数（翌年度）",
    "端末機設置台数（翌々年度）",
    "稼働中の端末機",
    "利用簿による前年度利用件数",
]


@login_required
def terminal_label(request, pk: int):
    """A printable label for a terminal: its QR code opens the usage-log form with this
    terminal chosen, so that recording a use on a phone is a scan and two taps."""
    terminal = get_object_or_404(selectors.visible_terminals(request.user), pk=pk)
    url = request.build_absolute_uri(reverse("terminals:usage_new") + f"?terminal={terminal.pk}")
    context = {
        "terminal": terminal,
        "url": url,
        "qr": segno.make(url, error="m").svg_inline(scale=5),
    }
    if params.choice_param(request, "format", ["pdf"]) == "pdf":
        filename = f"端末機ラベル_{terminal.asset_number}.pdf"
        return pdf_response("pdf/terminals/label.html", context, filename=filename)
    return render(request, "terminals/label.html", context)


@login_required
def placement_plan(request):
    """The prefecture's placement plan. Office-scoped roles see their own office's line and
    the prefecture totals, not other offices' figures (DESIGN.md rule 9)."""
    years = list(
        PlacementPlan.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    year = params.fiscal_year_param(
        request, years[0] if years else fiscal.current_fiscal_year()
    )
    table = selectors.placement_table(year, request.user)
    fmt = params.choice_param(request, "format", ["csv", "pdf"])
    if fmt == "csv":
        rows = [
            [
                line.office.name,
                line.uses_last_year,
                line.terminals_now,
                line.uses_added,
                line.terminals_next_year,
                line.terminals_year_after,
                table.in_service.get(line.office_id, 0),
                table.recorded_uses.get(line.office_id, ""),
            ]
            for line in table.lines
        ]
        rows.append(
            [
                "合計",
                *[table.totals[c] for c in selectors.PLAN_COLUMNS],
                table.total_in_service,
                "",
            ]
        )
        return csv_response(
            f"配置計画_{fiscal.format_fiscal_year(year)}.csv", PLAN_HEADER, rows, request=request
        )
    context = {"table": table, "year": year, "years": years}
    if fmt == "pdf":
        return pdf_response(
            "pdf/terminals/plan.html",
            context,
            filename=f"配置計画_{fiscal.format_fiscal_year(year)}.pdf",
            request=request,
        )
    return render(request, "terminals/plan.html", context)


# --- the registers of an office ---


@login_required
def registers(request):
    """The registers of an office (the user's own; any office for those who see all):
    room entries, keys, forms/documents/disks, daily checks, vein enrolment. Their forms
    are shown to those who keep them."""
    office = _viewed_office(request)
    today = fiscal.today()
    start = today - dt.timedelta(days=30)
    terminals = selectors.visible_terminals(request.user).filter(office=office, status="in_service")
    keeps = access.register_offices(request.user).filter(pk=office.pk).exists()
    return render(
        request,
        "terminals/registers.html",
        {
            "office": office,
            "keeps": keeps,
            "terminals": terminals,
            "entries": RoomEntry.objects.filter(office=office).order_by("-entered_at")[:50],
            "keys": KeyLog.objects.filter(office=office).order_by("-taken_at")[:50],
            "media": MediaItem.objects.filter(office=office)
            .select_related("disposal_requested_by", "disposal_approved_by")
            .prefetch_related("handovers"),
            "veins": VeinEnrolment.objects.filter(office=office).select_related("operator"),
            "missing": selectors.missing_checks(request.user, start, today, office=office),
            "room_form": RoomEntryForm(),
            "key_form": KeyTakeForm(),
            "media_form": MediaForm(),
            "handover_form": HandoverForm(),
            "dispose_form": DisposeForm(),
            "check_form": DailyCheckForm(terminals=terminals),
            "is_head": access.has_role(request.user, Role.OFFICE_HEAD)
            and access.office_of(request.user) == office,
            "offices": access.visible_offices(request.user).order_by("code")
            if access.sees_all_offices(request.user)
            else None,
        },
    )


def _post_form(request, office, form_class, call, success, **form_kwargs):
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        run_service(request, lambda: call(form), success)
    else:
        messages.error(request, form.errors.as_text())
    return _back(office)


@login_required
@require_POST
def room_entry(request):
    office = _kept_office(request)
    return _post_form(
        request,
        office,
        RoomEntryForm,
        lambda f: services.room_entry_record(office=office, actor=request.user, **f.cleaned_data),
        _("The entry was recorded."),
    )


@login_required
@require_POST
def room_exit(request, pk: int):
    entry = _kept(request, RoomEntry, pk)
    run_service(
        request,
        lambda: services.room_exit_record(entry=entry, actor=request.user),
        _("The exit was recorded."),
    )
    return _back(entry.office)


@login_required
@require_POST
def key_take(request):
    office = _kept_office(request)
    return _post_form(
        request,
        office,
        KeyTakeForm,
        lambda f: services.key_take(office=office, actor=request.user, **f.cleaned_data),
        _("The key was recorded as taken."),
    )


@login_required
@require_POST
def key_return(request, pk: int):
    log = _kept(request, KeyLog, pk)
    run_service(
        request,
        lambda: services.key_return(log=log, actor=request.user),
        _("The key was recorded as returned."),
    )
    return _back(log.office)


@login_required
@require_POST
def media_new(request):
    office = _kept_office(request)
    return _post_form(
        request,
        office,
        MediaForm,
        lambda f: services.media_register(office=office, actor=request.user, **f.cleaned_data),
        _("The item was registered."),
    )


@login_required
@require_POST
def media_handover(request, pk: int):
    item = _kept(request, MediaItem, pk)
    return _post_form(
        request,
        item.office,
        HandoverForm,
        lambda f: services.media_handover(item=item, actor=request.user, **f.cleaned_data),
        _("The handover was recorded."),
    )


@login_required
@require_POST
def media_request_disposal(request, pk: int):
    item = _kept(request, MediaItem, pk)
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
    return _back(item.office)


@login_required
@require_POST
def media_approve_disposal(request, pk: int):
    require_role(request.user, Role.OFFICE_HEAD)
    item = _kept(request, MediaItem, pk)
    run_service(
        request,
        lambda: services.media_approve_disposal(item=item, actor=request.user),
        _("Disposal approved."),
    )
    return _back(item.office)


@login_required
@require_POST
def media_dispose(request, pk: int):
    item = _kept(request, MediaItem, pk)
    return _post_form(
        request,
        item.office,
        DisposeForm,
        lambda f: services.media_dispose(item=item, actor=request.user, **f.cleaned_data),
        _("The disposal was recorded."),
    )


@login_required
@require_POST
def daily_check(request):
    office = _kept_office(request)
    terminals = Terminal.objects.filter(office=office, status="in_service")
    return _post_form(
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
