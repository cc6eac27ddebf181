"""Writes of the training app: plans, sessions, attendance, violations."""

import datetime as dt

import pytest

from juki_admin.errors import DomainError
from training import services
from training.choices import AttendanceStatus as A
from training.choices import SessionKind

from ..factories import StaffFactory
from .conftest import attend, session

pytestmark = pytest.mark.django_db
D = dt.date


def test_one_plan_per_fiscal_year(plan, sysadmin):
    with pytest.raises(DomainError, match="令和8年度"):
        services.plan_create(fiscal_year=2026, title="重複", actor=sysadmin)


def test_a_session_outside_the_plans_fiscal_year_is_refused(plan, sysadmin):
    with pytest.raises(DomainError, match="令和8年度"):
        session(plan, sysadmin, on=D(2027, 4, 1))


def test_excused_needs_a_note_and_the_whole_sheet_is_refused(plan, sysadmin, office):
    a, b = StaffFactory(office=office), StaffFactory(office=office)
    s = session(plan, sysadmin)
    services.session_invite(session=s, staff=[a, b], actor=sysadmin)
    with pytest.raises(DomainError, match="理由"):
        services.attendance_record(
            session=s, entries=[(a, A.PRESENT, ""), (b, A.EXCUSED, "")], actor=sysadmin
        )
    assert set(s.attendances.values_list("status", flat=True)) == {A.INVITED}


def test_attendance_at_a_session_still_to_come_is_refused(plan, sysadmin, office):
    person = StaffFactory(office=office)
    s = session(plan, sysadmin, on=D(2027, 2, 10))
    with pytest.raises(DomainError, match="まだ実施されていません"):
        services.attendance_record(session=s, entries=[(person, A.PRESENT, "")], actor=sysadmin)


def test_attendance_keeps_its_history(plan, sysadmin, office):
    person = StaffFactory(office=office)
    s = session(plan, sysadmin)
    attend(s, sysadmin, (person, A.ABSENT, ""))
    attend(s, sysadmin, (person, A.LATE, "電車遅延"))
    attendance = s.attendances.get()
    assert [h.status for h in attendance.history.order_by("history_date")] == [
        A.INVITED,
        A.ABSENT,
        A.LATE,
    ]
    assert attendance.history.first().history_user == sysadmin


def test_violation_needs_a_description_and_a_past_date(sysadmin, office, set_today):
    set_today(D(2026, 11, 26))
    person = StaffFactory(office=office)
    with pytest.raises(DomainError, match="内容"):
        services.violation_record(
            staff=person, source="audit_finding", description=" ", actor=sysadmin
        )
    with pytest.raises(DomainError, match="未来"):
        services.violation_record(
            staff=person,
            source="audit_finding",
            description="x",
            actor=sysadmin,
            on=D(2027, 1, 1),
        )


def test_a_sessions_kind_and_date_are_frozen_once_attendance_is_recorded(
    plan, sysadmin, office, client
):
    general = session(plan, sysadmin)
    services.session_update(
        session=general, actor=sysadmin, reason="会場の都合", held_on=D(2026, 6, 16)
    )
    person = StaffFactory(office=office)
    attend(general, sysadmin, (person, A.PRESENT, ""))
    with pytest.raises(DomainError, match="変更できません"):
        services.session_update(
            session=general, actor=sysadmin, reason="誤り", held_on=D(2026, 6, 17)
        )
    with pytest.raises(DomainError, match="変更できません"):
        services.session_update(
            session=general, actor=sysadmin, reason="誤り", kind=SessionKind.REEDUCATION
        )
    services.session_update(
        session=general, actor=sysadmin, reason="表記", title="一般研修（午前）"
    )
    general.refresh_from_db()
    assert (general.held_on, general.kind, general.title) == (
        D(2026, 6, 16),
        SessionKind.GENERAL,
        "一般研修（午前）",
    )
    client.force_login(sysadmin)
    page = client.get(f"/admin/training/trainingsession/{general.pk}/change/").content.decode()
    assert 'name="held_on"' not in page and 'name="kind"' not in page
    with pytest.raises(DomainError, match="中止できません"):
        services.session_cancel(session=general, actor=sysadmin, reason="中止")


def test_a_session_is_cancelled_with_a_reason_and_then_takes_no_attendance(plan, sysadmin, office):
    later = session(plan, sysadmin, on=D(2026, 7, 1))
    person = StaffFactory(office=office)
    services.session_invite(session=later, staff=[person], actor=sysadmin)
    services.session_cancel(session=later, actor=sysadmin, reason="台風接近のため")
    later.refresh_from_db()
    assert (later.cancelled_on, later.cancel_reason) == (D(2026, 11, 26), "台風接近のため")
    with pytest.raises(DomainError, match="「中止」のため、出欠の記録はできません"):
        services.attendance_record(session=later, entries=[(person, A.PRESENT, "")], actor=sysadmin)
