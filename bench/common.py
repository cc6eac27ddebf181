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
