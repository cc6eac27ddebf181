"""Writes of the terminals app: leases, terminals, the usage log and the office registers.

Each is ``<entity>_<verb>``, keyword-only, atomic, with the acting user and reason in the
history; a refusal is a ``DomainError`` with a message for the user.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cards.choices import CardKind, CardStatus
from cards.selectors import designation_in_force
from juki_admin import fiscal, validation
from juki_admin.access import Role, has_role, office_of
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.history_guard import purging_history
from juki_admin.models import Office, Staff

from . import selectors
from .choices import MediaStatus, TerminalStatus
from .models import (
    DailyCheck,
    KeyLog,
    Lease,
    LeaseExtension,
    MediaHandover,
    MediaItem,
    PurgeRecord,
    RoomEntry,
    Terminal,
    TerminalMove,
    UsageLogEntry,
    VeinEnrolment,
)

_required = validation.required
_past_date = validation.past_date
_past_moment = validation.past_moment


def _save(obj, *, actor, reason: str = ""):
    stamp(obj, actor=actor, reason=reason)
    obj.full_clean()
    obj.save()
    return obj


# --- leases and terminals ---


@transaction.atomic
def lease_extend(*, lease: Lease, new_end: dt.date, actor, reason: str) -> Lease:
    """Extend a lease (the paper: the FY2007 five-year lease extended by one year)."""
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    reason = _required(reason, _("Enter the reason."))
    if new_end <= lease.ends_on:
        raise DomainError(
            _("The new end must be after the present end, %(date)s.")
            % {"date": fiscal.format_era_date(lease.ends_on)}
        )
    _save(
        LeaseExtension(
            lease=lease,
            previous_end=lease.ends_on,
            new_end=new_end,
            decided_on=fiscal.today(),
            reason=reason,
        ),
        actor=actor,
        reason=reason,
    )
    lease.ends_on = new_end
    return _save(lease, actor=actor, reason=reason)


@transaction.atomic
def terminal_relocate(
    *,
    terminal: Terminal,
    office: Office,
    actor,
    reason: str,
    room: str = "",
    on: dt.date | None = None,
) -> Terminal:
    """再配置: move a terminal to another office, with the date and reason on record."""
    terminal = Terminal.objects.select_for_update().get(pk=terminal.pk)
    reason = _required(reason, _("Enter the reason."))
    on = _past_date(on)
    if terminal.status != TerminalStatus.IN_SERVICE:
        raise DomainError(_("Only a terminal in service can be moved."))
    if office.pk == terminal.office_id:
        raise DomainError(_("The terminal is already at %(office)s.") % {"office": office.name})
    _save(
        TerminalMove(
            terminal=terminal,
            from_office_id=terminal.office_id,
            to_office=office,
            moved_on=on,
            reason=reason,
        ),
        actor=actor,
        reason=reason,
    )
    terminal.office, terminal.room = office, room
    return _save(terminal, actor=actor, reason=reason)


@transaction.atomic
def terminal_set_status(
    *, terminal: Terminal, status: str, actor, reason: str, on: dt.date | None = None
) -> Terminal:
    """Take a terminal out of service (stored, returned to the lessor) or back into it."""
    terminal = Terminal.objects.select_for_update().get(pk=terminal.pk)
    reason = _required(reason, _("Enter the reason."))
    if status not in TerminalStatus.values:
        raise DomainError(_("Unknown status: %(value)s") % {"value": status})
    if status == terminal.status:
        raise DomainError(_("The terminal already has this status."))
    if terminal.status == TerminalStatus.RETURNED:
        raise DomainError(_("A terminal returned to the lessor cannot change status."))
    on = _past_date(on)
    terminal.status = status
    terminal.removed_on = None if status == TerminalStatus.IN_SERVICE else on
    return _save(terminal, actor=actor, reason=reason)


# --- the usage log ---


@transaction.atomic
def usage_start(
    *,
    operator: Staff,
    terminal: Terminal,
    card,
    affair,
    actor,
    started_at: dt.datetime | None = None,
) -> UsageLogEntry:
    """Record a use before it starts: operator, terminal, card, affair and start time."""
    started_at = _past_moment(started_at)
    on = timezone.localtime(started_at).date()
    if terminal.status != TerminalStatus.IN_SERVICE:
        raise DomainError(
            _("Terminal %(asset)s is not in service.") % {"asset": terminal.asset_number}
        )
    if operator.has_left(on):
        raise DomainError(_("%(name)s has left and may not operate.") % {"name": operator.name})
    if not selectors.usable_terminals(operator).filter(pk=terminal.pk).exists():
        raise DomainError(
            _("%(name)s may not use terminal %(asset)s of %(office)s.")
            % {
                "name": operator.name,
                "asset": terminal.asset_number,
                "office": terminal.office.name,
            }
        )
    if designation_in_force(operator, on) is None:
        raise DomainError(
            _("%(name)s is not a designated operator on the roster of %(office)s.")
            % {"name": operator.name, "office": operator.office.name}
        )
    if card.status != CardStatus.ISSUED:
        raise DomainError(
            _("Card %(serial)s is %(status)s and cannot be used.")
            % {"serial": card.serial, "status": card.get_status_display()}
        )
    if card.kind == CardKind.INDIVIDUAL and card.holder_id != operator.pk:
        raise DomainError(
            _("Card %(serial)s is lent to someone else: an operator uses only their own card.")
            % {"serial": card.serial}
        )
    if card.kind == CardKind.GROUP and not card.group.members.filter(pk=operator.pk).exists():
        raise DomainError(
            _("%(name)s is not a member of %(group)s, whose card this is.")
            % {"name": operator.name, "group": card.group}
        )
    entry = UsageLogEntry(
        terminal=terminal,
        office_id=terminal.office_id,
        operator=operator,
        card=card,
        affair=affair,
        started_at=started_at,
    )
    return _save(entry, actor=actor, reason=_("Use of the terminal"))


@transaction.atomic
def usage_finish(
    *,
    entry: UsageLogEntry,
    lookups: int,
    actor,
    ended_at: dt.datetime | None = None,
    reason: str = "",
) -> UsageLogEntry:
    """Record the end of a use and the number of look-ups (again, as a correction, with a
    reason: the earlier values stay in the history)."""
    entry = UsageLogEntry.objects.select_for_update().get(pk=entry.pk)
    ended_at = _past_moment(ended_at)
    if entry.ended_at is not None and not reason.strip():
        raise DomainError(_("This use is already finished: give a reason for the correction."))
    if ended_at < entry.started_at:
        raise DomainError(_("The end cannot be before the start."))
    if lookups is None or lookups < 0:
        raise DomainError(_("Enter the number of look-ups (0 or more)."))
    entry.ended_at, entry.lookups = ended_at, lookups
    return _save(entry, actor=actor, reason=reason or _("End of use"))


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
    if enrolment.removed_on:
        raise DomainError(_("This enrolment is already removed."))
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
    try:
        with transaction.atomic():
            return _save(check, actor=actor, reason=_("Daily check"))
    except IntegrityError as error:
        raise DomainError(_("The check was recorded at the same time; reload.")) from error


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
    if entry.left_at:
        raise DomainError(_("The exit is already recorded."))
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
    if log.returned_at:
        raise DomainError(_("The key is already returned."))
    returned_at = _past_moment(returned_at)
    if returned_at < log.taken_at:
        raise DomainError(_("The return cannot be before the key was taken."))
    log.returned_at = returned_at
    return _save(log, actor=actor, reason=_("Key returned"))


# --- forms, documents and disks ---


@transaction.atomic
def media_register(
    *, office: Office, kind: str, title: str, storage_place: str, actor, on: dt.date | None = None
) -> MediaItem:
    item = MediaItem(
        office=office,
        kind=kind,
        title=_required(title, _("Enter the item.")),
        storage_place=_required(storage_place, _("Enter the locked storage place.")),
        registered_on=_past_date(on),
    )
    return _save(item, actor=actor, reason=_("Registered"))


def _kept(item: MediaItem) -> MediaItem:
    item = MediaItem.objects.select_for_update().get(pk=item.pk)
    if item.status == MediaStatus.DISPOSED:
        raise DomainError(_("%(item)s is disposed.") % {"item": item.title})
    return item


@transaction.atomic
def media_handover(
    *, item: MediaItem, from_person: str, to_person: str, actor, on: dt.date | None = None
) -> MediaHandover:
    item = _kept(item)
    handover = MediaHandover(
        item=item,
        from_person=_required(from_person, _("Enter who hands it over.")),
        to_person=_required(to_person, _("Enter who receives it.")),
        handed_on=_past_date(on),
    )
    return _save(handover, actor=actor, reason=_("Handover"))


@transaction.atomic
def media_request_disposal(*, item: MediaItem, actor, reason: str) -> MediaItem:
    item = _kept(item)
    if item.status != MediaStatus.KEPT:
        raise DomainError(_("Disposal of %(item)s is already requested.") % {"item": item.title})
    item.status, item.disposal_requested_by = MediaStatus.DISPOSAL_REQUESTED, actor
    return _save(item, actor=actor, reason=_required(reason, _("Enter the reason.")))


@transaction.atomic
def media_approve_disposal(*, item: MediaItem, actor, on: dt.date | None = None) -> MediaItem:
    """The office head of the item's office approves its disposal beforehand (事前承認)."""
    item = _kept(item)
    if item.status != MediaStatus.DISPOSAL_REQUESTED:
        raise DomainError(_("Nobody has asked to dispose of %(item)s.") % {"item": item.title})
    if not (has_role(actor, Role.OFFICE_HEAD) and office_of(actor) == item.office):
        raise DomainError(
            _("Only the head of %(office)s approves its disposals.") % {"office": item.office.name}
        )
    item.status = MediaStatus.DISPOSAL_APPROVED
    item.disposal_approved_by, item.disposal_approved_on = actor, _past_date(on)
    return _save(item, actor=actor, reason=_("Disposal approved"))


