"""Benchmark: the reclaim watch, the card lists, the ledgers and the usage log at national
scale on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres juki_admin_national
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/juki_admin_national \\
        DEBUG=True .venv/bin/python bench/national_cards.py [--usage N] [--keep]

Migrates the database of DATABASE_URL and, when it holds no card yet, fills it (without
history, by bulk inserts and SQL) with: 1,000 offices, 70,000 staff, 100,000 cards of which
63,000 are in use, two fiscal years of accepted rosters designating every holder, about
216,000 card-ledger entries, and ``--usage`` usage-log entries (default 16,000,000; built
with ``generate_series`` in the database). About 1 % of the cards in use are due for
reclaim: a third by a departure, a third by a transfer, a third left off this year's roster.
It then prints the median and 95th-percentile server time and the query count of each page.
Prints numbers; asserts nothing. ``--drop`` empties the database afterwards. The build takes
about an hour on two busy cores (most of it the 16 million usage-log entries); later runs
reuse the data. ``BENCH_ONLY=label,label`` measures only the pages whose label starts so;
``BENCH_SLOWEST=1`` prints the slowest query of a page over 150 ms.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juki_admin.settings")
os.environ.setdefault("TWO_FACTOR_ENFORCED", "False")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

OFFICES = 1_000
STAFF = 70_000
CARDS = 100_000
IN_USE = 63_000
DUE_EVERY = 100  # one card in use in a hundred is due for reclaim
BATCH = 10_000


def timed(label, fn, runs=7):
    only = os.environ.get("BENCH_ONLY")
    if only and not any(label.startswith(prefix) for prefix in only.split(",")):
        return
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = fn()
            times.append(time.perf_counter() - start)
        status = getattr(response, "status_code", 200)
        assert status == 200, (label, status)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"{label:52} median {statistics.median(times) * 1000:8.1f} ms"
        f"  p95 {p95 * 1000:8.1f} ms  {len(queries):3d} queries",
        flush=True,
    )
    if statistics.median(times) > 0.150 and os.environ.get("BENCH_SLOWEST"):
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        print(f"    slowest query {float(slowest['time']) * 1000:.0f} ms: {slowest['sql'][:300]}")


def build(usage: int) -> None:
    from cards.models import Affair, Card, CardEvent, Designation, OperatorGroup, Roster
    from juki_admin.models import Office, Staff
    from terminals.models import Terminal

    today = dt.date.today()
    fy = today.year if today.month >= 4 else today.year - 1
    this_year, last_year = dt.date(fy, 4, 1), dt.date(fy - 1, 4, 1)
    started = time.perf_counter()
    with transaction.atomic():
        offices = Office.objects.bulk_create(
            [
                Office(
                    code=f"N{i:04d}",
                    name=f"全国事務所{i:04d}",
                    kind="passport_office",
                    hosts_terminals=True,
                )
                for i in range(OFFICES)
            ]
        )
        staff = []
        for start in range(0, STAFF, BATCH):
            staff += Staff.objects.bulk_create(
                [
                    Staff(
                        employee_number=f"E{i:07d}",
                        name=f"山田 太郎{i}",
                        kana=f"ヤマダ タロウ{i}",
                        office=offices[i % OFFICES],
                    )
                    for i in range(start, min(start + BATCH, STAFF))
                ]
            )
        holders = staff[:IN_USE]
        due = holders[::DUE_EVERY]
        retiring, moving, left_off = due[0::3], due[1::3], {s.pk for s in due[2::3]}
        cards = []
        for start in range(0, CARDS, BATCH):
            rows = []
            for i in range(start, min(start + BATCH, CARDS)):
                if i < IN_USE:
                    holder = holders[i]
                    rows.append(
                        Card(
                            serial=f"C{i:07d}",
                            kind="individual",
                            status="issued",
                            holder=holder,
                            office_id=holder.office_id,
                            registered_on=dt.date(2015, 4, 1),
                            issued_on=dt.date(2015 + i % 10, 5, 1),
                        )
                    )
                else:
                    rows.append(
                        Card(
                            serial=f"C{i:07d}",
                            kind="individual",
                            status="stock" if i % 2 else "returned",
                            registered_on=dt.date(2015, 4, 1),
                        )
                    )
            cards += Card.objects.bulk_create(rows)
        groups = OperatorGroup.objects.bulk_create(
            [OperatorGroup(office=o, name="窓口班", unit="team") for o in offices[:200]]
        )
        Card.objects.bulk_create(
            [
                Card(
                    serial=f"G{i:05d}",
                    kind="group",
                    status="issued",
                    group=g,
                    office_id=g.office_id,
                    registered_on=dt.date(2015, 4, 1),
                    issued_on=dt.date(2016, 5, 1),
                )
                for i, g in enumerate(groups)
            ]
        )
        Affair.objects.get_or_create(code="01", defaults={"name": "旅券"})
        for year, start in ((fy - 1, last_year), (fy, this_year)):
            rosters = Roster.objects.bulk_create(
                [
                    Roster(
                        office=o,
                        fiscal_year=year,
                        version=1,
                        status="accepted",
                        effective_on=start,
                    )
                    for o in offices
                ]
            )
            by_office = {r.office_id: r for r in rosters}
            for begin in range(0, IN_USE, BATCH):
                Designation.objects.bulk_create(
                    [
                        Designation(
                            roster=by_office[h.office_id],
                            staff=h,
                            use_mode="individual",
                            designated_on=start,
                        )
                        for h in holders[begin : begin + BATCH]
                        if year < fy or h.pk not in left_off
                    ]
                )
        # departures and transfers of this year
        Staff.objects.filter(pk__in=[s.pk for s in retiring]).update(
            status="retired", status_date=this_year + dt.timedelta(days=60)
        )
        for i, s in enumerate(moving):
            Staff.objects.filter(pk=s.pk).update(
                office_id=offices[(i + 7) % OFFICES].pk,
                office_since=this_year + dt.timedelta(days=30 + i % 90),
            )
        # the ledger: registration of every card, issue of those in use, and a
        # few earlier issue/reclaim/return rounds: about 216,000 entries
        kinds = ("issue", "password_change", "reclaim")
        for begin in range(0, CARDS, BATCH):
            events = []
            for card in cards[begin : begin + BATCH]:
                events.append(CardEvent(card=card, kind="register", occurred_on=card.registered_on))
                if card.holder_id:
                    events.append(
                        CardEvent(
                            card=card,
                            kind="issue",
                            occurred_on=card.issued_on,
                            office_id=card.office_id,
                            holder_id=card.holder_id,
                        )
                    )
                    for k in range(card.pk % 3):
                        events.append(
                            CardEvent(
                                card=card,
                                kind=kinds[k],
                                occurred_on=dt.date(2016 + k + card.pk % 8, 7, 1),
                                office_id=card.office_id,
                                holder_id=card.holder_id,
                            )
                        )
            CardEvent.objects.bulk_create(events)
        Terminal.objects.bulk_create(
            [
                Terminal(
                    asset_number=f"T{i:05d}",
                    office=offices[i % OFFICES],
                    installed_on=dt.date(2015, 4, 1),
                )
                for i in range(2_000)
            ]
        )
    print(f"built cards in {time.perf_counter() - started:.0f} s", flush=True)
    from django.core.management import call_command

    call_command("rebuild_reclaim_watch")  # the data was written around the services
    if usage:
        build_usage(usage)
    connection.close()
    import psycopg

    url = os.environ["DATABASE_URL"]
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as raw:
        raw.execute("VACUUM ANALYZE")
    print(f"built and analysed in {time.perf_counter() - started:.0f} s", flush=True)


def build_usage(n: int) -> None:
    """``n`` usage-log entries over five years, made by the database itself."""
    from cards.models import Affair
    from terminals.models import UsageLogEntry

    started = time.perf_counter()
    table = UsageLogEntry._meta.db_table
    affair = Affair.objects.order_by("pk").first().pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), count(*) FROM terminals_terminal")
        first_terminal, terminals = cursor.fetchone()
        cursor.execute("SELECT min(id) FROM cards_card")
        first_card = cursor.fetchone()[0]
        cursor.execute("SELECT min(id) FROM juki_admin_office")
        first_office = cursor.fetchone()[0]
        cursor.execute("SELECT min(id) FROM juki_admin_staff")
        first_staff = cursor.fetchone()[0]
        for begin in range(0, n, 2_000_000):
            size = min(2_000_000, n - begin)
            # terminal t sits in office t % 1000; card c is held by staff c (same office
            # when c % 1000 == t % 1000)
            cursor.execute(
                f"""
                INSERT INTO {table} (created_at, updated_at, terminal_id, office_id,
                    operator_id, card_id, affair_id, started_at, ended_at, lookups)
                SELECT now(), now(), %(t0)s + (g %% {terminals}), %(o0)s + (g %% 1000),
                    %(s0)s + ((g %% 63) * 1000 + (g %% 1000)),
                    %(c0)s + ((g %% 63) * 1000 + (g %% 1000)), %(affair)s,
                    timestamp with time zone '{dt.date.today().year - 5}-04-01 09:00+09'
                        + (g * interval '9 seconds'),
                    timestamp with time zone '{dt.date.today().year - 5}-04-01 09:10+09'
                        + (g * interval '9 seconds'),
                    1 + g %% 5
                FROM generate_series(%(lo)s, %(hi)s) AS g
                """,
                {
                    "t0": first_terminal,
                    "o0": first_office,
                    "s0": first_staff,
                    "c0": first_card,
                    "affair": affair,
                    "lo": begin,
                    "hi": begin + size - 1,
                },
            )
            print(f"  usage log: {begin + size:,} entries", flush=True)
    print(f"built the usage log in {time.perf_counter() - started:.0f} s", flush=True)


def measure() -> None:
    from django.core.management import call_command
    from django.test import Client

    from cards.models import Card, CardEvent
    from cards.selectors import due_reclaims
    from juki_admin.access import Role
    from juki_admin.models import Office
    from terminals.models import UsageLogEntry
    from tests.factories import make_user

    setup_test_environment()
    office = Office.objects.get(code="N0001")
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    admin_user = users.filter(username="nat-admin").first() or make_user(
        Role.SYSTEM_ADMIN, office, username="nat-admin", is_staff=True
    )
    head = users.filter(username="nat-head").first() or make_user(
        Role.OFFICE_HEAD, office, username="nat-head"
    )
    print(
        f"{Card.objects.count():,} cards, {CardEvent.objects.count():,} ledger entries, "
        f"{UsageLogEntry.objects.count():,} usage-log entries on {connection.vendor}",
        flush=True,
    )
    due = due_reclaims(Card.objects.all(), upcoming_days=30)
    print(f"{len(due)} cards due for reclaim within 30 days", flush=True)
    admin = Client()
    admin.force_login(admin_user)
    office_head = Client()
    office_head.force_login(head)
    import io

    timed(
        "due_reclaims (all offices, +30 days)",
        lambda: due_reclaims(Card.objects.all(), upcoming_days=30),
    )
    timed("reclaim watch, system administrator", lambda: admin.get("/cards/reclaims/"))
    timed("reclaim watch, office head", lambda: office_head.get("/cards/reclaims/"))
    timed("portal home, system administrator", lambda: admin.get("/"))
    timed("portal home, office head", lambda: office_head.get("/"))
    timed(
        "check_reclaims",
        lambda: call_command("check_reclaims", stdout=io.StringIO()),
        runs=3,
    )
    timed("portal card list", lambda: admin.get("/cards/"))
    timed("admin card list", lambda: admin.get("/admin/cards/card/"))
    timed("admin card search (name)", lambda: admin.get("/admin/cards/card/?q=山田 太郎4711"))
    timed("admin card search (serial)", lambda: admin.get("/admin/cards/card/?q=C0047110"))
    timed("card ledger, all offices", lambda: admin.get("/cards/ledger/"))
    timed("card ledger, one office", lambda: admin.get(f"/cards/ledger/?office={office.pk}"))
    timed(
        "card ledger PDF, one office",
        lambda: admin.get(f"/cards/ledger/?office={office.pk}&format=pdf"),
        runs=3,
    )
    timed("admin card ledger", lambda: admin.get("/admin/cards/cardevent/"))
    timed("usage log, all offices", lambda: admin.get("/terminals/usage/"))
    timed("usage log, office head", lambda: office_head.get("/terminals/usage/"))
    timed("usage log search (name)", lambda: admin.get("/terminals/usage/?q=山田 太郎4711"))
    timed("usage log search (serial)", lambda: admin.get("/terminals/usage/?q=C0004711"))
    timed("admin usage log", lambda: admin.get("/admin/terminals/usagelogentry/"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--usage", type=int, default=16_000_000)
    parser.add_argument("--drop", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL database.")
    from django.core.management import call_command

    from cards.models import Card

    call_command("migrate", verbosity=0)
    if not Card.objects.exists():
        build(args.usage)
    try:
        measure()
    finally:
        if args.drop:
            call_command("flush", interactive=False, verbosity=0)


if __name__ == "__main__":
    main()
