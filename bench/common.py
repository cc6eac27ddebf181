"""What the benchmark scripts share: Django set up as the tests have it, timing with median
and 95th percentile, and psql for the `\\copy` comparisons.

Import it first in a script of this folder:

    import common  # noqa: F401  (sets up Django)
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juki_admin.settings")
# the pages are measured, not the second step of signing in (tests/conftest.py does the same)
os.environ.setdefault("TWO_FACTOR_ENFORCED", "False")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # no line per sign-in between the figures

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

#: The password of every login that bench/generate.py creates (a benchmark database only).
BENCH_PASSWORD = "bench-juki-2026-pw"


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile (0.95) by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, int(round(fraction * len(ordered) + 0.5)))
    return ordered[min(rank, len(ordered)) - 1]


def measure(fn, runs: int = 10) -> tuple[float, float, int, dict | None]:
    """Median and 95th percentile in milliseconds, the number of queries of one run of
    ``fn`` and the slowest of them (``{"sql": ..., "time": seconds}``); a response other
    than 200 stops the benchmark (a page that fails is no figure)."""
    times, queries, slowest = [], 0, None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = fn()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
        status = getattr(response, "status_code", 200)
        if status != 200:
            raise SystemExit(f"answered {status}: {getattr(response, 'url', '')}")
    return statistics.median(times), percentile(times, 0.95), queries, slowest


def psql(settings_dict: dict, *args: str) -> None:
    """Run psql against the database of ``settings_dict`` (for `\\copy`)."""
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    subprocess.run(
        [
            "psql",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            settings_dict["HOST"] or "127.0.0.1",
            "-p",
            str(settings_dict["PORT"] or 5432),
            "-U",
            settings_dict["USER"],
            "-d",
            settings_dict["NAME"],
            *args,
        ],
        check=True,
        env=env,
    )


# --- the real limit: a COPY over an open connection, timed as the import is -----------------


class Cost:
    """Wall time and CPU time of one step: this process's and its PostgreSQL backend's (read
    from /proc, so the benchmark runs on the database's machine, as every figure here)."""

    def __init__(self, wall: float, client: float, backend: float):
        self.wall, self.client, self.backend = wall, client, backend

    @property
    def cpu(self) -> float:
        return self.client + self.backend


def backend_cpu(pid: int) -> float:
    """Seconds of CPU (user and system) that the PostgreSQL backend ``pid`` has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def django_backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def timed(pid: int, fn) -> tuple[Cost, object]:
    """Run ``fn`` and return its cost, counting the CPU of the backend ``pid``."""
    backend, client, start = backend_cpu(pid), time.process_time(), time.perf_counter()
    result = fn()
    cost = Cost(
        time.perf_counter() - start, time.process_time() - client, backend_cpu(pid) - backend
    )
    return cost, result


def reference_connection(settings_dict: dict):
    """A psycopg connection to the benchmark's database, opened once before any timing."""
    import psycopg

    return psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        password=settings_dict.get("PASSWORD") or None,
        dbname=settings_dict["NAME"],
    )


def copy_in(conn, sql: str, path: Path) -> None:
    """``COPY ... FROM STDIN`` of the file at ``path`` over ``conn``, in a transaction that
    is rolled back (as the benchmarks roll back the import they compare with)."""
    with conn.cursor() as cursor, cursor.copy(sql) as copy, path.open("rb") as source:
        while chunk := source.read(1 << 20):
            copy.write(chunk)
    conn.rollback()


def interleave(rounds: dict, steps: list[tuple[str, int, object]], times: int) -> None:
    """``times`` rounds of ``steps`` ((label, backend pid, function), run in that order), each
    step's cost appended to ``rounds[label]``: the import and its references measured side by
    side, so that a change in the machine's load falls on all of them alike."""
    for _ in range(times):
        for label, pid, fn in steps:
            cost, _result = timed(pid, fn)
            rounds.setdefault(label, []).append(cost)


def dump_rows(query: str, params: list, path: Path) -> None:
    """``COPY (query) TO STDOUT`` over Django's connection into ``path``: the rows an import
    wrote, so that a reference COPY writes exactly those rows into exactly those indexes."""
    with connection.cursor() as cursor:
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        with path.open("wb") as out:
            sql = raw.mogrify(query, params) if params else query
            with raw.copy(f"COPY ({sql}) TO STDOUT") as copy:
                for data in copy:
                    out.write(data)


def print_costs(rows: dict[str, list[Cost]], n: int, *, against: tuple[str, ...]) -> None:
    """Medians of the interleaved rounds: wall and CPU (client + backend), rows per second,
    and the ratio of the first row to each row named in ``against``, by wall and by CPU."""
    medians = {
        label: Cost(
            *(
                statistics.median(getattr(c, f) for c in costs)
                for f in ("wall", "client", "backend")
            )
        )
        for label, costs in rows.items()
    }
    first = next(iter(medians))
    print(
        f"{'(median of ' + str(len(rows[first])) + ' interleaved rounds)':44}"
        f" {'wall':>8} {'client':>8} {'backend':>8} {'CPU':>8} {'rows/s':>11}"
    )
    for label, cost in medians.items():
        print(
            f"{label:44} {cost.wall:7.2f}s {cost.client:7.2f}s {cost.backend:7.2f}s"
            f" {cost.cpu:7.2f}s {n / cost.wall:11,.0f}"
        )
    for label in against:
        ref = medians[label]
        print(
            f"{first} / {label}: {medians[first].wall / ref.wall:.2f}× wall,"
            f" {medians[first].cpu / ref.cpu:.2f}× CPU"
        )
    load = os.getloadavg()
    print(f"load average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
