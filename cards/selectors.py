"""Reads of the cards app: the roster in force, cards due for reclaim, overdue passwords.

Every function that serves a user takes the user and scopes through ``juki_admin.access``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from juki_admin import access, fiscal
from juki_admin.choices import LEAVING_STATUSES
from juki_admin.models import Office, Staff

from .choices import IN_USE, CardKind, RosterStatus, UseMode
from .models import Card, Designation, InventoryItem, Roster


def visible_cards(user) -> QuerySet[Card]:
    return access.scope_to_offices(
        Card.objects.select_related("holder", "group", "office", "office__head"), user
    )


def changeable_cards(user) -> QuerySet[Card]:
    return access.scope_to_changeable(
        Card.objects.select_related("holder", "group", "office", "office__head"), user
    )


def visible_rosters(user) -> QuerySet[Roster]:
    return access.scope_to_offices(Roster.objects.select_related("office"), user)


def visible_inventory_items(user) -> QuerySet[InventoryItem]:
    return access.scope_to_offices(
        InventoryItem.objects.select_related("card", "card__holder", "card__group", "office"),
        user,
    )


def roster_in_force(office: Office, on: dt.date | None = None) -> Roster | None:
    """The office's latest accepted roster for fiscal years up to the one ``on`` falls in."""
    year = fiscal.fiscal_year(on or fiscal.today())
    return (
        Roster.objects.filter(office=office, status=RosterStatus.ACCEPTED, fiscal_year__lte=year)
        .order_by("-fiscal_year", "-version")
        .first()
    )


def designation_in_force(staff: Staff, on: dt.date | None = None) -> Designation | None:
    roster = roster_in_force(staff.office, on)
    if roster is None:
        return None
    return roster.designations.filter(staff=staff).first()


def _latest_accepted_roster():
    return Roster.objects.filter(office=OuterRef("office"), status=RosterStatus.ACCEPTED).order_by(
        "-fiscal_year", "-version"
    )


def with_reclaim_due(queryset: QuerySet[Card]) -> QuerySet[Card]:
    """Annotate ``reclaim_due_on`` on individual cards in use whose holder has left (from the
    day the leaving status takes effect) or is not on the office's roster in force (from the
    day that roster was accepted); other cards get NULL."""
    latest = _latest_accepted_roster()
    return queryset.annotate(
        roster_id=Subquery(latest.values("pk")[:1]),
        roster_accepted_at=Subquery(latest.values("decided_at")[:1]),
        on_roster=Exists(
            Designation.objects.filter(
                roster_id=OuterRef("roster_id"),
                staff_id=OuterRef("holder_id"),
                use_mode=UseMode.INDIVIDUAL,
            )
        ),
    ).annotate(
        reclaim_due_on=Case(
            When(
                ~Q(status__in=IN_USE) | ~Q(kind=CardKind.INDIVIDUAL),
                then=None,
            ),
            When(
                holder__status__in=LEAVING_STATUSES,
                then=F("holder__status_date"),
            ),
            When(
                roster_id__isnull=False,
                on_roster=False,
                then=TruncDate("roster_accepted_at"),
            ),
            default=None,
            output_field=DateField(),
        )
    )


@dataclass(frozen=True)
class DueReclaim:
    card: Card
    due_on: dt.date
    days_overdue: int
    cause: str  # "status" (the holder left) or "roster" (no longer designated)

    @property
    def days_until(self) -> int:
        return -self.days_overdue


def due_reclaims(
    queryset: QuerySet[Card], on: dt.date | None = None, *, upcoming_days: int = 0
) -> list[DueReclaim]:
    """Cards of ``queryset`` due for reclaim by ``on`` (+ ``upcoming_days``), oldest first."""
    on = on or fiscal.today()
    cards = (
        with_reclaim_due(queryset.filter(status__in=IN_USE, kind=CardKind.INDIVIDUAL))
        .filter(reclaim_due_on__lte=on + dt.timedelta(days=upcoming_days))
        .select_related("holder", "office", "office__head", "office__head__user")
        .order_by("reclaim_due_on", "serial")
    )
    return [
        DueReclaim(
            card=c,
            due_on=c.reclaim_due_on,
            days_overdue=(on - c.reclaim_due_on).days,
            cause="status" if c.holder.status in LEAVING_STATUSES else "roster",
        )
        for c in cards
    ]


def password_overdue(queryset: QuerySet[Card], on: dt.date | None = None) -> QuerySet[Card]:
    """Cards in use whose password was last changed (or, never changed, issued) more than
    ``CARD_PASSWORD_MAX_AGE_DAYS`` ago."""
    on = on or fiscal.today()
    limit = on - dt.timedelta(days=settings.CARD_PASSWORD_MAX_AGE_DAYS)
    return (
        queryset.filter(status__in=IN_USE)
        .annotate(password_since=Coalesce("password_changed_on", "issued_on"))
        .filter(password_since__lt=limit)
        .order_by("password_since", "serial")
    )


def overdue_inventory_items(queryset: QuerySet[InventoryItem], on: dt.date | None = None):
    """Items still unconfirmed after their inventory's due date."""
    from .choices import InventoryResult

    on = on or fiscal.today()
    return queryset.filter(
        result=InventoryResult.PENDING,
        inventory__due_on__lt=on,
        inventory__closed_on__isnull=True,
    )
