"""Portal views of the cards app (office heads, managers, operators; all-office readers).

Every lookup goes through ``cards.selectors`` / ``juki_admin.access``: another office's id
answers 404. Actions are POST, call one service, and show its refusal as a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin import access, fiscal, params
from juki_admin.access import Role
from juki_admin.csvio import csv_response
from juki_admin.errors import DomainError
from juki_admin.forms import ReasonForm
from juki_admin.models import Staff
from juki_admin.paging import LargeTablePaginator
from juki_admin.pdf import pdf_response
from juki_admin.portal_utils import require_role, run_service

from .. import exports, selectors, services
from ..choices import TRANSITIONS, CardStatus, InventoryResult, actions_allowed
from ..forms import (
    DatedReasonForm,
    DesignateForm,
    InventoryConfirmForm,
    LedgerRangeForm,
    ReportLostForm,
)
from ..models import CardEvent, Designation, Incident

ACTING_ROLES = (Role.SYSTEM_ADMIN, Role.OFFICE_HEAD)


@login_required
def card_list(request):
    cards = selectors.visible_cards(request.user).order_by("serial")
    status = params.choice_param(request, "status", CardStatus.values)
    if status:
        cards = cards.filter(status=status)
    page = Paginator(cards, 50).get_page(params.page_param(request))
    return render(
        request,
        "cards/card_list.html",
        {"page": page, "statuses": CardStatus.choices, "status": status},
    )


@login_required
def card_detail(request, pk: int):
    card = get_object_or_404(selectors.visible_cards(request.user), pk=pk)
    events = card.events.select_related("actor", "holder", "office", "group")
    can_act = (
        access.has_role(request.user, *ACTING_ROLES)
        and selectors.changeable_cards(request.user).filter(pk=card.pk).exists()
    )
    staff = access.visible_staff(request.user).filter(office_id=card.office_id)
    allowed = actions_allowed(card.status) if can_act else []
    return render(
        request,
        "cards/card_detail.html",
        {
            "card": card,
            "events": events,
            "can_reclaim": "reclaim" in allowed,
            "can_report_lost": "lost" in allowed,
            "reclaim_form": DatedReasonForm(),
            "lost_form": ReportLostForm(staff_queryset=staff),
        },
    )


def _acting_card(request, pk):
    require_role(request.user, *ACTING_ROLES)
    return get_object_or_404(selectors.changeable_cards(request.user), pk=pk)


@login_required
@require_POST
def card_reclaim(request, pk: int):
    card = _acting_card(request, pk)
    form = DatedReasonForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.card_reclaim(
                card=card,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            ),
            _("Card %(serial)s reclaimed.") % {"serial": card.serial},
        )
    else:
        messages.error(request, form.errors.as_text())
    return redirect(card)


@login_required
@require_POST
def card_report_lost(request, pk: int):
    card = _acting_card(request, pk)
    form = ReportLostForm(
        request.POST,
        staff_queryset=access.visible_staff(request.user).filter(office_id=card.office_id),
    )
    if form.is_valid():
        data = form.cleaned_data
        run_service(
            request,
            lambda: services.card_report_lost(
                card=card,
                actor=request.user,
                reason=data["reason"],
                reported_by=data["reported_by"],
                last_seen_on=data["last_seen_on"],
                last_seen_place=data["last_seen_place"],
                on=data["on"],
            ),
            _("Card %(serial)s reported lost and suspended; an incident was opened.")
            % {"serial": card.serial},
        )
    else:
        messages.error(request, form.errors.as_text())
    return redirect(card)


@login_required
def reclaims(request):
    """The reclaim watch: cards due for reclaim and those due within 30 days, oldest first,
    50 to a page."""
    today = fiscal.today()
    cards = selectors.due_cards(selectors.watched_cards(request.user), today, upcoming_days=30)
    page = Paginator(cards, 50).get_page(params.page_param(request))
    return render(
        request,
        "cards/reclaims.html",
        {
            "page": page,
            "due": [selectors.DueReclaim.of(card, today) for card in page],
            "by_office": _overdue_by_office(cards, today),
            "can_act": access.has_role(request.user, *ACTING_ROLES),
        },
    )


def _overdue_by_office(due_cards, today) -> list[tuple]:
    """Per office with a card past its due date: (office name, overdue count, bar width %),
    most overdue first; the chart of the reclaim watch (one query, whatever the cards)."""
    rows = list(
        due_cards.filter(reclaim_due_on__lt=today)
        .order_by()
        .values("office__code", "office__name")
        .annotate(n=Count("pk"))
    )
    top = max((r["n"] for r in rows), default=0)
    rows.sort(key=lambda r: (-r["n"], r["office__code"]))
    return [(r["office__name"], r["n"], round(100 * r["n"] / top)) for r in rows]


@login_required
def staff_reclaim_all(request, staff_pk: int):
    """Reclaim every card in use of a leaving person: a confirmation page asks for the date
    and the reason, then the reclaim is recorded for each card."""
    require_role(request.user, *ACTING_ROLES)
    staff = get_object_or_404(Staff.objects.select_related("office"), pk=staff_pk)
    cards = list(
        selectors.changeable_cards(request.user)
        .filter(holder=staff, status__in=TRANSITIONS["reclaim"].allowed)
        .order_by("serial")
    )
    if not cards:
        raise Http404
    form = DatedReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            request,
            lambda: services.staff_reclaim_all_cards(
                staff=staff, actor=request.user, reason=data["reason"], on=data["on"], cards=cards
            ),
            _("Every card of %(name)s was reclaimed.") % {"name": staff.name},
        ):
            return redirect("cards:reclaims")
    return render(
        request,
        "cards/reclaim_all.html",
        {"staff": staff, "cards": cards, "form": form},
    )


@login_required
def passwords(request):
    cards = selectors.password_overdue(selectors.visible_cards(request.user))
    return render(request, "cards/passwords.html", {"cards": cards})


# --- ledger and receipts --------------------------------------------------------------------


@login_required
def ledger(request):
    """The card ledger (操作者識別カード管理簿) of the offices the user may see, for a fiscal
    year (default the current one) or a range of dates: the page, its CSV and its PDF."""
    offices = access.visible_offices(request.user)
    office = None
    office_id = params.int_param(request, "office")
    if office_id is not None:
        office = get_object_or_404(offices, pk=office_id)
    elif not access.sees_all_offices(request.user):
        office = access.office_of(request.user)
    form = LedgerRangeForm(request.GET or None)
    year, start, end = form.range()
    events = exports.ledger_events(request.user, office, start, end)
    fmt = params.choice_param(request, "format", ["csv", "pdf"])
    if fmt == "csv":
        return csv_response(
            exports.ledger_filename(office, "csv", start, end),
            exports.LEDGER_HEADER,
            exports.ledger_rows(events),
            request=request,
        )
    context = {
        "events": events,
        "office": office,
        "offices": offices,
        "today": fiscal.today(),
        "start": start,
        "end": end,
        "fiscal_year": year,
    }
    if fmt == "pdf":
        return pdf_response(
            "pdf/cards/ledger.html",
            context,
            filename=exports.ledger_filename(office, "pdf", start, end),
            request=request,
        )
    page = LargeTablePaginator(events, 100).get_page(params.page_param(request))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context.update(
        page=page,
        events=page,
        form=form,
        years=form.year_choices(year),
        query=query.urlencode(),
    )
    return render(request, "cards/ledger.html", context)


@login_required
def issue_receipt(request, event_pk: int):
    """The receipt (交付受領書) of one issue, with the holder's acknowledgement."""
    event = get_object_or_404(
        access.scope_to_offices(
            CardEvent.objects.select_related("card", "holder", "office", "group", "actor"),
            request.user,
        ),
        pk=event_pk,
        kind="issue",
    )
    return pdf_response(
        "pdf/cards/receipt.html",
        {"event": event, "card": event.card},
        filename=f"交付受領書_{event.card.serial}.pdf",
        request=request,
    )


