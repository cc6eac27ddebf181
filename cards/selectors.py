"""Reads of the cards app: the roster in force, cards due for reclaim, overdue passwords.

Every function that serves a user takes the user and scopes through the models' managers
(``OfficeScopedQuerySet``: ``visible_to`` / ``changeable_by``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

from juki_admin import access, fiscal
from juki_admin.models import Office, Staff

from . import reclaim
from .choices import IN_USE, CardKind, ReclaimCause, RosterStatus, UseMode
from .models import Card, Designation, InventoryItem, ReclaimPeriod, Roster


def visible_cards(user) -> QuerySet[Card]:
    return Card.objects.select_related("holder", "group", "office", "office__head").visible_to(user)


def watched_cards(user) -> QuerySet[Card]:
    """The cards whose reclaim the user watches (the home page's section and the reclaim
    page alike): an operator their own card only, not their colleagues' and the reasons
    those are due; every other role the cards of ``visible_cards``."""
    cards = visible_cards(user)
    if access.only_operator(user):
        return cards.filter(holder=access.staff_of(user))
    return cards


def changeable_cards(user) -> QuerySet[Card]:
    return Card.objects.select_related("holder", "group", "office", "office__head").changeable_by(
        user
    )


def visible_rosters(user) -> QuerySet[Roster]:
    return Roster.objects.select_related("office").visible_to(user)


def visible_inventory_items(user) -> QuerySet[InventoryItem]:
    return InventoryItem.objects.select_related(
        "card", "card__holder", "card__group", "office"
    ).visible_to(user)


def open_inventory_items(user) -> QuerySet[InventoryItem]:
    """The items of the open inventories the user may see, the soonest due first."""
    return (
        visible_inventory_items(user)
        .filter(inventory__closed_on__isnull=True)
        .select_related("inventory")
        .order_by("inventory__due_on", "office__code", "card__serial")
    )


def roster_versions(user, roster: Roster) -> QuerySet[Roster]:
    """The versions the user may see of ``roster``'s office and fiscal year."""
    return visible_rosters(user).filter(office=roster.office, fiscal_year=roster.fiscal_year)


# --- the roster in force: one definition, read by card issue, the reclaim watch, training
# and the usage log ---------------------------------------------------------------------------


def rosters_in_force(on: dt.date | None = None, offices=None) -> dict[int, int]:
    """{office id: id of its roster in force on ``on``} (default today).

    A roster takes effect on its ``effective_on`` (the later of its acceptance and the first
    day of its fiscal year). On a given day the roster in force is, among the accepted
    rosters already in effect, the greatest by ``reclaim.ROSTER_PRECEDENCE`` (the one rule,
    also read by the reclaim watch): the latest fiscal year and, within it, the latest
    version; so a roster for next year accepted in March leaves this year's roster in force
    until 1 April, and a late version of a past year never overrides a later year's roster.
    """
    on = on or fiscal.today()
    rows = Roster.objects.filter(status=RosterStatus.ACCEPTED, effective_on__lte=on)
    if offices is not None:
        rows = rows.filter(office__in=offices)
    result: dict[int, int] = {}
    latest_first = [f"-{field}" for field in reclaim.ROSTER_PRECEDENCE]
    for office_id, roster_id in rows.order_by("office_id", *latest_first).values_list(
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


def operators_in_force(on: dt.date | None = None, offices=None) -> QuerySet[Staff]:
    """Everyone designated (individual or group use) on the rosters in force of ``offices``
    (default all) on ``on`` (default today), each annotated with ``on_office``: the office
    whose roster designates them. Who has left by then is still listed (``Staff.left_by``
    tells them apart): the one definition of "the operators", read by training and the
    self-inspections."""
    in_force = rosters_in_force(on, offices=offices)
    return Staff.objects.filter(designations__roster_id__in=list(in_force.values())).annotate(
        on_office=F("designations__roster__office_id")
    )


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
        .exclude(Staff.left_by(on))
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
        .exclude(Staff.left_by(today))
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

    @classmethod
    def of(cls, card: Card, on: dt.date) -> DueReclaim:
        """From a card of ``due_cards`` (annotated with ``reclaim_due_on``, ``reclaim_cause``)."""
        return cls(
            card=card,
            due_on=card.reclaim_due_on,
            days_overdue=(on - card.reclaim_due_on).days,
            cause=card.reclaim_cause,
        )

    @property
    def days_until(self) -> int:
        return -self.days_overdue

    @property
    def cause_label(self) -> str:
        return ReclaimCause(self.cause).label


def _periods_covering(horizon: dt.date) -> QuerySet[ReclaimPeriod]:
    return ReclaimPeriod.objects.filter(starts_on__lte=horizon).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=horizon)
    )


