"""Operator groups (操作グループ): their members."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import fiscal
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Staff

from ..models import GroupMembership, OperatorGroup
from ._common import _require_reason

# --- operator groups ------------------------------------------------------------------------


@transaction.atomic
def group_add_member(*, group: OperatorGroup, staff: Staff, actor, reason: str):
    """Add ``staff`` (of the group's office, not gone) to an operator group."""
    group = OperatorGroup.objects.select_for_update().get(pk=group.pk)
    reason = _require_reason(reason)
    if staff.office_id != group.office_id:
        raise DomainError(
            _("%(name)s is not on the staff of %(office)s.")
            % {"name": staff.name, "office": group.office.name}
        )
    if staff.has_left(fiscal.today()):
        raise DomainError(_("%(name)s has left.") % {"name": staff.name})
    if GroupMembership.objects.filter(group=group, staff=staff).exists():
        raise DomainError(_("%(name)s is already a member.") % {"name": staff.name})
    membership = GroupMembership(group=group, staff=staff)
    stamp(membership, actor=actor, reason=reason)
    membership.save()
    return membership


@transaction.atomic
def group_remove_member(*, group: OperatorGroup, staff: Staff, actor, reason: str) -> None:
    """Take ``staff`` out of an operator group (kept in the history with the reason)."""
    group = OperatorGroup.objects.select_for_update().get(pk=group.pk)
    reason = _require_reason(reason)
    membership = GroupMembership.objects.filter(group=group, staff=staff).first()
    if membership is None:
        raise DomainError(_("%(name)s is not a member.") % {"name": staff.name})
    stamp(membership, actor=actor, reason=reason)
    membership.delete()
