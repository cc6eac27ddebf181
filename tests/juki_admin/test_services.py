import datetime as dt

import pytest

from juki_admin.choices import StaffStatus
from juki_admin.errors import DomainError
from juki_admin.services import office_set_head, staff_change_status

from ..factories import OfficeFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_retirement_is_recorded_with_its_date_actor_and_reason(sysadmin):
    staff = StaffFactory()
    staff_change_status(
        staff=staff,
        status=StaffStatus.RETIRED,
        effective_date=dt.date(2011, 9, 30),
        actor=sysadmin,
        reason="定年退職",
    )
    staff.refresh_from_db()
    assert (staff.status, staff.status_date) == (StaffStatus.RETIRED, dt.date(2011, 9, 30))
    latest = staff.history.first()
    assert latest.history_user == sysadmin
    assert latest.history_change_reason == "定年退職"


def test_planned_departure_may_lie_in_the_future(sysadmin):
    staff = StaffFactory()
    staff_change_status(
        staff=staff,
        status=StaffStatus.TRANSFERRED,
        effective_date=dt.date(2099, 4, 1),
        actor=sysadmin,
        reason="異動内示",
    )
    staff.refresh_from_db()
    assert staff.is_leaving() and not staff.has_left()


@pytest.mark.parametrize(
    ("status", "date", "reason", "message"),
    [
        (StaffStatus.RETIRED, None, "退職", "日付"),
        (StaffStatus.RETIRED, dt.date(2020, 3, 31), "  ", "理由"),
        ("vanished", dt.date(2020, 3, 31), "?", "vanished"),
    ],
)
def test_a_refused_status_change_changes_nothing(sysadmin, status, date, reason, message):
    staff = StaffFactory()
    with pytest.raises(DomainError) as error:
        staff_change_status(
            staff=staff, status=status, effective_date=date, actor=sysadmin, reason=reason
        )
    assert message in str(error.value)
    staff.refresh_from_db()
    assert staff.status == StaffStatus.ACTIVE
    assert staff.history.count() == 1


def test_office_head_must_belong_to_the_office(sysadmin):
    office, elsewhere = OfficeFactory(), OfficeFactory()
    with pytest.raises(DomainError):
        office_set_head(office=office, head=StaffFactory(office=elsewhere), actor=sysadmin)
    head = StaffFactory(office=office)
    office_set_head(office=office, head=head, actor=sysadmin, reason="4月人事")
    office.refresh_from_db()
    assert office.head == head
    assert office.history.first().history_user == sysadmin
