"""Dates in the admin as everywhere else: the Japanese era in Tokyo time; logins by name.

Django's admin shows a model field's value through ``display_for_field``, which knows
neither the era nor our people. Nothing of Django's is replaced: the shared base admin
(``admin_utils.ScopedAdminMixin``) hands the admin, through its own hooks
(``get_list_display``, ``render_change_form``), a *display column* in place of the name of
every date, time, fiscal-year and login field, so that a date reads 令和8年11月26日, a
time 令和8年11月27日 09:05 (never UTC), a fiscal year 令和8年度 and a login 鈴木 陽子, on
every list, change and history page.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib.admin.utils import display_for_field as django_display_for_field
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models

from . import fiscal
from .people import display_name


def _is_login(field) -> bool:
    from django.contrib.auth import get_user_model

    return (
        field.is_relation
        and (field.many_to_one or field.one_to_one)
        and field.related_model is get_user_model()
    )


def era_text(value, field) -> str | None:
    """``value`` of ``field`` in the era (date, time, fiscal year), or None for another kind."""
    if value is None or getattr(field, "flatchoices", None):
        return None
    if isinstance(field, models.DateTimeField) and isinstance(value, dt.datetime):
        return fiscal.format_era_datetime(value)
    if isinstance(field, models.DateField) and isinstance(value, dt.date):
        return fiscal.format_era_date(value)
    if getattr(field, "name", "") == "fiscal_year" and isinstance(value, int):
        return fiscal.format_fiscal_year(value)
    return None


def shown(obj) -> str:
    """A record as the admin names it: a login by its person's name, anything else by
    ``str()``."""
    from django.contrib.auth import get_user_model

    return display_name(obj) if isinstance(obj, get_user_model()) else str(obj)


def display_for_field(value, field, empty_value_display):
    """Django's ``display_for_field``, dates in the era (for the history page's changes)."""
    return era_text(value, field) or django_display_for_field(value, field, empty_value_display)


def _shown_by_column(field) -> bool:
    if getattr(field, "flatchoices", None):
        return False
    if isinstance(field, models.DateField):  # DateTimeField too
        return True
    if field.name == "fiscal_year" and isinstance(field, models.IntegerField):
        return True
    return _is_login(field)


class DisplayColumn:
    """One field shown as the pages show it: a callable the admin takes for a column or a
    read-only field, labelled and ordered as the field, with the field's name as its CSS
    class."""

    def __init__(self, field, empty_value_display):
        self.field = field
        self.__name__ = field.name
        self.short_description = field.verbose_name
        self.admin_order_field = field.name
        self.empty_value_display = empty_value_display

    def __call__(self, obj):
        value = getattr(obj, self.field.name, None)
        if value is None or value == "":
            return self.empty_value_display
        if _is_login(self.field):
            return display_name(value)
        return era_text(value, self.field) or value

    def __str__(self):
        return self.field.name

    def __repr__(self):
        return f"<DisplayColumn {self.field.model._meta.label}.{self.field.name}>"


@functools.cache
def display_column(model, name, empty_value_display) -> DisplayColumn | None:
    """The display column of ``model``'s field ``name``, or None when Django's own display
    is right (text, numbers, choices, other keys). One object per field, so that the admin
    finds the same column in ``list_display``, ``list_display_links`` and ``sortable_by``."""
    if not isinstance(name, str):
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a method or an admin attribute: not a field
        return None
    if not getattr(field, "concrete", False) or not _shown_by_column(field):
        return None
    return DisplayColumn(field, empty_value_display)


def with_columns(model, names, empty_value_display) -> list:
    """``names`` with each date, fiscal-year and login field in its display column."""
    return [display_column(model, n, empty_value_display) or n for n in names]


def _swap(fields, columns):
    if isinstance(fields, list | tuple):
        return type(fields)(_swap(f, columns) for f in fields)
    return columns.get(fields, fields) if isinstance(fields, str) else fields


def show_read_only_fields(form, model, empty_value_display, *, all_read_only=False) -> None:
    """On a change page's ``AdminForm`` or ``InlineAdminFormSet``: each read-only date,
    fiscal-year and login field shown through its display column (editable ones keep their
    form field, which shows the era itself)."""
    read_only = list(form.readonly_fields)
    if all_read_only:
        read_only += flatten_fieldsets(form.fieldsets)
    columns = {
        name: column
        for name in read_only
        if (column := display_column(model, name, empty_value_display)) is not None
    }
    if not columns:
        return
    form.readonly_fields = [_swap(f, columns) for f in form.readonly_fields]
    form.fieldsets = [
        (title, {**options, "fields": _swap(options.get("fields", ()), columns)})
        for title, options in form.fieldsets
    ]
