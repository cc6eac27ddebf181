"""What bench/generate.py builds its rows with: primary keys handed out before COPY, COPY
itself, a timed step, and an emptied, migrated schema."""

import datetime as dt
import time

from django.db import connection

#: created_at and updated_at of every row written by COPY.
NOW = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)


class Ids:
    """Primary keys handed out here, so that rows can point at each other before COPY."""

    def __init__(self):
        self.next = {}

    def __call__(self, model) -> int:
        self.next[model] = self.next.get(model, 0) + 1
        return self.next[model]


def copy_rows(model, rows: list[dict]) -> None:
    """COPY ``rows`` (attname → value) into ``model``'s table; fields not given take their
    default (created_at and updated_at: NOW)."""
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    defaults = {}
    for field in fields:
        if field.attname in ("created_at", "updated_at"):
            defaults[field.attname] = NOW
        elif field.get_internal_type() == "JSONField":
            defaults[field.attname] = "{}"
        else:  # its default; "" for a text field that is not nullable
            defaults[field.attname] = field.get_default()
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(tuple(row.get(f.attname, defaults[f.attname]) for f in fields))


def step(label: str):
    """Print how long the step took."""

    class Step:
        def __enter__(self):
            self.start = time.perf_counter()
            print(f"{label} ...", end="", flush=True)

        def __exit__(self, *exc):
            if exc[0] is None:
                print(f" {time.perf_counter() - self.start:6.1f} s", flush=True)

    return Step()


def reset_schema() -> None:
    from django.core.management import call_command

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
