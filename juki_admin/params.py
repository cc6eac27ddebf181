"""The one parser of query-string parameters: any value a user can type into a URL either
parses into something in range or answers 404. No view reads ``request.GET`` for a number,
a date or a choice without going through here.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from . import fiscal

#: The largest id a database column holds (PostgreSQL bigint); larger ids cannot exist.
MAX_ID = 2**63 - 1
#: Dates in a URL are between these (outside, nothing of this application exists).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)


def _raw(request, name: str) -> str | None:
    value = request.GET.get(name)
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def parse_int(value, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """An ASCII decimal in [minimum, maximum], else None (superscripts and 20-digit ids too)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def int_param(request, name: str, *, minimum: int = 1, maximum: int = MAX_ID, default=None):
    raw = _raw(request, name)
    if raw is None:
        return default
    number = parse_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        raise Http404
    return number


def fiscal_year_param(request, default: int, name: str = "fy") -> int:
    """``?fy=`` as a fiscal year from 1989 (平成元年度) to 2099; 404 for anything else."""
    return int_param(request, name, minimum=1989, maximum=2099, default=default)


def date_param(request, name: str) -> dt.date | None:
    """``?day=2026-11-26`` (or any form ``fiscal.parse_date`` reads), 1900–2099."""
    raw = _raw(request, name)
    if raw is None:
        return None
    try:
        day = fiscal.parse_date(raw)
    except ValueError:
        raise Http404 from None
    if not EARLIEST <= day <= LATEST:
        raise Http404
    return day


def month_param(request, name: str) -> tuple[int, int] | None:
    """``?month=2026-11`` as (year, month), 1900–2099."""
    raw = _raw(request, name)
    if raw is None:
        return None
    year, _sep, month = raw.partition("-")
    year_n = parse_int(year, minimum=EARLIEST.year, maximum=LATEST.year)
    month_n = parse_int(month, minimum=1, maximum=12)
    if year_n is None or month_n is None or len(year) != 4:
        raise Http404
    return year_n, month_n


def choice_param(request, name: str, choices) -> str | None:
    """One of ``choices`` (values), or None when absent; 404 for anything else."""
    raw = _raw(request, name)
    if raw is None:
        return None
    if raw not in set(choices):
        raise Http404
    return raw


def text_param(request, name: str, *, max_length: int = 100) -> str:
    """A search text, width-normalised as names are kept (``normalize_name``: ０１２３４ is
    01234, ﾀﾅｶ is タナカ), cut to ``max_length`` characters."""
    from .models import normalize_name

    return normalize_name(_raw(request, name) or "")[:max_length]


def page_param(request, name: str = "page") -> int:
    """A page number for ``Paginator.get_page``: anything that is not one reads as page 1
    (the paginator itself brings a number past the end back to the last page)."""
    return parse_int(_raw(request, name) or "1", maximum=10**6) or 1
