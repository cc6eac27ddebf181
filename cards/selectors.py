"""Reads of the cards app: the roster in force, cards due for reclaim, overdue passwords.

Every function that serves a user takes the user and scopes through ``juki_admin.access``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from juki_admin import access, fiscal
from juki_admin.choices import LEAVING_STATUSES
from juki_admin.models import Office, Staff

from .choices import IN_USE, CardKind, ReclaimCause, RosterStatus, UseMode
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


# --- the roster in force: one definition, read by card issue, the reclaim watch, training
# and the usage log ---------------------------------------------------------------------------


def rosters_in_force(on: dt.date | None = None, offices=None) -> dict[int, int]:
    """{office id: id of its roster in force on ``on``} (default today).

    A roster takes effect on its ``effective_on`` (the later of its acceptance and the first
    day of its fiscal year). On a given day the roster in force is, among the accepted
    rosters already in effect, the one of the latest fiscal year and, within it, the latest
    version; so a roster for next year accepted in March leaves this year's roster in force
    until 1 April, and a late version of a past year never overrides a later year's roster.
    """
    on = on or fiscal.today()
    rows = Roster.objects.filter(status=RosterStatus.ACCEPTED, effective_on__lte=on)
    if offices is not None:
        rows = rows.filter(office__in=offices)
    result: dict[int, int] = {}
    for office_id, roster_id in rows.order_by("office_id", "-fiscal_year", "-version").values_list(
        "office_id", "pk"
    ):
        result.setdefault(office_id, roster_id)
    return result


def roster_in_force(office: Office, on: dt.date | None = None) -> Roster | None:
    """The office's roster in force on ``on`` (default today), or None."""
    roster_id = rosters_in_force(on, offices=[office.pk]).get(office.pk)
    return Roster.objects.select_related("office").get(pk=roster_id) if roster_id else None


def designation_in_force(staff: Staff, on: dt.date | None = None) -> Designation | None:
    """``staff``'s designation on their office's roster in force on ``on``, or None."""
    roster_id = rosters_in_force(on, offices=[staff.office_id]).get(staff.office_id)
    if roster_id is None:
        return None
    return Designation.objects.filter(roster_id=roster_id, staff=staff).first()


def operators_awaiting_card(on: dt.date | None = None) -> QuerySet[Staff]:
    """Staff who may be issued an individual card on ``on``: designated for an individual
    card on their office's roster in force, not gone, holding no card in use."""
    on = on or fiscal.today()
    in_force = rosters_in_force(on)
    designated = Designation.objects.filter(
        roster_id__in=list(in_force.values()),
        roster__office_id=OuterRef("office_id"),
        staff_id=OuterRef("pk"),
        use_mode=UseMode.INDIVIDUAL,
    )
    holding = Card.objects.filter(holder_id=OuterRef("pk"), status__in=IN_USE)
    return (
        Staff.objects.filter(Exists(designated))
        .exclude(Exists(holding))
        .exclude(status__in=LEAVING_STATUSES, status_date__lte=on)
        .select_related("office")
        .order_by("office__code", "employee_number")
    )


def groups_without_card():
    """Operator groups with members and no card in use: those a group card may go to."""
    from .models import OperatorGroup

    return (
        OperatorGroup.objects.filter(members__isnull=False)
        .exclude(cards__status__in=IN_USE)
        .distinct()
        .select_related("office")
        .order_by("office__code", "name")
    )


def designatable_staff(roster: Roster) -> QuerySet[Staff]:
    """Who the office head may designate on ``roster``: staff of its office who have not
    left and are not on it yet."""
    today = fiscal.today()
    return (
        Staff.objects.filter(office_id=roster.office_id)
        .exclude(status__in=LEAVING_STATUSES, status_date__lte=today)
        .exclude(designations__roster=roster)
        .order_by("employee_number")
    )


# --- the reclaim watch (回収漏れ防止) ---------------------------------------------------------


@dataclass(frozen=True)
class DueReclaim:
    card: Card
    due_on: dt.date
    days_overdue: int
    cause: str  # a ReclaimCause

    @property
    def days_until(self) -> int:
        return -self.days_overdue

    @property
    def cause_label(self) -> str:
        return ReclaimCause(self.cause).label


