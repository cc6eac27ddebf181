"""What the cards app adds to the portal home page (gathered by ``juki_admin.portal``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin import access, fiscal
from juki_admin.home import Figure, Section

from . import selectors
from .choices import IN_USE, RosterStatus
from .models import Roster


def card_figures(user) -> list[Figure]:
    if access.only_operator(user):
        return []  # office-wide figures: not for an operator, who cannot act on them
    cards = selectors.visible_cards(user)
    due = selectors.due_reclaims(cards)
    overdue = [d for d in due if d.days_overdue > 0]
    figures = []
    if access.changes_all_offices(user):
        waiting = Roster.objects.filter(status=RosterStatus.SUBMITTED).count()
        figures.append(
            Figure(
                _("rosters awaiting acceptance"),
                waiting,
                key="rosters_awaiting",
                url=reverse("admin:cards_roster_changelist") + "?status__exact=submitted",
                alert=bool(waiting),
            )
        )
    return figures + [
        Figure(
            _("cards in use"),
            cards.filter(status__in=IN_USE).count(),
            key="cards_in_use",
            url=reverse("cards:card_list"),
        ),
        Figure(
            _("cards overdue for reclaim"),
            len(overdue),
            key="cards_overdue",
            url=reverse("cards:reclaims"),
            alert=bool(overdue),
        ),
        Figure(
            _("cards unconfirmed after the inventory due date"),
            selectors.overdue_inventory_items(selectors.visible_inventory_items(user)).count(),
            key="inventory_overdue",
            url=reverse("cards:inventory"),
        ),
        Figure(
            _("card passwords overdue for change"),
            selectors.password_overdue(cards).count(),
            key="passwords_overdue",
            url=reverse("cards:passwords"),
        ),
    ]


def reclaim_section(user) -> Section | None:
    if not access.roles_of(user):
        return None
    cards = selectors.visible_cards(user)
    if access.only_operator(user):  # an operator sees their own card, not the office's
        cards = cards.filter(holder=access.staff_of(user))
    due = selectors.due_reclaims(cards, fiscal.today(), upcoming_days=30)
    if not due:
        return None
    return Section("cards/_reclaim_section.html", {"due": due})
