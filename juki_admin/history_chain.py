"""Tamper-evident history (DESIGN.md rules 5 and 11): every history row carries a hash chained
to the previous row of the same history table.

``history_hash`` is SHA-256 over the previous row's hash and a canonical serialisation of the
row's own content: every concrete field of the historical model (the record's tracked fields,
``history_date``, ``history_type``, ``history_user_id``, ``history_change_reason``) except
``history_id`` and the two hashes themselves, NULL values left out (so that a nullable column
added later does not change the hash of older rows). The chain follows ``history_id``.

The application writes the hash when it writes the row: ``ChainedHistory.save`` for single
saves (``HistoricalRecords.create_historical_record``) and ``ChainedHistoryManager.bulk_create``
for django-simple-history's ``bulk_history_create`` (``bulk_create_with_history``,
``bulk_update_with_history``). Writers of one table are kept in order by a lock held to the end
of the transaction: ``pg_advisory_xact_lock`` on PostgreSQL; SQLite serialises writers itself.

``verify_chain`` recomputes a table's chain and names its first broken row. A table's chain
starts at its first remaining row with the previous hash that row records (the retention purge
removes the oldest rows); from there on every row must be its own hash and link to the one
before it. A purged record whose history interleaves with rows that stay (an old entry corrected
later) leaves a gap in the middle of the chain, reported as a break at the row after it: the
purge would have to record the hash that row links to (a ledger of purged links) for the
verification to bridge it.

``chain_heads`` gives the last row of each table, printed in the year's security
report so that a paper copy anchors the record of that date.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from typing import NamedTuple

from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .history_guard import sealing_history

HASH_FIELDS_EXCLUDED = frozenset({"history_id", "history_hash", "history_prev_hash"})
GENESIS = ""
LOCK_NAMESPACE = 0x6A756B69  # "juki": the first key of the two-key advisory lock
BATCH = 2000


def hashed_fields(model) -> list:
    """The fields whose values a row's hash covers, in a fixed order (by column name)."""
    fields = [f for f in model._meta.concrete_fields if f.attname not in HASH_FIELDS_EXCLUDED]
    return sorted(fields, key=lambda f: f.attname)


def _canonical(field, value):
    """One text for one value, the same whether it comes from the instance about to be saved
    or from the database: the field's own conversion first, then a fixed format per type."""
    if value is None:
        return None
    if isinstance(field, models.FileField):
        return str(getattr(value, "name", value) or "") or None
    value = field.to_python(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"{value // dt.timedelta(microseconds=1)}us"
    if isinstance(value, decimal.Decimal):
        places = getattr(field, "decimal_places", None)
        if places is not None:
            value = value.quantize(decimal.Decimal(1).scaleb(-places))
        return format(value, "f")
    if isinstance(value, bytes | memoryview | bytearray):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(field, models.JSONField):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def row_hash(fields, values: dict, prev_hash: str) -> str:
    """SHA-256 (hex) of the previous hash and the row's content (``values`` by attname)."""
    content = {}
    for field in fields:
        value = _canonical(field, values.get(field.attname))
        if value is not None:
            content[field.attname] = value
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def _lock_and_read_head(model, using: str) -> str:
    """Take the table's chain lock (PostgreSQL; to the end of the transaction) and return the
    hash of its last row. Two statements: the head is read after the lock is granted, so that
    it sees what the writer before committed."""
    connection = connections[using]
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCK_NAMESPACE, table]
            )
    head = (
        model._base_manager.using(using)
        .order_by("-history_id")
        .values_list("history_hash", flat=True)
        .first()
    )
    return head or GENESIS


def chain_rows(model, rows, using: str) -> None:
    """Give ``rows`` (unsaved historical instances, in the order they will be inserted) their
    previous hash and their hash. The caller is inside a transaction and inserts them next."""
    fields = hashed_fields(model)
    prev = _lock_and_read_head(model, using)
    for row in rows:
        row.history_prev_hash = prev
        row.history_hash = prev = row_hash(fields, row.__dict__, prev)


