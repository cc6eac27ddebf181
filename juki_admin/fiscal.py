"""Japanese fiscal years (年度, April to March) and Japanese era (和暦) dates.

Pure functions on ``datetime.date``; the template filters in ``templatetags/wareki.py``
wrap them. This module imports no app.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import NamedTuple


class Era(NamedTuple):
    name: str
    romaji: str
    start: dt.date


# Newest first. An era begins on the day given (令和 on 2019-05-01, 平成 on 1989-01-08).
# 明治 is counted from 1868-10-23 (the proclamation; Japan kept the lunar calendar until
# 1873, so earlier Gregorian dates have no era year here and are written in Western form).
ERAS: tuple[Era, ...] = (
    Era("令和", "Reiwa", dt.date(2019, 5, 1)),
    Era("平成", "Heisei", dt.date(1989, 1, 8)),
    Era("昭和", "Showa", dt.date(1926, 12, 25)),
    Era("大正", "Taisho", dt.date(1912, 7, 30)),
    Era("明治", "Meiji", dt.date(1868, 10, 23)),
)
ERA_BY_NAME = {era.name: era for era in ERAS}

FISCAL_YEAR_START_MONTH = 4


def as_date(value: dt.date | dt.datetime) -> dt.date:
    """A date from a date or a datetime (an aware datetime is read in the current time zone)."""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def era_of(day: dt.date) -> tuple[Era, int] | None:
    """The era in force on ``day`` and the year within it (1 for the first year); None
    before 明治."""
    day = as_date(day)
    for era in ERAS:
        if day >= era.start:
            return era, day.year - era.start.year + 1
    return None


def era_year_label(era: Era, year: int) -> str:
    """令和8年, or 令和元年 for the first year of an era."""
    return f"{era.name}{'元' if year == 1 else year}年"


def format_era_date(
    day: dt.date | dt.datetime, *, western: bool = False, full_width: bool = False
) -> str:
    """2026-11-26 → 令和8年11月26日; with ``western``, 令和8年(2026年)11月26日, or with
    ``full_width`` brackets 令和8年（2026年）11月26日 as official letters write them.
    A date before 明治 is written 1867年5月1日."""
    day = as_date(day)
    found = era_of(day)
    if found is None:
        return f"{day.year}年{day.month}月{day.day}日"
    era, year = found
    label = era_year_label(era, year)
    if western:
        label = f"{label}（{day.year}年）" if full_width else f"{label}({day.year}年)"
    return f"{label}{day.month}月{day.day}日"


def format_era_month(year: int, month: int) -> str:
    """(2026, 11) → 令和8年11月 (the era in force on the month's first day)."""
    first = dt.date(year, month, 1)
    found = era_of(first)
    if found is None:
        return f"{year}年{month}月"
    return f"{era_year_label(*found)}{month}月"


def fiscal_year(day: dt.date | dt.datetime) -> int:
    """The fiscal year that ``day`` falls in, named by the calendar year it starts in."""
    day = as_date(day)
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


#: The months of a fiscal year in its order: 4月, 5月, ... 12月, 1月, 2月, 3月.
FISCAL_MONTHS = tuple(range(FISCAL_YEAR_START_MONTH, 13)) + tuple(range(1, FISCAL_YEAR_START_MONTH))


def fiscal_month_position(month: int) -> int:
    """Where ``month`` falls in the fiscal year: 4月 → 1 ... 3月 → 12."""
    return (month - FISCAL_YEAR_START_MONTH) % 12 + 1


def fiscal_month_order(field: str):
    """An ORDER BY expression putting a month field (1–12) in fiscal order, 4月 to 3月 (for
    querysets and ``Meta.ordering``; a bare month would sort 1月, 2月, 10月, ...)."""
    from django.db.models import F, Value
    from django.db.models.functions import Mod

    # (month + 8) mod 12: 4月 → 0 … 12月 → 8, 1月 → 9 … 3月 → 11 (arithmetic, not a CASE:
    # Django cannot prefix a CASE's conditions when a related model orders by it)
    return Mod(F(field) + Value(12 - FISCAL_YEAR_START_MONTH), Value(12)).asc()


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year ``year`` (April 1 to March 31)."""
    return dt.date(year, FISCAL_YEAR_START_MONTH, 1), dt.date(year + 1, 3, 31)


def format_fiscal_year(year: int, *, western: bool = False) -> str:
    """2026 → 令和8年度; 2012 → 平成24年度; 2019 → 令和元年度.

    A fiscal year is named by the era of the calendar year it starts in, as government
    documents do: fiscal 2019 began on 2019-04-01 (still 平成31年) and is called 令和元年度.
    """
    found = era_of(dt.date(year, 12, 31))
    if found is None:
        return f"{year}年度"
    label = f"{era_year_label(*found)}度"
    if western:
        label = f"{label}({year}年度)"
    return label


def fiscal_year_menu(
    *, chosen: int | None = None, around: int | None = None, before: int = 5, after: int = 1
) -> list[tuple[int, str]]:
    """The fiscal-year menu of every page: the years ``before`` and ``after`` the current one
    (or ``around``), newest first, and ``chosen`` too when it lies outside them (an older year
    asked for by its address is offered, not silently replaced)."""
    around = current_fiscal_year() if around is None else around
    years = [(y, format_fiscal_year(y)) for y in range(around + after, around - before - 1, -1)]
    if chosen is not None and chosen not in dict(years):
        years.append((chosen, format_fiscal_year(chosen)))
        years.sort(reverse=True)
    return years


def today() -> dt.date:
    """Today in Tokyo. Every "today" of the application comes from here (tests patch it)."""
    from django.utils import timezone

    return timezone.localdate()


def current_fiscal_year() -> int:
    """The fiscal year of today (``today()``): the default year of every page and form."""
    return fiscal_year(today())


def is_overdue(due_on: dt.date | None, *, on: dt.date | None = None) -> bool:
    """The one "overdue" rule: a due date before ``on`` (today). Due today is not overdue."""
    return due_on is not None and due_on < (today() if on is None else on)


def overdue_filter(field: str = "due_on", *, on: dt.date | None = None) -> dict:
    """``is_overdue`` as keyword arguments of a queryset filter on ``field``."""
    return {f"{field}__lt": today() if on is None else on}


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first day of a month and the first day of the month after it."""
    first = dt.date(year, month, 1)
    return first, dt.date(year + month // 12, month % 12 + 1, 1)


_ERA_DATE = re.compile(
    r"^(?P<era>令和|平成|昭和|大正|明治|[RHSTMrhstm])\s*(?P<year>元|\d{1,2})\s*[年.\-/]\s*"
    r"(?P<month>\d{1,2})\s*[月.\-/]\s*(?P<day>\d{1,2})\s*日?$"
)
_WESTERN_DATE = re.compile(
    r"^(?P<year>\d{4})\s*[年.\-/]\s*(?P<month>\d{1,2})\s*[月.\-/]\s*(?P<day>\d{1,2})\s*日?$"
)
_ERA_LETTERS = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}


def parse_date(text: str) -> dt.date:
    """A date as a clerk types it: 令和8年11月26日, R8.11.26, 令和元年5月1日, 2026/11/26,
    2026-11-26 or 2026年11月26日 (full-width digits too). ValueError for anything else,
    including an era year the era never reached (平成32年) and a day that does not exist."""
    text = unicodedata.normalize("NFKC", str(text)).strip()
    match = _ERA_DATE.match(text)
    if match:
        name = _ERA_LETTERS.get(match["era"].upper(), match["era"])
        era = ERA_BY_NAME[name]
        year = 1 if match["year"] == "元" else int(match["year"])
        day = dt.date(era.start.year + year - 1, int(match["month"]), int(match["day"]))
        found = era_of(day)
        if year < 1 or found is None or found[0] != era:
            raise ValueError(f"{text} is not a date of {name}")
        return day
    match = _WESTERN_DATE.match(text)
    if match:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    raise ValueError(f"{text} is not a date")


def today_for_forms() -> dt.date:
    """``today()`` looked up at call time (so that a patched ``today`` reaches form bounds)."""
    return today()


@functools.lru_cache(maxsize=4096)
def is_working_day(day: dt.date) -> bool:
    """A weekday that is not a Japanese public holidays (jpholiday) nor in the year-end
    closure (29 December to 3 January): the one rule of the prefecture's working days."""
    import jpholiday

    closure = (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)
    return day.weekday() < 5 and not closure and not jpholiday.is_holiday(day)


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days from ``start`` to ``end`` (both included)."""
    return [
        start + dt.timedelta(days=n)
        for n in range((end - start).days + 1)
        if is_working_day(start + dt.timedelta(days=n))
    ]


def day_start(day: dt.date, *, days: int = 0) -> dt.datetime:
    """Midnight in Tokyo at the start of ``day`` (plus ``days``), as an aware datetime."""
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=days), dt.time()))


def format_era_datetime(moment: dt.datetime) -> str:
    """令和8年11月27日 09:05, read in Tokyo time."""
    from django.utils import timezone

    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{format_era_date(local)} {local:%H:%M}"
