"""Every page, as each role sees it, speaks Japanese: dates in the era (no 2026-11-26, no
2026年11月26日 without its era), no "None", no English sentence left untranslated."""

import html
import re

import polib
import pytest
from django.conf import settings

from .urlwalk import admin_model_of, routes

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


def _first_id(route):
    model = admin_model_of(route)
    if model is None:
        return None
    return model._default_manager.order_by("pk").values_list("pk", flat=True).first()


@pytest.mark.parametrize(
    ("username", "admin_too"),
    [
        ("sysadmin", True),
        ("chief", True),
        ("auditor", False),
        ("head", False),
        ("manager", False),
        ("operator", False),
    ],
)
def test_every_page_shows_era_dates_and_japanese_only(client, login, username, admin_too):
    login(username)
    problems = []
    for route in routes():
        if route.is_admin and not admin_too:
            continue
        if route.converters:
            pk = _first_id(route)
            if pk is None or len(route.converters) > 1:
                continue
            url = route.with_ids(str(pk))
        else:
            url = route.template
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        text = _text(response.content.decode())
        for pattern, what in (
            (ISO_DATE, "ISO date"),
            (WESTERN_DATE, "Western date"),
            (NONE, "None"),
        ):
            found = pattern.search(text)
            if found:
                problems.append((url, what, text[max(0, found.start() - 30) : found.end() + 30]))
        for sentence in ENGLISH:
            if sentence in text:
                problems.append((url, "English", sentence))
    assert problems == [], "\n".join(map(str, problems[:40]))
