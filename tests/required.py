"""Test folders that need a program of the machine (Chromium, slapd): without it their tests
are skipped with the reason, except in CI (``CI`` set), where a missing program is a failure of
the set-up, not a reason to pass."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def require_in_ci(items, folder: Path, reason: str | None) -> None:
    """Mark the tests under ``folder``: failed in CI, skipped elsewhere, when ``reason``
    (what is missing) is not None."""
    if reason is None:
        return
    for item in items:
        if folder in item.path.parents:
            if os.environ.get("CI"):
                item.add_marker(pytest.mark.usefixtures("_required_program"))
                item.user_properties.append(("missing", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _required_program(request):
    reasons = [value for key, value in request.node.user_properties if key == "missing"]
    pytest.fail(" ".join(reasons) or "a required program is missing")
