"""Card inventories (現物確認): open, confirm card by card, close."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from juki_admin.errors import DomainError
from juki_admin.history import stamp

from ..choices import IN_USE, INVENTORY_ITEM_MACHINE, CardEventKind, CardStatus
from ..models import Card, Inventory, InventoryItem
from ._common import _action_date, _locked, _record, _save
from .cards import card_report_lost

# --- inventories --------------------------------------------------------------------------


@transaction.atomic
def inventory_open(*, title: str, due_on: dt.date, actor, on: dt.date | None = None) -> Inventory:
    """Open a card inventory (現物確認): every card out with an office is to be confirmed."""
    on = _action_date(on)
    if due_on < on:
        raise DomainError(_("The due date must not be before the opening date."))
    if not title.strip():
        raise DomainError(_("Enter a title."))
    inventory = Inventory(title=title.strip(), opened_on=on, due_on=due_on)
    stamp(inventory, actor=actor, reason=title)
    inventory.save()
    cards = Card.objects.filter(status__in=[*IN_USE, CardStatus.RECLAIMED]).order_by("serial")
    items = [InventoryItem(inventory=inventory, card=c, office_id=c.office_id) for c in cards]
    bulk_create_with_history(items, InventoryItem, default_user=actor, default_change_reason=title)
    return inventory


@transaction.atomic
def inventory_confirm(
    *, item: InventoryItem, in_hand: bool, actor, note: str = "", on: dt.date | None = None
) -> InventoryItem:
    """The office head confirms one card: in hand, or not found (then it is reported lost)."""
    item = (
        InventoryItem.objects.select_for_update(of=("self",))
        .select_related("inventory", "card")
        .get(pk=item.pk)
    )
    if item.inventory.closed_on:
        raise DomainError(_("This inventory is closed."))
    step = INVENTORY_ITEM_MACHINE.check_record(
        "in_hand" if in_hand else "not_found", item, "result"
    )
    on = _action_date(on, not_before=item.inventory.opened_on)
    if in_hand:
        card = _locked(item.card)
        card.last_confirmed_on = on
        _save(card, actor=actor, reason=item.inventory.title, fields=["last_confirmed_on"])
        _record(card, CardEventKind.CONFIRM, on=on, actor=actor, reason=item.inventory.title)
        item.result = step.to
    else:
        if not note.strip():
            raise DomainError(_("Say where and when the card was last seen."))
        card_report_lost(
            card=item.card,
            actor=actor,
            reason=_("Not found in inventory %(title)s: %(note)s")
            % {"title": item.inventory.title, "note": note},
            last_seen_place=note,
            on=on,
        )
        item.result = step.to
    item.confirmed_on, item.confirmed_by, item.note = on, actor, note
    stamp(item, actor=actor, reason=item.inventory.title)
    item.save(update_fields=["result", "confirmed_on", "confirmed_by", "note", "updated_at"])
    return item


@transaction.atomic
def inventory_close(
    *, inventory: Inventory, actor, reason: str = "", on: dt.date | None = None
) -> Inventory:
    """Close an inventory; its unconfirmed cards stay listed in it as unconfirmed."""
    inventory = Inventory.objects.select_for_update().get(pk=inventory.pk)
    if inventory.closed_on:
        raise DomainError(_("This inventory is closed."))
    inventory.closed_on = _action_date(on, not_before=inventory.opened_on)
    stamp(inventory, actor=actor, reason=reason or _("Closed"))
    inventory.save(update_fields=["closed_on", "updated_at"])
    return inventory
