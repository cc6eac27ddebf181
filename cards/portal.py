"""What the cards app adds to the portal home page (gathered by ``juki_admin.portal``)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin import access, fiscal
from juki_admin.home import Figure, Section

from . import selectors
from .choices import IN_USE, ROSTER_MACHINE
from .models import Roster


def card_figures(user) -> list[Figure]:
    if access.only_operator(user):
        return []  # office-wide figures: not for an operator, who cannot act on them
    cards = selectors.visible_cards(user)
    today = fiscal.today()
    overdue = (
        selectors.due_cards(cards, today)
        .filter(**fiscal.overdue_filter("reclaim_due_on", on=today))
        .count()
    )
    counts = cards.aggregate(  # one pass over the cards for both figures
        in_use=Count("pk", filter=Q(status__in=IN_USE)),
        passwords=Count("pk", filter=selectors.password_overdue_condition(today)),
    )
    figures = []
    if access.changes_all_offices(user):
        waiting = Roster.objects.filter(status__in=ROSTER_MACHINE.steps["accept"].allowed).count()
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
            counts["in_use"],
            key="cards_in_use",
            url=reverse("cards:card_list"),
        ),
        Figure(
            _("cards overdue for reclaim"),
            overdue,
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
            counts["passwords"],
            key="passwords_overdue",
            url=reverse("cards:passwords"),
        ),
    ]


#: Cards due for reclaim shown on the home page; the reclaim page lists them all.
HOME_RECLAIMS = 10


def reclaim_section(user) -> Section | None:
    if not access.roles_of(user):
        return None
    today = fiscal.today()
    cards = selectors.due_cards(selectors.watched_cards(user), today, upcoming_days=30)
    total = cards.count()
    if not total:
        return None
    due = [selectors.DueReclaim.of(card, today) for card in cards[:HOME_RECLAIMS]]
    return Section("cards/_reclaim_section.html", {"due": due, "total": total})
