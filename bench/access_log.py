"""Benchmark: importing and reconciling the access log on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/juki_admin_bench DEBUG=True \\
        .venv/bin/python bench/access_log.py [N]                (default N = 1,000,000)

In a throw-away test database with a prefecture's worth of cards and terminals, writes an
access-log CSV of N look-ups (mostly explained, a few per thousand not), then prints:
- the import (streaming, COPY) in rows per second, beside `psql \\copy` of the same file into
  a bare table, and into a table indexed as the access log is, on the same machine;
- the reconciliation of the whole period;
- the peak memory (max RSS) of this process, which does not grow with N (run it with two
  values of N to see).
Prints numbers; asserts nothing.
"""

import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import common  # sets up Django as tests/conftest.py has it
from django.db import connection
from django.test.utils import setup_test_environment


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_log(path: Path, n: int, terminals: list[str], cards: list[str]) -> None:
    """N look-ups over the working days of October 2026 between 9:00 and 17:00, with 0.3 %
    at night and 0.1 % with an unknown card."""
    from juki_admin import fiscal

    rng = random.Random(2026)
    days = fiscal.working_days(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    tz = dt.timezone(dt.timedelta(hours=9))
    per_day = 8 * 3600
    with path.open("w", encoding="utf-8") as out:
        out.write("timestamp,terminal,card,operator_id,operation,records\n")
        for i in range(n):
            day = days[i * len(days) // n]
            second = (i * len(days) * per_day // n) % per_day
            moment = dt.datetime.combine(day, dt.time(9), tz) + dt.timedelta(seconds=second)
            if rng.random() < 0.003:
                moment = moment.replace(hour=22)
            card = cards[i % len(cards)] if rng.random() > 0.001 else f"X{i}"
            out.write(f"{moment.isoformat()},{terminals[i % len(terminals)]},{card},,検索,1\n")


def main(n: int) -> None:
    from audits.access_log import access_log_import, reconcile
    from cards.models import Card
    from juki_admin.access import Role
    from juki_admin.models import Office
    from terminals.models import Terminal
    from tests.factories import bulk_issued_cards, make_user

    if connection.vendor != "postgresql":
        print("Run this on PostgreSQL (DATABASE_URL=postgres://...).")
        return
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings_dict = connection.settings_dict
    try:
        office = Office.objects.create(code="B01", name="ベンチ事務所", kind="passport_office")
        bulk_issued_cards(office, 2000)
        cards = list(Card.objects.values_list("serial", flat=True))
        terminals = [
            Terminal.objects.create(
                asset_number=f"T{i:04d}", office=office, installed_on=dt.date(2020, 4, 1)
            ).asset_number
            for i in range(42)
        ]
        actor = make_user(Role.SYSTEM_ADMIN, office, username="bench-admin")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "access.csv"
            write_log(path, n, terminals, cards)
            size = path.stat().st_size // (1024 * 1024)
            print(f"{n:,} look-ups ({size} MB) on {connection.vendor}")

            start = time.perf_counter()
            with path.open("rb") as stream:
                report = access_log_import(stream=stream, name=path.name, actor=actor)
            took = time.perf_counter() - start
            assert report.ok, report.errors[:3]
            print(
                f"import (COPY)            {took:7.1f} s  {n / took:10,.0f} rows/s"
                f"  peak {peak_mb():6.0f} MB"
            )

            common.psql(
                settings_dict,
                "-c",
                "CREATE TABLE bench_raw (ts timestamptz, terminal "
                "text, card text, operator text, operation text, records int)",
            )
            start = time.perf_counter()
            common.psql(settings_dict, "-c", f"\\copy bench_raw FROM '{path}' CSV HEADER")
            raw = time.perf_counter() - start
            print(
                f"psql \\copy (bare table) {raw:7.1f} s  {n / raw:10,.0f} rows/s"
                f"  (import / \\copy = {took / raw:.2f}×)"
            )
            # the same file into a table indexed as the access log is (an identity key, BRIN
            # on time, card and time, terminal and time, vein operator and time, file): what
            # keeping the look-ups indexed costs any loader
            common.psql(
                settings_dict,
                "-c",
                "CREATE TABLE bench_indexed (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY "
                "KEY, file int DEFAULT 1, ts timestamptz, terminal text, card text, operator "
                "text, operation text, records int);"
                "CREATE INDEX ON bench_indexed USING brin (ts);"
                "CREATE INDEX ON bench_indexed (card, ts);"
                "CREATE INDEX ON bench_indexed (terminal, ts);"
                "CREATE INDEX ON bench_indexed (operator, ts) WHERE operator IS NOT NULL;"
                "CREATE INDEX ON bench_indexed (file);",
            )
            start = time.perf_counter()
            common.psql(
                settings_dict,
                "-c",
                f"\\copy bench_indexed (ts, terminal, card, operator, operation, records) "
                f"FROM '{path}' CSV HEADER",
            )
            indexed = time.perf_counter() - start
            print(
                f"psql \\copy (indexed)    {indexed:7.1f} s  {n / indexed:10,.0f} rows/s"
                f"  (import / \\copy = {took / indexed:.2f}×)"
            )

        from django.db import transaction

        from audits.access_log import prefilter as suspects_prefilter

        # both ways: reading every look-up in Python, and reading only the suspects that
        # PostgreSQL selects (the default); the first is rolled back
        for prefilter, label in ((False, "every look-up read"), (True, "suspects only")):
            suspects_prefilter.PREFILTER = prefilter
            with transaction.atomic():
                start = time.perf_counter()
                result = reconcile(
                    start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31), actor=actor
                )
                took = time.perf_counter() - start
                transaction.set_rollback(not prefilter)
            print(
                f"reconciliation ({label:18}) {took:5.1f} s  {result.records:,} look-ups, "
                f"{result.new_findings:,} findings  peak {peak_mb():6.0f} MB"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
