"""Fixtures shared by the whole suite."""

import pytest
from django.db import connection

from juki_admin.access import Role

from .factories import OfficeFactory, make_user
from .required import _required_program  # noqa: F401  (the fixture of tests.required)


def pytest_configure(config):
    """Passwords hashed fast in tests (the real hasher spends a third of a second on each
    login the factories and the demo make)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests sign in with client.force_login and test pages, not the second step; the tests of
    # two-factor sign-in turn it back on (the ``two_factor_on`` fixture). Production keeps it
    # on, and `check --deploy` warns when it is off.
    settings.TWO_FACTOR_ENFORCED = False


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` are skipped on SQLite, with the reason."""
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the training rates keep their all-office
    counts there, keyed by the newest history ids, which a rolled-back test may reuse)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def office(db):
    return OfficeFactory(code="S02", name="東葛飾旅券事務所")


@pytest.fixture
def other_office(db):
    return OfficeFactory(code="S01", name="中央旅券事務所")


@pytest.fixture
def sysadmin(db):
    return make_user(
        Role.SYSTEM_ADMIN,
        OfficeFactory(code="H01", name="市町村課"),
        username="sysadmin",
        is_staff=True,
    )


@pytest.fixture
def office_head(office):
    return make_user(Role.OFFICE_HEAD, office, username="head")


@pytest.fixture
def headed_office(office, office_head, sysadmin):
    """``office`` with ``office_head`` recorded as its head (who keeps its group cards)."""
    from juki_admin.services import office_set_head

    office_set_head(office=office, head=office_head.staff, actor=sysadmin, reason="就任")
    return office


@pytest.fixture
def operator(office):
    return make_user(Role.OPERATOR, office, username="operator")


@pytest.fixture
def two_factor_on(settings):
    """Two-factor sign-in enforced, as in production."""
    settings.TWO_FACTOR_ENFORCED = True
    return settings


@pytest.fixture
def set_today(monkeypatch):
    """Move the application's "today" (``juki_admin.fiscal.today``) to a given date."""
    import datetime as dt

    from juki_admin import fiscal

    def move(day: dt.date):
        monkeypatch.setattr(fiscal, "today", lambda: day)
        return day

    return move


def figure(body: str, key: str) -> str:
    """The value a home page shows for the figure ``key`` (``data-figure``), exactly."""
    import re

    match = re.search(
        rf'data-figure="{re.escape(key)}">.*?<div class="value">(.*?)</div>', body, re.S
    )
    assert match, f"no figure {key} on the page"
    return match.group(1).strip()


@pytest.fixture
def pdf_text():
    """The text of a PDF's pages (pypdf), to read back what a PDF says."""
    import io

    from pypdf import PdfReader

    def read(content: bytes) -> str:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)

    return read


@pytest.fixture(autouse=True, scope="session")
def _media_root(tmp_path_factory):
    """Evidence files of the run (the demo's included) go to a directory of the run's own,
    never the project's media/."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield
