"""Backup and restore of the whole database (every table, history included).

PostgreSQL: ``pg_dump`` in its custom format, restored with ``pg_restore`` into an empty
database (a restore never overwrites data: a database holding tables is refused). SQLite: a
consistent copy made with SQLite's online backup. Used by ``manage.py backup_db`` and
``manage.py restore_db`` (``make backup`` / ``make restore``).

The files under ``MEDIA_ROOT`` (evidence files) go beside the database, in
``<backup>.media.tar``; a restore puts them back byte for byte, and refuses a file that is
already there with other bytes (a restore never overwrites).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from .errors import DomainError


def database_settings(url: str | None = None) -> dict:
    """The settings of the configured database, or of ``url`` (a DATABASE_URL)."""
    if url:
        import environ

        return environ.Env.db_url_config(url)
    return connections["default"].settings_dict


def _is_postgres(db: dict) -> bool:
    return db["ENGINE"].endswith("postgresql")


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError(
            _("%(tool)s is not installed (Debian: apt-get install postgresql-client).")
            % {"tool": name}
        )
    return path


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DomainError(result.stderr.strip() or result.stdout.strip())


def media_archive(path: Path) -> Path:
    """The archive of the MEDIA_ROOT files that goes with the database backup ``path``."""
    return path.with_name(path.name + ".media.tar")


def _backup_media(path: Path, media_root: Path) -> None:
    with tarfile.open(media_archive(path), "w") as archive:
        if media_root.is_dir():
            for item in sorted(media_root.rglob("*")):
                if item.is_file():
                    archive.add(item, arcname=str(item.relative_to(media_root)))


def _media_members(path: Path, media_root: Path) -> list[tarfile.TarInfo]:
    """The files of the MEDIA_ROOT archive of ``path`` (none without an archive), after
    checking that none is already in ``media_root`` with other content."""
    source = media_archive(path)
    if not source.is_file():
        return []
    with tarfile.open(source) as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        for member in members:
            target = media_root / member.name
            if target.exists() and target.read_bytes() != archive.extractfile(member).read():
                raise DomainError(
                    _("%(path)s already exists with other content: the files are not restored.")
                    % {"path": target}
                )
    return members


def _restore_media(path: Path, media_root: Path, members: list[tarfile.TarInfo]) -> None:
    if not members:
        return
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media_archive(path)) as archive:
        archive.extractall(media_root, members=members, filter="data")


def backup(path: Path, *, url: str | None = None, media_root: Path | None = None) -> Path:
    """Write a backup of the database to ``path`` and of MEDIA_ROOT's files beside it."""
    db = database_settings(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    _backup_media(path, Path(media_root or settings.MEDIA_ROOT))
    if _is_postgres(db):
        args, env = _pg_args(db)
        _run(
            [_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--file", str(path),
             db["NAME"]],
            env,
        )  # fmt: skip
        return path
    source = sqlite3.connect(str(db["NAME"]))
    target = sqlite3.connect(str(path))
    with target:
        source.backup(target)
    source.close()
    target.close()
    return path


def table_count(url: str | None = None) -> int:
    """How many tables the database holds (0: empty, ready for a restore)."""
    db = database_settings(url)
    if _is_postgres(db):
        import psycopg

        args = {k.lower(): db[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)}
        with psycopg.connect(dbname=db["NAME"], **args) as conn:
            return conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()[0]
    if not Path(db["NAME"]).exists():
        return 0
    with sqlite3.connect(str(db["NAME"])) as conn:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]


def restore(path: Path, *, url: str | None = None, media_root: Path | None = None) -> None:
    """Restore the backup at ``path`` into the (empty) database, and its files into
    MEDIA_ROOT."""
    if not path.is_file():
        raise DomainError(_("No backup file at %(path)s.") % {"path": path})
    db = database_settings(url)
    if table_count(url):
        raise DomainError(
            _(
                "The database %(name)s is not empty. Restore into a new, empty database "
                "(createdb), then point DATABASE_URL at it."
            )
            % {"name": db["NAME"]}
        )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    members = _media_members(path, media_root)  # refused before anything is restored
    if _is_postgres(db):
        args, env = _pg_args(db)
        _run(
            [_tool("pg_restore"), *args, "--no-owner", "--exit-on-error", "--dbname",
             db["NAME"], str(path)],
            env,
        )  # fmt: skip
    else:
        source = sqlite3.connect(str(path))
        target = sqlite3.connect(str(db["NAME"]))
        with target:
            source.backup(target)
        source.close()
        target.close()
    _restore_media(path, media_root, members)
