"""End-to-end tests: the application served by pytest-django's ``live_server`` and used in a
real headless browser (Playwright for Python driving Debian's Chromium, ``/usr/bin/chromium``,
installed by ``make sysdeps``; no browser is ever downloaded).

The demo (``seed_demo``) is loaded once for the whole package and committed, because the
live server answers from its own thread and sees only committed rows. Each test works on
records of its own (its own card, its own new staff member, the one overdue card, ...), so
the tests do not depend on each other's order. At the end of the package the database is
flushed, as pytest-django does after any transactional test, and the role groups are put
back (``post_migrate``), so the rest of the suite finds the database as it was (pytest-django
runs these tests, being transactional, after all the others of a run anyway).

A failing test leaves a screenshot and the HTML of each of its pages in
``test-artifacts/e2e/`` (ignored by git).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

from ..required import require_in_ci

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DEMO_PASSWORD = "juki-demo-2026"  # seed_demo.DEMO_PASSWORD
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: Console messages that are not the application's fault: the browser asks for a favicon the
#: site does not have.
HARMLESS_CONSOLE = re.compile(r"favicon\.ico")


def _browser_missing() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install '.[dev]')"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium is not installed at {CHROMIUM} (make sysdeps: apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    """Without the browser the end-to-end tests are skipped with the reason, except in CI,
    where a missing browser is a failure of the set-up (``tests.required``)."""
    require_in_ci(items, Path(__file__).parent, _browser_missing())


# --- the database: the demo, loaded once and committed ------------------------------------


@pytest.fixture(scope="package")
def e2e_demo(django_db_setup, django_db_blocker):
    """The demo data, committed, for every test of the package; flushed afterwards."""
    with django_db_blocker.unblock():
        try:
            call_command("seed_demo", verbosity=0)
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def transactional_db(e2e_demo, django_db_blocker):
    """What the live server needs (pytest-django's ``live_server`` asks for this fixture):
    database access for the test and the server thread, on the committed demo. Replaces
    pytest-django's own, which would flush the demo after every test."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(autouse=True, scope="package")
def _no_persistent_connections():
    """The live server's request threads close their database connection after each request
    (``CONN_MAX_AGE`` 0, as on SQLite). With the settings' 600 s on PostgreSQL a thread kept
    alive by the browser's keep-alive socket would hold its connection until the browser
    closed, and the test database could not be dropped at the end of the session."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    kept = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = 0
    yield
    settings_dict["CONN_MAX_AGE"] = kept


@pytest.fixture(autouse=True, scope="package")
def _orm_beside_playwright():
    """Playwright's synchronous API keeps an event loop in the test's thread, which Django
    takes for an async context; the test's own ORM calls (set-up and checks between browser
    steps, never during a request) are synchronous and safe."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()
        # While Playwright runs, the test's thread is in another contextvars context, where
        # Django keeps connections of its own: close them now, or they would outlive the
        # package and keep PostgreSQL from dropping the test database.
        connections.close_all()


@dataclass
class Pages:
    """The pages a test opened, kept for the screenshots of a failure and for the console
    check at its end."""

    opened: list = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def _pages(request) -> Iterator[Pages]:
    pages = Pages()
    request.node._e2e_pages = pages
    yield pages
    for page in pages.opened:
        page.context.close()


@pytest.fixture
def open_page(browser, live_server, _pages):
    """``open_page(viewport=DESKTOP)``: a new browser window (its own cookies) on the live
    server, in Japanese and Japan time. Console errors (a script error, a resource refused by
    the Content-Security-Policy) fail the test."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)

    def new(viewport=DESKTOP):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale="ja-JP",
            timezone_id="Asia/Tokyo",
            accept_downloads=True,
        )
        context.set_default_timeout(30_000)  # a PDF on a busy machine
        page = context.new_page()

        def on_console(message):
            where = (message.location or {}).get("url", "")
            if message.type == "error" and not HARMLESS_CONSOLE.search(where):
                _pages.console_errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: _pages.console_errors.append(f"{page.url}: {error}"))
        _pages.opened.append(page)
        return page

    yield new
    assert not _pages.console_errors, "errors in the browser console:\n" + "\n".join(
        _pages.console_errors
    )


@pytest.fixture
def sign_in(open_page):
    """``sign_in("head", viewport=PHONE)``: a new window signed in through the login form."""
    from playwright.sync_api import expect

    def as_user(username: str, viewport=DESKTOP):
        page = open_page(viewport)
        page.goto("/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/login/"))
        return page

    return as_user


# --- screenshots of a failure ---------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    pages = getattr(item, "_e2e_pages", None)
    if report.failed and report.when == "call" and pages and pages.opened:
        folder = item.config.rootpath / "test-artifacts" / "e2e"
        folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)
        for n, page in enumerate(pages.opened):
            if page.is_closed():
                continue
            try:
                page.screenshot(path=folder / f"{stem}-{n}.png", full_page=True)
                (folder / f"{stem}-{n}.html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # a crashed page must not hide the test's failure
                report.sections.append(("e2e screenshot", f"page {n}: {error}"))
            else:
                report.sections.append(("e2e screenshot", str(folder / f"{stem}-{n}.png")))
    return report
