"""When a card falls due for reclaim (DESIGN.md rule 2): the one definition.

A card of a person (an individual card) in use is due for reclaim during each period in
which one of these holds:

- ``status``: its holder's leaving status (on leave, retired, transferred) has taken effect,
  from the status date on;
- ``transfer``: its holder belongs to another office than the card, from the transfer's
  effective date (``Staff.office_since``; the issue date when unknown);
- ``roster``: the roster in force of the card's office leaves the holder out (or designates
  them for group use only), from the first day of each unbroken run of rosters in force
  without them (not before the card was issued) until the day a roster in force designates
  them again. The roster in force on a day is defined once, by ``ROSTER_PRECEDENCE`` below
  (read here and by ``selectors.rosters_in_force``): among the accepted rosters already in
  effect, the latest fiscal year and, within it, the latest version; so a roster for next
  year accepted in March counts from 1 April.

On a given day a card is due when one of its periods covers that day; it is due since the
earliest start among those periods. The periods are worked out here from the card, its
holder and its office's rosters, and kept in ``ReclaimPeriod`` by the services that change
any of these (``cards.services.reclaim_watch_refresh``), so that the reclaim watch reads
the few due cards through an index instead of working out every card in use.

This module reads through the model classes it is given, so that a migration can run it
with its historical models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

# the choices modules hold only Django's enumerations: a migration may import them too
from juki_admin.choices import away_from

from .choices import IN_USE, CardKind, RosterStatus, UseMode

#: Causes in the order that breaks a tie between periods starting on the same day.
CAUSE_ORDER = ("status", "transfer", "roster")

#: The roster in force (the one rule): on a given day, among an office's accepted rosters
#: whose ``effective_on`` has come, the one that is greatest by these fields (the latest
#: fiscal year, then the latest version). ``selectors.rosters_in_force`` orders by them;
#: ``roster_changes`` compares rows by them.
ROSTER_PRECEDENCE = ("fiscal_year", "version")
#: The fields of a roster row for ``roster_changes``: id, office, the precedence, the date.
ROSTER_ROW = ("pk", "office_id", *ROSTER_PRECEDENCE, "effective_on")


class Period(NamedTuple):
    cause: str
    starts_on: dt.date
    ends_on: dt.date | None  # the first day it no longer holds; None: until further notice


class CardFacts(NamedTuple):
    """What decides a card's periods: the card and its holder as they stand."""

    card_id: int
    office_id: int | None
    issued_on: dt.date | None
    holder_id: int
    holder_status: str
    holder_status_date: dt.date | None
    holder_office_id: int
    holder_office_since: dt.date | None


#: Per office: the days its roster in force changed, each with the staff that roster
#: designates for an individual card, oldest first.
RosterChanges = list[tuple[dt.date, frozenset[int]]]


def periods_of(facts: CardFacts, changes: RosterChanges) -> list[Period]:
    """The periods in which the card of ``facts`` is due for reclaim (see the module)."""
    found = []
    away = away_from(facts.holder_status, facts.holder_status_date)
    if away is not None:
        found.append(Period("status", away, None))
    if facts.holder_office_id != facts.office_id:
        since = facts.holder_office_since or facts.issued_on
        if since is not None:
            found.append(Period("transfer", since, None))
    start = None
    for day, designated in changes:
        if facts.holder_id in designated:
            if start is not None:
                found.append(_roster_period(start, day, facts.issued_on))
                start = None
        elif start is None:
            start = day
    if start is not None:
        found.append(_roster_period(start, None, facts.issued_on))
    return [p for p in found if p.ends_on is None or p.starts_on < p.ends_on]


def _roster_period(start: dt.date, end: dt.date | None, issued_on: dt.date | None) -> Period:
    return Period("roster", max(start, issued_on) if issued_on else start, end)


def roster_changes(rosters: Iterable[tuple], designations: Iterable[tuple[int, int]]):
    """{office id: RosterChanges} from accepted rosters (rows of ``ROSTER_ROW``: id, office
    id, fiscal year, version, effective date) and their individual-card designations
    (roster id, staff id). On each day a roster takes effect, the roster in force is the
    greatest by ``ROSTER_PRECEDENCE`` of those in effect."""
    designated: dict[int, set[int]] = {}
    for roster_id, staff_id in designations:
        designated.setdefault(roster_id, set()).add(staff_id)
    by_office: dict[int, list[tuple]] = {}
    for row in rosters:
        by_office.setdefault(row[1], []).append(row)
    result: dict[int, RosterChanges] = {}
    for office_id, rows in by_office.items():
        changes: RosterChanges = []
        current = None
        for day in sorted({r[-1] for r in rows}):
            best = max((r for r in rows if r[-1] <= day), key=_precedence)
            if best[0] != current:
                current = best[0]
                changes.append((day, frozenset(designated.get(current, ()))))
        result[office_id] = changes
    return result


def _precedence(row: tuple) -> tuple:
    """A ``ROSTER_ROW`` row's ``ROSTER_PRECEDENCE`` values (greater: in force over the other)."""
    return row[2 : 2 + len(ROSTER_PRECEDENCE)]


def compute(cards, *, Card, Roster, Designation) -> dict[int, list[Period]]:  # noqa: N803
    """{card id: its periods} for the cards of the queryset ``cards`` (of ``Card``); cards
    not in use, group cards and cards with no period are left out. Three queries whatever
    the number of cards."""
    facts = [
        CardFacts(*row)
        for row in cards.filter(status__in=IN_USE, kind=CardKind.INDIVIDUAL, holder__isnull=False)
        .order_by()
        .values_list(
            "pk",
            "office_id",
            "issued_on",
            "holder_id",
            "holder__status",
            "holder__status_date",
            "holder__office_id",
            "holder__office_since",
        )
    ]
    offices = {f.office_id for f in facts}
    rosters = list(
        Roster.objects.filter(office_id__in=offices, status=RosterStatus.ACCEPTED)
        .exclude(effective_on=None)
        .values_list(*ROSTER_ROW)
    )
    designations = Designation.objects.filter(
        roster_id__in=[r[0] for r in rosters], use_mode=UseMode.INDIVIDUAL
    ).values_list("roster_id", "staff_id")
    changes = roster_changes(rosters, designations)
    result = {}
    for f in facts:
        periods = periods_of(f, changes.get(f.office_id, []))
        if periods:
            result[f.card_id] = periods
    return result
