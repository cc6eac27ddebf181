"""The access-log import on PostgreSQL: the file straight into a staging table by COPY
(as fast as ``psql \\copy``), checked and moved in SQL.

The checks are those of ``format`` (the same columns, time pattern and row problems), written
set-wise; a file with bad rows is reported line by line, as the import in Python reports it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import psycopg
from django.db import DataError, OperationalError, ProgrammingError, connection, transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from cards.models import Card
from juki_admin.csvio import MAX_REPORTED, RowError
from terminals.models import Terminal, VeinEnrolment

from ..models import AccessRecord
from ._common import _new_file
from .format import (
    CHUNK,
    TIMESTAMP_PATTERN,
    _parse_time,
    _problems,
)

if TYPE_CHECKING:
    from ._common import AccessImportReport


def _import_postgresql(
    stream, records, read, index, report, digest, name, actor
) -> AccessImportReport:
    """Check every line of the file first (``csvio.Records.check``: mostly in C, so a good
    file costs little more), then COPY it as it is into a temporary table (as fast as
    ``psql \\copy``), find the bad rows with a few set-wise checks, then move the good file in
    one INSERT ... SELECT that normalises the codes (NFKC) and looks up terminals, cards and
    vein operator IDs. A file refused by the line checks writes nothing at all."""
    records.check(read)
    if records.errors:
        report.errors, report.bad_rows = records.errors, records.bad_lines
        return report
    stream.seek(0)
    encoding = records.encoding
    width = len(records.header)
    columns = [f"c{i}" for i in range(width)]

    def col(name_):
        i = index[name_]
        return f"coalesce(btrim(c{i}), '')" if i is not None else "''"

    pg_encoding = "SJIS" if encoding == "cp932" else "UTF8"
    with transaction.atomic():
        log = _new_file(name=name, digest=digest, actor=actor)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS juki_access_staging")
            cursor.execute(
                "CREATE TEMP TABLE juki_access_staging (line bigint GENERATED ALWAYS AS "
                f"IDENTITY (START 2), {', '.join(c + ' text' for c in columns)}) ON COMMIT DROP"
            )
            try:
                with (
                    transaction.atomic(),
                    cursor.cursor.copy(
                        f"COPY juki_access_staging ({', '.join(columns)}) FROM STDIN "
                        f"WITH (FORMAT csv, HEADER true, ENCODING '{pg_encoding}')"
                    ) as copy,
                ):
                    for chunk in iter(lambda: stream.read(CHUNK), b""):
                        copy.write(chunk)
            except (DataError, OperationalError, ProgrammingError, psycopg.Error) as error:
                # what the checks before let through and COPY refused (PostgreSQL reads a
                # quote inside an unquoted cell, or a byte of SJIS, otherwise than Python)
                report.errors.append(
                    RowError(
                        _copy_error_line(error),
                        "",
                        _("The line cannot be read as CSV (%(error)s); nothing was imported.")
                        % {"error": str(error).splitlines()[0]},
                    )
                )
                report.bad_rows = 1
                transaction.set_rollback(True)
                return report
            ts, terminal, card = col("timestamp"), col("terminal"), col("card")
            operator, operation, records = col("operator_id"), col("operation"), col("records")
            # the whole shape, strictly (about 1.1 s a million rows: the cheaper LIKE and
            # offset test let through times the cast then read wrongly); the cast checks the
            # calendar, and a file it refuses is diagnosed row by row (_parse_time)
            bad_time = f"{ts} !~ %s"
            time_params = [f"^{TIMESTAMP_PATTERN}$"]
            cursor.execute(
                f"""
                SELECT line,
                       {bad_time} AS bad_time,
                       {terminal} = '' OR length({terminal}) > 40 AS bad_terminal,
                       {card} = '' AND {operator} = '' AS no_code,
                       length({card}) > 30 OR length({operator}) > 40 AS long_code,
                       {operation} = '' OR length({operation}) > 40 AS bad_operation,
                       {records} !~ '^[0-9]{{1,9}}$' AS bad_records
                FROM juki_access_staging
                WHERE {bad_time}
                   OR {terminal} = '' OR length({terminal}) > 40
                   OR ({card} = '' AND {operator} = '')
                   OR length({card}) > 30 OR length({operator}) > 40
                   OR {operation} = '' OR length({operation}) > 40
                   OR {records} !~ '^[0-9]{{1,9}}$'
                ORDER BY line
                """,
                time_params * 2,
            )
            bad = {line: flags for line, *flags in cursor.fetchall()}

            def calendar_check():
                """Lines whose time has the shape but no real date, time or offset
                (2026-02-30, +23:59), read one at a time through a server-side cursor
                (constant memory, closed before the table goes): only for a bad file."""
                with connection.chunked_cursor() as rows:
                    rows.execute(
                        f"SELECT line, {ts} FROM juki_access_staging WHERE NOT ({bad_time}) "
                        "ORDER BY line",
                        time_params,
                    )
                    for line, value in rows:
                        try:
                            _parse_time(value)
                        except ValueError:
                            bad.setdefault(line, [False] * 6)[0] = True

            def report_bad():
                report.bad_rows = len(bad)
                report.errors.extend(
                    RowError(line, "", _problems(bad[line])) for line in sorted(bad)[:MAX_REPORTED]
                )

            if bad:  # every bad row named: the calendar too, not only the shapes
                calendar_check()
                report_bad()
            else:
                # Codes exported by machines are ASCII, which NFKC leaves as it is: normalise
                # only a file that has something else (normalize() on every code of a million
                # rows costs seconds)
                cursor.execute(
                    f"SELECT EXISTS (SELECT 1 FROM juki_access_staging WHERE "
                    f"octet_length({terminal} || {card} || {operator}) "
                    f"<> char_length({terminal} || {card} || {operator}))"
                )
                nfkc = (
                    (lambda code: f"normalize({code}, NFKC)")
                    if cursor.fetchone()[0]
                    else (lambda code: code)
                )
                try:
                    with transaction.atomic():
                        cursor.execute(
                            f"""
                            INSERT INTO {AccessRecord._meta.db_table}
                              (file_id, line, at, terminal_code, terminal_id, card_code, card_id,
                               operator_code, operator_id, operation, records)
                            SELECT %s, s.line, s.at, s.terminal, t.id, s.card, c.id, s.operator,
                                   CASE WHEN s.card = '' THEN v.operator_id END,
                                   s.operation, s.records
                            FROM (
                              SELECT line, ({ts})::timestamptz AS at,
                                     {nfkc(terminal)} AS terminal,
                                     {nfkc(card)} AS card,
                                     {nfkc(operator)} AS operator,
                                     {operation} AS operation, ({records})::integer AS records
                              FROM juki_access_staging
                            ) s
                            LEFT JOIN {Terminal._meta.db_table} t ON t.asset_number = s.terminal
                            LEFT JOIN {Card._meta.db_table} c ON c.serial = s.card AND s.card <> ''
                            LEFT JOIN {VeinEnrolment._meta.db_table} v
                              ON v.operator_code = s.operator AND s.operator <> ''
                             AND v.removed_on IS NULL
                            """,
                            [log.pk],
                        )
                        report.rows = cursor.rowcount
                        # fresh statistics after a bulk load, as PostgreSQL advises: the
                        # reconciliation's plan depends on them
                        cursor.execute(f"ANALYZE {AccessRecord._meta.db_table}")
                except DataError as error:  # a time the cast refused (2026-02-30): which
                    calendar_check()
                    report_bad()
                    if not report.errors:  # refused by PostgreSQL alone: say what it said
                        report.errors.append(
                            RowError(
                                _copy_error_line(error),
                                "",
                                _("The file cannot be imported (%(error)s); nothing was imported.")
                                % {"error": str(error).splitlines()[0]},
                            )
                        )
            cursor.execute("DROP TABLE juki_access_staging")
        if report.errors:
            transaction.set_rollback(True)
            return report
        log.rows = report.rows
        log.first_at, log.last_at = log.records.aggregate(first=Min("at"), last=Max("at")).values()
        log.save(update_fields=["rows", "first_at", "last_at", "updated_at"])
        report.file = log
    return report


def _copy_error_line(error) -> int:
    """The line PostgreSQL names in a COPY error ("COPY juki_access_staging, line 5")."""
    error = getattr(error, "__cause__", None) or error
    diag = getattr(error, "diag", None)
    found = re.search(r"line (\d+)", f"{getattr(diag, 'context', '') or ''} {error}")
    return int(found.group(1)) if found else 1
