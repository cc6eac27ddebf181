"""History that cannot be rewritten (DESIGN.md rule 5).

On PostgreSQL every history table carries a trigger that refuses UPDATE and DELETE, for
every role of the database, whatever path the statement takes (the admin, a shell, a
script). The one exception is the retention purge (``purging_history``), which removes the
history of rows past their retention period and records what it removed. SQLite, the
embedded development database, has no such guard; the application itself never writes
history rows but to add them.

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

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('{PURGE_SETTING}', true) = 'on' THEN
    RETURN OLD;
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
