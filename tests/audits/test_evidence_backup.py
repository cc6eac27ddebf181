"""`make backup` / `make restore` carry the evidence files: the files under MEDIA_ROOT go
beside the database dump and come back byte for byte, matching their recorded digests."""

import datetime as dt
import hashlib
import shutil
import sqlite3

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from audits import services
from juki_admin.backup import backup, media_archive, restore, table_count
from juki_admin.errors import DomainError

PDF = b"%PDF-1.4\n%%EOF\n"


def _kept_files(office, sysadmin, set_today):
    set_today(dt.date(2026, 10, 20))
    visit = services.site_visit_record(
        office=office, visited_on=dt.date(2026, 10, 2), visitor="佐藤", confirmed="管理簿",
        actor=sysadmin,
    )  # fmt: skip
    return [
        services.evidence_add(
            owner=visit, upload=SimpleUploadedFile(name, data), actor=sysadmin, note=""
        )
        for name, data in (
            ("写真.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
            ("調書.pdf", PDF),
        )
    ]


def test_a_backup_carries_the_evidence_files_and_a_restore_brings_them_back_byte_for_byte(
    office, sysadmin, set_today, settings, tmp_path
):
    kept = _kept_files(office, sysadmin, set_today)
    source = tmp_path / "db.sqlite3"
    sqlite3.connect(source).close()
    dump = backup(tmp_path / "backup.sqlite3", url=f"sqlite:///{source}")
    assert media_archive(dump).is_file()

    restored = tmp_path / "restored-media"
    restore(dump, url=f"sqlite:///{tmp_path / 'restored.sqlite3'}", media_root=restored)
    for evidence in kept:
        data = (restored / evidence.file.name).read_bytes()
        assert data == (settings.MEDIA_ROOT / evidence.file.name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == evidence.digest


def test_a_restore_over_a_different_file_is_refused_before_anything_is_restored(
    office, sysadmin, set_today, tmp_path
):
    (first, _second) = _kept_files(office, sysadmin, set_today)
    source = tmp_path / "db.sqlite3"
    sqlite3.connect(source).execute("CREATE TABLE t (x)")
    dump = backup(tmp_path / "backup.sqlite3", url=f"sqlite:///{source}")
    clash = tmp_path / "media" / first.file.name
    clash.parent.mkdir(parents=True)
    clash.write_bytes(b"other")
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(DomainError, match="異なる内容で既に存在します"):
        restore(dump, url=f"sqlite:///{target}", media_root=tmp_path / "media")
    assert table_count(f"sqlite:///{target}") == 0 and clash.read_bytes() == b"other"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only
def test_a_postgresql_backup_round_trip_restores_rows_and_files(
    office, sysadmin, set_today, settings, tmp_path
):
    import psycopg

    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed (postgresql-client)")
    kept = _kept_files(office, sysadmin, set_today)
    dump = tmp_path / "juki.dump"
    call_command("backup_db", "--output", str(dump))

    db = connection.settings_dict
    target = f"{db['NAME']}_evidence_restore"
    params = {k.lower(): db[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)}
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{target}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin_conn:
        admin_conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin_conn.execute(f'CREATE DATABASE "{target}"')
    try:
        settings.MEDIA_ROOT = tmp_path / "new-host-media"
        call_command("restore_db", str(dump), "--database-url", url)
        with psycopg.connect(dbname=target, **params) as restored:
            rows = restored.execute(
                "SELECT file, digest FROM audits_evidence ORDER BY id"
            ).fetchall()
        assert rows == [(e.file.name, e.digest) for e in kept]
        for name, digest in rows:
            assert hashlib.sha256((settings.MEDIA_ROOT / name).read_bytes()).hexdigest() == digest
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin_conn:
            admin_conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
