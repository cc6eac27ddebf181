"""Operator groups and rosters: members, designations, withdrawal, the administrator's answer."""

import pytest

from cards import services
from juki_admin.errors import DomainError

from ..factories import AffairFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_only_a_submitted_roster_is_accepted_or_returned(office, office_head, sysadmin):
    roster = services.roster_open(office=office, fiscal_year=2026, actor=office_head)
    with pytest.raises(DomainError, match="「作成中」のため、受理はできません"):
        services.roster_accept(roster=roster, actor=sysadmin)
    with pytest.raises(DomainError, match="「作成中」のため、差し戻しはできません"):
        services.roster_return(roster=roster, actor=sysadmin, reason="不備")
    with pytest.raises(DomainError, match="操作者がいません"):
        services.roster_submit(roster=roster, actor=office_head)


def test_group_members_are_added_and_removed_with_a_reason_in_the_history(office, sysadmin):
    from cards.models import GroupMembership

    from ..factories import OperatorGroupFactory

    group = OperatorGroupFactory(office=office)
    person = StaffFactory(office=office)
    services.group_add_member(group=group, staff=person, actor=sysadmin, reason="配属")
    with pytest.raises(DomainError, match="既にメンバー"):
        services.group_add_member(group=group, staff=person, actor=sysadmin, reason="配属")
    with pytest.raises(DomainError, match="職員ではありません"):
        services.group_add_member(group=group, staff=StaffFactory(), actor=sysadmin, reason="配属")
    services.group_remove_member(group=group, staff=person, actor=sysadmin, reason="異動")
    assert not group.members.exists()
    reasons = list(
        GroupMembership.history.filter(staff_id=person.pk)
        .order_by("history_date")
        .values_list("history_type", "history_change_reason")
    )
    assert reasons == [("+", "配属"), ("-", "異動")]


def test_a_draft_roster_is_withdrawn_with_its_designations_kept_never_deleted(
    client, office, office_head, sysadmin
):
    from cards.choices import RosterStatus
    from cards.models import Roster

    roster = services.roster_open(office=office, fiscal_year=2026, actor=office_head)
    person = StaffFactory(office=office)
    services.roster_designate(
        roster=roster,
        staff=person,
        use_mode="individual",
        affairs=[AffairFactory()],
        actor=office_head,
    )
    client.force_login(sysadmin)
    assert (
        client.post(f"/admin/cards/roster/{roster.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    with pytest.raises(DomainError, match="理由"):
        services.roster_withdraw(roster=roster, actor=office_head, reason="")
    services.roster_withdraw(roster=roster, actor=office_head, reason="作成誤り")
    roster.refresh_from_db()
    assert (roster.status, roster.designations.count()) == (RosterStatus.WITHDRAWN, 1)
    assert services.roster_open(office=office, fiscal_year=2026, actor=office_head).version == 2
    assert Roster.objects.filter(office=office).count() == 2


def test_a_designations_history_keeps_its_affairs_as_they_stood(office, sysadmin):
    """The affairs an operator is designated for are part of the record: each historical
    designation keeps them, with who changed them and why."""
    from cards.models import Designation

    from ..factories import AffairFactory, StaffFactory

    person = StaffFactory(office=office)
    passport, resident = AffairFactory(code="PASS2"), AffairFactory(code="RES")
    roster = services.roster_open(office=office, fiscal_year=2026, actor=sysadmin)
    services.roster_designate(
        roster=roster, staff=person, use_mode="individual", affairs=[passport], actor=sysadmin
    )
    services.roster_designate(
        roster=roster,
        staff=person,
        use_mode="individual",
        affairs=[passport, resident],
        actor=sysadmin,
    )
    designation = Designation.objects.get(roster=roster, staff=person)
    records = list(designation.history.order_by("history_date", "history_id"))

    def affairs(record):
        return sorted(a.affair.code for a in record.affairs.all())

    assert affairs(records[-1]) == ["PASS2", "RES"]
    assert ["PASS2"] in [affairs(r) for r in records[:-1]]
    assert {r.history_user for r in records} == {sysadmin}