_CAUSE_RANK = Case(
    *(When(cause=cause, then=Value(rank)) for rank, cause in enumerate(reclaim.CAUSE_ORDER)),
    default=Value(len(reclaim.CAUSE_ORDER)),
)


def due_cards(
    queryset: QuerySet[Card], on: dt.date | None = None, *, upcoming_days: int = 0
) -> QuerySet[Card]:
    """The reclaim watch (回収漏れ防止): individual cards of ``queryset`` in use that are due for
    reclaim by ``on`` (default today) plus ``upcoming_days``, oldest first, each annotated
    with ``reclaim_due_on`` and ``reclaim_cause``. When a card falls due is defined in
    ``cards.reclaim``; the periods are kept in ``ReclaimPeriod``, so this reads only the due
    cards (through the index on the start of the periods) whatever the number of cards in
    use. The home pages, the reclaim page and ``check_reclaims`` all read it."""
    on = on or fiscal.today()
    horizon = on + dt.timedelta(days=upcoming_days)
    covering = _periods_covering(horizon)
    first = covering.filter(card=OuterRef("pk")).order_by("starts_on", _CAUSE_RANK)
    return (
        queryset.filter(
            pk__in=covering.values("card_id"), status__in=IN_USE, kind=CardKind.INDIVIDUAL
        )
        .annotate(
            reclaim_due_on=Subquery(first.values("starts_on")[:1]),
            reclaim_cause=Subquery(first.values("cause")[:1]),
        )
        .select_related("holder", "holder__office", "office", "office__head", "office__head__user")
        .order_by("reclaim_due_on", "serial")
    )


def overdue_by_office(due: QuerySet[Card], on: dt.date | None = None) -> list[tuple]:
    """Per office with a card of ``due`` (from ``due_cards``) past its due date: (office name,
    overdue count, bar width %), most overdue first; the chart of the reclaim watch (one
    query, whatever the cards)."""
    rows = list(
        due.filter(**fiscal.overdue_filter("reclaim_due_on", on=on))
        .order_by()
        .values("office__code", "office__name")
        .annotate(n=Count("pk"))
    )
    top = max((r["n"] for r in rows), default=0)
    rows.sort(key=lambda r: (-r["n"], r["office__code"]))
    return [(r["office__name"], r["n"], round(100 * r["n"] / top)) for r in rows]


def roster_designations(roster: Roster) -> QuerySet[Designation]:
    """The designations of ``roster`` by employee number, for its page and exports."""
    return (
        Designation.objects.filter(roster=roster)
        .select_related("staff", "group")
        .prefetch_related("affairs")
        .order_by("staff__employee_number")
    )


def due_reclaims(
    queryset: QuerySet[Card], on: dt.date | None = None, *, upcoming_days: int = 0
) -> list[DueReclaim]:
    """Every card of ``due_cards`` as a ``DueReclaim`` (for a command or a mail; pages
    paginate ``due_cards`` instead)."""
    on = on or fiscal.today()
    return [
        DueReclaim.of(card, on) for card in due_cards(queryset, on, upcoming_days=upcoming_days)
    ]


_PASSWORD_SINCE = Coalesce("password_changed_on", "issued_on")


def password_overdue_condition(on: dt.date | None = None) -> Q:
    """Cards in use whose password was last changed (or, never changed, issued) more than
    ``CARD_PASSWORD_MAX_AGE_DAYS`` ago: as a condition, for a list or a count beside
    others (the home page counts it with the cards in use, in one pass)."""
    on = on or fiscal.today()
    limit = on - dt.timedelta(days=settings.CARD_PASSWORD_MAX_AGE_DAYS)
    return Q(status__in=IN_USE) & Q(LessThan(_PASSWORD_SINCE, limit))


def password_overdue(queryset: QuerySet[Card], on: dt.date | None = None) -> QuerySet[Card]:
    """The cards of ``password_overdue_condition``, the longest unchanged first."""
    return (
        queryset.filter(password_overdue_condition(on))
        .annotate(password_since=_PASSWORD_SINCE)
        .order_by("password_since", "serial")
    )


def overdue_inventory_items(queryset: QuerySet[InventoryItem], on: dt.date | None = None):
    """Items still unconfirmed after their inventory's due date (``fiscal.overdue_filter``;
    ``InventoryItem.is_overdue`` is the same for one item)."""
    from .choices import InventoryResult

    return queryset.filter(
        result=InventoryResult.PENDING,
        inventory__closed_on__isnull=True,
        **fiscal.overdue_filter("inventory__due_on", on=on),
    )
