"""Backup and restore of the whole database (every table, history included).

PostgreSQL: ``pg_dump`` in its custom format, restored with ``pg_restore`` into an empty
database (a restore never overwrites data: a database holding tables is refused). SQLite: a
consistent copy made with SQLite's online backup. Used by ``manage.py backup_db`` and
``manage.py restore_db`` (``make backup`` / ``make restore``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

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


def backup(path: Path, *, url: str | None = None) -> Path:
    """Write a backup of the database to ``path``."""
    db = database_settings(url)
    path.parent.mkdir(parents=True, exist_ok=True)
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


def restore(path: Path, *, url: str | None = None) -> None:
    """Restore the backup at ``path`` into the (empty) database."""
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
    if _is_postgres(db):
        args, env = _pg_args(db)
        _run(
            [_tool("pg_restore"), *args, "--no-owner", "--exit-on-error", "--dbname",
             db["NAME"], str(path)],
            env,
        )  # fmt: skip
        return
    source = sqlite3.connect(str(path))
    target = sqlite3.connect(str(db["NAME"]))
    with target:
        source.backup(target)
    source.close()
    target.close()
