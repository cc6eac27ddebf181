"""History that cannot be rewritten (DESIGN.md rule 5).

On PostgreSQL every history table carries a trigger that refuses UPDATE and DELETE, for
every role of the database, whatever path the statement takes (the admin, a shell, a
script). The one exception is the retention purge (``purging_history``), which removes the
history of rows past their retention period and records what it removed. SQLite, the
embedded development database, has no such guard; the application itself never writes
history rows but to add them.

The one-time chaining of the rows written before the hash chain existed
(``history_chain.seal_unchained``) may fill in an empty hash, and nothing else.

Installed by the migration ``0005_history_append_only`` and again after every ``migrate``
(history tables of apps migrated later get theirs too).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection as default_connection
from django.db import transaction

TRIGGER = "juki_history_append_only"
FUNCTION = "juki_history_is_append_only"
PURGE_SETTING = "juki.history_purge"
SEAL_SETTING = "juki.history_seal"

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('{PURGE_SETTING}', true) = 'on' THEN
    RETURN OLD;
  END IF;
  -- the one-time chaining of rows written before the chain existed (history_chain.seal_*):
  -- an empty hash may be filled in, nothing else about the row may change
  IF TG_OP = 'UPDATE' AND current_setting('{SEAL_SETTING}', true) = 'on' THEN
    IF OLD.history_hash = ''
       AND to_jsonb(NEW) - 'history_hash' - 'history_prev_hash'
         = to_jsonb(OLD) - 'history_hash' - 'history_prev_hash' THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def history_tables(connection=default_connection) -> list[str]:
    """The tables of django-simple-history's historical models (``<app>_historical<model>``)."""
    return sorted(
        name
        for name in connection.introspection.table_names()
        if "_historical" in name and not name.endswith("_m2m")
    )


def install(connection=default_connection) -> int:
    """Create the guard function and put the trigger on every history table (idempotent).
    Returns the number of tables guarded; 0 on a database other than PostgreSQL."""
    if connection.vendor != "postgresql":
        return 0
    tables = history_tables(connection)
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {quoted} "
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            )
    return len(tables)


@contextmanager
def purging_history(connection=default_connection) -> Iterator[None]:
    """Inside this block (one transaction), history rows may be deleted: for the retention
    purge only, which records what it removed."""
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])


@contextmanager
def sealing_history(connection=default_connection) -> Iterator[None]:
    """Inside this block (one transaction), a history row whose hash is empty may be given
    its hashes: for ``history_chain.seal_unchained`` only."""
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(FUNCTION_SQL)
                cursor.execute("SELECT set_config(%s, 'on', true)", [SEAL_SETTING])
        yield
        # on an error the setting goes with the rolled-back (sub)transaction
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', true)", [SEAL_SETTING])
