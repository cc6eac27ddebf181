"""The suspects prefilter of the reconciliation, on PostgreSQL: read only the look-ups that
may break a rule. The rules themselves are decided in Python (``reconcile``), for these rows
as for all; the prefilter leaves out only look-ups that provably pass every rule.

``PREFILTER`` is the one switch: ``reconcile`` reads it here, at each run (a test and the
benchmark set ``prefilter.PREFILTER`` to compare both ways).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.db.models.expressions import RawSQL

from cards.choices import CardKind
from juki_admin import fiscal

from ..models import AccessRecord
from .facts import _business_hours, _Holders

#: On PostgreSQL, the reconciliation reads only the look-ups that may break a rule
#: (``_suspects``); the rules themselves are decided in Python, for these rows, as for all.
PREFILTER = True

_TABLE = "juki_reconcile_plain"


def _suspects(records, start, end, periods, cards, holders: _Holders, terminals):
    """``records`` narrowed, in SQL, to the look-ups that some rule of ``reconcile`` may
    flag. A look-up is left out only when it provably passes every rule: a known terminal
    and code, a working day within business hours, and a *plain* card — an individual card
    with a single issued period, its holder not away in it — used within that period on a
    terminal of the period's office. Every look-up of any other card is read, so the
    findings are the same as when every look-up is read (a test runs both ways)."""
    opens, closes = _business_hours()
    days_off = [
        start + dt.timedelta(days=i)
        for i in range((end - start).days + 1)
        if not fiscal.is_working_day(start + dt.timedelta(days=i))
    ]
    table = _TABLE
    terminals_of: dict[int, list[int]] = defaultdict(list)
    for terminal_id, terminal in terminals.items():
        terminals_of[terminal["office_id"]].append(terminal_id)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TEMP TABLE {table} (card_id bigint PRIMARY KEY, start_day date NOT NULL, "
            "end_day date NOT NULL, terminals bigint[] NOT NULL)"
        )
        with cursor.cursor.copy(
            f"COPY {table} (card_id, start_day, end_day, terminals) FROM STDIN"
        ) as copy:
            for card_id, spans in periods.items():
                card = cards[card_id]
                if card["kind"] != CardKind.INDIVIDUAL or len(spans) != 1:
                    continue
                begin, finish, office_id = spans[0]
                away = holders.first_day_away(card)
                if not terminals_of.get(office_id):
                    continue
                if away is not None:
                    # plain only up to the day before the holder is away
                    away_eve = away - dt.timedelta(days=1)
                    finish = min(finish or away_eve, away_eve)
                if finish is not None and finish < begin:
                    continue
                copy.write_row((card_id, begin, finish or dt.date.max, terminals_of[office_id]))
        cursor.execute(f"ANALYZE {table}")
    record = AccessRecord._meta.db_table
    zone = settings.TIME_ZONE
    # two relations only (the look-ups, the plain cards with their office's terminals): the
    # planner hashes the small one whatever it guesses of the time filters
    innocent = RawSQL(
        f"""SELECT r.id FROM {record} r
        JOIN {table} p ON p.card_id = r.card_id
        WHERE r.at >= %s AND r.at < %s
          AND r.terminal_id = ANY(p.terminals)
          AND (r.at AT TIME ZONE %s)::date BETWEEN p.start_day AND p.end_day
          AND NOT (r.at AT TIME ZONE %s)::date = ANY(%s::date[])
          AND (r.at AT TIME ZONE %s)::time BETWEEN %s AND %s""",
        [
            fiscal.day_start(start),
            fiscal.day_start(end, days=1),
            zone,
            zone,
            days_off,
            zone,
            opens,
            closes,
        ],
    )
    return records.exclude(pk__in=innocent)


def _drop_suspects_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_TABLE}")
