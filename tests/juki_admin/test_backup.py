"""Backup and restore: dump the database, restore it into an empty one, and every table is
equal, history included (PostgreSQL with pg_dump/pg_restore; SQLite with its online backup).
"""

import datetime as dt
import shutil
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from juki_admin.access import Role
from juki_admin.services import staff_change_status

from ..factories import OfficeFactory, StaffFactory, make_user


def _records():
    """Some records with history: offices, staff, a login, a status change with its reason."""
    office = OfficeFactory(code="S02", name="東葛飾旅券事務所")
    actor = make_user(Role.SYSTEM_ADMIN, office, username="kanri", is_staff=True)
    person = StaffFactory(office=office, name="髙橋 﨑子")
    staff_change_status(
        staff=person, status="retired", effective_date=dt.date(2011, 9, 30), actor=actor,
        reason="退職",
    )  # fmt: skip


def _pg_url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _pg_tables(conn) -> dict[str, str]:
    """Every table of the public schema → a digest of all its rows."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    return {
        t: conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
            f'FROM "{t}" x'
        ).fetchone()
        for t in tables
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only
def test_a_backup_restored_into_an_empty_postgresql_database_has_every_table_equal(tmp_path):
    import psycopg

    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed (postgresql-client)")
    _records()
    dump = tmp_path / "juki.dump"
    call_command("backup_db", "--output", str(dump))
    assert dump.stat().st_size > 0

    db = connection.settings_dict
    target = f"{db['NAME']}_restore"
    params = {k.lower(): db[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin_conn:
        admin_conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin_conn.execute(f'CREATE DATABASE "{target}"')
    try:
        call_command("restore_db", str(dump), "--database-url", _pg_url(target))
        with (
            psycopg.connect(dbname=db["NAME"], **params) as source,
            psycopg.connect(dbname=target, **params) as restored,
        ):
            before, after = _pg_tables(source), _pg_tables(restored)
        assert after == before
        assert before["juki_admin_historicalstaff"][0] >= 2  # history came along
        assert before["auth_user"][0] >= 1
        # a second restore into the now full database is refused, not merged
        with pytest.raises(CommandError, match="空ではありません"):
            call_command("restore_db", str(dump), "--database-url", _pg_url(target))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin_conn:
            admin_conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_a_sqlite_backup_restored_into_an_empty_file_has_every_table_equal(tmp_path):
    from juki_admin.backup import backup, restore
    from juki_admin.errors import DomainError

    source = tmp_path / "db.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("CREATE TABLE historicalstaff (history_id INTEGER PRIMARY KEY, name TEXT)")
        conn.executemany("INSERT INTO staff (name) VALUES (?)", [("髙橋 﨑子",), ("塚本",)])
        conn.execute("INSERT INTO historicalstaff (name) VALUES ('髙橋 﨑子')")
    dump = backup(tmp_path / "backup.sqlite3", url=f"sqlite:///{source}")
    target = tmp_path / "restored.sqlite3"
    restore(dump, url=f"sqlite:///{target}")

    def rows(path):
        with sqlite3.connect(path) as conn:
            return {
                t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }

    assert rows(target) == rows(source)
    with pytest.raises(DomainError, match="空ではありません"):
        restore(dump, url=f"sqlite:///{target}")
