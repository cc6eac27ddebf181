"""History rows carry the acting user, whether the change came from the admin or a command."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from juki_admin.access import Role
from juki_admin.models import Office, Staff

from ..factories import OfficeFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_edit_records_the_signed_in_user(client, sysadmin):
    office = OfficeFactory(name="旧名称")
    client.force_login(sysadmin)
    url = reverse("admin:juki_admin_office_change", args=[office.pk])
    response = client.post(
        url,
        {
            "code": office.code,
            "name": "新名称",
            "kind": office.kind,
            "card_mode": office.card_mode,
            "hosts_terminals": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Office.objects.get(pk=office.pk).history.first()
    assert latest.name == "新名称"
    assert latest.history_user == sysadmin


def test_admin_status_change_asks_for_a_reason_and_records_it(client, sysadmin):
    staff = StaffFactory()
    client.force_login(sysadmin)
    url = reverse("admin:juki_admin_staff_change_status", args=[staff.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "retired", "effective_date": "2011-09-30", "reason": ""})
    assert response.status_code == 200  # the form asks again; nothing changed
    assert Staff.objects.get(pk=staff.pk).status == "active"
    response = client.post(
        url, {"status": "retired", "effective_date": "2011-09-30", "reason": "定年退職"}
    )
    assert response.status_code == 302
    latest = Staff.objects.get(pk=staff.pk).history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "retired",
        sysadmin,
        "定年退職",
    )


def test_admin_status_change_refused_by_the_service_shows_a_message(client, sysadmin):
    staff = StaffFactory()
    client.force_login(sysadmin)
    url = reverse("admin:juki_admin_staff_change_status", args=[staff.pk])
    response = client.post(url, {"status": "retired", "effective_date": "", "reason": "退職"})
    assert response.status_code == 200
    assert "日付" in response.content.decode()
    assert Staff.objects.get(pk=staff.pk).status == "active"


def test_status_is_read_only_in_the_admin_change_form(client, sysadmin):
    staff = StaffFactory()
    client.force_login(sysadmin)
    response = client.get(reverse("admin:juki_admin_staff_change", args=[staff.pk]))
    assert 'name="status"' not in response.content.decode()


def test_history_page_of_the_admin_names_the_user(client, sysadmin):
    office = OfficeFactory()
    client.force_login(sysadmin)
    client.post(
        reverse("admin:juki_admin_office_change", args=[office.pk]),
        {
            "code": office.code,
            "name": "履歴確認",
            "kind": office.kind,
            "card_mode": office.card_mode,
            "active": "on",
        },
    )
    response = client.get(reverse("admin:juki_admin_office_history", args=[office.pk]))
    assert response.status_code == 200
    assert "sysadmin" in response.content.decode()


def test_management_command_records_the_acting_user():
    actor = UserFactory(username="kanri", roles=[Role.SYSTEM_ADMIN])
    call_command("seed_demo", "--force", "--actor", "kanri")
    office = Office.objects.get(code="S02")
    assert office.history.earliest().history_user == actor
    assert office.history.earliest().history_change_reason == "デモデータの投入"


def test_seed_demo_without_actor_records_its_own_system_administrator():
    call_command("seed_demo")
    office = Office.objects.get(code="S02")
    assert office.history.earliest().history_user.username == "sysadmin"


def test_history_is_not_revertible_in_the_admin(settings):
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True


def test_admin_lists_show_dates_in_the_japanese_era(client, sysadmin):
    from juki_admin.choices import StaffStatus
    from juki_admin.services import staff_change_status

    staff = StaffFactory()
    staff_change_status(
        staff=staff,
        status=StaffStatus.RETIRED,
        effective_date=dt.date(2011, 9, 30),
        actor=sysadmin,
        reason="退職",
    )
    client.force_login(sysadmin)
    body = client.get(reverse("admin:juki_admin_staff_changelist") + "?o=-7").content.decode()
    assert "平成23年9月30日" in body
