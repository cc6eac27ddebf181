"""Benchmark: the staff import on PostgreSQL, beside a COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/juki_admin_bench DEBUG=True \\
        .venv/bin/python bench/staff_import.py [N]              (default N = 10,000)

In a throw-away test database with 200 offices, writes the personnel system's CSV of N
people and prints:
- interleaved rounds of the first import (rolled back) beside (a) a COPY of the same file into
  a bare table and (b) a COPY of the staff rows it wrote into a table created `LIKE` the
  staff table `INCLUDING ALL`, both over an already open psycopg connection: wall time, CPU
  of this process and of its PostgreSQL backend, and the ratios to (a) and (b);
- then, kept: the first import (N new staff, with their history rows) in seconds, rows per
  second and queries;
- a second import of the same people in which 10 % retired, 5 % moved office and 10 %
  changed name (status changes and transfers through the services' bulk variants).
Prints numbers; asserts nothing.
"""

import sys
import tempfile
import time
from pathlib import Path

import common
from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment

HEADER = "職員番号,氏名,ふりがな,所属コード,雇用区分,在籍状況,発効日\n"


def personnel_file(n: int, *, changed: bool) -> str:
    lines = [HEADER]
    for i in range(n):
        office, name, status, day = f"P{i % 200:03d}", f"職員 {i:06d}", "在職", ""
        if changed and i % 10 == 3:
            status, day = "退職", "2026-03-31"
        elif changed and i % 20 == 5:
            office, day = f"P{(i + 1) % 200:03d}", "2026-04-01"
        elif changed and i % 10 == 7:
            name = f"改姓 {i:06d}"
        lines.append(f"{i:08d},{name},ショクイン,{office},正規,{status},{day}\n")
    return "".join(lines)


def run_import(label: str, data: bytes, actor, n: int) -> float:
    """Count the queries on a dry run (rolled back), then time the import itself without
    capturing them (capturing formats every statement's SQL, which costs time too)."""
    from juki_admin.staff_import import staff_import

    with CaptureQueriesContext(connection) as queries:
        staff_import(data=data, actor=actor, dry_run=True)
    start = time.perf_counter()
    report = staff_import(data=data, actor=actor)
    took = time.perf_counter() - start
    assert report.ok, report.errors[:3]
    print(
        f"{label:34} {took:6.2f} s {n / took:9,.0f} rows/s {len(queries):5d} queries"
        f"  ({len(report.created):,} new, {len(report.updated):,} changed)"
    )
    return took


ROUNDS = 3


def compare_with_copy(path: Path, actor, settings_dict: dict, rounds: dict) -> None:
    """ROUNDS interleaved rounds of: the first import of ``path`` (rolled back), a COPY of the
    same file into a bare table, and a COPY of the staff rows the import wrote into a table
    created ``LIKE`` the staff table ``INCLUDING ALL``, both over a psycopg connection opened
    before the first round and rolled back too."""
    from django.db import transaction

    from juki_admin.models import Staff
    from juki_admin.staff_import import staff_import

    table = Staff._meta.db_table
    data = path.read_bytes()
    rows_file = path.with_suffix(".rows")
    before = Staff.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    reference = common.reference_connection(settings_dict)
    with reference.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_staff_raw (number text, name text, kana text, "
            "office text, employment text, status text, effective text)"
        )
        cursor.execute(f"CREATE TABLE bench_staff_like (LIKE {table} INCLUDING ALL)")
    reference.commit()
    reference_pid = reference.info.backend_pid
    pid = common.django_backend_pid()

    def run_import():
        with transaction.atomic():
            report = staff_import(data=data, actor=actor)
            assert report.ok, report.errors[:3]
            if not rows_file.exists():
                common.dump_rows(f"SELECT * FROM {table} WHERE id > %s", [before], rows_file)
            transaction.set_rollback(True)

    common.interleave(
        rounds,
        [
            ("first import", pid, run_import),
            (
                "COPY, bare table",
                reference_pid,
                lambda: common.copy_in(
                    reference, "COPY bench_staff_raw FROM STDIN (FORMAT csv, HEADER)", path
                ),
            ),
            (
                "COPY, table LIKE staff",
                reference_pid,
                lambda: common.copy_in(reference, "COPY bench_staff_like FROM STDIN", rows_file),
            ),
        ],
        ROUNDS,
    )
    reference.close()


def main(n: int) -> None:
    from juki_admin.access import Role
    from juki_admin.models import Office
    from tests.factories import make_user

    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL (DATABASE_URL=postgres://...).")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings_dict = connection.settings_dict
    try:
        Office.objects.bulk_create(
            [Office(code=f"P{i:03d}", name=f"ベンチ所属{i:03d}", kind="other") for i in range(200)]
        )
        actor = make_user(Role.SYSTEM_ADMIN, Office.objects.first(), username="bench-admin")
        print(f"staff import of {n:,} rows on {connection.vendor}")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "staff.csv"
            path.write_text(personnel_file(n, changed=False), encoding="utf-8")
            rounds = {"first import": [], "COPY, bare table": [], "COPY, table LIKE staff": []}
            compare_with_copy(path, actor, settings_dict, rounds)
            common.print_costs(rounds, n, against=("COPY, bare table", "COPY, table LIKE staff"))
            print("kept, with their query counts:")
            run_import("first import (all new)", path.read_bytes(), actor, n)
            changed = personnel_file(n, changed=True).encode()
            run_import("second import (25 % changed)", changed, actor, n)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
