"""The models of the cards app, by sub-domain: cards and their ledger (``cards``), rosters
(``rosters``), incidents (``incidents``) and inventories (``inventories``).

Every office-scoped model has an ``OfficeScopedQuerySet`` manager: ``Card.objects.visible_to(
user)`` and ``.changeable_by(user)`` are the one scoping rule (``juki_admin.access``).
"""

from .cards import Card, CardEvent, GroupMembership, OperatorGroup, ReclaimPeriod
from .incidents import Incident, IncidentEntry
from .inventories import Inventory, InventoryItem
from .rosters import Affair, Designation, Roster

__all__ = [
    "Affair",
    "Card",
    "CardEvent",
    "Designation",
    "GroupMembership",
    "Incident",
    "IncidentEntry",
    "Inventory",
    "InventoryItem",
    "OperatorGroup",
    "ReclaimPeriod",
    "Roster",
]
