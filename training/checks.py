"""The check that card issue runs through ``settings.CARD_ISSUE_CHECKS`` (cards never
imports training: DESIGN.md, Shape of the code)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cards.choices import CardEventKind
from cards.models import CardEvent
from juki_admin.errors import DomainError

from .choices import NewOperatorRule, SessionKind
from .selectors import has_attended_new_operator_training


def new_operator_training(*, card, holder, on: dt.date):
    """A newly designated operator (never issued a card before) must have attended
    new-operator training (新人研修) on or before the day of issue. Refuses, or warns, as
    ``TRAINING_NEW_OPERATOR_RULE`` says."""
    if on < settings.TRAINING_RULES_FROM:
        return None
    issued_before = CardEvent.objects.filter(
        kind=CardEventKind.ISSUE, holder=holder, occurred_on__lte=on
    ).exists()
    if issued_before or has_attended_new_operator_training(holder, on):
        return None
    message = _("%(name)s has not attended new-operator training.") % {"name": holder.name}
    if settings.TRAINING_NEW_OPERATOR_RULE == NewOperatorRule.WARN:
        return message
    raise DomainError(
        message + " " + _("Record their attendance before issuing the card."),
        fix=(
            reverse("admin:training_trainingsession_changelist")
            + f"?kind__exact={SessionKind.NEW_OPERATOR}",
            _("New-operator training sessions"),
        ),
    )
