"""Writes of the terminal usage log (端末機利用簿): a use recorded before it starts, and its
end. What an operator may use — terminals, cards, affairs — is the selectors' one answer
(``usable_terminals``, ``usable_cards``, ``usable_affairs``), which the form offers too."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cards.choices import CardKind, CardStatus
from cards.selectors import designation_in_force
from juki_admin.errors import DomainError
from juki_admin.models import Staff

from .. import selectors
from ..choices import TerminalStatus
from ..models import Terminal, UsageLogEntry
from ._common import _past_moment, _save


def _card_refusal(card, operator: Staff) -> str:
    """Why ``card`` is not among ``operator``'s usable cards, for the message."""
    if card.status != CardStatus.ISSUED:
        return _("Card %(serial)s is %(status)s and cannot be used.") % {
            "serial": card.serial,
            "status": card.get_status_display(),
        }
    if card.kind == CardKind.GROUP:
        return _("%(name)s is not a member of %(group)s, whose card this is.") % {
            "name": operator.name,
            "group": card.group,
        }
    return _("Card %(serial)s is lent to someone else: an operator uses only their own card.") % {
        "serial": card.serial
    }


@transaction.atomic
def usage_start(
    *,
    operator: Staff,
    terminal: Terminal,
    card,
    affair,
    actor,
    started_at: dt.datetime | None = None,
) -> UsageLogEntry:
    """Record a use before it starts: operator, terminal, card, affair and start time."""
    started_at = _past_moment(started_at)
    on = timezone.localtime(started_at).date()
    if terminal.status != TerminalStatus.IN_SERVICE:
        raise DomainError(
            _("Terminal %(asset)s is not in service.") % {"asset": terminal.asset_number}
        )
    if operator.has_left(on):
        raise DomainError(_("%(name)s has left and may not operate.") % {"name": operator.name})
    if not selectors.usable_terminals(operator).filter(pk=terminal.pk).exists():
        raise DomainError(
            _("%(name)s may not use terminal %(asset)s of %(office)s.")
            % {
                "name": operator.name,
                "asset": terminal.asset_number,
                "office": terminal.office.name,
            }
        )
    designation = designation_in_force(operator, on)
    if designation is None:
        raise DomainError(
            _("%(name)s is not a designated operator on the roster of %(office)s.")
            % {"name": operator.name, "office": operator.office.name}
        )
    if (
        not selectors.usable_affairs(operator, on, designation=designation)
        .filter(pk=affair.pk)
        .exists()
    ):
        raise DomainError(
            _("%(name)s is not designated for %(affair)s on the roster of %(office)s.")
            % {"name": operator.name, "affair": affair, "office": operator.office.name}
        )
    if not selectors.usable_cards(operator).filter(pk=card.pk).exists():
        raise DomainError(_card_refusal(card, operator))
    entry = UsageLogEntry(
        terminal=terminal,
        office_id=terminal.office_id,
        operator=operator,
        card=card,
        affair=affair,
        started_at=started_at,
    )
    return _save(entry, actor=actor, reason=_("Use of the terminal"))


@transaction.atomic
def usage_finish(
    *,
    entry: UsageLogEntry,
    lookups: int,
    actor,
    ended_at: dt.datetime | None = None,
    reason: str = "",
) -> UsageLogEntry:
    """Record the end of a use and the number of look-ups (again, as a correction, with a
    reason: the earlier values stay in the history)."""
    entry = UsageLogEntry.objects.select_for_update().get(pk=entry.pk)
    ended_at = _past_moment(ended_at)
    if entry.ended_at is not None and not reason.strip():
        raise DomainError(_("This use is already finished: give a reason for the correction."))
    if ended_at < entry.started_at:
        raise DomainError(_("The end cannot be before the start."))
    if lookups is None or lookups < 0:
        raise DomainError(_("Enter the number of look-ups (0 or more)."))
    entry.ended_at, entry.lookups = ended_at, lookups
    return _save(entry, actor=actor, reason=reason or _("End of use"))
