"""The screenshots of the README (docs/screenshots/*.png), taken from the demo.

Not part of the test suite (the name does not start with ``test_``): ``make screenshots``
runs it. It uses the end-to-end set-up of this package: the demo loaded into a throw-away
test database, the live server, Debian's Chromium. Each role's home page at 1280 px, and the
usage log (its list and the form to record a use) on a 390 px phone, as the window shows
them (not the whole page).
"""

from __future__ import annotations

import io

import pytest

from .conftest import DESKTOP, PHONE

ROLES = ("sysadmin", "chief", "auditor", "head", "manager", "operator")


@pytest.fixture(scope="module")
def folder(pytestconfig):
    path = pytestconfig.rootpath / "docs" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(page, path) -> None:
    """A screenshot of the window, in 256 colours (a third of the size, text as sharp)."""
    from PIL import Image

    page.wait_for_load_state("networkidle")
    image = Image.open(io.BytesIO(page.screenshot()))
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
        path, optimize=True
    )


@pytest.mark.parametrize("username", ROLES)
def test_home_page_of_each_role(sign_in, folder, username):
    page = sign_in(username, viewport=DESKTOP)
    save(page, folder / f"home-{username}.png")


def test_usage_log_on_a_phone(sign_in, folder):
    page = sign_in("operator", viewport=PHONE)
    page.get_by_role("navigation").get_by_role("link", name="利用簿").click()
    save(page, folder / "usage-list-phone.png")
    page.get_by_role("link", name="利用を記録する").click()
    save(page, folder / "usage-new-phone.png")
