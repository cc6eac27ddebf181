"""Importing an access-log file (``access_log_import``), and the generic import in Python.

The file is read as a stream, never whole: first its SHA-256 (a file already imported adds
nothing), then its lines, each checked by ``csvio.Records`` (the limits of a line and a cell,
the header's number of columns, NUL bytes, the encoding) and as a row of the format, and
written — here in batches as they are read, on SQLite (and any other database); on PostgreSQL
(``postgresql``) the whole file is checked first, then loaded by COPY. One bad row and
nothing of the file is kept; every bad row is reported with its line.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils.translation import gettext as _

from cards.models import Card
from juki_admin.csvio import Records
from terminals.models import Terminal, VeinEnrolment

from ..models import AccessLogFile, AccessRecord
from ._common import AccessImportReport, _new_file
from .format import _column_index, _encoding, _parse_row, _problems, file_digest
from .postgresql import _import_postgresql

BATCH = 5000


class _Lookups:
    """Terminals, cards and vein operator IDs by their codes (one query each per import)."""

    def __init__(self):
        self.terminals = dict(Terminal.objects.values_list("asset_number", "pk"))
        self.cards = dict(Card.objects.values_list("serial", "pk"))
        self.veins = dict(
            VeinEnrolment.objects.filter(removed_on__isnull=True).values_list(
                "operator_code", "operator_id"
            )
        )


def access_log_import(*, stream, name: str, actor) -> AccessImportReport:
    """Import one access-log file (a binary stream). All or nothing; a file whose SHA-256
    is known adds nothing and says so."""
    report = AccessImportReport(name=name)
    digest = file_digest(stream)
    known = AccessLogFile.objects.filter(digest=digest).first()
    if known is not None:
        report.duplicate_of = known
        return report
    records = Records(stream, _encoding(stream))
    read = iter(records)
    header = next(read, None)
    if header is None:  # empty, or a header over the limits
        report.errors, report.bad_rows = records.errors, records.bad_lines
        return report
    index = _column_index(header[1], report)
    if report.errors:
        return report
    if connection.vendor == "postgresql":
        return _import_postgresql(stream, records, read, index, report, digest, name, actor)
    lookups = _Lookups()
    with transaction.atomic():
        log = _new_file(name=name, digest=digest, actor=actor)
        writer = _BatchWriter(log)
        try:
            _read(read, records, index, writer, report, lookups)
        finally:
            writer.close()
        report.errors, report.bad_rows = records.errors, records.bad_lines
        if report.errors:
            transaction.set_rollback(True)
            return report
        log.rows = report.rows
        log.first_at, log.last_at = writer.first_at, writer.last_at
        log.save(update_fields=["rows", "first_at", "last_at", "updated_at"])
        report.file = log
    return report


def _read(read, records: Records, index, writer, report: AccessImportReport, lookups) -> None:
    """The rows of ``read`` (``Records`` checked each line's bytes and cells), each checked
    as an access-log row and written, until the first bad one; then only checked."""
    width = max(i for i in index.values() if i is not None) + 1
    for line, cells in read:
        if not any(c.strip() for c in cells):
            records.refuse(line, _("the line is empty"))
            continue
        flags, (at, terminal, card, operator, operation, count) = _parse_row(cells, index, width)
        if any(flags):
            records.refuse(line, _problems(flags))
            continue
        report.rows += 1
        if records.errors:
            continue  # nothing will be kept: only look for further bad rows
        writer.write(
            (
                line,
                at,
                terminal,
                lookups.terminals.get(terminal),
                card,
                lookups.cards.get(card) if card else None,
                operator,
                lookups.veins.get(operator) if operator and not card else None,
                operation,
                int(count),
            )
        )


FIELDS = (
    "line",
    "at",
    "terminal_code",
    "terminal_id",
    "card_code",
    "card_id",
    "operator_code",
    "operator_id",
    "operation",
    "records",
)


class _Writer:
    def __init__(self, log):
        self.log = log
        self.first_at = self.last_at = None

    def note(self, at):
        if self.first_at is None or at < self.first_at:
            self.first_at = at
        if self.last_at is None or at > self.last_at:
            self.last_at = at


class _BatchWriter(_Writer):
    """SQLite (and any database but PostgreSQL): rows parsed here, inserted in batches."""

    def __init__(self, log):
        super().__init__(log)
        self.batch = []

    def write(self, row):
        self.note(row[1])
        self.batch.append(AccessRecord(file=self.log, **dict(zip(FIELDS, row, strict=True))))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self):
        AccessRecord.objects.bulk_create(self.batch)
        self.batch = []

    def close(self):
        if self.batch:
            self.flush()
