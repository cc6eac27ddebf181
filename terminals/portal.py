"""What the terminals app adds to the portal home page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin import access, fiscal
from juki_admin.home import Figure

from . import selectors


def terminal_figures(user) -> list[Figure]:
    if not access.roles_of(user):
        return []
    today = fiscal.today()
    figures = []
    if access.changes_all_offices(user):
        ending = selectors.leases_ending(today).count()
        figures.append(
            Figure(
                _("leases ending soon"),
                ending,
                key="leases_ending",
                url=reverse("admin:terminals_lease_changelist"),
                alert=bool(ending),
            )
        )
    week = selectors.unchecked_days(
        selectors.visible_terminals(user),
        today - dt.timedelta(days=7),
        today - dt.timedelta(days=1),
    )
    missing = sum(len(days) for days in week.values())
    figures.append(
        Figure(
            _("terminal-days without a daily check (last 7 days)"),
            missing,
            key="checks_missing",
            url=reverse("terminals:registers") + "#checks",
            alert=bool(missing),
        )
    )
    return figures
