"""The demo data, built once for every test of this package (building it takes seconds).

Each test runs in its own savepoint inside the package's transaction, so what a test writes
is rolled back and the next test sees the demo as loaded; at the end of the package the
whole demo is rolled back, and no test outside this package sees it. Tests here must not be
transactional (``transaction=True``)."""

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def demo(demo_data, db):
    """Every test of the package sees the demo data (and may change it: rolled back)."""


@pytest.fixture
def login(client):
    from django.contrib.auth import get_user_model

    def sign_in(username):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return user

    return sign_in


@pytest.fixture(scope="package")
def _walks():
    return {}


@pytest.fixture
def site_walk(_walks, demo):
    """``site_walk(username)``: that role's one walk of the whole site (``urlwalk.walk``),
    made by the first check that asks for it and read by the others. It runs inside that
    test's savepoint, on the demo as loaded, and is rolled back with it."""
    from .urlwalk import walk

    def of(username):
        if username not in _walks:
            _walks[username] = walk(username)
        return _walks[username]

    return of
