"""Every page, as each role sees it, speaks Japanese: dates in the era (no 2026-11-26, no
2026年11月26日 without its era), no "None", no English sentence left untranslated. Reads each
role's one walk of the site (``urlwalk.walk``): the admin's pages too for the system
administrator and the security chief."""

import html
import re

import polib
import pytest
from django.conf import settings

from .urlwalk import WALKS

ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
WESTERN_DATE = re.compile(r"(?<![\d(（])\d{4}年\d{1,2}月\d{1,2}日")
NONE = re.compile(r"\bNone\b")
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def _english_sentences() -> list[str]:
    """The English source strings of our catalogue with at least three words: a page that
    shows one of them shows an untranslated string."""
    po = polib.pofile(str(settings.BASE_DIR / "locale/ja/LC_MESSAGES/django.po"))
    return sorted(
        {e.msgid for e in po if not e.obsolete and len(e.msgid.split()) >= 3 and "%" not in e.msgid}
    )


ENGLISH = _english_sentences()


def _text(body: str) -> str:
    return html.unescape(TAGS.sub(" ", body))


@pytest.mark.parametrize("username", WALKS)
def test_every_page_shows_era_dates_and_japanese_only(site_walk, username):
    problems = []
    for page in site_walk(username).answers:
        if page.kind != "page" or not page.japanese or not page.body:
            continue
        text = _text(page.body)
        for pattern, what in (
            (ISO_DATE, "ISO date"),
            (WESTERN_DATE, "Western date"),
            (NONE, "None"),
        ):
            found = pattern.search(text)
            if found:
                problems.append(
                    (page.url, what, text[max(0, found.start() - 30) : found.end() + 30])
                )
        for sentence in ENGLISH:
            if sentence in text:
                problems.append((page.url, "English", sentence))
    assert problems == [], "\n".join(map(str, problems[:40]))
