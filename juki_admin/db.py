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
