"""Dates in the admin as everywhere else: the Japanese era in Tokyo time.

Django's admin formats a model field's value for lists and read-only fields through
``django.contrib.admin.utils.display_for_field``; ``install()`` (called once from the app
config) puts ``display_for_field`` below in its place, so that a date reads 令和8年11月26日,
a time 令和8年11月27日 09:05 (never UTC), and a fiscal year 令和8年度, on every admin page.
Logins are shown by the person's name, family name first.
"""

from __future__ import annotations

import datetime as dt

from . import fiscal

_original = None


def display_for_field(value, field, empty_value_display, *args, **kwargs):
    from django.db import models

    if value is not None and not getattr(field, "flatchoices", None):
        if isinstance(field, models.DateTimeField) and isinstance(value, dt.datetime):
            return fiscal.format_era_datetime(value)
        if isinstance(field, models.DateField) and isinstance(value, dt.date):
            return fiscal.format_era_date(value)
        if getattr(field, "name", "") == "fiscal_year" and isinstance(value, int):
            return fiscal.format_fiscal_year(value)
    return _original(value, field, empty_value_display, *args, **kwargs)


def install() -> None:
    """Replace the admin's field display (idempotent); name logins by their people."""
    global _original
    from django.contrib.admin import helpers, utils
    from django.contrib.admin.templatetags import admin_list
    from django.contrib.auth import get_user_model

    from .people import display_name

    if _original is None:
        _original = utils.display_for_field
    for module in (utils, helpers, admin_list):
        module.display_for_field = display_for_field
    get_user_model().__str__ = display_name
