"""Staff import: all or nothing, every bad row named, UTF-8 or CP932, NFKC."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from juki_admin.access import Role
from juki_admin.choices import StaffStatus
from juki_admin.models import Staff
from juki_admin.staff_import import staff_import

from ..factories import OfficeFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "職員番号,氏名,ふりがな,所属コード,雇用区分,在籍状況,発効日\n"


def good_rows(n=10):
    return "".join(f"10{i:04d},職員 {i},ショクイン,S02,正規,在職,\n" for i in range(n))


@pytest.fixture
def offices(db):
    return OfficeFactory(code="S02", name="東葛飾旅券事務所"), OfficeFactory(code="S01")


@pytest.fixture
def actor(db):
    return UserFactory(username="kanri", roles=[Role.SYSTEM_ADMIN])


def test_ten_good_rows_and_three_bad_ones_import_nothing_and_name_the_lines(offices, actor):
    bad = (
        "200001,不明 所属,フメイ,ZZ9,正規,在職,\n"  # line 12: unknown office code
        "100003,重複 職員,ジュウフク,S02,正規,在職,\n"  # line 13: duplicate of line 5
        "200003,日付 誤り,ヒヅケ,S02,非常勤,退職,2021-02-30\n"  # line 14: impossible date
    )
    report = staff_import(data=(HEADER + good_rows() + bad).encode(), actor=actor)
    assert Staff.objects.count() == 0
    assert [(e.line, e.column) for e in report.errors] == [
        (12, "office_code"),
        (13, "employee_number"),
        (14, "effective_date"),
    ]
    assert "ZZ9" in report.errors[0].message
    assert str(report.errors[0]).startswith("12 行目、所属コード：")  # the header the user knows
    assert "5 行目" in report.errors[1].message
    assert "日付として読めません" in report.errors[2].message


def test_the_command_exits_non_zero_and_names_the_bad_rows(offices, actor, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_text(HEADER + good_rows(2) + "300001,X,X,ZZ9,正規,在職,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 件のエラー"):
        call_command("import_staff", str(path), "--actor", "kanri")
    assert "4 行目" in capsys.readouterr().err
    assert Staff.objects.count() == 0


def test_a_cp932_file_with_full_width_digits_imports(offices, actor, tmp_path, capsys):
    text = HEADER + "１２３４５６,全角 太郎,ゼンカク タロウ,Ｓ０２,非常勤,在職,\n"
    path = tmp_path / "staff_sjis.csv"
    path.write_bytes(text.encode("cp932"))
    call_command("import_staff", str(path), "--actor", "kanri")
    staff = Staff.objects.get(employee_number="123456")
    assert (staff.name, staff.office.code, staff.employment_type) == (
        "全角 太郎",
        "S02",
        "part_time",
    )
    assert staff.history.first().history_user == actor
    assert "新規 1 件" in capsys.readouterr().out


def test_a_utf8_file_with_bom_and_english_headers_imports(offices, actor):
    data = (
        "\ufeffemployee_number,name,kana,office_code,employment_type,status,effective_date\n"
        "777,English Header,,S01,regular,active,\n"
    ).encode()
    assert staff_import(data=data, actor=actor).ok
    assert Staff.objects.filter(employee_number="777").exists()


def test_dry_run_shows_what_would_change_and_writes_nothing(offices, actor, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_text(HEADER + good_rows(3), encoding="utf-8")
    call_command("import_staff", str(path), "--dry-run", "--actor", "kanri")
    out = capsys.readouterr().out
    assert "試行" in out and "+ 100000" in out and "新規 3 件" in out
    assert Staff.objects.count() == 0


def test_an_imported_retirement_goes_through_the_status_service(offices, actor):
    staff = StaffFactory(employee_number="100001", office=offices[0], name="退職 予定")
    data = (HEADER + "100001,退職 予定,タイショク,S02,正規,退職,2011/9/30\n").encode()
    report = staff_import(data=data, actor=actor)
    assert report.updated == ["100001 退職 予定"]
    staff.refresh_from_db()
    assert (staff.status, staff.status_date) == (StaffStatus.RETIRED, dt.date(2011, 9, 30))
    latest = staff.history.first()
    assert (latest.history_user, latest.history_change_reason) == (actor, "人事データ取込")


def test_a_leaving_status_without_date_and_a_missing_column_are_refused(offices, actor):
    report = staff_import(data=(HEADER + "1,A,,S02,正規,退職,\n").encode(), actor=actor)
    assert [(e.line, e.column) for e in report.errors] == [(2, "effective_date")]
    report = staff_import(data="職員番号,氏名\n1,A\n".encode(), actor=actor)
    assert {e.column for e in report.errors} >= {"office_code", "status"}


def test_a_date_out_of_range_is_refused(offices, actor):
    report = staff_import(data=(HEADER + "1,A,,S02,正規,退職,1900-01-01\n").encode(), actor=actor)
    assert "範囲外" in report.errors[0].message


def test_binary_garbage_is_refused_with_a_message(offices, actor):
    from juki_admin.errors import DomainError

    report = staff_import(data=b"\xff\xfe\x00\x81\x00", actor=actor)
    assert [(e.line, e.message) for e in report.errors] == [
        (1, "行に NUL バイト（バイナリデータ）が含まれています。テキストではありません。")
    ]
    with pytest.raises(DomainError, match="xlsx"):
        staff_import(data=b"PK\x03\x04" + b"\x00" * 20, actor=actor)


def test_admin_upload_reports_errors_and_imports_good_files(client, offices, sysadmin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(sysadmin)
    url = reverse("admin:juki_admin_staff_import")
    bad = SimpleUploadedFile("s.csv", (HEADER + "1,A,,ZZ9,正規,在職,\n").encode())
    body = client.post(url, {"file": bad}).content.decode()
    assert "2 行目" in body and "ZZ9" in body
    assert not Staff.objects.filter(employee_number="1").exists()
    good = SimpleUploadedFile("s.csv", (HEADER + good_rows(2)).encode("cp932"))
    response = client.post(url, {"file": good})
    assert response.status_code == 200
    assert Staff.objects.filter(employee_number__in=["100000", "100001"]).count() == 2


def mixed_file(offices, n: int) -> bytes:
    """``n`` rows about people of whom half are known: a quarter of those renamed, a quarter
    moved to the other office, a quarter retired; the new half partly on leave already."""
    known = n // 2
    for i in range(known):
        StaffFactory(
            employee_number=f"9{n:03d}{i:05d}", office=offices[0], name=f"既存 {i}", kana=""
        )
    lines = []
    for i in range(n):
        number, name, office, status, day = f"9{n:03d}{i:05d}", f"既存 {i}", "S02", "在職", ""
        if i < known and i % 4 == 1:
            name = f"改姓 {i}"
        elif i < known and i % 4 == 2:
            office, day = "S01", "2026-04-01"
        elif i < known and i % 4 == 3:
            status, day = "退職", "2026-03-31"
        elif i >= known and i % 3 == 0:
            status, day = "休職", "2026-10-01"
        lines.append(f"{number},{name},,{office},正規,{status},{day}\n")
    return (HEADER + "".join(lines)).encode()


@pytest.fixture
def real_parameter_limit(monkeypatch):
    """Django 5.2 assumes SQLite's historical limit of 999 parameters a statement, so that
    bulk writes of 100 rows take two statements there; use the limit of the SQLite library
    this Python links (32,766 or more), as PostgreSQL needs no such split."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)


