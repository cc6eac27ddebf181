"""Every write of the cards app, by sub-domain: the card lifecycle (``cards``), operator
groups (``groups``), rosters (``rosters``), incidents (``incidents``), inventories
(``inventories``) and the reclaim watch (``watch``); what they share is in ``_common``.

Each is ``<entity>_<verb>``, keyword-only, atomic, locking the rows it changes, with the
acting user and reason in the history and, for cards, one entry in the card ledger
(``CardEvent``). A refused action raises ``DomainError`` (or its subclass
``CardTransitionError``) with a message for the user, and changes nothing. The lifecycles'
tables are in ``cards.choices``. Callers import from here (``cards.services.card_issue``,
and the setting ``STAFF_CHANGE_HOOKS`` names ``cards.services.reclaim_watch_staff_changed``).
"""

from ._common import CardTransitionError
from .cards import (
    card_dispose,
    card_issue,
    card_mark_found,
    card_reclaim,
    card_record_password_change,
    card_register,
    card_reinstate,
    card_report_lost,
    card_return,
    card_suspend,
    staff_reclaim_all_cards,
)
from .groups import group_add_member, group_remove_member
from .incidents import incident_add_entry, incident_close, incident_describe, incident_open
from .inventories import inventory_close, inventory_confirm, inventory_open
from .rosters import (
    roster_accept,
    roster_designate,
    roster_open,
    roster_return,
    roster_submit,
    roster_undesignate,
    roster_withdraw,
)
from .watch import reclaim_watch_refresh, reclaim_watch_staff_changed

__all__ = [
    "CardTransitionError",
    "card_dispose",
    "card_issue",
    "card_mark_found",
    "card_reclaim",
    "card_record_password_change",
    "card_register",
    "card_reinstate",
    "card_report_lost",
    "card_return",
    "card_suspend",
    "group_add_member",
    "group_remove_member",
    "incident_add_entry",
    "incident_close",
    "incident_describe",
    "incident_open",
    "inventory_close",
    "inventory_confirm",
    "inventory_open",
    "reclaim_watch_refresh",
    "reclaim_watch_staff_changed",
    "roster_accept",
    "roster_designate",
    "roster_open",
    "roster_return",
    "roster_submit",
    "roster_undesignate",
    "roster_withdraw",
    "staff_reclaim_all_cards",
]
