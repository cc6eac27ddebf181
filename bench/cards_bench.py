"""Benchmark: the card pages and the reclaim watch at a few thousand cards.

    DEBUG=True .venv/bin/python bench/cards_bench.py [N]        (default N=5000)

Builds N staff with N issued cards in a throw-away test database (SQLite in memory, or the
PostgreSQL of DATABASE_URL), then prints the median time and the query count of the portal
card list, the reclaim watch (with 5 % of holders retired), the admin card list and
check_reclaims. Prints numbers; asserts nothing.
"""

import io
import sys

import common  # sets up Django as tests/conftest.py has it
from django.db import connection
from django.test.utils import setup_test_environment


def timed(label, fn, runs=5):
    median, p95, queries, _slowest = common.measure(fn, runs)
    print(f"{label:48} median {median:8.1f} ms  p95 {p95:8.1f} ms  {queries:3d} queries")


def main(n: int) -> None:
    from django.core.management import call_command
    from django.test import Client

    from cards.models import Card
    from cards.selectors import due_reclaims
    from juki_admin.access import Role
    from juki_admin.models import Office
    from tests.factories import bulk_issued_cards, make_user

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        office = Office.objects.create(code="B01", name="ベンチ事務所", kind="passport_office")
        bulk_issued_cards(office, n, retired_every=20)
        head = make_user(Role.OFFICE_HEAD, office, username="bench-head")
        admin_user = make_user(Role.SYSTEM_ADMIN, office, username="bench-admin", is_staff=True)
        print(f"{n} cards on {connection.vendor}")
        client = Client()
        client.force_login(head)
        timed("portal card list (page 1)", lambda: client.get("/cards/"))
        timed("portal home (figures + reclaims)", lambda: client.get("/"))
        timed("reclaim watch (due_reclaims)", lambda: due_reclaims(Card.objects.all()))
        admin_client = Client()
        admin_client.force_login(admin_user)
        timed("admin card list", lambda: admin_client.get("/admin/cards/card/"))
        timed(
            "check_reclaims",
            lambda: call_command("check_reclaims", stdout=io.StringIO()),
            runs=3,
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
