"""The directory tests run against a real slapd (``tests/directory/slapd.py``), one per test
module. Without slapd they are skipped with the reason, except in CI (``CI`` set), where a
missing slapd is a failure of the set-up, as for the browser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..required import require_in_ci
from .slapd import slapd_missing


def pytest_collection_modifyitems(config, items):
    """Without slapd the directory tests are skipped with the reason, except in CI, where a
    missing slapd is a failure of the set-up (``tests.required``)."""
    require_in_ci(items, Path(__file__).parent, slapd_missing())


@pytest.fixture(scope="module")
def directory():
    """A running slapd with its base entries (a service account, the juki-users group)."""
    from .slapd import start_directory

    server = start_directory()
    try:
        yield server
    finally:
        server.stop()
