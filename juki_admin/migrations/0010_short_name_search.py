"""GIN indexes for searches of one or two characters in the names of staff (PostgreSQL only).

pg_trgm (migration 0006) cannot serve ``LIKE '%高橋%'``: a word of two characters has no
trigram. ``juki_short_grams(text)`` gives every piece of one and of two characters of a text
(``{高, 橋, 高橋, …}``); an index on ``juki_short_grams(UPPER(name))`` then answers
``juki_short_grams(UPPER(name)) @> ARRAY['高橋']`` (``juki_admin.search``), which finds exactly the
rows that ``LIKE '%高橋%'`` would. On SQLite the migration does nothing.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION juki_short_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT piece), '{}')
    FROM (
        SELECT substr(t, i, 1) AS piece FROM generate_series(1, length(t)) AS i
        UNION ALL
        SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
    ) AS pieces
    WHERE piece <> '' AND piece !~ '\\s'
$$
"""

INDEXES = [
    ("juki_admin_staff_name_short", "juki_admin_staff", "name"),
    ("juki_admin_staff_kana_short", "juki_admin_staff", "kana"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (juki_short_grams(UPPER({column})))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS juki_short_grams(text)")


class Migration(migrations.Migration):
    dependencies = [("juki_admin", "0009_submitted_form")]

    operations = [migrations.RunPython(create, drop)]
