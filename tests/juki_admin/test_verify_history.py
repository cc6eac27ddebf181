"""manage.py verify_history: every record compared with its latest history row on the fields
that history keeps; every difference named, exit status 1; a clean database passes."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from juki_admin.models import Staff

from ..factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_freshly_seeded_demo_verifies_clean_with_its_chains(capsys):
    call_command("seed_demo", verbosity=0)
    capsys.readouterr()
    call_command("verify_history", "--chain")
    out = capsys.readouterr().out
    assert "すべての記録が最新の履歴と一致しています。" in out
    assert "すべての履歴のハッシュチェーンが保たれています。" in out
    assert "全チェーン先頭のダイジェスト：" in out


def test_logins_are_compared_without_the_fields_their_history_leaves_out(capsys):
    user = UserFactory(username="kanri2")
    user.set_password("another-long-password")
    get_user_model().objects.filter(pk=user.pk).update(password="x", last_login=None)
    call_command("verify_history")  # password and last_login are not in the history
    get_user_model().objects.filter(pk=user.pk).update(email="ura@example.jp")
    with pytest.raises(CommandError, match="不一致が 1 件"):
        call_command("verify_history")
    assert f"auth.User {user.pk}：email は 'ura@example.jp'" in capsys.readouterr().out


def test_a_write_around_the_services_is_reported_with_its_values(capsys):
    staff = StaffFactory(name="山田 太郎")
    Staff.objects.filter(pk=staff.pk).update(name="山田 次郎")  # writes no history
    with pytest.raises(CommandError, match="記録と履歴の不一致が 1 件あります。"):
        call_command("verify_history")
    assert (
        f"juki_admin.Staff {staff.pk}：name は '山田 次郎' ですが、履歴では '山田 太郎' です"
        in capsys.readouterr().out
    )


def test_a_record_without_history_is_reported(capsys):
    staff = StaffFactory()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE juki_admin_historicalstaff DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM juki_admin_historicalstaff WHERE id = %s", [staff.pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE juki_admin_historicalstaff ENABLE TRIGGER USER")
    with pytest.raises(CommandError, match="不一致が 1 件"):
        call_command("verify_history")
    assert f"juki_admin.Staff {staff.pk}：履歴がありません" in capsys.readouterr().out


def test_a_record_gone_without_a_deletion_row_is_reported(capsys):
    kept, gone = StaffFactory(), StaffFactory()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM juki_admin_staff WHERE id = %s", [gone.pk])
    with pytest.raises(CommandError, match="不一致が 1 件"):
        call_command("verify_history")
    out = capsys.readouterr().out
    assert (
        f"juki_admin.Staff {gone.pk}：記録がありませんが、履歴は削除ではなく '+' で終わっています"
    ) in out
    assert f"juki_admin.Staff {kept.pk}" not in out


def test_a_record_deleted_through_the_orm_verifies_clean(capsys):
    staff = StaffFactory()
    staff.delete()  # a "-" row closes its history
    call_command("verify_history")
    assert "一致しています" in capsys.readouterr().out


def test_the_limit_stops_the_report(capsys):
    staff = StaffFactory.create_batch(3)
    Staff.objects.filter(pk__in=[s.pk for s in staff]).update(kana="ウラ")
    with pytest.raises(CommandError, match="不一致が 2 件"):
        call_command("verify_history", "--limit", "2")
