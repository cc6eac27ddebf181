"""What the end-to-end tests do in the browser more than once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install '.[dev]')"
)

from playwright.sync_api import Locator, Page, expect  # noqa: E402

#: The messages a page shows after an action: the portal's and the admin's.
SUCCESS = ".messages li.success, .messagelist li.success"
ERROR = ".messages li.error, .messagelist li.error, .errornote, .errorlist li"


def fits_width(page: Page) -> None:
    """The page scrolls only up and down: nothing sticks out past the window's width."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner_width = page.evaluate("window.innerWidth")
    if scroll_width > width or scroll_width > inner_width:
        wide = page.evaluate(
            """(width) => Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
            width,
        )
        raise AssertionError(
            f"{page.url} is {scroll_width} px wide in a {width} px window; wider: {wide}"
        )


def download_pdf(page: Page, click) -> bytes:
    """Click (``click()``) what downloads a PDF; return its bytes, checked to be a PDF."""
    with page.expect_download() as info:
        click()
    download = info.value
    path = download.path()
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF"), f"{download.url} is not a PDF: {data[:20]!r}"
    return data


def pdf_text(data: bytes) -> str:
    """The text of a PDF, without the spaces and line breaks of its layout."""
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


def accept_confirmation(page: Page) -> list[str]:
    """Answer OK to the next confirmation dialogs (``data-confirm`` forms); returns the list
    of questions asked, filled as they come."""
    asked: list[str] = []

    def accept(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    return asked


def select_by_text(select: Locator, text: str) -> None:
    """Choose the option of a drop-down whose label contains ``text``."""
    option = select.locator("option", has_text=text)
    expect(option).to_have_count(1)
    select.select_option(value=option.get_attribute("value"))


def short_era(day: dt.date) -> str:
    """A Reiwa date as a clerk types it in short: R8.11.26."""
    return f"R{day.year - 2018}.{day.month}.{day.day}"


def expect_success(page: Page, *texts: str) -> None:
    message = page.locator(SUCCESS).first
    expect(message).to_be_visible()
    for text in texts:
        expect(message).to_contain_text(text)
