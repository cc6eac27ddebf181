"""Portal views of the cards app (office heads, managers, operators; all-office readers), by
sub-domain: cards and the ledger (``cards``), the reclaim watch (``reclaims``), rosters
(``rosters``), inventories (``inventories``) and incidents (``incidents``).

Every lookup goes through ``cards.selectors`` and the models' ``visible_to`` /
``changeable_by``: another office's id answers 404. Actions are POST, call one service, and
show its refusal as a message.
"""

from .cards import (
    card_detail,
    card_list,
    card_reclaim,
    card_report_lost,
    issue_receipt,
    ledger,
    passwords,
)
from .incidents import incident_report
from .inventories import inventory, inventory_confirm
from .reclaims import reclaims, staff_reclaim_all
from .rosters import (
    roster_designate,
    roster_detail,
    roster_list,
    roster_open,
    roster_submit,
    roster_undesignate,
    roster_withdraw,
)

__all__ = [
    "card_detail",
    "card_list",
    "card_reclaim",
    "card_report_lost",
    "incident_report",
    "inventory",
    "inventory_confirm",
    "issue_receipt",
    "ledger",
    "passwords",
    "reclaims",
    "roster_designate",
    "roster_detail",
    "roster_list",
    "roster_open",
    "roster_submit",
    "roster_undesignate",
    "roster_withdraw",
    "staff_reclaim_all",
]