@transaction.atomic
def media_dispose(*, item: MediaItem, method: str, actor, on: dt.date | None = None) -> MediaItem:
    item = _kept(item)
    if item.status != MediaStatus.DISPOSAL_APPROVED:
        raise DomainError(
            _("%(item)s cannot be disposed of before the office head approves it.")
            % {"item": item.title}
        )
    on = _past_date(on)
    if on < item.disposal_approved_on:
        raise DomainError(_("The disposal cannot be before its approval."))
    item.status, item.disposed_on = MediaStatus.DISPOSED, on
    item.disposal_method = _required(method, _("Enter the disposal method."))
    return _save(item, actor=actor, reason=_("Disposed"))


# --- retention ---


TIME_FIELDS = {
    "terminals.RoomEntry": "entered_at",
    "terminals.KeyLog": "taken_at",
    "terminals.UsageLogEntry": "started_at",
    "terminals.DailyCheck": "checked_on",
}


def expired(on: dt.date | None = None) -> list[tuple[str, dt.date, object]]:
    """(register, cutoff, queryset of rows older than the cutoff) per register."""
    on = on or fiscal.today()
    result = []
    for label, days in settings.RETENTION_DAYS.items():
        cutoff = on - dt.timedelta(days=days)
        field = TIME_FIELDS[label]
        model = apps.get_model(label)
        lookup = {f"{field}__date__lt" if field.endswith("_at") else f"{field}__lt": cutoff}
        result.append((label, cutoff, model.objects.filter(**lookup)))
    return result


def _delete_ids(model, ids) -> int:
    """DELETE rows by id in SQL: the retention purge removes rows and their history at
    once (no per-row signal writing a deletion into a history about to go too)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({placeholders})", ids)
        return cursor.rowcount


@transaction.atomic
def purge_expired(*, actor, on: dt.date | None = None) -> list[PurgeRecord]:
    """Remove what is past its retention period, with its history (which holds the same
    personal data), and record what was removed. The only path that deletes history."""
    records = []
    for label, cutoff, queryset in expired(on):
        ids = list(queryset.values_list("pk", flat=True))
        if not ids:
            continue
        model = queryset.model
        removed = 0
        with purging_history():
            for start in range(0, len(ids), 500):
                batch = ids[start : start + 500]
                history = model.history.model
                history_ids = list(
                    history.objects.filter(id__in=batch).values_list("history_id", flat=True)
                )
                for h_start in range(0, len(history_ids), 500):
                    _delete_ids(history, history_ids[h_start : h_start + 500])
                removed += _delete_ids(model, batch)
        record = PurgeRecord(register=label, cutoff=cutoff, removed=removed, actor=actor)
        records.append(_save(record, actor=actor, reason=_("Past its retention period")))
    return records
