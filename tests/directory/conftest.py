"""The directory tests run against a real slapd (``tests/directory/slapd.py``), one per test
module. Without slapd they are skipped with the reason, except in CI (``CI`` set), where a
missing slapd is a failure of the set-up, as for the browser tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .slapd import slapd_missing


def pytest_collection_modifyitems(config, items):
    reason = slapd_missing()
    if reason is None:
        return
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            if os.environ.get("CI"):
                item.add_marker(pytest.mark.usefixtures("_slapd_required"))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _slapd_required():
    pytest.fail(slapd_missing() or "")


@pytest.fixture(scope="module")
def directory():
    """A running slapd with its base entries (a service account, the juki-users group)."""
    from .slapd import start_directory

    server = start_directory()
    try:
        yield server
    finally:
        server.stop()