def test_an_import_makes_as_many_queries_for_100_rows_as_for_10(
    offices, actor, real_parameter_limit
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for n in (10, 100):
        data = mixed_file(offices, n)
        with CaptureQueriesContext(connection) as queries:
            report = staff_import(data=data, actor=actor)
        assert report.ok, report.errors
        changed = sum(1 for i in range(n // 2) if i % 4)  # renamed, moved or retired
        assert (len(report.created), len(report.updated)) == (n // 2, changed)
        counts[n] = len(queries)
    assert counts[10] == counts[100], counts
    moved = Staff.objects.get(employee_number="910000002")
    assert (moved.office.code, moved.office_since) == ("S01", dt.date(2026, 4, 1))
    retired = Staff.objects.get(employee_number="910000003")
    assert (retired.status, retired.status_date) == (StaffStatus.RETIRED, dt.date(2026, 3, 31))
    assert Staff.objects.get(employee_number="910000001").name == "改姓 1"
    on_leave = Staff.objects.get(employee_number="910000051")
    assert on_leave.status == StaffStatus.ON_LEAVE
    # each change is in the history with the importing user and the reason, as by hand
    assert [
        (h.history_type, h.history_user, h.history_change_reason) for h in on_leave.history.all()
    ] == [
        ("~", actor, "人事データ取込"),
        ("+", actor, "人事データ取込"),
    ]
    assert moved.history.first().office_id == offices[1].pk


def test_an_imported_change_of_office_moves_the_head_out_of_the_old_office(offices, actor):
    head = StaffFactory(employee_number="500", office=offices[0], name="所属 長")
    offices[0].head = head
    offices[0].save()
    data = (HEADER + "500,所属 長,,S01,正規,在職,2026-04-01\n").encode()
    assert staff_import(data=data, actor=actor).updated == ["500 所属 長"]
    offices[0].refresh_from_db()
    assert offices[0].head is None
    latest = offices[0].history.first()
    assert (latest.history_user, latest.head_id) == (actor, None)
    assert offices[1].name in latest.history_change_reason


def test_a_transfer_to_a_closed_office_refuses_the_whole_file_and_names_the_person(offices, actor):
    from juki_admin.errors import DomainError

    StaffFactory(employee_number="600", office=offices[0], name="異動 先閉")
    type(offices[1]).objects.filter(pk=offices[1].pk).update(active=False)
    data = (HEADER + good_rows(3) + "600,異動 先閉,,S01,正規,在職,2026-04-01\n").encode()
    with pytest.raises(DomainError, match="600 異動 先閉"):
        staff_import(data=data, actor=actor)
    assert Staff.objects.count() == 1
    assert Staff.objects.get(employee_number="600").office == offices[0]


def test_an_imported_retirement_or_transfer_puts_the_card_on_the_reclaim_watch(offices, set_today):
    """The import writes in bulk, yet the reclaim watch hears of every change (2012 case)."""
    from cards.models import Card
    from cards.selectors import due_cards

    from ..cards.conftest import issue
    from ..factories import CardFactory, accepted_roster

    set_today(dt.date(2011, 9, 1))
    admin = UserFactory(username="kanri2", roles=[Role.SYSTEM_ADMIN])
    leaving = StaffFactory(employee_number="100001", office=offices[0], name="退職 予定")
    moving = StaffFactory(employee_number="100002", office=offices[0], name="異動 予定")
    accepted_roster(offices[0], individual=[leaving, moving], fiscal_year=2011)
    issue(
        CardFactory(serial="CS-L", registered_on=dt.date(2011, 4, 1)),
        leaving,
        admin,
        on=dt.date(2011, 5, 1),
    )
    issue(
        CardFactory(serial="CS-M", registered_on=dt.date(2011, 4, 1)),
        moving,
        admin,
        on=dt.date(2011, 5, 1),
    )
    assert not due_cards(Card.objects.all(), dt.date(2011, 10, 1)).exists()
    data = (
        HEADER
        + "100001,退職 予定,タイショク,S02,正規,退職,2011/9/30\n"
        + "100002,異動 予定,イドウ,S01,正規,在職,2011/9/15\n"
    ).encode()
    assert staff_import(data=data, actor=admin).ok
    due = due_cards(Card.objects.all(), dt.date(2011, 10, 1))
    assert sorted(c.serial for c in due) == ["CS-L", "CS-M"]
