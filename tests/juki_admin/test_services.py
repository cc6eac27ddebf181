import datetime as dt

import pytest

from juki_admin import fiscal
from juki_admin.choices import StaffStatus
from juki_admin.errors import DomainError
from juki_admin.services import office_set_head, staff_change_status, staff_transfer

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
        effective_date=fiscal.today() + dt.timedelta(days=120),
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
    with pytest.raises(DomainError, match=message):
        staff_change_status(
            staff=staff, status=status, effective_date=date, actor=sysadmin, reason=reason
        )
    staff.refresh_from_db()
    assert staff.status == StaffStatus.ACTIVE
    assert staff.history.count() == 1


def test_office_head_must_belong_to_the_office(sysadmin):
    office, elsewhere = OfficeFactory(), OfficeFactory()
    with pytest.raises(DomainError, match="所属の職員"):
        office_set_head(office=office, head=StaffFactory(office=elsewhere), actor=sysadmin)
    head = StaffFactory(office=office)
    office_set_head(office=office, head=head, actor=sysadmin, reason="4月人事")
    office.refresh_from_db()
    assert office.head == head
    assert office.history.first().history_user == sysadmin


@pytest.mark.parametrize(
    ("date", "message"),
    [(dt.date(1925, 3, 31), "より前"), (dt.date(1949, 12, 31), "より前")],
)
def test_an_implausibly_old_status_date_is_refused(sysadmin, date, message):
    staff = StaffFactory()
    with pytest.raises(DomainError, match=message):
        staff_change_status(
            staff=staff,
            status=StaffStatus.RETIRED,
            effective_date=date,
            actor=sysadmin,
            reason="退職",
        )
    staff.refresh_from_db()
    assert (staff.status, staff.history.count()) == (StaffStatus.ACTIVE, 1)


def test_a_status_date_more_than_a_year_ahead_is_refused(sysadmin):
    staff = StaffFactory()
    with pytest.raises(DomainError, match="先"):
        staff_change_status(
            staff=staff,
            status=StaffStatus.RETIRED,
            effective_date=fiscal.today() + dt.timedelta(days=400),
            actor=sysadmin,
            reason="退職",
        )


def test_a_transfer_moves_the_person_with_its_date_and_reason(sysadmin, office, other_office):
    staff = StaffFactory(office=office)
    staff_transfer(
        staff=staff,
        office=other_office,
        effective_date=dt.date(2026, 4, 1),
        actor=sysadmin,
        reason="定期人事異動",
    )
    staff.refresh_from_db()
    assert (staff.office, staff.office_since) == (other_office, dt.date(2026, 4, 1))
    latest = staff.history.first()
    assert (latest.office_id, latest.history_user, latest.history_change_reason) == (
        other_office.pk,
        sysadmin,
        "定期人事異動",
    )


def test_a_transfer_to_the_same_office_or_without_reason_is_refused(sysadmin, office):
    staff = StaffFactory(office=office)
    with pytest.raises(DomainError, match="既に"):
        staff_transfer(
            staff=staff,
            office=office,
            effective_date=dt.date(2026, 4, 1),
            actor=sysadmin,
            reason="異動",
        )
    with pytest.raises(DomainError, match="理由"):
        staff_transfer(
            staff=staff,
            office=OfficeFactory(),
            effective_date=dt.date(2026, 4, 1),
            actor=sysadmin,
            reason=" ",
        )
    assert staff.history.count() == 1


def test_the_head_who_moves_away_no_longer_heads_the_office(sysadmin, office, other_office):
    head = StaffFactory(office=office)
    office_set_head(office=office, head=head, actor=sysadmin, reason="就任")
    staff_transfer(
        staff=head,
        office=other_office,
        effective_date=dt.date(2026, 4, 1),
        actor=sysadmin,
        reason="異動",
    )
    office.refresh_from_db()
    assert office.head is None
    assert head.name in office.history.first().history_change_reason


def test_bulk_status_changes_keep_the_single_rule_and_write_nothing_on_a_refusal(sysadmin):
    from juki_admin.services import staff_change_status_bulk

    leaving = StaffFactory(name="退職 予定")
    already = StaffFactory(
        name="既に 退職", status=StaffStatus.RETIRED, status_date=dt.date(2020, 3, 31)
    )
    with pytest.raises(DomainError, match=f"{already.employee_number} 既に 退職.*既にこの"):
        staff_change_status_bulk(
            changes=[
                (leaving, StaffStatus.RETIRED, dt.date(2026, 3, 31)),
                (already, StaffStatus.RETIRED, dt.date(2020, 3, 31)),  # the same: refused
            ],
            actor=sysadmin,
            reason="人事データ取込",
        )
    leaving.refresh_from_db()
    assert leaving.status == StaffStatus.ACTIVE  # nothing written
    with pytest.raises(DomainError, match="日付"):
        staff_change_status_bulk(
            changes=[(leaving, StaffStatus.ON_LEAVE, None)], actor=sysadmin, reason="休職"
        )
    staff_change_status_bulk(
        changes=[(leaving, StaffStatus.RETIRED, dt.date(2026, 3, 31))],
        actor=sysadmin,
        reason="定年退職",
    )
    leaving.refresh_from_db()
    assert (leaving.status, leaving.status_date) == (StaffStatus.RETIRED, dt.date(2026, 3, 31))
    latest = leaving.history.first()
    assert (latest.history_user, latest.history_change_reason) == (sysadmin, "定年退職")


def test_bulk_transfers_refuse_a_closed_office_like_a_single_transfer(
    sysadmin, office, other_office
):
    from juki_admin.services import staff_transfer_bulk

    person = StaffFactory(office=office, name="異動 者")
    other_office.active = False
    other_office.save()
    with pytest.raises(DomainError, match="異動 者"):
        staff_transfer_bulk(
            transfers=[(person, other_office, dt.date(2026, 4, 1))], actor=sysadmin, reason="異動"
        )
    person.refresh_from_db()
    assert person.office == office
