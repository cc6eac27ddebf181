"""Saving under the database's constraints: one rule for the race every service can lose."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from .errors import DomainError


@contextmanager
def refusing_races(message) -> Iterator[None]:
    """Run the block in a savepoint; a constraint it breaks becomes ``DomainError(message)``.

    The checks of a service come first and name the problem; this is for the one they cannot
    foresee: another request that wrote the same row between the check and the save.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise DomainError(message) from error


def save_refusing_races(instance, message, **save_kwargs):
    """``instance.save(**save_kwargs)``, with a lost race refused as ``DomainError(message)``."""
    with refusing_races(message):
        instance.save(**save_kwargs)
    return instance


def analyze(*models, history: bool = True) -> None:
    """Fresh planner statistics for the tables of ``models`` (and their history tables) after
    a bulk write, so that no plan waits for autovacuum, which may be late or off (it is off on
    the machines measured in docs/benchmarks.md). ``ANALYZE`` on PostgreSQL and SQLite alike;
    with no model, the whole database."""
    from django.db import connection

    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        record = getattr(model, "history", None) if history else None
        if record is not None and hasattr(record, "model"):
            tables.append(record.model._meta.db_table)
    with connection.cursor() as cursor:
        if not models:
            cursor.execute("ANALYZE")
        for table in dict.fromkeys(tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
