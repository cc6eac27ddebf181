"""Portal views of cards: the list, a card and its ledger, reclaim and loss, passwords,
the card ledger (操作者識別カード管理簿) and issue receipts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin import access, fiscal, params
from juki_admin.csvio import csv_response
from juki_admin.once import submit_once
from juki_admin.paging import LargeTablePaginator
from juki_admin.pdf import pdf_response
from juki_admin.portal_utils import require_role, run_service

from .. import exports, selectors, services
from ..choices import CardStatus, actions_allowed
from ..forms import DatedReasonForm, LedgerRangeForm, ReportLostForm
from ..models import CardEvent
from ._common import ACTING_ROLES


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

    def handle():
        if form.is_valid():
            data = form.cleaned_data
            done = run_service(
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
            done = False
            messages.error(request, form.errors.as_text())
        return done, redirect(card)

    return submit_once(request, handle)


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
        CardEvent.objects.select_related("card", "holder", "office", "group", "actor").visible_to(
            request.user
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
