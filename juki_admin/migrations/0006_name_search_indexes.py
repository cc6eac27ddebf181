"""pg_trgm GIN indexes for searches of staff names anywhere in the name (PostgreSQL only).

``juki_admin.search`` matches names with ``UPPER(name) LIKE UPPER('%word%')``; these
indexes on ``UPPER(name)`` let PostgreSQL answer that without reading the whole table. On
SQLite the migration does nothing. The extension is trusted from PostgreSQL 13 on: the
owner of the database may create it.
"""

from django.db import migrations

INDEXES = [
    ("juki_admin_staff_name_trgm", "juki_admin_staff", "name"),
    ("juki_admin_staff_kana_trgm", "juki_admin_staff", "kana"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("juki_admin", "0005_history_append_only")]

    operations = [migrations.RunPython(create, drop)]