def due_reclaims(
    queryset: QuerySet[Card], on: dt.date | None = None, *, upcoming_days: int = 0
) -> list[DueReclaim]:
    """Individual cards of ``queryset`` in use that are due for reclaim by ``on`` (default
    today) plus ``upcoming_days``, oldest first. A card falls due (rule 2 of DESIGN.md):

    - when its holder's leaving status (on leave, retired, transferred) takes effect;
    - when its holder moves to another office (from the transfer's effective date);
    - when a roster of the card's office that leaves its holder out takes effect: the first
      of the unbroken run of rosters in force without them (``rosters_in_force``).

    The earliest of these is the due date. Two queries find the few due cards among all
    cards in use; their dates are then worked out from the rosters of their offices only.
    """
    on = on or fiscal.today()
    horizon = on + dt.timedelta(days=upcoming_days)
    in_force = rosters_in_force(horizon)
    on_roster = Designation.objects.filter(
        roster_id__in=list(in_force.values()),
        roster__office_id=OuterRef("office_id"),
        staff_id=OuterRef("holder_id"),
        use_mode=UseMode.INDIVIDUAL,
    )
    cards = list(
        queryset.filter(status__in=IN_USE, kind=CardKind.INDIVIDUAL)
        .filter(
            Q(holder__status__in=LEAVING_STATUSES, holder__status_date__lte=horizon)
            | (~Q(holder__office_id=F("office_id")) & ~Q(holder__office_since__gt=horizon))
            | (Q(office_id__in=list(in_force)) & ~Exists(on_roster))
        )
        .select_related("holder", "holder__office", "office", "office__head", "office__head__user")
    )
    history = _roster_history([c.office_id for c in cards], horizon)
    due = []
    for card in cards:
        found = _due_date(card, history.get(card.office_id, []), horizon)
        if found is not None and found[0] <= horizon:
            due.append(
                DueReclaim(
                    card=card, due_on=found[0], days_overdue=(on - found[0]).days, cause=found[1]
                )
            )
    due.sort(key=lambda d: (d.due_on, d.card.serial))
    return due


def _roster_history(office_ids, horizon: dt.date) -> dict[int, list[tuple[dt.date, set[int]]]]:
    """Per office, the days its roster in force changed up to ``horizon``, with the staff
    designated for an individual card on the roster in force from that day."""
    rosters = list(
        Roster.objects.filter(
            office_id__in=set(office_ids), status=RosterStatus.ACCEPTED, effective_on__lte=horizon
        ).values_list("pk", "office_id", "fiscal_year", "version", "effective_on")
    )
    designated: dict[int, set[int]] = {r[0]: set() for r in rosters}
    for roster_id, staff_id in Designation.objects.filter(
        roster_id__in=list(designated), use_mode=UseMode.INDIVIDUAL
    ).values_list("roster_id", "staff_id"):
        designated[roster_id].add(staff_id)
    by_office: dict[int, list] = {}
    for row in rosters:
        by_office.setdefault(row[1], []).append(row)
    history = {}
    for office_id, rows in by_office.items():
        changes, current = [], None
        for day in sorted({r[4] for r in rows}):
            best = max((r for r in rows if r[4] <= day), key=lambda r: (r[2], r[3]))
            if best[0] != current:
                current = best[0]
                changes.append((day, designated[current]))
        history[office_id] = changes
    return history


def _due_date(card: Card, changes, horizon: dt.date) -> tuple[dt.date, str] | None:
    """The day ``card`` fell (or falls) due and why, or None; see ``due_reclaims``."""
    holder = card.holder
    found = []
    if holder.status in LEAVING_STATUSES and holder.status_date:
        found.append((holder.status_date, ReclaimCause.STATUS))
    if holder.office_id != card.office_id:
        found.append((holder.office_since or card.issued_on, ReclaimCause.TRANSFER))
    if changes and holder.pk not in changes[-1][1]:
        start = changes[-1][0]
        for day, staff_ids in reversed(changes):
            if holder.pk in staff_ids:
                break
            start = day
        found.append((max(start, card.issued_on or start), ReclaimCause.ROSTER))
    found = [f for f in found if f[0] is not None]
    return min(found, key=lambda f: f[0]) if found else None


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