class ChainedHistoryManager(models.Manager):
    """The historical models' manager: ``bulk_create`` (django-simple-history's bulk path)
    chains the rows before inserting them."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if not objs:
            return objs
        using = self.db
        with transaction.atomic(using=using, savepoint=False):
            chain_rows(self.model, objs, using)
            return super().bulk_create(objs, *args, **kwargs)


class ChainedHistory(models.Model):
    """Abstract base of every historical model (``HistoricalRecords(bases=[ChainedHistory])``)."""

    history_prev_hash = models.CharField(
        _("previous history hash"), max_length=64, blank=True, default="", editable=False
    )
    history_hash = models.CharField(
        _("history hash"), max_length=64, blank=True, default="", editable=False
    )

    objects = ChainedHistoryManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            chain_rows(type(self), [self], using)
            return super().save(*args, **kwargs)


class Break(NamedTuple):
    """The first row of a table whose chain does not hold, and why."""

    table: str
    history_id: int
    reason: str


class Head(NamedTuple):
    """The last row of a history table: its id and its hash."""

    table: str
    history_id: int | None
    hash: str


def chained_history_models():
    """Every historical model that carries the chain, by table name."""
    from django.apps import apps

    found = [m for m in apps.get_models() if issubclass(m, ChainedHistory)]
    return sorted(found, key=lambda m: m._meta.db_table)


def verify_chain(model, using: str = "default") -> Break | None:
    """Recompute the chain of ``model``'s table; the first broken row, or None."""
    fields = hashed_fields(model)
    names = [f.attname for f in fields]
    table = model._meta.db_table
    queryset = model._base_manager.using(using).order_by("history_id")
    prev = None
    last_id = None
    while True:
        batch = queryset
        if last_id is not None:
            batch = batch.filter(history_id__gt=last_id)
        rows = list(batch.values("history_id", "history_prev_hash", "history_hash", *names)[:BATCH])
        if not rows:
            return None
        for row in rows:
            recorded_prev = row["history_prev_hash"]
            if prev is not None and recorded_prev != prev:
                return Break(table, row["history_id"], "link")
            if row_hash(fields, row, recorded_prev) != row["history_hash"]:
                return Break(table, row["history_id"], "content")
            prev = row["history_hash"]
        last_id = rows[-1]["history_id"]


def chain_heads(using: str = "default") -> list[Head]:
    """The head of every chain (tables without rows included, with no id)."""
    heads = []
    for model in chained_history_models():
        last = (
            model._base_manager.using(using)
            .order_by("-history_id")
            .values_list("history_id", "history_hash")
            .first()
        )
        history_id, digest = last or (None, GENESIS)
        heads.append(Head(model._meta.db_table, history_id, digest))
    return heads


def heads_digest(heads: list[Head]) -> str:
    """One SHA-256 over every head (table, last id, hash), to write down or print."""
    text = "\n".join(f"{h.table} {h.history_id or 0} {h.hash}" for h in heads)
    return hashlib.sha256(text.encode()).hexdigest()


def seal_unchained(model, schema_editor=None, using: str = "default") -> int:
    """Compute the chain of rows written before the chain existed (``history_hash`` empty),
    once, in ``history_id`` order, continuing from the last chained row. Used by the migration
    that adds the columns, inside ``sealing_history`` (the append-only guard lets an empty
    hash be filled in, and nothing else)."""
    connection = schema_editor.connection if schema_editor else connections[using]
    using = connection.alias
    fields = hashed_fields(model)
    names = [f.attname for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name("history_id")
    manager = model._base_manager.using(using)
    prev = (
        manager.exclude(history_hash="")
        .order_by("-history_id")
        .values_list("history_hash", flat=True)
        .first()
    ) or GENESIS
    sealed = 0
    last_id = 0
    with sealing_history(connection), connection.cursor() as cursor:
        while True:
            rows = list(
                manager.filter(history_hash="", history_id__gt=last_id)
                .order_by("history_id")
                .values("history_id", *names)[:BATCH]
            )
            if not rows:
                break
            updates = []
            for row in rows:
                digest = row_hash(fields, row, prev)
                updates.append((prev, digest, row["history_id"]))
                prev = digest
            cursor.executemany(
                f"UPDATE {table} SET history_prev_hash = %s, history_hash = %s WHERE {pk} = %s",
                updates,
            )
            sealed += len(rows)
            last_id = rows[-1]["history_id"]
    return sealed
