"""Writes to the organisation core. Every status change goes through here.

Each rule is written once (``_check_status_change``, ``_check_transfer``) and read by the
single services (``staff_change_status``, ``staff_transfer``: a form, the portal) and by
their bulk variants (``staff_change_status_bulk``, ``staff_transfer_bulk``: the staff
import), which lock every row in one query and write the rows and their history in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from . import validation
from .choices import StaffStatus
from .errors import DomainError
from .fiscal import format_era_date
from .history import stamp
from .models import Office, Staff

#: Rows per UPDATE of a bulk write (Django's bulk_update writes one CASE per column, whose
#: cost grows with the square of the rows in one statement).
BULK_BATCH = 1000


def _check_status_change(staff: Staff, status: str, effective_date: dt.date | None) -> None:
    """The rule of a status change, for one person and in bulk alike."""
    if status not in StaffStatus.values:
        raise DomainError(_("Unknown staff status: %(status)s") % {"status": status})
    if status != StaffStatus.ACTIVE and effective_date is None:
        raise DomainError(_("Enter the date from which the new status takes effect."))
    if effective_date is not None:
        validation.date_in_range(effective_date)
    if staff.status == status and staff.status_date == effective_date:
        raise DomainError(_("The staff member already has this status from this date."))


def _check_transfer(staff: Staff, office: Office, effective_date: dt.date | None) -> None:
    """The rule of a transfer (異動), for one person and in bulk alike."""
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


def _head_moves_reason(staff: Staff, office: Office, effective_date: dt.date) -> str:
    """Why an office lost its head: the head moved to another office."""
    return _("%(name)s moved to %(office)s from %(date)s.") % {
        "name": staff.name,
        "office": office.name,
        "date": format_era_date(effective_date),
    }


def _named(staff: Staff, error: DomainError) -> DomainError:
    """A refusal in a bulk write, naming the person it concerns."""
    return DomainError(
        _("%(staff)s: %(reason)s")
        % {"staff": f"{staff.employee_number} {staff.name}", "reason": error.message}
    )


def _lock_staff(pks: list[int], *, with_office: bool = False) -> dict[int, Staff]:
    """Every row of ``pks`` locked for this transaction, in one query."""
    rows = Staff.objects.select_for_update()
    if with_office:
        rows = rows.select_related("office")
    return {s.pk: s for s in rows.filter(pk__in=pks)}


@transaction.atomic
def staff_change_status(
    *, staff: Staff, status: str, effective_date: dt.date | None, actor, reason: str
) -> Staff:
    """Record that ``staff`` is (or will be, from ``effective_date``) on leave, retired,
    transferred or active again. A leaving status needs its date; the reason is kept."""
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    reason = validation.require_reason(reason)
    _check_status_change(staff, status, effective_date)
    staff.status = status
    staff.status_date = effective_date
    stamp(staff, actor=actor, reason=reason)
    staff.full_clean()
    staff.save(update_fields=["status", "status_date", "updated_at"])
    staff_changed(staff_ids=[staff.pk], actor=actor, reason=reason)
    return staff


@transaction.atomic
def staff_change_status_bulk(
    *, changes: Iterable[tuple[Staff, str, dt.date | None]], actor, reason: str
) -> list[Staff]:
    """``staff_change_status`` for many people at once (``(staff, status, effective_date)``
    each), with the same rule: all are locked in one query and written, with their history,
    in bulk. One refusal and nothing is written (the refusal names the person)."""
    reason = validation.require_reason(reason)
    changes = list(changes)
    if not changes:
        return []
    locked = _lock_staff([staff.pk for staff, _status, _date in changes])
    now, changed = timezone.now(), []
    for staff, status, effective_date in changes:
        staff = locked[staff.pk]
        try:
            _check_status_change(staff, status, effective_date)
        except DomainError as error:
            raise _named(staff, error) from error
        staff.status, staff.status_date, staff.updated_at = status, effective_date, now
        stamp(staff, actor=actor, reason=reason)
        validation.clean_without_queries(staff)
        changed.append(staff)
    bulk_update_with_history(
        changed,
        Staff,
        ["status", "status_date", "updated_at"],
        batch_size=BULK_BATCH,
        default_user=actor,
        default_change_reason=reason,
    )
    staff_changed(staff_ids=[s.pk for s in changed], actor=actor, reason=reason)
    return changed


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
    _check_transfer(staff, office, effective_date)
    old = staff.office
    if old.head_id == staff.pk:
        office_set_head(
            office=old,
            head=None,
            actor=actor,
            reason=_head_moves_reason(staff, office, effective_date),
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
def staff_transfer_bulk(
    *, transfers: Iterable[tuple[Staff, Office, dt.date]], actor, reason: str
) -> list[Staff]:
    """``staff_transfer`` for many people at once (``(staff, office, effective_date)``
    each), with the same rule: all are locked in one query and written, with their history,
    in bulk; offices whose head moves lose their head as in ``staff_transfer``. One refusal
    and nothing is written (the refusal names the person)."""
    reason = validation.require_reason(reason)
    transfers = list(transfers)
    if not transfers:
        return []
    locked = _lock_staff([staff.pk for staff, _office, _date in transfers], with_office=True)
    now, moved, heads_leaving = timezone.now(), [], {}
    for staff, office, effective_date in transfers:
        staff = locked[staff.pk]
        try:
            _check_transfer(staff, office, effective_date)
        except DomainError as error:
            raise _named(staff, error) from error
        if staff.office.head_id == staff.pk:
            heads_leaving[staff.office_id] = _head_moves_reason(staff, office, effective_date)
        staff.office, staff.office_since, staff.updated_at = office, effective_date, now
        stamp(staff, actor=actor, reason=reason)
        validation.clean_without_queries(staff)
        moved.append(staff)
    if heads_leaving:  # office_set_head(head=None) for each, in one write
        offices = list(Office.objects.select_for_update().filter(pk__in=heads_leaving))
        for old in offices:
            old.head, old.updated_at = None, now
            stamp(old, actor=actor, reason=heads_leaving[old.pk])
            validation.clean_without_queries(old)
        bulk_update_with_history(
            offices, Office, ["head", "updated_at"], default_user=actor, batch_size=BULK_BATCH
        )
    bulk_update_with_history(
        moved,
        Staff,
        ["office", "office_since", "updated_at"],
        batch_size=BULK_BATCH,
        default_user=actor,
        default_change_reason=reason,
    )
    staff_changed(staff_ids=[s.pk for s in moved], actor=actor, reason=reason)
    return moved


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
