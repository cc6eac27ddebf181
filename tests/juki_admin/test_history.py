"""History: every change names who made it and why, and nobody can rewrite it."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from juki_admin.access import Role
from juki_admin.models import Office, Staff

from ..factories import OfficeFactory, StaffFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db


def _office_form(office, **changes):
    return {
        "code": office.code,
        "name": office.name,
        "kind": office.kind,
        "card_mode": office.card_mode,
        "hosts_terminals": "on",
        "active": "on",
        **changes,
    }


def test_an_admin_edit_asks_why_and_records_who_and_why(client, sysadmin):
    office = OfficeFactory(name="旧名称")
    client.force_login(sysadmin)
    url = reverse("admin:juki_admin_office_change", args=[office.pk])
    response = client.post(url, _office_form(office, name="新名称"))
    assert response.status_code == 200 and "変更の理由" in response.content.decode()
    assert Office.objects.get(pk=office.pk).name == "旧名称"
    response = client.post(url, _office_form(office, name="新名称", change_reason="組織改正"))
    assert response.status_code == 302
    latest = Office.objects.get(pk=office.pk).history.first()
    assert (latest.name, latest.history_user, latest.history_change_reason) == (
        "新名称",
        sysadmin,
        "組織改正",
    )


def test_the_history_page_lists_each_change_with_the_persons_name_and_reason(client, sysadmin):
    sysadmin.last_name, sysadmin.first_name = "管理", "花子"
    sysadmin.save()
    office = OfficeFactory(name="履歴前")
    client.force_login(sysadmin)
    client.post(
        reverse("admin:juki_admin_office_change", args=[office.pk]),
        _office_form(office, name="履歴後", change_reason="名称変更の告示"),
    )
    body = client.get(reverse("admin:juki_admin_office_history", args=[office.pk])).content
    rows = body.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 2  # created, then changed
    assert "<td>管理 花子</td>" in rows and "名称変更の告示" in rows
    assert "履歴前" in rows and "履歴後" in rows


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_CHIEF, Role.AUDITOR])
def test_a_post_to_a_history_page_changes_nothing(client, role):
    office = OfficeFactory(name="元の名称")
    user = make_user(role, office, is_staff=True)
    client.force_login(user)
    version = office.history.get().history_id
    before = (Office.objects.get(pk=office.pk).name, office.history.count())
    for url in (
        reverse("admin:juki_admin_office_history", args=[office.pk]),
        reverse("admin:juki_admin_office_simple_history", args=[office.pk, version]),
    ):
        response = client.post(url, _office_form(office, name="書き換え", change_reason="x"))
        assert response.status_code == 405, url
        assert client.get(url).status_code == 200
    assert (Office.objects.get(pk=office.pk).name, office.history.count()) == before


def test_history_pages_answer_404_for_malformed_ids(client, sysadmin):
    staff = StaffFactory()
    client.force_login(sysadmin)
    for url in (
        "/admin/juki_admin/staff/abc/history/",
        "/admin/juki_admin/staff/1e9/history/1/",
        f"/admin/juki_admin/staff/{staff.pk}/history/abc/",
        f"/admin/juki_admin/staff/{staff.pk}/history/99999999999999999999/",
        "/admin/juki_admin/staff/99999999999999999999/history/",
    ):
        assert client.get(url).status_code == 404, url


def test_no_role_may_add_change_or_delete_history_or_delete_anything():
    from django.contrib.auth.models import Group

    for group in Group.objects.all():
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert not {c for c in codenames if c.startswith("delete_")}, group.name
        assert not {
            c for c in codenames if c.startswith(("add_historical", "change_historical"))
        }, group.name


@pytest.mark.postgres
def test_postgresql_refuses_to_update_or_delete_a_history_row():
    office = OfficeFactory(name="改ざん前")
    row = office.history.get()
    for statement in (
        "UPDATE juki_admin_historicaloffice SET name = 'x' WHERE history_id = %s",
        "DELETE FROM juki_admin_historicaloffice WHERE history_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [row.history_id])
    assert office.history.get().name == "改ざん前"


def test_verify_history_reports_a_change_made_around_the_history(capsys):
    from django.core.management.base import CommandError

    office = OfficeFactory(name="正")
    call_command("verify_history")
    assert "一致しています" in capsys.readouterr().out
    Office.objects.filter(pk=office.pk).update(name="裏口")  # no history row
    with pytest.raises(CommandError, match="1 件"):
        call_command("verify_history")
    assert f"juki_admin.Office {office.pk}：name は '裏口'" in capsys.readouterr().out


def test_admin_status_change_asks_for_a_reason_and_records_it(client, sysadmin):
    staff = StaffFactory()
    client.force_login(sysadmin)
    url = reverse("admin:juki_admin_staff_action", args=[staff.pk, "status"])
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
    url = reverse("admin:juki_admin_staff_action", args=[staff.pk, "status"])
    response = client.post(url, {"status": "retired", "effective_date": "", "reason": "退職"})
    assert response.status_code == 200
    assert "日付" in response.content.decode()
    assert Staff.objects.get(pk=staff.pk).status == "active"


def test_status_is_read_only_in_the_admin_change_form(client, sysadmin):
    staff = StaffFactory()
    client.force_login(sysadmin)
    response = client.get(reverse("admin:juki_admin_staff_change", args=[staff.pk]))
    assert 'name="status"' not in response.content.decode()


def test_management_command_records_the_acting_user():
    actor = UserFactory(username="kanri", roles=[Role.SYSTEM_ADMIN])
    call_command("seed_demo", "--force", "--actor", "kanri")
    office = Office.objects.get(code="S02")
    assert office.history.earliest().history_user == actor
    assert office.history.earliest().history_change_reason == "デモデータの投入"


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
