"""Portal views of the terminal usage log (端末機利用簿): the list and its print, recording a
use before it starts (from a terminal's QR label too), and its end."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from juki_admin import access, params
from juki_admin.access import Role
from juki_admin.once import submit_once
from juki_admin.paging import LargeTablePaginator
from juki_admin.pdf import pdf_response
from juki_admin.portal_utils import run_service

from .. import selectors, services
from ..forms import UsageFinishForm, UsageStartForm

PRINT_LIMIT = 3000


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
    affairs = selectors.usable_affairs(staff)
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
    last = selectors.last_use(staff)
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
    if request.method == "POST":

        def handle():  # once per form (juki_admin.once): a double click records one use
            if not form.is_valid():
                return False, None
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

            done = run_service(
                request, start, _("The use was recorded. Record the end when you finish.")
            )
            return done, redirect(created["entry"]) if done else None

        response = submit_once(request, handle)
        if response is not None:  # None: refused, the form is shown again
            return response
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
