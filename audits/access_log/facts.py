"""What the reconciliation checks the look-ups against, besides the look-ups themselves: the
cards' issued periods (from their ledger), who held each card, the group cards' usage log and
the business hours. Read once per reconciliation; ``reconcile`` and the PostgreSQL prefilter
(``prefilter``) both decide with these."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

from django.conf import settings

from cards.choices import TRANSITIONS, CardEventKind, CardStatus
from cards.models import CardEvent
from juki_admin.models import Staff
from terminals.models import UsageLogEntry

#: The status a card has after each ledger entry (from the one transition table).
_AFTER = {t.event: t.to for t in TRANSITIONS.values() if t.to is not None}


def _issued_periods(card_ids) -> dict[int, list[tuple[dt.date, dt.date | None, int | None]]]:
    """Per card, the periods it was issued (usable): [(from, to or None, office id)], from
    its ledger. A day on which it changed counts as issued (entries carry no time)."""
    periods: dict[int, list] = defaultdict(list)
    current: dict[int, tuple[dt.date, int | None] | None] = {}
    for card_id, kind, on, office_id in (
        CardEvent.objects.filter(card_id__in=card_ids)
        .order_by("card_id", "occurred_on", "pk")
        .values_list("card_id", "kind", "occurred_on", "office_id")
        .iterator(chunk_size=20000)
    ):
        status = _AFTER.get(kind)
        if status is None:
            continue
        start = current.get(card_id)
        if status == CardStatus.ISSUED and start is None:
            current[card_id] = (on, office_id)
        elif status != CardStatus.ISSUED and start is not None:
            periods[card_id].append((start[0], on, start[1]))
            current[card_id] = None
    for card_id, start in current.items():
        if start is not None:
            periods[card_id].append((start[0], None, start[1]))
    return periods


def _period_on(periods, day):
    for start, end, office_id in periods:
        if start <= day and (end is None or day <= end):
            return start, end, office_id
    return None


class _Holders:
    """Who held each card: the holder its first issue names, else the card's holder; and
    from which day each holder is away, by ``Staff.has_left`` (the one rule), worked out once
    per holder rather than once per look-up (``has_left`` costs microseconds a call)."""

    def __init__(self, card_ids):
        self.staff = {s.pk: s for s in Staff.objects.only("pk", "status", "status_date", "name")}
        self.by_card = dict(
            CardEvent.objects.filter(card_id__in=card_ids, kind=CardEventKind.ISSUE)
            .order_by("card_id", "occurred_on", "pk")
            .values_list("card_id", "holder_id")
        )
        self.away_from = {
            pk: away for pk, holder in self.staff.items() if (away := _away_from(holder))
        }

    def of(self, card: dict) -> Staff | None:
        return self.staff.get(self.by_card.get(card["pk"]) or card["holder_id"])

    def first_day_away(self, card: dict) -> dt.date | None:
        """The first day the holder of ``card`` is away, or None."""
        holder = self.of(card)
        return self.away_from.get(holder.pk) if holder is not None else None

    def away_on(self, holder: Staff, day: dt.date) -> bool:
        """``holder.has_left(day)``."""
        away = self.away_from.get(holder.pk)
        return away is not None and away <= day


def _away_from(holder: Staff | None) -> dt.date | None:
    """The first day ``holder`` is away (``has_left`` from that day on), or None."""
    if holder is not None and holder.status_date and holder.has_left(holder.status_date):
        return holder.status_date
    return None


def _business_hours() -> tuple[dt.time, dt.time]:
    start, end = settings.ACCESS_BUSINESS_HOURS
    return dt.time.fromisoformat(start), dt.time.fromisoformat(end)


def _group_usage(since, until, card_ids):
    """Usage-log entries of group cards around the period: {(terminal, card): [(start,
    end)]}, sorted, for a bisect per look-up."""
    usage = defaultdict(list)
    slack = dt.timedelta(hours=12)
    for terminal_id, card_id, started, ended in (
        UsageLogEntry.objects.filter(
            card_id__in=card_ids, started_at__gte=since - slack, started_at__lt=until
        )
        .order_by("started_at")
        .values_list("terminal_id", "card_id", "started_at", "ended_at")
        .iterator(chunk_size=20000)
    ):
        usage[(terminal_id, card_id)].append((started, ended or started + slack))
    return usage


def _covered(entries, at) -> bool:
    i = bisect.bisect_right(entries, (at, at)) - 1
    while i >= 0:
        started, ended = entries[i]
        if started <= at <= ended:
            return True
        if at - started > dt.timedelta(hours=12):
            return False
        i -= 1
    return False
