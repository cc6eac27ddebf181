"""Signed-in sessions for the load test: one per generated operator, written to a file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/juki_admin_bench DEBUG=True \\
        .venv/bin/python bench/sessions.py [N] [FILE]    (default 250, bench/.sessions.json)

Signs in the first N operators of bench/generate.py (``bench-operator``, ``op00002``, ...)
the way the test client does (a session row, as the sign-in page would write it after the
password), so that the load test measures the portal rather than N password hashes at
once. A benchmark database only.
"""

import json
import sys
from pathlib import Path

import common  # noqa: F401  (sets up Django)


def main(n: int, path: Path) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from juki_admin.access import GROUP_NAMES, Role

    operators = get_user_model().objects.filter(groups__name=GROUP_NAMES[Role.OPERATOR])
    users = operators.order_by("username")[:n]
    sessions = []
    for user in users:
        client = Client()
        client.force_login(user)
        sessions.append({"username": user.username, "sessionid": client.cookies["sessionid"].value})
    if len(sessions) < n:
        sys.exit(f"only {len(sessions)} operators: fill the database with bench/generate.py")
    path.write_text(json.dumps(sessions), encoding="utf-8")
    print(f"{len(sessions)} signed-in operators written to {path}")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 250,
        Path(sys.argv[2]) if len(sys.argv) > 2 else Path("bench/.sessions.json"),
    )
