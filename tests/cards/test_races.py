"""Two administrators at the same moment: exactly one succeeds (PostgreSQL, two connections)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from cards.choices import CardStatus
from cards.models import Card
from juki_admin.errors import DomainError

from ..factories import CardFactory, OfficeFactory, StaffFactory, accepted_roster, make_user
from .conftest import issue

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls):
    """Run each call in its own thread (its own database connection), started together."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def runner(i, call):
        try:
            barrier.wait()
            call()
            results[i] = "ok"
        except DomainError as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_administrators_issuing_the_same_card(db):
    from juki_admin.access import Role

    office = OfficeFactory()
    admin_user = make_user(Role.SYSTEM_ADMIN, office)
    a, b = StaffFactory(office=office), StaffFactory(office=office)
    accepted_roster(office, individual=[a, b])
    card = CardFactory()
    results = run_together(
        lambda: issue(card, a, admin_user, on=dt.date(2010, 5, 1)),
        lambda: issue(card, b, admin_user, on=dt.date(2010, 5, 1)),
    )
    assert sorted(map(str, results)).count("ok") == 1
    error = next(r for r in results if r != "ok")
    assert card.serial in str(error)
    card.refresh_from_db()
    assert card.status == CardStatus.ISSUED
    assert card.events.filter(kind="issue").count() == 1


def test_two_cards_to_one_person_at_the_same_moment(db):
    from juki_admin.access import Role

    office = OfficeFactory()
    admin_user = make_user(Role.SYSTEM_ADMIN, office)
    holder = StaffFactory(office=office)
    accepted_roster(office, individual=[holder])
    first, second = CardFactory(), CardFactory()
    results = run_together(
        lambda: issue(first, holder, admin_user, on=dt.date(2010, 5, 1)),
        lambda: issue(second, holder, admin_user, on=dt.date(2010, 5, 1)),
    )
    assert results.count("ok") == 1
    assert isinstance(next(r for r in results if r != "ok"), DomainError)
    assert Card.objects.filter(holder=holder, status=CardStatus.ISSUED).count() == 1
