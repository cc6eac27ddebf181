"""A pg_trgm GIN index for searching the reasons of the card ledger (PostgreSQL only; the
extension comes from ``juki_admin.0006``). On SQLite the migration does nothing."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cards_cardevent_reason_trgm "
        "ON cards_cardevent USING gin (UPPER(reason) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cards_cardevent_reason_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0005_ledger_order_indexes"),
        ("juki_admin", "0006_name_search_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
