"""Every lifecycle of terminals and training is a table (``juki_admin.states.StateMachine``):
for every machine, every step and every status its table does not allow, the service refuses
with the one message of ``TransitionError`` and nothing changes. Generated from the tables,
so that a step added to a table is tested here without a word more."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from juki_admin.access import Role
from juki_admin.states import TransitionError
from terminals import services
from terminals.choices import (
    KEY_MACHINE,
    MEDIA_MACHINE,
    ROOM_MACHINE,
    TERMINAL_MACHINE,
    TERMINAL_STEP_TO,
    VEIN_MACHINE,
    EnrolmentStatus,
    KeyLoanStatus,
    MediaStatus,
    PresenceStatus,
    TerminalStatus,
)
from terminals.models import KeyLog, MediaHandover, MediaItem, RoomEntry, Terminal, VeinEnrolment
from training import services as training_services
from training.choices import SESSION_MACHINE, SessionKind, SessionStatus
from training.models import Attendance, TrainingPlan, TrainingSession

from ..factories import StaffFactory, make_user

pytestmark = pytest.mark.django_db
D = dt.date
PAST = D(2026, 6, 1)


def moment(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- a record in each status, and the service call of each step ---


def _terminal(status, office):
    removed = None if status == TerminalStatus.IN_SERVICE else PAST
    return Terminal.objects.create(
        asset_number="T-1", office=office, installed_on=D(2024, 3, 1), status=status,
        removed_on=removed,
    )  # fmt: skip


def _terminal_step(step, record, ctx):
    if step == "relocate":
        return services.terminal_relocate(
            terminal=record, office=ctx["other_office"], actor=ctx["sysadmin"], reason="再配置"
        )
    status = next(s for s, key in TERMINAL_STEP_TO.items() if key == step)
    return services.terminal_set_status(
        terminal=record, status=status, actor=ctx["sysadmin"], reason="理由"
    )


def _media(status, office, ctx):
    approved = status in (MediaStatus.DISPOSAL_APPROVED, MediaStatus.DISPOSED)
    return MediaItem.objects.create(
        office=office,
        kind="disk",
        title="照会結果",
        storage_place="書庫",
        registered_on=D(2026, 4, 1),
        status=status,
        disposal_approved_by=ctx["head"] if approved else None,
        disposal_approved_on=D(2026, 5, 1) if approved else None,
        disposed_on=PAST if status == MediaStatus.DISPOSED else None,
        disposal_method="破砕" if status == MediaStatus.DISPOSED else "",
    )


def _media_step(step, record, ctx):
    actor = ctx["head"]  # the office head of the item's office: only the table refuses
    if step == "handover":
        return services.media_handover(item=record, from_person="甲", to_person="乙", actor=actor)
    if step == "request_disposal":
        return services.media_request_disposal(item=record, actor=actor, reason="満了")
    if step == "approve_disposal":
        return services.media_approve_disposal(item=record, actor=actor)
    return services.media_dispose(item=record, method="破砕", actor=actor)


def _key(state, office, ctx):
    returned = moment(PAST, 12) if state == KeyLoanStatus.RETURNED else None
    return KeyLog.objects.create(
        office=office, key="端末機室", taken_at=moment(PAST), taken_by="操作 一郎",
        purpose="開錠", returned_at=returned,
    )  # fmt: skip


def _room(state, office, ctx):
    left = moment(PAST, 12) if state == PresenceStatus.LEFT else None
    return RoomEntry.objects.create(
        office=office, room="端末機室", entered_at=moment(PAST), left_at=left, name="来訪 花子",
        affiliation="保守業者", purpose="点検", is_operator=True,
    )  # fmt: skip


def _vein(state, office, ctx):
    removed = PAST if state == EnrolmentStatus.REMOVED else None
    return VeinEnrolment.objects.create(
        office=office, operator=StaffFactory(office=office), operator_code="OP1",
        collation_id="VC1", enrolled_on=D(2026, 4, 1), removed_on=removed,
    )  # fmt: skip


def _session(state, office, ctx):
    plan = TrainingPlan.objects.create(fiscal_year=2026, title="研修計画")
    cancelled = state == SessionStatus.CANCELLED
    return TrainingSession.objects.create(
        plan=plan, kind=SessionKind.GENERAL, title="一般研修", held_on=PAST,
        cancelled_on=PAST if cancelled else None, cancel_reason="台風" if cancelled else "",
    )  # fmt: skip


def _session_step(step, record, ctx):
    actor = ctx["sysadmin"]
    if step == "change":
        return training_services.session_update(
            session=record, actor=actor, reason="変更", title="一般研修（改）"
        )
    if step == "cancel":
        return training_services.session_cancel(session=record, actor=actor, reason="中止")
    person = StaffFactory(office=ctx["office"])
    if step == "invite":
        return training_services.session_invite(session=record, staff=[person], actor=actor)
    return training_services.attendance_record(
        session=record, entries=[(person, "present", "")], actor=actor
    )


MACHINES = {
    "terminal": (
        TERMINAL_MACHINE,
        "status",
        lambda status, office, ctx: _terminal(status, office),
        _terminal_step,
    ),
    "media": (MEDIA_MACHINE, "status", _media, _media_step),
    "key": (
        KEY_MACHINE,
        "state",
        _key,
        lambda step, record, ctx: services.key_return(log=record, actor=ctx["sysadmin"]),
    ),
    "room": (
        ROOM_MACHINE,
        "state",
        _room,
        lambda step, record, ctx: services.room_exit_record(entry=record, actor=ctx["sysadmin"]),
    ),
    "vein": (
        VEIN_MACHINE,
        "state",
        _vein,
        lambda step, record, ctx: services.vein_remove(
            enrolment=record, actor=ctx["sysadmin"], reason="異動"
        ),
    ),
    "session": (SESSION_MACHINE, "state", _session, _session_step),
}

REFUSALS = [
    pytest.param(name, step, status, id=f"{name}-{step}-from-{status}")
    for name, (machine, _field, _make, _call) in MACHINES.items()
    for step in machine.steps
    for status in machine.labels
    if not machine.allows(step, status)
]


def _snapshot(record):
    model = type(record)
    return (
        model.objects.filter(pk=record.pk).values().get(),
        model.history.filter(id=record.pk).count(),
        MediaHandover.objects.count(),
        Attendance.objects.count(),
    )


def test_every_table_refuses_something():
    """A table whose every step is allowed from every status tests nothing here."""
    assert {param.values[0] for param in REFUSALS} == set(MACHINES)


@pytest.mark.parametrize(("name", "step", "status"), REFUSALS)
def test_a_step_its_table_does_not_allow_is_refused_with_the_one_message_and_changes_nothing(
    name, step, status, office, other_office, sysadmin, set_today
):
    set_today(D(2026, 11, 26))
    machine, field, make, call = MACHINES[name]
    ctx = {
        "office": office,
        "other_office": other_office,
        "sysadmin": sysadmin,
        "head": make_user(Role.OFFICE_HEAD, office, username="head"),
    }
    record = make(status, office, ctx)
    assert getattr(record, field) == status
    expected = str(TransitionError(record, machine.labels[status], machine.steps[step].verb))
    before = _snapshot(record)
    with pytest.raises(TransitionError, match=re.escape(expected)):
        call(step, record, ctx)
    assert _snapshot(record) == before
