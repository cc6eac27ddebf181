"""What the services of the cards app share: the card's refusal, dates, locking, saving
under the constraints, the ledger entry and the transition itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from juki_admin import validation
from juki_admin.db import save_refusing_races
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.logs import security_event

from ..choices import CARD_MACHINE, IN_USE, TRANSITIONS
from ..models import Card, CardEvent
from .watch import reclaim_watch_refresh


class CardTransitionError(DomainError):
    """A lifecycle action that the card's present status does not allow."""

    def __init__(self, card: Card, action: str):
        super().__init__(
            _("Card %(serial)s is %(status)s: you cannot %(action)s it.")
            % {
                "serial": card.serial,
                "status": card.get_status_display(),
                "action": TRANSITIONS[action].verb,
            }
        )
        self.card = card


# --- helpers ---------------------------------------------------------------------------

_require_reason = validation.require_reason


def _action_date(on: dt.date | None, *, not_before: dt.date | None = None) -> dt.date:
    """The date an action took place: today by default, never in the future."""
    return validation.past_date(on, not_before=not_before)


def _locked(card: Card) -> Card:
    return Card.objects.select_for_update().get(pk=card.pk)


def _last_event_date(card: Card) -> dt.date:
    last = card.events.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    return last or card.registered_on


def _save(card: Card, *, actor, reason: str, fields: Iterable[str]) -> None:
    stamp(card, actor=actor, reason=reason)
    card.full_clean(validate_unique=False, validate_constraints=False)
    # a constraint the checks before did not foresee is a race: refused with its message
    save_refusing_races(
        card,
        _("Card %(serial)s could not be changed: another change was made at the same time.")
        % {"serial": card.serial},
        update_fields=[*fields, "updated_at"],
    )


def _record(card: Card, kind: str, *, on, actor, reason="", details=None, **snapshot):
    event = CardEvent(
        card=card,
        kind=kind,
        occurred_on=on,
        actor=actor,
        reason=reason,
        office=snapshot.get("office", card.office),
        holder=snapshot.get("holder", card.holder),
        group=snapshot.get("group", card.group),
        details=details or {},
    )
    stamp(event, actor=actor, reason=reason)
    event.save()
    security_event(
        "card_action",
        user=actor,
        card=card.serial,
        action=str(kind),
        status=str(card.status),
        office_id=event.office_id,
        occurred_on=on.isoformat(),
        ledger_entry=event.pk,
    )
    return event


def _check_allowed(card: Card, action: str) -> None:
    """Refuse ``action`` unless the card table (``CARD_MACHINE``) allows it from the card's
    status; the refusal keeps the card's own message (``CardTransitionError``)."""
    if not CARD_MACHINE.allows(action, card.status):
        raise CardTransitionError(card, action)


def _transition(
    card: Card,
    action: str,
    *,
    actor,
    reason: str,
    on: dt.date | None,
    details: dict | None = None,
    clear: bool = False,
    **changes,
) -> Card:
    """Lock ``card``, check the transition table allows ``action`` from its status, move it
    to the table's status and write the table's ledger entry."""
    transition = TRANSITIONS[action]
    card = _locked(card)
    _check_allowed(card, action)
    on = _action_date(on, not_before=_last_event_date(card))
    snapshot = {"office": card.office, "holder": card.holder, "group": card.group}
    was_in_use = card.status in IN_USE
    card.status = transition.to
    fields = ["status"]
    if clear:
        card.holder = card.group = card.office = None
        fields += ["holder", "group", "office"]
    for name, value in changes.items():
        setattr(card, name, value)
        fields.append(name)
    _save(card, actor=actor, reason=reason, fields=fields)
    _record(card, transition.event, on=on, actor=actor, reason=reason, details=details, **snapshot)
    if was_in_use != (card.status in IN_USE):
        reclaim_watch_refresh(cards=Card.objects.filter(pk=card.pk), actor=actor, reason=reason)
    return card