# --- rosters ---------------------------------------------------------------------------------


@login_required
def roster_list(request):
    """The rosters the user may see, newest first, by fiscal year if chosen, a hundred a page
    (a thousand offices' rosters a year at national scale)."""
    rosters = (
        selectors.visible_rosters(request.user)
        .select_related("submitted_by", "decided_by")
        .order_by("-fiscal_year", "office__code", "-version")
    )
    year = params.fiscal_year_param(request, default=None)
    years = fiscal.fiscal_year_menu(chosen=year)
    if year is not None:
        rosters = rosters.filter(fiscal_year=year)
    # an exact count: a thousand offices' rosters a year stay a small table
    page = Paginator(rosters, 100).get_page(params.page_param(request))
    return render(
        request,
        "cards/roster_list.html",
        {
            "page": page,
            "year": year,
            "years": years,
            "can_open": access.has_role(request.user, Role.OFFICE_HEAD)
            and access.office_of(request.user) is not None,
            "fiscal_year": fiscal.current_fiscal_year(),
        },
    )


@login_required
@require_POST
def roster_open(request):
    require_role(request.user, Role.OFFICE_HEAD)
    office = access.office_of(request.user)
    if office is None:
        return redirect("cards:roster_list")
    try:
        roster = services.roster_open(
            office=office, fiscal_year=fiscal.current_fiscal_year(), actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.html)
        return redirect("cards:roster_list")
    return redirect(roster)


def _own_roster(request, pk):
    """A roster of the office head's own office (404 for any other)."""
    require_role(request.user, Role.OFFICE_HEAD)
    return get_object_or_404(
        access.scope_to_changeable(selectors.visible_rosters(request.user), request.user), pk=pk
    )


