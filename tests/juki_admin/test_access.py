"""Scoping: office heads, managers and operators see only their own office."""

import pytest
from django.urls import reverse

from juki_admin import access
from juki_admin.access import Role

from ..factories import OfficeFactory, StaffFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db


def test_office_head_sees_only_their_office(office, other_office, office_head):
    mine, theirs = StaffFactory(office=office), StaffFactory(office=other_office)
    visible = set(access.visible_staff(office_head))
    assert mine in visible
    assert theirs not in visible
    assert list(access.visible_offices(office_head)) == [office]


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_CHIEF, Role.AUDITOR])
def test_readers_of_every_office_see_all_staff(role, office, other_office):
    user = make_user(role, OfficeFactory())
    StaffFactory(office=office), StaffFactory(office=other_office)
    assert access.visible_staff(user).count() == 3  # two made here and the user


def test_a_login_without_role_or_staff_record_sees_nothing(office):
    StaffFactory(office=office)
    assert access.visible_staff(UserFactory()).count() == 0
    assert access.visible_staff(UserFactory(roles=[Role.OFFICE_HEAD])).count() == 0


def test_only_the_system_administrator_changes_other_offices(office, other_office, office_head):
    theirs = StaffFactory(office=other_office)
    chief = make_user(Role.SECURITY_CHIEF, office)
    admin_user = make_user(Role.SYSTEM_ADMIN, office)
    assert theirs not in access.changeable_staff(office_head)
    assert theirs not in access.changeable_staff(chief)
    assert theirs in access.changeable_staff(admin_user)


@pytest.mark.parametrize("role", [Role.OFFICE_HEAD, Role.IDENTITY_MANAGER, Role.OPERATOR])
def test_another_offices_staff_answers_404_whatever_the_id(client, role, office, other_office):
    user = make_user(role, office)
    theirs = StaffFactory(office=other_office)
    mine = StaffFactory(office=office)
    client.force_login(user)
    assert client.get(reverse("portal:staff_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("portal:staff_detail", args=[999999])).status_code == 404
    response = client.get(reverse("portal:staff_detail", args=[mine.pk]))
    assert response.status_code == 200
    assert mine.name in response.content.decode()


def test_staff_list_shows_only_own_office(client, office, other_office, office_head):
    StaffFactory(office=other_office, name="他所 職員")
    StaffFactory(office=office, name="自所 職員")
    client.force_login(office_head)
    body = client.get(reverse("portal:staff_list")).content.decode()
    assert "自所 職員" in body
    assert "他所 職員" not in body


def test_staff_list_query_count_does_not_grow_with_rows(
    client, office, office_head, django_assert_num_queries
):
    client.force_login(office_head)
    StaffFactory.create_batch(3, office=office)
    with django_assert_num_queries(6):
        client.get(reverse("portal:staff_list"))
    StaffFactory.create_batch(40, office=office)
    with django_assert_num_queries(6):
        client.get(reverse("portal:staff_list"))
