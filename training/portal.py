"""What the training app adds to the portal home page (gathered by ``juki_admin.portal``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin import access, fiscal
from juki_admin.home import Figure

from . import selectors


def training_figures(user) -> list[Figure]:
    if access.only_operator(user):
        return []  # office-wide figures: not for an operator, who cannot act on them
    year = fiscal.current_fiscal_year()
    rows = selectors.general_training_rates(user, year)
    missing = sum(r.missing_count for r in rows)
    low = sum(r.low for r in rows)
    figures = [
        Figure(
            _("operators yet to attend general training this year"),
            missing,
            key="training_missing",
            url=reverse("training:rates"),
        ),
        Figure(
            _("people due for re-education"),
            selectors.reeducation_due(user).count(),
            key="reeducation_due",
            url=reverse("training:reeducation"),
        ),
    ]
    if access.sees_all_offices(user):
        figures.append(
            Figure(
                _("offices with a markedly low attendance rate"),
                low,
                key="offices_low_rate",
                url=reverse("training:rates"),
                alert=bool(low),
            )
        )
    return figures
