"""The history proves itself: every history row is hashed and chained to the one before it in
its table, and verify_history --chain names the first row that was rewritten."""

import datetime as dt
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from juki_admin import history_chain
from juki_admin.history_guard import purging_history
from juki_admin.models import Office, Staff

from ..factories import OfficeFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

HistoricalOffice = Office.history.model
HistoricalStaff = Staff.history.model


def _rows(model):
    return list(model.objects.order_by("history_id"))


def _rewrite(model, history_id, **values):
    """What a database superuser can do: switch the append-only guard off, rewrite, switch it
    back on (PostgreSQL); a plain UPDATE on SQLite, which has no guard."""
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(k)} = %s" for k in values)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER juki_history_append_only")
        cursor.execute(
            f"UPDATE {table} SET {sets} WHERE history_id = %s", [*values.values(), history_id]
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER juki_history_append_only")


def test_each_saved_history_row_is_hashed_and_linked_to_the_row_before():
    office = OfficeFactory(name="一")
    office.name = "二"
    office.save()
    first, second = _rows(HistoricalOffice)
    assert len(first.history_hash) == 64 and first.history_prev_hash == ""
    assert second.history_prev_hash == first.history_hash != second.history_hash
    assert history_chain.verify_chain(HistoricalOffice) is None


def test_the_bulk_paths_chain_their_rows_in_insertion_order(office):
    staff = bulk_create_with_history(
        [Staff(employee_number=f"B{n}", name=f"一括 {n}", office=office) for n in range(5)],
        Staff,
    )
    for person in staff:
        person.name += "改"
    bulk_update_with_history(staff, Staff, ["name"])
    rows = _rows(HistoricalStaff)
    assert [r.history_type for r in rows] == ["+"] * 5 + ["~"] * 5
    assert all(b.history_prev_hash == a.history_hash for a, b in zip(rows, rows[1:], strict=False))
    assert history_chain.verify_chain(HistoricalStaff) is None


def test_the_hash_covers_the_who_when_and_why_of_a_row():
    office = OfficeFactory()
    row = office.history.get()
    fields = history_chain.hashed_fields(HistoricalOffice)
    names = {f.attname for f in fields}
    assert {"history_date", "history_type", "history_user_id", "history_change_reason"} <= names
    assert {"id", "name", "code", "updated_at"} <= names
    values = {f.attname: getattr(row, f.attname) for f in fields}
    assert history_chain.row_hash(fields, values, "") == row.history_hash
    values["history_change_reason"] = "別の理由"
    assert history_chain.row_hash(fields, values, "") != row.history_hash


@pytest.mark.parametrize(
    "column, value",
    [("name", "改ざん"), ("history_change_reason", "後付けの理由"), ("history_user_id", "someone")],
)
def test_a_history_row_rewritten_in_the_database_is_named(column, value, capsys):
    if value == "someone":
        value = UserFactory(username="someone").pk
    office = OfficeFactory(name="原本")
    office.name = "訂正"
    office.save()
    office.name = "再訂正"
    office.save()
    target = _rows(HistoricalOffice)[1]
    _rewrite(HistoricalOffice, target.history_id, **{column: value})
    found = history_chain.verify_chain(HistoricalOffice)
    assert (found.table, found.history_id) == ("juki_admin_historicaloffice", target.history_id)
    with pytest.raises(CommandError, match="不一致が 1 件"):
        call_command("verify_history", "--chain")
    out = capsys.readouterr().out
    assert (
        f"juki_admin_historicaloffice history_id {target.history_id}："
        "履歴のハッシュチェーンがここで途切れています"
    ) in out


def test_rehashing_a_rewritten_row_is_found_at_the_next_row():
    office = OfficeFactory(name="原本")
    for name in ("二", "三"):
        office.name = name
        office.save()
    first, second, third = _rows(HistoricalOffice)
    fields = history_chain.hashed_fields(HistoricalOffice)
    values = {f.attname: getattr(second, f.attname) for f in fields} | {"name": "偽"}
    forged = history_chain.row_hash(fields, values, second.history_prev_hash)
    _rewrite(HistoricalOffice, second.history_id, name="偽", history_hash=forged)
    found = history_chain.verify_chain(HistoricalOffice)
    assert (found.history_id, found.reason) == (third.history_id, "link")


@pytest.mark.postgres
def test_a_superuser_who_disables_the_trigger_and_rewrites_a_row_is_found(capsys):
    office = OfficeFactory(name="原本")
    row = office.history.get()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE juki_admin_historicaloffice DISABLE TRIGGER juki_history_append_only"
        )
        cursor.execute(
            "UPDATE juki_admin_historicaloffice SET name = '改ざん' WHERE history_id = %s",
            [row.history_id],
        )
        cursor.execute(
            "ALTER TABLE juki_admin_historicaloffice ENABLE TRIGGER juki_history_append_only"
        )
    with pytest.raises(CommandError, match="不一致が 2 件"):  # the record, and the chain
        call_command("verify_history", "--chain")
    out = capsys.readouterr().out
    assert f"juki_admin.Office {office.pk}：name は '原本' ですが、履歴では '改ざん' です" in out
    assert f"juki_admin_historicaloffice history_id {row.history_id}：" in out


