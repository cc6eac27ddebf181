"""Benchmark: importing and reconciling the access log on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/juki_admin_bench DEBUG=True \\
        .venv/bin/python bench/access_log.py [N]                (default N = 1,000,000)

In a throw-away test database with a prefecture's worth of cards and terminals, writes an
access-log CSV of N look-ups (mostly explained, a few per thousand not), then prints:
- the import, beside (a) a COPY of the same file into a bare table and (b) a COPY of the rows
  the import wrote into a table created `LIKE` the access-record table `INCLUDING INDEXES`,
  both over an already open psycopg connection, in interleaved rounds (each rolled back):
  wall time, CPU time of this process and of its PostgreSQL backend (from /proc), and the
  ratios of the import to (a) and (b);
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


ROUNDS = 3


def compare_with_copy(path: Path, actor, settings_dict: dict, rounds: dict) -> None:
    """ROUNDS interleaved rounds of: the import (rolled back), a COPY of the same file into a
    bare table, and a COPY of the very rows the import wrote into a table created ``LIKE``
    the access-record table ``INCLUDING INDEXES``, both over a psycopg connection opened
    before the first round and rolled back too."""
    from django.db import transaction

    from audits.access_log import access_log_import
    from audits.models import AccessRecord

    table = AccessRecord._meta.db_table
    rows_file = path.with_suffix(".rows")
    reference = common.reference_connection(settings_dict)
    with reference.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_bare (ts timestamptz, terminal text, card text, "
            "operator text, operation text, records int)"
        )
        cursor.execute(f"CREATE TABLE bench_like (LIKE {table} INCLUDING INDEXES)")
    reference.commit()
    reference_pid = reference.info.backend_pid
    pid = common.django_backend_pid()

    def run_import():
        with transaction.atomic():
            with path.open("rb") as stream:
                report = access_log_import(stream=stream, name=path.name, actor=actor)
            assert report.ok, report.errors[:3]
            if not rows_file.exists():
                common.dump_rows(
                    f"SELECT * FROM {table} WHERE file_id = %s", [report.file.pk], rows_file
                )
            transaction.set_rollback(True)

    common.interleave(
        rounds,
        [
            ("import", pid, run_import),
            (
                "COPY, bare table",
                reference_pid,
                lambda: common.copy_in(
                    reference, "COPY bench_bare FROM STDIN (FORMAT csv, HEADER)", path
                ),
            ),
            (
                "COPY, table LIKE the real one",
                reference_pid,
                lambda: common.copy_in(reference, "COPY bench_like FROM STDIN", rows_file),
            ),
        ],
        ROUNDS,
    )
    reference.close()


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

            rounds = {"import": [], "COPY, bare table": [], "COPY, table LIKE the real one": []}
            compare_with_copy(path, actor, settings_dict, rounds)
            common.print_costs(
                rounds,
                n,
                against=("COPY, bare table", "COPY, table LIKE the real one"),
            )
            print(f"peak memory of this process: {peak_mb():.0f} MB")
            # the import once more, kept, for the reconciliation below
            with path.open("rb") as stream:
                report = access_log_import(stream=stream, name=path.name, actor=actor)
            assert report.ok, report.errors[:3]

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
