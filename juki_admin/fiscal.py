"""Japanese fiscal years (年度, April to March) and Japanese era (和暦) dates.

Pure functions on ``datetime.date``; the template filters in ``templatetags/wareki.py``
wrap them. This module imports no app.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Era(NamedTuple):
    name: str
    romaji: str
    start: dt.date


# Newest first. An era begins on the day given (令和 on 2019-05-01, 平成 on 1989-01-08).
ERAS: tuple[Era, ...] = (
    Era("令和", "Reiwa", dt.date(2019, 5, 1)),
    Era("平成", "Heisei", dt.date(1989, 1, 8)),
    Era("昭和", "Showa", dt.date(1926, 12, 25)),
)

FISCAL_YEAR_START_MONTH = 4


def as_date(value: dt.date | dt.datetime) -> dt.date:
    """A date from a date or a datetime (an aware datetime is read in the current time zone)."""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def era_of(day: dt.date) -> tuple[Era, int]:
    """The era in force on ``day`` and the year within it (1 for the first year)."""
    day = as_date(day)
    for era in ERAS:
        if day >= era.start:
            return era, day.year - era.start.year + 1
    raise ValueError(f"{day} is before the eras this application knows ({ERAS[-1].start}).")


def era_year_label(era: Era, year: int) -> str:
    """令和8年, or 令和元年 for the first year of an era."""
    return f"{era.name}{'元' if year == 1 else year}年"


def format_era_date(day: dt.date | dt.datetime, *, western: bool = False) -> str:
    """2026-11-26 → 令和8年11月26日; with ``western``, 令和8年(2026年)11月26日."""
    day = as_date(day)
    era, year = era_of(day)
    label = era_year_label(era, year)
    if western:
        label = f"{label}({day.year}年)"
    return f"{label}{day.month}月{day.day}日"


def fiscal_year(day: dt.date | dt.datetime) -> int:
    """The fiscal year that ``day`` falls in, named by the calendar year it starts in."""
    day = as_date(day)
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year ``year`` (April 1 to March 31)."""
    return dt.date(year, FISCAL_YEAR_START_MONTH, 1), dt.date(year + 1, 3, 31)


def format_fiscal_year(year: int, *, western: bool = False) -> str:
    """2026 → 令和8年度; 2012 → 平成24年度; 2019 → 令和元年度.

    A fiscal year is named by the era of the calendar year it starts in, as government
    documents do: fiscal 2019 began on 2019-04-01 (still 平成31年) and is called 令和元年度.
    """
    era, era_year = era_of(dt.date(year, 12, 31))
    label = f"{era_year_label(era, era_year)}度"
    if western:
        label = f"{label}({year}年度)"
    return label


def fiscal_year_choices(*, around: int, before: int = 5, after: int = 1) -> list[tuple[int, str]]:
    """(year, label) pairs for a select box, newest first."""
    return [(y, format_fiscal_year(y)) for y in range(around + after, around - before - 1, -1)]


def today() -> dt.date:
    """Today in Tokyo. Every "today" of the application comes from here (tests patch it)."""
    from django.utils import timezone

    return timezone.localdate()
