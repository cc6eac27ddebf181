"""The organisation desk in the admin: logins with roles only, transfers through the
service, office heads appointed with a reason, nothing deleted."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cards.models import Card
from cards.selectors import due_reclaims
from juki_admin.access import Role, roles_of_record
from juki_admin.models import Office, Staff

from ..cards.conftest import issue
from ..factories import CardFactory, StaffFactory, UserFactory, accepted_roster

pytestmark = pytest.mark.django_db
D = dt.date


def _user_form(user, **changes):
    return {
        "username": user.username,
        "last_name": "",
        "first_name": "",
        "email": "",
        "is_active": "on",
        "roles": [],
        "change_reason": "権限の見直し",
        **changes,
    }


def test_the_system_administrator_gives_roles_but_cannot_grant_superuser_or_permissions(
    client, sysadmin
):
    target = UserFactory(username="kensa")
    client.force_login(sysadmin)
    url = reverse("admin:auth_user_change", args=[target.pk])
    body = client.get(url).content.decode()
    assert 'name="is_superuser"' not in body and 'name="user_permissions"' not in body
    response = client.post(
        url,
        _user_form(
            target,
            roles=[Role.AUDITOR],
            is_superuser="on",
            is_staff="on",
            user_permissions=["1", "2"],
        ),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser and target.user_permissions.count() == 0
    assert roles_of_record(target) == {Role.AUDITOR}
    assert target.is_staff  # the auditor works in the admin
    assert "監査担当" in target.history.first().history_change_reason


def test_the_system_administrator_cannot_make_themselves_superuser(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("admin:auth_user_change", args=[sysadmin.pk])
    client.post(url, _user_form(sysadmin, roles=[Role.SYSTEM_ADMIN], is_superuser="on"))
    sysadmin.refresh_from_db()
    assert not sysadmin.is_superuser
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_the_security_chief_cannot_change_a_login(client, sysadmin):
    from ..factories import make_user

    chief = make_user(Role.SECURITY_CHIEF, is_staff=True)
    client.force_login(chief)
    url = reverse("admin:auth_user_change", args=[sysadmin.pk])
    response = client.post(url, _user_form(sysadmin, roles=[Role.OPERATOR]))
    assert response.status_code == 403
    assert roles_of_record(sysadmin) == {Role.SYSTEM_ADMIN}


def test_the_staff_form_does_not_move_a_person_a_transfer_does_and_the_card_falls_due(
    client, sysadmin, office, other_office, set_today
):
    set_today(D(2010, 9, 1))
    person = StaffFactory(office=office, name="異動 一郎")
    accepted_roster(office, individual=[person])
    card = issue(CardFactory(), person, sysadmin, on=D(2010, 5, 1))
    client.force_login(sysadmin)
    change = reverse("admin:juki_admin_staff_change", args=[person.pk])
    assert 'name="office"' not in client.get(change).content.decode()
    client.post(
        change,
        {
            "employee_number": person.employee_number,
            "name": person.name,
            "kana": "",
            "office": other_office.pk,
            "employment_type": "regular",
            "change_reason": "所属の付け替え",
        },
    )
    assert Staff.objects.get(pk=person.pk).office == office  # not moved by the form
    transfer = reverse("admin:juki_admin_staff_action", args=[person.pk, "transfer"])
    response = client.post(
        transfer,
        {"office": other_office.pk, "effective_date": "令和8年10月1日", "reason": "人事異動"},
    )
    assert response.status_code == 200  # more than a year ahead of 平成22年9月1日: refused
    assert Staff.objects.get(pk=person.pk).office == office
    response = client.post(
        transfer,
        {"office": other_office.pk, "effective_date": "平成22年10月1日", "reason": "人事異動"},
    )
    assert response.status_code == 302
    assert Staff.objects.get(pk=person.pk).office == other_office
    (due,) = due_reclaims(Card.objects.filter(office=office), D(2010, 10, 1))
    assert (due.card, due.cause) == (card, "transfer")
    client.get(reverse("cards:reclaims"))
    set_today(D(2010, 10, 5))
    assert card.serial in client.get(reverse("cards:reclaims")).content.decode()


def test_the_office_head_is_appointed_through_its_action_with_a_reason(client, sysadmin, office):
    head = StaffFactory(office=office)
    client.force_login(sysadmin)
    change = reverse("admin:juki_admin_office_change", args=[office.pk])
    assert 'name="head"' not in client.get(change).content.decode()
    url = reverse("admin:juki_admin_office_action", args=[office.pk, "head"])
    assert client.post(url, {"head": head.pk, "reason": ""}).status_code == 200
    assert client.post(url, {"head": head.pk, "reason": "4月1日付人事"}).status_code == 302
    office.refresh_from_db()
    assert office.head == head
    assert office.history.first().history_change_reason == "4月1日付人事"


def test_nothing_is_deleted_from_the_admin(client, sysadmin, office):
    client.force_login(sysadmin)
    url = reverse("admin:juki_admin_office_delete", args=[office.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Office.objects.filter(pk=office.pk).exists()
    changelist = client.get(reverse("admin:juki_admin_office_changelist")).content.decode()
    assert "delete_selected" not in changelist


def test_the_admin_is_our_site_and_django_is_not_patched():
    """Titles, no bulk deletion and era dates come from our own site and admin hooks:
    Django's display functions and ``User.__str__`` stay Django's."""
    from django.contrib import admin
    from django.contrib.admin import helpers, utils
    from django.contrib.admin.templatetags import admin_list
    from django.contrib.auth.models import AbstractUser, Group

    from juki_admin.sites import JukiAdminSite

    assert isinstance(admin.site._wrapped, JukiAdminSite)
    assert admin.site.site_header == "住基ネット端末機・操作者識別カード管理"
    assert "delete_selected" not in dict(admin.site.actions)
    assert not admin.site.is_registered(Group)
    for module in (helpers, admin_list):
        assert module.display_for_field is utils.display_for_field
    assert utils.display_for_field.__module__ == "django.contrib.admin.utils"
    assert get_user_model().__str__ is AbstractUser.__str__


def test_admin_lists_and_pages_show_era_dates_and_logins_by_name(client, sysadmin, office):
    login = UserFactory(username="suzuki", last_name="鈴木", first_name="陽子")
    staff = StaffFactory(office=office, user=login, status="retired", status_date=D(2026, 11, 26))
    client.force_login(sysadmin)
    body = client.get(reverse("admin:juki_admin_staff_changelist")).content.decode()
    assert "令和8年11月26日" in body and "2026年11月26日" not in body
    assert "鈴木 陽子" in body
    page = client.get(reverse("admin:juki_admin_staff_change", args=[staff.pk])).content.decode()
    assert "令和8年11月26日" in page  # a read-only field (the status date)
    user_page = client.get(reverse("admin:auth_user_change", args=[login.pk])).content.decode()
    assert "令和" in user_page  # date joined, in Tokyo time


def test_a_change_form_sent_back_unchanged_saves_nothing_and_writes_no_history(
    client, sysadmin, office
):
    person = StaffFactory(office=office, name="変更 なし", kana="")
    client.force_login(sysadmin)
    change = reverse("admin:juki_admin_staff_change", args=[person.pk])
    data = {
        "employee_number": person.employee_number,
        "name": person.name,
        "kana": "",
        "employment_type": person.employment_type,
        "change_reason": "見直しただけ",
    }
    rows = person.history.count()
    assert client.post(change, data).status_code == 302
    assert person.history.count() == rows  # a reason alone changes nothing
    response = client.post(change, {**data, "kana": "へんこう なし"})
    assert response.status_code == 302
    assert person.history.count() == rows + 1
    assert person.history.first().history_change_reason == "見直しただけ"
