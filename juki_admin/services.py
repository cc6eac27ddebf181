"""Writes to the organisation core. Every status change goes through here."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from .choices import StaffStatus
from .errors import DomainError
from .history import stamp
from .models import Office, Staff


@transaction.atomic
def staff_change_status(
    *, staff: Staff, status: str, effective_date: dt.date | None, actor, reason: str
) -> Staff:
    """Record that ``staff`` is (or will be, from ``effective_date``) on leave, retired,
    transferred or active again. A leaving status needs its date; the reason is kept."""
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if status not in StaffStatus.values:
        raise DomainError(_("Unknown staff status: %(status)s") % {"status": status})
    if status != StaffStatus.ACTIVE and effective_date is None:
        raise DomainError(_("Enter the date from which the new status takes effect."))
    if not reason.strip():
        raise DomainError(_("Enter the reason for the change."))
    if staff.status == status and staff.status_date == effective_date:
        raise DomainError(_("The staff member already has this status from this date."))
    staff.status = status
    staff.status_date = effective_date
    stamp(staff, actor=actor, reason=reason)
    staff.full_clean()
    staff.save(update_fields=["status", "status_date", "updated_at"])
    return staff


@transaction.atomic
def office_set_head(*, office: Office, head: Staff | None, actor, reason: str = "") -> Office:
    """Make ``head`` (a member of the office's staff) the head of ``office``."""
    office = Office.objects.select_for_update().get(pk=office.pk)
    if head is not None and head.office_id != office.pk:
        raise DomainError(_("The office head must be a member of staff of this office."))
    office.head = head
    stamp(office, actor=actor, reason=reason)
    office.full_clean()
    office.save(update_fields=["head", "updated_at"])
    return office
