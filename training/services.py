"""Writes of the training app: plans, sessions, invitations, attendance, violations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import fiscal, validation
from juki_admin.db import save_refusing_races
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Staff

from .choices import SESSION_MACHINE, AttendanceStatus, ViolationSource
from .models import Attendance, TrainingPlan, TrainingSession, Violation


@transaction.atomic
def plan_create(*, fiscal_year: int, title: str, actor, notes: str = "") -> TrainingPlan:
    """The training plan (研修計画) of a fiscal year; one per year."""
    if TrainingPlan.objects.filter(fiscal_year=fiscal_year).exists():
        raise DomainError(
            _("There is already a training plan for %(year)s.")
            % {"year": fiscal.format_fiscal_year(fiscal_year)}
        )
    title = validation.required(title, _("Enter a title."))
    plan = TrainingPlan(fiscal_year=fiscal_year, title=title.strip(), notes=notes)
    stamp(plan, actor=actor, reason=_("Training plan"))
    return save_refusing_races(plan, _("The plan was created at the same time; reload."))


@transaction.atomic
def session_schedule(
    *, plan: TrainingPlan, kind: str, title: str, held_on: dt.date, actor, place: str = ""
) -> TrainingSession:
    """Add a session to a plan; it must fall in the plan's fiscal year."""
    session = TrainingSession(
        plan=plan, kind=kind, title=title.strip(), held_on=held_on, place=place
    )
    try:
        session.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    stamp(session, actor=actor, reason=_("Training session"))
    session.save()
    return session


@transaction.atomic
def session_update(
    *,
    session: TrainingSession,
    actor,
    reason: str,
    kind: str | None = None,
    title: str | None = None,
    held_on: dt.date | None = None,
    place: str | None = None,
) -> TrainingSession:
    """Change a session. Its kind and date are frozen once attendance is recorded (the
    record of who attended what, when, must not move under it)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    SESSION_MACHINE.check_record("change", session, field="state")
    reason = validation.require_reason(reason)
    moving = (kind is not None and kind != session.kind) or (
        held_on is not None and held_on != session.held_on
    )
    if moving and session.has_recorded_attendance:
        raise DomainError(
            _("Attendance is recorded for this session: its kind and date can no longer change.")
        )
    for name, value in (("kind", kind), ("title", title), ("held_on", held_on), ("place", place)):
        if value is not None:
            setattr(session, name, value.strip() if isinstance(value, str) else value)
    try:
        session.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    stamp(session, actor=actor, reason=reason)
    session.save()
    return session


@transaction.atomic
def session_cancel(*, session: TrainingSession, actor, reason: str, on: dt.date | None = None):
    """Cancel a session (中止). Refused once attendance is recorded; invitations stay."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    SESSION_MACHINE.check_record("cancel", session, field="state")
    if session.has_recorded_attendance:
        raise DomainError(_("Attendance is recorded for this session: it cannot be cancelled."))
    session.cancelled_on = validation.past_date(on)
    session.cancel_reason = validation.require_reason(reason)
    stamp(session, actor=actor, reason=session.cancel_reason)
    session.save(update_fields=["cancelled_on", "cancel_reason", "updated_at"])
    return session


@transaction.atomic
def session_invite(*, session: TrainingSession, staff: Iterable[Staff], actor) -> int:
    """Invite people to a session (those already invited are left as they are)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    SESSION_MACHINE.check_record("invite", session, field="state")
    already = set(session.attendances.values_list("staff_id", flat=True))
    created = 0
    for person in staff:
        if person.pk in already:
            continue
        attendance = Attendance(session=session, staff=person)
        stamp(attendance, actor=actor, reason=_("Invitation"))
        attendance.save()
        already.add(person.pk)
        created += 1
    return created


@transaction.atomic
def attendance_record(
    *, session: TrainingSession, entries: Iterable[tuple[Staff, str, str]], actor
) -> list[Attendance]:
    """Record attendance for a session's list at once: (person, status, note) each.

    All or none: an excused absence without a note, or attendance at a session still to
    come, refuses the whole list."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    SESSION_MACHINE.check_record("record_attendance", session, field="state")
    entries = list(entries)
    for person, status, note in entries:
        if status not in AttendanceStatus.values:
            raise DomainError(_("Unknown attendance: %(status)s") % {"status": status})
        if status == AttendanceStatus.EXCUSED and not note.strip():
            raise DomainError(_("Give the reason why %(name)s is excused.") % {"name": person.name})
        if status != AttendanceStatus.INVITED and session.held_on > fiscal.today():
            raise DomainError(
                _("The session of %(date)s has not taken place yet.")
                % {"date": fiscal.format_era_date(session.held_on)}
            )
    existing = {a.staff_id: a for a in session.attendances.select_for_update()}
    saved = []
    for person, status, note in entries:
        attendance = existing.get(person.pk) or Attendance(session=session, staff=person)
        if attendance.pk and (attendance.status, attendance.note) == (status, note.strip()):
            continue
        attendance.status, attendance.note = status, note.strip()
        stamp(attendance, actor=actor, reason=_("Attendance"))
        attendance.save()
        saved.append(attendance)
    return saved


@transaction.atomic
def violation_record(
    *,
    staff: Staff,
    source: str,
    description: str,
    actor,
    on: dt.date | None = None,
) -> Violation:
    """Record a rule broken by ``staff``: they are on the re-education list until they
    attend re-education training (再教育研修) held on or after ``on``. Self-inspections,
    audits and access-log reviews call this."""
    if source not in ViolationSource.values:
        raise DomainError(_("Unknown source: %(source)s") % {"source": source})
    if not description.strip():
        raise DomainError(_("Describe the violation."))
    on = validation.past_date(on)
    violation = Violation(
        staff=staff,
        source=source,
        description=description.strip(),
        recorded_on=on,
        recorded_by=actor,
    )
    stamp(violation, actor=actor, reason=description)
    violation.save()
    return violation
