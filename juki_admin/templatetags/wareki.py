"""Template filters for Japanese era dates and fiscal years (loaded as a builtin).

{{ card.issued_on|wareki }}            令和8年11月26日
{{ card.issued_on|wareki_western }}    令和8年(2026年)11月26日
{{ day|fiscal_year_label }}            令和8年度  (a date, a datetime or a fiscal-year int)
{{ month|wareki_month }}               令和8年11月  (a (year, month) pair or a date)
"""

import datetime as dt

from django import template

from juki_admin import fiscal

register = template.Library()


@register.filter
def wareki(value):
    if not isinstance(value, dt.date):
        return value if value is not None else ""
    return fiscal.format_era_date(value)


@register.filter
def letter_date(value):
    """The date of an official letter in the prefecture's form (``NOTICE_DATE_FORM``)."""
    if not isinstance(value, dt.date):
        return value if value is not None else ""
    from juki_admin.official import letter_date as official_date

    return official_date(value)


@register.filter
def wareki_western(value):
    if not isinstance(value, dt.date):
        return value if value is not None else ""
    return fiscal.format_era_date(value, western=True)


@register.filter
def wareki_month(value):
    """A (year, month) pair or a date as 令和8年11月."""
    if isinstance(value, dt.date):
        return fiscal.format_era_month(value.year, value.month)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return fiscal.format_era_month(*value)
    return value if value is not None else ""


@register.filter
def fiscal_year_label(value):
    if isinstance(value, dt.date):
        return fiscal.format_fiscal_year(fiscal.fiscal_year(value))
    if isinstance(value, int):
        return fiscal.format_fiscal_year(value)
    return value if value is not None else ""


@register.filter
def wareki_datetime(value):
    """令和8年11月27日 09:05 (an aware datetime read in Tokyo time)."""
    if not isinstance(value, dt.datetime):
        return wareki(value)
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{fiscal.format_era_date(local)} {local:%H:%M}"


@register.filter
def person_name(user):
    """A login shown as the person's name, family name first (鈴木 陽子), never the login ID
    when a name is known."""
    if user is None:
        return ""
    from juki_admin.people import display_name

    return display_name(user)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def pair_none(values):
    """[(v, None), ...]: rows of a table that can show a second column beside each."""
    return [(v, None) for v in values or ()]
