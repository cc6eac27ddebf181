"""Benchmark: the terminal usage log at a million entries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/juki_admin_bench \\
        DEBUG=True .venv/bin/python bench/usage_log.py [N]          (default N=1,000,000)

Builds N entries over 10 offices, 40 terminals and 400 operators in a throw-away test
database (the PostgreSQL of DATABASE_URL; SQLite in memory without it), then prints the
median time and the query count of the usage-log list, a month filter, a day filter and the
searches, as an office's identity-data manager and as the system administrator sees them.
Prints numbers; asserts nothing.
"""

import datetime as dt
import sys
import time

import common  # sets up Django as tests/conftest.py has it
from django.db import connection
from django.test.utils import setup_test_environment

BATCH = 20_000


def timed(label, fn, runs=5):
    median, p95, queries, _slowest = common.measure(fn, runs)
    print(f"{label:48} median {median:8.1f} ms  p95 {p95:8.1f} ms  {queries:3d} queries")


def build(n: int):
    from django.utils import timezone

    from cards.choices import CardKind, CardStatus
    from cards.models import Affair, Card
    from juki_admin.access import Role
    from juki_admin.models import Office, Staff
    from terminals.models import Terminal, UsageLogEntry
    from tests.factories import make_user

    offices = [
        Office.objects.create(code=f"B{i:02d}", name=f"ベンチ事務所{i}", kind="passport_office")
        for i in range(10)
    ]
    terminals = [
        Terminal.objects.create(
            asset_number=f"BT-{i:03d}", office=offices[i % 10], installed_on=dt.date(2020, 1, 1)
        )
        for i in range(40)
    ]
    staff = Staff.objects.bulk_create(
        [
            Staff(employee_number=f"B{i:06d}", name=f"職員{i:04d}", office=offices[i % 10])
            for i in range(400)
        ]
    )
    cards = Card.objects.bulk_create(
        [
            Card(
                serial=f"BC{i:06d}",
                kind=CardKind.INDIVIDUAL,
                status=CardStatus.ISSUED,
                holder=s,
                office=s.office,
                registered_on=dt.date(2020, 1, 1),
            )
            for i, s in enumerate(staff)
        ]
    )
    affair = Affair.objects.create(code="BENCH", name="旅券事務")
    start = timezone.make_aware(dt.datetime(2021, 4, 1, 9, 0))
    made = 0
    while made < n:
        size = min(BATCH, n - made)
        rows = []
        for i in range(made, made + size):
            k = i % 400
            rows.append(
                UsageLogEntry(
                    terminal=terminals[k % 40],
                    office_id=staff[k].office_id,
                    operator=staff[k],
                    card=cards[k],
                    affair=affair,
                    started_at=start + dt.timedelta(minutes=3 * i),
                    ended_at=start + dt.timedelta(minutes=3 * i + 2),
                    lookups=i % 13,
                )
            )
        UsageLogEntry.objects.bulk_create(rows, batch_size=BATCH)
        made += size
        print(f"  {made:,} entries", end="\r", flush=True)
    print()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    manager = make_user(Role.IDENTITY_MANAGER, offices[0], username="bench-manager")
    admin_user = make_user(Role.SYSTEM_ADMIN, offices[0], username="bench-admin", is_staff=True)
    return manager, admin_user


def main(n: int) -> None:
    from django.test import Client

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        began = time.perf_counter()
        manager, admin_user = build(n)
        print(
            f"{n:,} usage-log entries on {connection.vendor}, built in "
            f"{time.perf_counter() - began:.0f} s"
        )
        for label, user in (
            ("identity-data manager", manager),
            ("system administrator", admin_user),
        ):
            client = Client()
            client.force_login(user)
            print(f"as the {label}:")
            timed("  list (page 1)", lambda c=client: c.get("/terminals/usage/"))
            timed("  list (page 100)", lambda c=client: c.get("/terminals/usage/?page=100"))
            timed("  filter: one month", lambda c=client: c.get("/terminals/usage/?month=2022-05"))
            timed("  filter: one day", lambda c=client: c.get("/terminals/usage/?day=2022-05-10"))
            timed(
                "  search: employee number", lambda c=client: c.get("/terminals/usage/?q=B000010")
            )
            timed(
                "  search: part of a name", lambda c=client: c.get("/terminals/usage/?q=職員0010")
            )
            timed("  search: card serial", lambda c=client: c.get("/terminals/usage/?q=BC000020"))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
