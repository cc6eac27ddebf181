"""Reads of the terminals app: the usage log as each user may see it, the placement plan
with its totals, leases ending soon, and the days a terminal was not checked."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from cards.choices import CardStatus
from cards.models import Affair, Card, GroupMembership
from cards.selectors import designation_in_force
from juki_admin import access, fiscal
from juki_admin.choices import CardMode, OfficeKind
from juki_admin.models import Office
from juki_admin.search import search_condition

from .choices import TerminalStatus
from .models import (
    DailyCheck,
    KeyLog,
    Lease,
    MediaItem,
    PlacementPlan,
    RoomEntry,
    Terminal,
    UsageLogEntry,
    VeinEnrolment,
)

PLAN_COLUMNS = (
    "uses_last_year",
    "terminals_now",
    "uses_added",
    "terminals_next_year",
    "terminals_year_after",
)


def usage_scopes(user) -> list[QuerySet[UsageLogEntry]]:
    """The parts of the usage log the user may read, each served by an index: the log of the
    user's office (the terminal's office), and the user's own uses on another office's
    terminal (HQ-shared use); everything for the roles that see every office."""
    qs = UsageLogEntry.objects.select_related("terminal", "operator", "card", "affair", "office")
    if access.sees_all_offices(user):
        return [qs]
    office = access.office_of(user)
    staff = access.staff_of(user)
    if office is None or not access.roles_of(user):
        return [qs.none()]
    if staff is None:
        return [qs.filter(office=office)]
    return [qs.filter(office=office), qs.filter(operator=staff)]


def visible_usage(user) -> QuerySet[UsageLogEntry]:
    """The usage log the user may read: the union of ``usage_scopes``."""
    return reduce(operator.or_, usage_scopes(user))


def visible_terminals(user) -> QuerySet[Terminal]:
    return Terminal.objects.select_related("office", "lease").visible_to(user)


def labelled_terminals(user) -> QuerySet[Terminal]:
    """Terminals whose QR label ``user`` may print: those they see that are in service (a
    removed terminal's label would open a usage form that refuses it)."""
    return visible_terminals(user).filter(status=TerminalStatus.IN_SERVICE)


def checked_terminals(office: Office) -> QuerySet[Terminal]:
    """The terminals of ``office`` that a daily check is recorded for: those in service."""
    return Terminal.objects.filter(office=office, status=TerminalStatus.IN_SERVICE)


def usable_terminals(staff) -> QuerySet[Terminal]:
    """Terminals ``staff`` may record a use on: their office's, and for HQ-shared offices the
    HQ divisions' terminals (本庁一括利用方式). The usage-log service checks against this."""
    qs = Terminal.objects.filter(status=TerminalStatus.IN_SERVICE).select_related("office")
    if staff.office.card_mode == CardMode.HQ_SHARED:
        return qs.filter(Q(office=staff.office) | Q(office__kind=OfficeKind.HQ_DIVISION))
    return qs.filter(office=staff.office)


def usable_cards(staff) -> QuerySet[Card]:
    """Issued cards ``staff`` may record a use with: their own individual card, and the
    cards of the groups they belong to (the usage-log service refuses any other, saying
    why). The person's groups read first (a few ids), so that the indexes of holder and
    group find the cards: an OR through the membership join made PostgreSQL read every
    issued card (and DISTINCT them)."""
    groups = list(GroupMembership.objects.filter(staff=staff).values_list("group_id", flat=True))
    return Card.objects.filter(status=CardStatus.ISSUED).filter(
        Q(holder=staff) | Q(group_id__in=groups)
    )


def usable_affairs(staff, on: dt.date | None = None, *, designation=None) -> QuerySet[Affair]:
    """The affairs (利用事務) ``staff`` may record a use for on ``on`` (default today): those
    of their designation on the roster in force, none without one. The usage-log service
    checks against this and the form offers it (``designation``: already read by the caller)."""
    if designation is None:
        designation = designation_in_force(staff, on)
    return designation.affairs.all() if designation else Affair.objects.none()


def last_use(staff) -> UsageLogEntry | None:
    """``staff``'s latest use: the usage form starts from its terminal, card and affair."""
    return UsageLogEntry.objects.filter(operator=staff).order_by("-started_at").first()


def placement_years() -> list[int]:
    """The fiscal years that have a placement plan, newest first."""
    return list(
        PlacementPlan.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


@dataclass
class Registers:
    """What the registers page shows of one office (the newest rows of each register)."""

    terminals: list[Terminal]  # in service, by asset number
    entries: QuerySet[RoomEntry]
    keys: QuerySet[KeyLog]
    media: QuerySet[MediaItem]
    veins: QuerySet[VeinEnrolment]
    missing: list[tuple[Terminal, list[dt.date]]]


def office_registers(user, office: Office, start: dt.date, end: dt.date) -> Registers:
    """The registers of ``office`` as ``user`` may see them, with the working days from
    ``start`` to ``end`` each terminal in service was not checked. The terminals in service
    are read once, for the list, the check form and the missing checks."""
    terminals = visible_terminals(user).filter(office=office, status=TerminalStatus.IN_SERVICE)
    in_service = list(terminals.order_by("asset_number"))
    missing = unchecked_days(terminals, start, end)
    return Registers(
        terminals=in_service,
        entries=RoomEntry.objects.filter(office=office).order_by("-entered_at")[:50],
        keys=KeyLog.objects.filter(office=office).order_by("-taken_at")[:50],
        media=MediaItem.objects.filter(office=office)
        .select_related("disposal_requested_by", "disposal_approved_by")
        .prefetch_related("handovers"),
        veins=VeinEnrolment.objects.filter(office=office).select_related("operator"),
        missing=[(terminal, missing[terminal.pk]) for terminal in in_service],
    )


#: What a search of the usage log looks in (the portal's and the admin's).
USAGE_SEARCH_CODES = ("operator__employee_number", "terminal__asset_number", "card__serial")
USAGE_SEARCH_NAMES = ("operator__name",)


def usage_condition(*, day=None, month=None, q: str = "") -> Q:
    """By day (a date), by month ((year, month)), and by a search (``juki_admin.search``):
    the operator's name anywhere, or the start of their employee number, of the terminal's
    asset number or of the card's serial. One condition, for the list and for each of its
    parts (``usage_scopes``)."""
    # Ranges of aware datetimes, not __date or __month: those wrap the column in a time-zone
    # conversion that no index serves, and the log runs to millions of rows.
    condition = Q()
    if day:
        condition &= Q(
            started_at__gte=fiscal.day_start(day), started_at__lt=fiscal.day_start(day, days=1)
        )
    if month:
        first, following = fiscal.month_bounds(*month)
        condition &= Q(
            started_at__gte=fiscal.day_start(first), started_at__lt=fiscal.day_start(following)
        )
    if q:
        condition &= search_condition(
            UsageLogEntry, q, codes=USAGE_SEARCH_CODES, names=USAGE_SEARCH_NAMES
        )
    return condition


def uses_per_office(fiscal_year: int) -> dict[int, int]:
    """Look-ups recorded in the usage log per office in a fiscal year (feeds the plan)."""
    start, end = fiscal.fiscal_year_bounds(fiscal_year)
    return dict(
        UsageLogEntry.objects.filter(
            started_at__gte=fiscal.day_start(start), started_at__lt=fiscal.day_start(end, days=1)
        )
        .values("office")
        .annotate(n=Sum("lookups"))
        .values_list("office", "n")
    )


@dataclass
class PlanTable:
    fiscal_year: int
    lines: list[PlacementPlan]  # the lines the user may see
    totals: dict[str, int]  # of the whole prefecture
    in_service: dict[int, int]  # per office the user may see
    recorded_uses: dict[int, int]  # per office the user may see
    total_in_service: int  # of the whole prefecture
    whole: bool  # the user sees every office's line
    has_plan: bool = True  # the year has a placement plan at all


def placement_table(fiscal_year: int, user) -> PlanTable:
    """The placement plan of ``fiscal_year``. The plan is a prefecture-wide document: those
    who see every office get every line; an office-scoped role gets its own office's line
    with the prefecture totals, and no other office's figures (DESIGN.md rule 9)."""
    every = list(
        PlacementPlan.objects.filter(fiscal_year=fiscal_year)
        .select_related("office")
        .order_by("pk")
    )
    totals = {c: sum(getattr(line, c) or 0 for line in every) for c in PLAN_COLUMNS}
    visible = set(access.visible_offices(user).values_list("pk", flat=True))
    in_service_all = dict(
        Terminal.objects.filter(status=TerminalStatus.IN_SERVICE)
        .values("office")
        .annotate(n=Count("pk"))
        .values_list("office", "n")
    )
    recorded = uses_per_office(fiscal_year - 1)
    return PlanTable(
        fiscal_year,
        [line for line in every if line.office_id in visible],
        totals,
        {k: v for k, v in in_service_all.items() if k in visible},
        {k: v for k, v in recorded.items() if k in visible},
        sum(in_service_all.values()),
        access.sees_all_offices(user),
        bool(every),
    )


def leases_ending(on: dt.date | None = None, within: int | None = None) -> QuerySet[Lease]:
    on = on or fiscal.today()
    within = settings.LEASE_WARNING_DAYS if within is None else within
    return Lease.objects.filter(ends_on__gte=on, ends_on__lte=on + dt.timedelta(days=within))


def unchecked_days(
    terminals: QuerySet[Terminal], start: dt.date, end: dt.date
) -> dict[int, list[dt.date]]:
    """{terminal id: the working days from ``start`` (or its installation) to ``end`` without
    a daily check} for the terminals in service among ``terminals``. Reads ids and dates
    only: the home page counts them for thousands of terminals."""
    in_service = terminals.filter(status=TerminalStatus.IN_SERVICE)
    checked = set(
        DailyCheck.objects.filter(
            terminal__in=in_service.values("pk"), checked_on__range=(start, end)
        ).values_list("terminal_id", "checked_on")
    )
    days = fiscal.working_days(start, end)
    return {
        pk: [d for d in days if d >= max(start, installed_on) and (pk, d) not in checked]
        for pk, installed_on in in_service.order_by().values_list("pk", "installed_on")
    }


def missing_checks(
    user, start: dt.date, end: dt.date, office: Office | None = None
) -> list[tuple[Terminal, list[dt.date]]]:
    """For each terminal in service the user may see (of ``office`` alone if given), the
    working days without a check (``unchecked_days``)."""
    terminals = visible_terminals(user)
    if office is not None:
        terminals = terminals.filter(office=office)
    missing = unchecked_days(terminals, start, end)
    return [
        (terminal, missing[terminal.pk])
        for terminal in terminals.filter(status=TerminalStatus.IN_SERVICE).order_by(
            "office__code", "asset_number"
        )
    ]
