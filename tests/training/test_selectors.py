"""Reads of the training app: the re-education list and the rates per office."""

import datetime as dt

import pytest
from django.test import override_settings

from training import selectors, services
from training.choices import AttendanceStatus as A
from training.choices import SessionKind, ViolationSource

from ..factories import StaffFactory
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
    rows = {r.office: r for r in selectors.general_training_rates(sysadmin, 2026)}
    assert (rows[a].required, rows[a].attended, rows[a].percent) == (4, 3, 75)
    assert (rows[b].required, rows[b].attended, rows[b].percent) == (3, 2, 67)
    assert (rows[c].required, rows[c].attended, rows[c].percent) == (3, 3, 100)
    assert [m.staff for m in rows[a].missing] == [a_ops[3]]
    assert [m.staff for m in rows[b].missing] == [b_ops[4]]
    # with the default threshold of 80 %, A and B stand out
    assert (rows[a].low, rows[b].low, rows[c].low) == (True, True, False)
    with override_settings(TRAINING_LOW_RATE_THRESHOLD=0.7):
        assert (rows[a].low, rows[b].low) == (False, True)
