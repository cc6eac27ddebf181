"""Portal views of the reclaim watch (回収漏れ防止): cards due for reclaim, and reclaiming
every card of a leaving person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from juki_admin import access, fiscal, params
from juki_admin.models import Staff
from juki_admin.portal_utils import require_role, run_service

from .. import selectors, services
from ..choices import CARD_MACHINE
from ..forms import DatedReasonForm
from ._common import ACTING_ROLES


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
            "by_office": selectors.overdue_by_office(cards, today),
            "can_act": access.has_role(request.user, *ACTING_ROLES),
        },
    )


@login_required
def staff_reclaim_all(request, staff_pk: int):
    """Reclaim every card in use of a leaving person: a confirmation page asks for the date
    and the reason, then the reclaim is recorded for each card."""
    require_role(request.user, *ACTING_ROLES)
    staff = get_object_or_404(Staff.objects.select_related("office"), pk=staff_pk)
    cards = list(
        selectors.changeable_cards(request.user)
        .filter(holder=staff, status__in=CARD_MACHINE.steps["reclaim"].allowed)
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