def test_a_purge_of_the_oldest_rows_keeps_the_chain_verifiable():
    offices = [OfficeFactory(name=f"保存{n}") for n in range(4)]
    oldest = [o.history.get().history_id for o in offices[:2]]
    with purging_history(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM juki_admin_historicaloffice WHERE history_id IN (%s, %s)", oldest
        )
    remaining = _rows(HistoricalOffice)
    assert len(remaining) == 2 and remaining[0].history_prev_hash != ""
    assert history_chain.verify_chain(HistoricalOffice) is None


def test_a_row_deleted_from_the_middle_of_a_chain_is_found():
    offices = [OfficeFactory(name=f"中抜き{n}") for n in range(3)]
    middle, last = (o.history.get().history_id for o in offices[1:])
    with purging_history(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM juki_admin_historicaloffice WHERE history_id = %s", [middle])
    found = history_chain.verify_chain(HistoricalOffice)
    assert (found.history_id, found.reason) == (last, "link")


def test_the_retention_purge_leaves_the_registers_chain_intact(office, set_today):
    from terminals import services
    from terminals.models import RoomEntry

    actor = UserFactory(username="purger", roles=["system_admin"])
    set_today(dt.date(2026, 11, 26))
    for name, day in (("昔", dt.date(2025, 1, 10)), ("最近", dt.date(2026, 11, 1))):
        services.room_entry_record(
            office=office,
            room="r",
            name=name,
            affiliation="a",
            purpose="p",
            is_operator=True,
            actor=actor,
            entered_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
        )
    services.purge_expired(actor=actor)
    assert list(RoomEntry.objects.values_list("name", flat=True)) == ["最近"]
    assert history_chain.verify_chain(RoomEntry.history.model) is None


def test_rows_written_before_the_chain_are_sealed_to_the_same_hashes(office):
    StaffFactory.create_batch(3, office=office)
    written = [(r.history_prev_hash, r.history_hash) for r in _rows(HistoricalStaff)]
    for row in _rows(HistoricalStaff):  # as the migration found them
        _rewrite(HistoricalStaff, row.history_id, history_prev_hash="", history_hash="")
    assert history_chain.seal_unchained(HistoricalStaff) == 3
    assert [(r.history_prev_hash, r.history_hash) for r in _rows(HistoricalStaff)] == written
    assert history_chain.seal_unchained(HistoricalStaff) == 0  # once: a sealed row stays


@pytest.mark.postgres
def test_sealing_may_fill_an_empty_hash_and_change_nothing_else(office):
    from django.db import DatabaseError

    from juki_admin.history_guard import sealing_history

    row = StaffFactory(office=office).history.get()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        sealing_history(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE juki_admin_historicalstaff SET history_hash = 'x' WHERE history_id = %s",
            [row.history_id],
        )
    _rewrite(HistoricalStaff, row.history_id, history_hash="")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        sealing_history(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE juki_admin_historicalstaff SET history_hash = 'x', name = '偽'"
            " WHERE history_id = %s",
            [row.history_id],
        )


def test_the_annual_security_report_prints_the_head_of_every_chain(client, sysadmin, pdf_text):
    office = OfficeFactory(name="先頭")
    head = office.history.get()
    client.force_login(sysadmin)
    response = client.get(reverse("audits:annual_report") + "?fy=2026")
    assert response.status_code == 200
    text = "".join(pdf_text(response.content).split())
    digest = history_chain.heads_digest(history_chain.chain_heads())
    assert "履歴の検証値" in text and digest in text
    assert f"juki_admin_historicaloffice{head.history_id}{head.history_hash}" in text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_history_table_keep_one_chain():
    errors = []

    def write(n):
        try:
            for i in range(8):
                with transaction.atomic():
                    office = Office.objects.create(
                        code=f"T{n}{i}", name=f"並行{n}-{i}", kind="hq_division"
                    )
                    time.sleep(0.005)  # hold the chain's lock while the others wait
                    office.name += "改"
                    office.save()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert HistoricalOffice.objects.count() == 64
    assert history_chain.verify_chain(HistoricalOffice) is None
