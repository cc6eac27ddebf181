"""Demo data of the training app, loaded by ``manage.py seed_demo`` after the cards demo.

The current fiscal year's plan: new-operator training in April (after which the cards that
waited for it are issued), two general sessions, a re-education session, one still to come;
attendance with one office markedly low, and two violations from a self-inspection (cards
lent to colleagues at a busy counter, as in the paper), one cleared by re-education.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from cards.demo import current_departures, issue_pending
from juki_admin import demo_data, fiscal
from juki_admin.choices import StaffStatus
from juki_admin.models import Office, Staff

from . import services
from .choices import AttendanceStatus, SessionKind, ViolationSource
from .models import TrainingPlan
from .selectors import general_training_operators

LOW_OFFICE = "R03"  # 印旛地域振興事務所: nobody has attended general training yet
UNTRAINED = ("S01029", "S01030")  # new operators whose cards wait for their training


def operators_by_office(fiscal_year: int, offices) -> dict[int, list[Staff]]:
    """The operators of each office in ``fiscal_year`` (``general_training_operators``), by
    employee number: whom the demo invites and marks present."""
    result: dict[int, list[Staff]] = defaultdict(list)
    for person in general_training_operators(fiscal_year, offices).order_by("employee_number"):
        result[person.on_office].append(person)
    return result


def load(*, actor, users: dict) -> int:
    year = demo_data.demo_fiscal_year()
    day = demo_data.demo_day
    if TrainingPlan.objects.filter(fiscal_year=year).exists():
        return issue_pending(actor) + current_departures(actor)

    plan = services.plan_create(
        fiscal_year=year,
        title=f"{fiscal.format_fiscal_year(year)} 住基ネット操作者研修計画",
        actor=actor,
    )
    new_op = services.session_schedule(
        plan=plan,
        kind=SessionKind.NEW_OPERATOR,
        title="新人研修（操作方法・セキュリティ規程）",
        held_on=day(7),
        place="本庁 会議室",
        actor=actor,
    )
    general_1 = services.session_schedule(
        plan=plan,
        kind=SessionKind.GENERAL,
        title="一般研修（第1回）",
        held_on=day(75),
        place="本庁 大会議室",
        actor=actor,
    )
    general_2 = services.session_schedule(
        plan=plan,
        kind=SessionKind.GENERAL,
        title="一般研修（第2回）",
        held_on=day(200),
        place="東葛飾合同庁舎",
        actor=actor,
    )
    reeducation = services.session_schedule(
        plan=plan,
        kind=SessionKind.REEDUCATION,
        title="再教育研修",
        held_on=day(215),
        place="市町村課",
        actor=actor,
    )
    services.session_schedule(
        plan=plan,
        kind=SessionKind.GENERAL,
        title="一般研修（第3回・補講）",
        held_on=fiscal.fiscal_year_bounds(year)[1] - dt.timedelta(days=45),
        place="本庁 大会議室",
        actor=actor,
    )

    offices = Office.objects.filter(active=True)
    by_office = operators_by_office(year, offices)
    codes = dict(offices.values_list("pk", "code"))
    everyone = [
        p for people in by_office.values() for p in people if p.status == StaffStatus.ACTIVE
    ]
    trained = [p for p in everyone if p.employee_number not in UNTRAINED]
    services.session_invite(session=new_op, staff=trained, actor=actor)
    services.attendance_record(
        session=new_op,
        entries=[(p, AttendanceStatus.PRESENT, "") for p in trained],
        actor=actor,
    )

    entries_1, entries_2 = [], []
    for office_id, people in by_office.items():
        if codes[office_id] == LOW_OFFICE:
            continue
        for i, person in enumerate(p for p in people if p.status == StaffStatus.ACTIVE):
            if i % 7 == 6:
                continue  # not yet attended
            if i % 11 == 5:
                entries_1.append(
                    (person, AttendanceStatus.EXCUSED, "窓口繁忙のため欠席（補講受講予定）")
                )
            elif i % 2:
                entries_1.append((person, AttendanceStatus.PRESENT, ""))
            else:
                entries_2.append(
                    (person, AttendanceStatus.LATE if i % 5 == 0 else AttendanceStatus.PRESENT, "")
                )
    for session, entries in ((general_1, entries_1), (general_2, entries_2)):
        services.session_invite(session=session, staff=[e[0] for e in entries], actor=actor)
        services.attendance_record(session=session, entries=entries, actor=actor)

    lent = list(Staff.objects.filter(employee_number__in=["S02012", "S02013"]))
    for person in lent:
        services.violation_record(
            staff=person,
            source=ViolationSource.SELF_INSPECTION,
            description="窓口混雑時に操作者識別カードを同僚に貸与（カードの入替を省略）",
            actor=actor,
            on=day(120),
        )
    if lent:
        services.session_invite(session=reeducation, staff=lent, actor=actor)
        services.attendance_record(
            session=reeducation,
            entries=[(lent[0], AttendanceStatus.PRESENT, "")]
            + [(p, AttendanceStatus.ABSENT, "") for p in lent[1:]],
            actor=actor,
        )
    return 1 + issue_pending(actor) + current_departures(actor)
