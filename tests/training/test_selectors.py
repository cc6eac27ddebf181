"""Reads of the training app: the re-education list and the rates per office."""

import datetime as dt

import pytest
from django.test import override_settings

from juki_admin.choices import StaffStatus
from juki_admin.services import staff_change_status
from training import selectors, services
from training.choices import AttendanceStatus as A
from training.choices import SessionKind, ViolationSource

from ..factories import StaffFactory, accepted_roster
from .conftest import attend, session

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_violation_puts_the_person_on_the_list_until_they_attend_re_education(
    plan, sysadmin, office, office_head
):
    person = StaffFactory(office=office, name="貸与 一郎")
    services.violation_record(
        staff=person,
        source=ViolationSource.SELF_INSPECTION,
        description="操作者識別カードを同僚に貸与",
        actor=sysadmin,
        on=D(2026, 7, 1),
    )
    assert [v.staff for v in selectors.reeducation_due(office_head)] == [person]
    # an earlier re-education, or an absence, does not clear it
    attend(
        session(plan, sysadmin, SessionKind.REEDUCATION, D(2026, 6, 1)),
        sysadmin,
        (person, A.PRESENT, ""),
    )
    attend(
        session(plan, sysadmin, SessionKind.REEDUCATION, D(2026, 8, 1)),
        sysadmin,
        (person, A.ABSENT, ""),
    )
    assert selectors.reeducation_due(office_head).count() == 1
    attend(
        session(plan, sysadmin, SessionKind.REEDUCATION, D(2026, 9, 1)),
        sysadmin,
        (person, A.PRESENT, ""),
    )
    assert selectors.reeducation_due(office_head).count() == 0


def test_the_re_education_list_is_scoped_to_the_office(
    plan, sysadmin, office, other_office, office_head
):
    services.violation_record(
        staff=StaffFactory(office=other_office),
        source="other",
        description="他所属の違反",
        actor=sysadmin,
        on=D(2026, 7, 1),
    )
    assert selectors.reeducation_due(office_head).count() == 0
    assert selectors.reeducation_due(sysadmin).count() == 1


def test_rates_for_three_offices_computed_by_hand(three_offices, sysadmin):
    a, b, c, a_ops, b_ops = three_offices
    rows = {r.office: r for r in selectors.general_training_rates(sysadmin, 2026, names="missing")}
    assert (rows[a].required, rows[a].attended, rows[a].percent) == (4, 3, 75)
    assert (rows[b].required, rows[b].attended, rows[b].percent) == (3, 2, 67)
    assert (rows[c].required, rows[c].attended, rows[c].percent) == (3, 3, 100)
    assert rows[a].missing_people == [a_ops[3]]
    assert rows[b].missing_people == [b_ops[4]]
    assert (rows[a].missing_count, rows[b].missing_count, rows[c].missing_count) == (1, 1, 0)
    # with the default threshold of 80 %, A and B stand out
    assert (rows[a].low, rows[b].low, rows[c].low) == (True, True, False)
    with override_settings(TRAINING_LOW_RATE_THRESHOLD=0.7):
        assert (rows[a].low, rows[b].low) == (False, True)


def test_the_rate_rule_attended_counts_even_when_excused_or_away(plan, sysadmin, office):
    """counted = attended, or neither excused nor away; missing = counted and not attended
    (the facts from the database, ``general_training_operators``; the rule in one place)."""
    people = [StaffFactory(office=office, employee_number=f"R{i}") for i in range(5)]
    accepted_roster(office, individual=people, fiscal_year=2026)
    first = session(plan, sysadmin, on=D(2026, 6, 15))
    second = session(plan, sysadmin, on=D(2026, 9, 15))
    attend(first, sysadmin, (people[0], A.EXCUSED, "当番"), (people[2], A.PRESENT, ""))
    attend(second, sysadmin, (people[0], A.PRESENT, ""), (people[1], A.EXCUSED, "当番"))
    for who in (people[2], people[3]):
        staff_change_status(
            staff=who,
            status=StaffStatus.RETIRED,
            effective_date=D(2026, 10, 31),
            actor=sysadmin,
            reason="退職",
        )
    facts = {
        p.employee_number: (
            p.attended,
            p.excused,
            p.away,
            selectors.counted(p.attended, p.excused, p.away),
            selectors.missing(p.attended, p.excused, p.away),
        )
        for p in selectors.general_training_operators(2026, [office.pk])
    }
    assert facts == {
        "R0": (True, True, False, True, False),  # excused once, then attended
        "R1": (False, True, False, False, False),  # excused: not counted
        "R2": (True, False, True, True, False),  # attended, then retired: counted
        "R3": (False, False, True, False, False),  # retired without attending
        "R4": (False, False, False, True, True),  # yet to attend
    }
    [row] = selectors.general_training_rates(sysadmin, 2026, office=office, names="all")
    assert (row.required, row.attended, row.missing_count) == (3, 2, 1)
    assert [p.employee_number for p in row.operators] == ["R0", "R1", "R2", "R3", "R4"]
    assert row.missing_people == [people[4]]
    [row] = selectors.general_training_rates(sysadmin, 2026, office=office, names="missing")
    assert (row.operators, row.missing_people) == ([], [people[4]])


def test_the_all_office_counts_come_from_the_cache_until_anything_they_read_changes(
    three_offices, sysadmin, plan, set_today, django_assert_num_queries
):
    a, b, c, a_ops, b_ops = three_offices

    def rates():
        return {
            r.office: (r.required, r.attended)
            for r in selectors.general_training_rates(sysadmin, 2026)
        }

    assert rates()[a] == (4, 3)
    # served from the cache: the offices and the six newest history ids, not the rosters in
    # force nor the count over every operator
    with django_assert_num_queries(7):
        assert rates()[a] == (4, 3)
    # a change recorded anywhere the rates read is seen at once
    attend(session(plan, sysadmin, on=D(2026, 9, 1)), sysadmin, (a_ops[3], A.PRESENT, ""))
    assert rates()[a] == (4, 4)
    # b_ops[4] has not attended this year; retiring tomorrow, still required today
    staff_change_status(
        staff=b_ops[4],
        status=StaffStatus.RETIRED,
        effective_date=D(2026, 11, 27),
        actor=sysadmin,
        reason="退職",
    )
    assert rates()[b] == (3, 2)
    set_today(D(2026, 11, 27))  # another day, another key: now away, no longer required
    assert rates()[b] == (2, 2)
