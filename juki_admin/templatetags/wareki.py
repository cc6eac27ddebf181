"""Template filters for Japanese era dates and fiscal years (loaded as a builtin).

{{ card.issued_on|wareki }}            令和8年11月26日
{{ card.issued_on|wareki_western }}    令和8年(2026年)11月26日
{{ day|fiscal_year_label }}            令和8年度  (a date, a datetime or a fiscal-year int)
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
def wareki_western(value):
    if not isinstance(value, dt.date):
        return value if value is not None else ""
    return fiscal.format_era_date(value, western=True)


@register.filter
def fiscal_year_label(value):
    if isinstance(value, dt.date):
        return fiscal.format_fiscal_year(fiscal.fiscal_year(value))
    if isinstance(value, int):
        return fiscal.format_fiscal_year(value)
    return value if value is not None else ""
