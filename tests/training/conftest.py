"""Fixtures of the training tests: a plan of 令和8年度, sessions, three offices."""

import datetime as dt

import pytest

from juki_admin.choices import StaffStatus
from juki_admin.services import staff_change_status
from training import services
from training.choices import AttendanceStatus as A
from training.choices import SessionKind

from ..factories import OfficeFactory, StaffFactory, accepted_roster

D = dt.date


@pytest.fixture
def plan(sysadmin, set_today):
    set_today(D(2026, 11, 26))
    return services.plan_create(fiscal_year=2026, title="令和8年度研修計画", actor=sysadmin)


def session(plan, sysadmin, kind=SessionKind.GENERAL, on=None):
    return services.session_schedule(
        plan=plan, kind=kind, title=str(kind), held_on=on or D(2026, 6, 15), actor=sysadmin
    )


def attend(session_, sysadmin, *entries):
    services.session_invite(session=session_, staff=[e[0] for e in entries], actor=sysadmin)
    services.attendance_record(session=session_, entries=entries, actor=sysadmin)


@pytest.fixture
def newcomer(office, set_today):
    set_today(D(2026, 11, 26))
    person = StaffFactory(office=office, name="新任 花子")
    accepted_roster(office, individual=[person], fiscal_year=2026)
    return person


@pytest.fixture
def three_offices(plan, sysadmin):
    """Office A: 4 operators, 3 attended → 3/4 = 75 %.
    Office B: 5 operators: 2 attended (one late), 1 excused, 1 on leave, 1 missing
              → required 5 − 1 excused − 1 on leave = 3; rate 2/3 = 67 %.
    Office C: 3 operators, 3 attended, plus one attended last year only → 3/3 = 100 %."""
    general = session(plan, sysadmin, on=D(2026, 6, 15))
    last_year = services.plan_create(fiscal_year=2025, title="前年度", actor=sysadmin)
    old = session(last_year, sysadmin, on=D(2025, 6, 15))
    a, b, c = (
        OfficeFactory(code=code, name=name)
        for code, name in (("A1", "甲事務所"), ("B1", "乙事務所"), ("C1", "丙事務所"))
    )
    a_ops = [StaffFactory(office=a) for _ in range(4)]
    b_ops = [StaffFactory(office=b) for _ in range(5)]
    c_ops = [StaffFactory(office=c) for _ in range(3)]
    outsider = StaffFactory(office=c)  # not on C's roster: not counted
    accepted_roster(a, individual=a_ops, fiscal_year=2026)
    accepted_roster(b, individual=b_ops[:3], group_use=b_ops[3:], fiscal_year=2026)
    accepted_roster(c, individual=c_ops, fiscal_year=2025)  # still in force in 2026
    staff_change_status(
        staff=b_ops[3],
        status=StaffStatus.ON_LEAVE,
        effective_date=D(2026, 5, 1),
        actor=sysadmin,
        reason="休職",
    )
    attend(
        general,
        sysadmin,
        *[(p, A.PRESENT, "") for p in a_ops[:3]],
        (a_ops[3], A.ABSENT, ""),
        (b_ops[0], A.PRESENT, ""),
        (b_ops[1], A.LATE, ""),
        (b_ops[2], A.EXCUSED, "窓口当番"),
        *[(p, A.PRESENT, "") for p in c_ops],
        (outsider, A.PRESENT, ""),
    )
    attend(old, sysadmin, (b_ops[4], A.PRESENT, ""))  # last year's does not count for 2026
    return a, b, c, a_ops, b_ops
