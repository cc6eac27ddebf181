"""Writes of the registers an office keeps: the vein enrolment register (照合情報認証管理簿),
daily checks (端末機管理日次点検), the room entry log (入退室管理簿) and the key register
(鍵管理簿)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import fiscal
from juki_admin.db import refusing_races
from juki_admin.errors import DomainError
from juki_admin.models import Office, Staff

from ..choices import KEY_MACHINE, ROOM_MACHINE, VEIN_MACHINE
from ..models import DailyCheck, KeyLog, RoomEntry, Terminal, VeinEnrolment
from ._common import _past_date, _past_moment, _required, _save

# --- vein enrolment ---


@transaction.atomic
def vein_enrol(
    *, operator: Staff, operator_code: str, collation_id: str, actor, on: dt.date | None = None
) -> VeinEnrolment:
    """Enter an operator in the vein enrolment register (照合情報認証管理簿)."""
    enrolment = VeinEnrolment(
        office_id=operator.office_id,
        operator=operator,
        operator_code=_required(operator_code, _("Enter the operator ID.")),
        collation_id=_required(collation_id, _("Enter the collation ID.")),
        enrolled_on=_past_date(on),
    )
    if VeinEnrolment.objects.filter(operator=operator, removed_on__isnull=True).exists():
        raise DomainError(_("%(name)s is already enrolled.") % {"name": operator.name})
    if VeinEnrolment.objects.filter(
        collation_id=enrolment.collation_id, removed_on__isnull=True
    ).exists():
        raise DomainError(_("The collation ID %(id)s is in use.") % {"id": enrolment.collation_id})
    return _save(enrolment, actor=actor, reason=_("Enrolment"))


@transaction.atomic
def vein_remove(*, enrolment: VeinEnrolment, actor, reason: str, on: dt.date | None = None):
    enrolment = VeinEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    VEIN_MACHINE.check_record("remove", enrolment, field="state")
    on = _past_date(on)
    if on < enrolment.enrolled_on:
        raise DomainError(_("The removal cannot be before the enrolment."))
    enrolment.removed_on = on
    return _save(enrolment, actor=actor, reason=_required(reason, _("Enter the reason.")))


# --- daily check, room entries, keys ---


@transaction.atomic
def daily_check_record(
    *,
    terminal: Terminal,
    results: dict[str, bool],
    actor,
    on: dt.date | None = None,
    notes: str = "",
) -> DailyCheck:
    """Record the day's check of one terminal against the configured points."""
    on = _past_date(on)
    points = settings.TERMINAL_DAILY_CHECK_POINTS
    if set(results) != set(points):
        raise DomainError(_("Answer every point of the daily check."))
    if DailyCheck.objects.filter(terminal=terminal, checked_on=on).exists():
        raise DomainError(
            _("Terminal %(asset)s was already checked on %(date)s.")
            % {"asset": terminal.asset_number, "date": fiscal.format_era_date(on)}
        )
    if not all(results.values()) and not notes.strip():
        raise DomainError(_("Say what was wrong and what was done about it."))
    check = DailyCheck(
        terminal=terminal,
        checked_on=on,
        checked_by=actor,
        results={p: bool(results[p]) for p in points},
        notes=notes,
    )
    with refusing_races(_("The check was recorded at the same time; reload.")):
        return _save(check, actor=actor, reason=_("Daily check"))


@transaction.atomic
def room_entry_record(
    *,
    office: Office,
    room: str,
    name: str,
    affiliation: str,
    purpose: str,
    is_operator: bool,
    actor,
    escort: str = "",
    entered_at: dt.datetime | None = None,
) -> RoomEntry:
    """Record an entry into the terminal room; a non-operator must have an escort (立会者)."""
    if not is_operator and not escort.strip():
        raise DomainError(
            _("%(name)s is not an operator: enter the escort (立会者) who accompanies them.")
            % {"name": name}
        )
    entry = RoomEntry(
        office=office,
        room=_required(room, _("Enter the room.")),
        entered_at=_past_moment(entered_at),
        name=_required(name, _("Enter the name.")),
        affiliation=_required(affiliation, _("Enter the affiliation.")),
        purpose=_required(purpose, _("Enter the purpose.")),
        is_operator=is_operator,
        escort=escort.strip(),
    )
    return _save(entry, actor=actor, reason=_("Room entry"))


@transaction.atomic
def room_exit_record(*, entry: RoomEntry, actor, left_at: dt.datetime | None = None) -> RoomEntry:
    entry = RoomEntry.objects.select_for_update().get(pk=entry.pk)
    ROOM_MACHINE.check_record("exit", entry, field="state")
    left_at = _past_moment(left_at)
    if left_at < entry.entered_at:
        raise DomainError(_("The exit cannot be before the entry."))
    entry.left_at = left_at
    return _save(entry, actor=actor, reason=_("Room exit"))


@transaction.atomic
def key_take(
    *,
    office: Office,
    key: str,
    taken_by: str,
    purpose: str,
    actor,
    taken_at: dt.datetime | None = None,
) -> KeyLog:
    if KeyLog.objects.filter(office=office, key=key, returned_at__isnull=True).exists():
        raise DomainError(_("The key %(key)s has not been returned yet.") % {"key": key})
    log = KeyLog(
        office=office,
        key=_required(key, _("Enter the key.")),
        taken_at=_past_moment(taken_at),
        taken_by=_required(taken_by, _("Enter the name.")),
        purpose=_required(purpose, _("Enter the purpose.")),
    )
    return _save(log, actor=actor, reason=_("Key taken"))


@transaction.atomic
def key_return(*, log: KeyLog, actor, returned_at: dt.datetime | None = None) -> KeyLog:
    log = KeyLog.objects.select_for_update().get(pk=log.pk)
    KEY_MACHINE.check_record("return", log, field="state")
    returned_at = _past_moment(returned_at)
    if returned_at < log.taken_at:
        raise DomainError(_("The return cannot be before the key was taken."))
    log.returned_at = returned_at
    return _save(log, actor=actor, reason=_("Key returned"))