@login_required
def roster_detail(request, pk: int):
    roster = get_object_or_404(selectors.visible_rosters(request.user), pk=pk)
    designations = (
        Designation.objects.filter(roster=roster)
        .select_related("staff", "group")
        .prefetch_related("affairs")
        .order_by("staff__employee_number")
    )
    fmt = params.choice_param(request, "format", ["csv", "pdf"])
    if fmt == "csv":
        return csv_response(
            exports.roster_filename(roster, "csv"),
            exports.ROSTER_HEADER,
            exports.roster_rows(designations),
            request=request,
        )
    if fmt == "pdf":
        return pdf_response(
            "pdf/cards/roster.html",
            {"roster": roster, "designations": designations},
            filename=exports.roster_filename(roster, "pdf"),
            request=request,
        )
    can_edit = (
        roster.is_editable
        and access.has_role(request.user, Role.OFFICE_HEAD)
        and access.office_of(request.user) == roster.office
    )
    return render(
        request,
        "cards/roster_detail.html",
        {
            "roster": roster,
            "designations": designations,
            "can_edit": can_edit,
            "form": DesignateForm(roster=roster) if can_edit else None,
            "withdraw_form": ReasonForm() if can_edit else None,
            "versions": selectors.visible_rosters(request.user).filter(
                office=roster.office, fiscal_year=roster.fiscal_year
            ),
        },
    )


@login_required
@require_POST
def roster_designate(request, pk: int):
    roster = _own_roster(request, pk)
    form = DesignateForm(request.POST, roster=roster)
    if form.is_valid():
        data = form.cleaned_data
        run_service(
            request,
            lambda: services.roster_designate(
                roster=roster,
                staff=data["staff"],
                use_mode=data["use_mode"],
                group=data["group"],
                affairs=data["affairs"],
                actor=request.user,
            ),
            _("%(name)s designated.") % {"name": data["staff"].name},
        )
    else:
        messages.error(request, form.errors.as_text())
    return redirect(roster)


@login_required
@require_POST
def roster_undesignate(request, pk: int, staff_pk: int):
    roster = _own_roster(request, pk)
    staff = get_object_or_404(access.changeable_staff(request.user), pk=staff_pk)
    run_service(
        request,
        lambda: services.roster_undesignate(
            roster=roster,
            staff=staff,
            actor=request.user,
            reason=request.POST.get("reason") or _("Removed from the roster"),
        ),
        _("%(name)s removed from the roster.") % {"name": staff.name},
    )
    return redirect(roster)


@login_required
@require_POST
def roster_withdraw(request, pk: int):
    roster = _own_roster(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.roster_withdraw(
                roster=roster, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            _("The roster version was withdrawn. You can open a new one."),
        )
    else:
        messages.error(request, form.errors.as_text())
    return redirect(roster)


@login_required
@require_POST
def roster_submit(request, pk: int):
    roster = _own_roster(request, pk)
    run_service(
        request,
        lambda: services.roster_submit(roster=roster, actor=request.user),
        _("The roster was approved and sent to the system administrator."),
    )
    return redirect(roster)


# --- inventory -------------------------------------------------------------------------------


@login_required
def inventory(request):
    items = (
        selectors.visible_inventory_items(request.user)
        .filter(inventory__closed_on__isnull=True)
        .select_related("inventory")
        .order_by("inventory__due_on", "office__code", "card__serial")
    )
    return render(
        request,
        "cards/inventory.html",
        {
            "items": items,
            "today": fiscal.today(),
            "pending": InventoryResult.PENDING,
            "can_act": access.has_role(request.user, *ACTING_ROLES),
            "form": InventoryConfirmForm(),
        },
    )


@login_required
@require_POST
def inventory_confirm(request, item_pk: int):
    require_role(request.user, *ACTING_ROLES)
    item = get_object_or_404(
        access.scope_to_changeable(selectors.visible_inventory_items(request.user), request.user),
        pk=item_pk,
    )
    form = InventoryConfirmForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.inventory_confirm(
                item=item,
                in_hand=form.cleaned_data["in_hand"],
                note=form.cleaned_data["note"],
                actor=request.user,
            ),
            _("Card %(serial)s confirmed.") % {"serial": item.card.serial},
        )
    else:
        messages.error(request, form.errors.as_text())
    return redirect("cards:inventory")


@login_required
def incident_report(request, pk: int):
    """An incident laid out like section 1 of the source paper: what happened, the office,
    causes, the timeline (経過), measures."""
    incident = get_object_or_404(
        access.scope_to_offices(Incident.objects.select_related("office", "card"), request.user),
        pk=pk,
    )
    return pdf_response(
        "pdf/cards/incident.html",
        exports.incident_context(incident),
        filename=f"事案報告_{incident.pk}.pdf",
        request=request,
    )
