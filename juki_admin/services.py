"""Writes to the organisation core. Every status change goes through here."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import validation
from .choices import StaffStatus
from .errors import DomainError
from .fiscal import format_era_date
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
    if effective_date is not None:
        validation.date_in_range(effective_date)
    reason = validation.require_reason(reason)
    if staff.status == status and staff.status_date == effective_date:
        raise DomainError(_("The staff member already has this status from this date."))
    staff.status = status
    staff.status_date = effective_date
    stamp(staff, actor=actor, reason=reason)
    staff.full_clean()
    staff.save(update_fields=["status", "status_date", "updated_at"])
    staff_changed(staff_ids=[staff.pk], actor=actor, reason=reason)
    return staff


@transaction.atomic
def staff_transfer(
    *, staff: Staff, office: Office, effective_date: dt.date, actor, reason: str
) -> Staff:
    """Record that ``staff`` moves to ``office`` from ``effective_date`` (異動).

    The person belongs to the new office at once; a card lent under the old office stays
    with that office and is due for reclaim from ``effective_date`` (``due_reclaims``), so
    it shows in the old office's reclaim watch while the person shows in the new office's
    staff. A person who headed the old office no longer does (recorded on the office)."""
    staff = Staff.objects.select_for_update().select_related("office").get(pk=staff.pk)
    reason = validation.require_reason(reason)
    if effective_date is None:
        raise DomainError(_("Enter the date from which the transfer takes effect."))
    validation.date_in_range(effective_date)
    if office.pk == staff.office_id:
        raise DomainError(
            _("%(name)s is already on the staff of %(office)s.")
            % {"name": staff.name, "office": office.name}
        )
    if not office.active:
        raise DomainError(_("%(office)s is closed.") % {"office": office.name})
    old = staff.office
    if old.head_id == staff.pk:
        office_set_head(
            office=old,
            head=None,
            actor=actor,
            reason=_("%(name)s moved to %(office)s from %(date)s.")
            % {"name": staff.name, "office": office.name, "date": format_era_date(effective_date)},
        )
    staff.office, staff.office_since = office, effective_date
    stamp(staff, actor=actor, reason=reason)
    staff.full_clean()
    staff.save(update_fields=["office", "office_since", "updated_at"])
    staff_changed(staff_ids=[staff.pk], actor=actor, reason=reason)
    return staff


def staff_changed(*, staff_ids, actor, reason: str) -> None:
    """Tell the apps listed in ``settings.STAFF_CHANGE_HOOKS`` that the status or the office
    of these people changed (the cards app brings the reclaim watch of their cards up to
    date). The services above call it; a bulk write of staff (an import) calls it once with
    every person whose status or office it changed."""
    staff_ids = list(staff_ids)
    if not staff_ids:
        return
    for path in settings.STAFF_CHANGE_HOOKS:
        import_string(path)(staff_ids=staff_ids, actor=actor, reason=reason)


@transaction.atomic
def office_set_head(*, office: Office, head: Staff | None, actor, reason: str = "") -> Office:
    """Make ``head`` (a member of the office's staff) the head of ``office``."""
    office = Office.objects.select_for_update().get(pk=office.pk)
    if head is not None and head.office_id != office.pk:
        raise DomainError(_("The office head must be a member of staff of this office."))
    if head is not None and head.has_left():
        raise DomainError(_("%(name)s has left and cannot head an office.") % {"name": head.name})
    office.head = head
    stamp(office, actor=actor, reason=reason)
    office.full_clean()
    office.save(update_fields=["head", "updated_at"])
    return office
