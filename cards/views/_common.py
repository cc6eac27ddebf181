"""What the portal views of the cards app share."""

from juki_admin.access import Role

#: The roles that act on cards in the portal (reclaim, report lost, confirm in an inventory).
ACTING_ROLES = (Role.SYSTEM_ADMIN, Role.OFFICE_HEAD)
