"""The retention purge: what is past its period (``settings.RETENTION_DAYS``) is removed
with its history, and the purge itself is recorded."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from juki_admin import fiscal
from juki_admin.history_guard import purging_history

from ..models import PurgeRecord
from ._common import _save

TIME_FIELDS = {
    "terminals.RoomEntry": "entered_at",
    "terminals.KeyLog": "taken_at",
    "terminals.UsageLogEntry": "started_at",
    "terminals.DailyCheck": "checked_on",
}


def expired(on: dt.date | None = None) -> list[tuple[str, dt.date, object]]:
    """(register, cutoff, queryset of rows older than the cutoff) per register."""
    on = on or fiscal.today()
    result = []
    for label, days in settings.RETENTION_DAYS.items():
        cutoff = on - dt.timedelta(days=days)
        field = TIME_FIELDS[label]
        model = apps.get_model(label)
        lookup = {f"{field}__date__lt" if field.endswith("_at") else f"{field}__lt": cutoff}
        result.append((label, cutoff, model.objects.filter(**lookup)))
    return result


def _delete_ids(model, ids) -> int:
    """DELETE rows by id in SQL: the retention purge removes rows and their history at
    once (no per-row signal writing a deletion into a history about to go too)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({placeholders})", ids)
        return cursor.rowcount


@transaction.atomic
def purge_expired(*, actor, on: dt.date | None = None) -> list[PurgeRecord]:
    """Remove what is past its retention period, with its history (which holds the same
    personal data), and record what was removed. The only path that deletes history."""
    records = []
    for label, cutoff, queryset in expired(on):
        ids = list(queryset.values_list("pk", flat=True))
        if not ids:
            continue
        model = queryset.model
        removed = 0
        with purging_history():
            for start in range(0, len(ids), 500):
                batch = ids[start : start + 500]
                history = model.history.model
                history_ids = list(
                    history.objects.filter(id__in=batch).values_list("history_id", flat=True)
                )
                for h_start in range(0, len(history_ids), 500):
                    _delete_ids(history, history_ids[h_start : h_start + 500])
                removed += _delete_ids(model, batch)
        record = PurgeRecord(register=label, cutoff=cutoff, removed=removed, actor=actor)
        records.append(_save(record, actor=actor, reason=_("Past its retention period")))
    return records
