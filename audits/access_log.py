"""The access log of the network's terminals (アクセスログ): import and reconciliation.

The file format (the network's real export is not public; this is the one the prefecture
exports its logs to). A CSV file, UTF-8 (with or without BOM) or Shift_JIS (CP932), with a
header line naming the columns, in any order (English or Japanese names):

=================  ==============  ====================================================
column             Japanese        value
=================  ==============  ====================================================
timestamp          日時            ISO 8601 with its offset: 2026-11-26T09:15:02+09:00
terminal           端末機番号       the terminal's asset number
card               カード番号       the card's serial (empty on a vein terminal)
operator_id        操作者ID        the vein operator ID (empty when a card was used)
operation          処理            what was done (検索, 照会, 更新, ...), at most 40 characters
records            件数            how many residents' records were looked up (0 or more)
=================  ==============  ====================================================

Import (``access_log_import``): the file is read twice as a stream, never whole: first its
SHA-256 (a file already imported adds nothing), then its rows, each checked and written at
once — through PostgreSQL's COPY protocol (psycopg 3), or in batches on SQLite. One bad row
and nothing of the file is kept; every bad row is reported with its line.

Reconciliation (``reconcile``): every look-up in a period is checked against the card's
ledger (was it issued, to whom, for which office), the holder's status, the usage log
(group cards) and the working hours; what nothing explains becomes a finding (one per rule,
card or terminal, and day), linked to its look-ups. Running it again raises nothing new.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import datetime as dt
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DataError, OperationalError, ProgrammingError, connection, transaction
from django.db.models import Max, Min
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from cards.choices import TRANSITIONS, CardEventKind, CardKind, CardStatus
from cards.models import Card, CardEvent
from juki_admin import fiscal
from juki_admin.choices import LEAVING_STATUSES, CardMode, OfficeKind
from juki_admin.csvio import RowError
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Office, Staff, normalize_code
from terminals.models import Terminal, UsageLogEntry, VeinEnrolment

from .choices import AccessRule
from .models import AccessFinding, AccessFindingRecord, AccessLogFile, AccessRecord

COLUMNS = {
    "timestamp": ("日時", "日時（タイムゾーン付き）"),
    "terminal": ("端末機番号", "端末機"),
    "card": ("カード番号", "カード"),
    "operator_id": ("操作者ID",),
    "operation": ("処理", "処理内容"),
    "records": ("件数",),
}
CHUNK = 1 << 16
BATCH = 5000
#: How many bad rows a report lists (the count of all of them is given too).
MAX_REPORTED = 1000


@dataclass
class AccessImportReport:
    name: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    bad_rows: int = 0
    duplicate_of: AccessLogFile | None = None
    file: AccessLogFile | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def file_digest(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _encoding(stream) -> str:
    """UTF-8 when the first 64 KB decode as UTF-8 (a character cut at the end aside), else
    CP932; a later undecodable byte is reported as a bad line."""
    head = stream.read(CHUNK)
    stream.seek(0)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp932"
    return "utf-8-sig"


#: The format's time: ISO 8601 with its offset (2026-11-26T09:15:02+09:00), ASCII digits,
#: a year from 1900 to 2099 (as every date the application reads), hours 00-23, minutes and
#: seconds 00-59. One pattern for both imports: Python's on SQLite, PostgreSQL's regular
#: expressions there (its cast to timestamptz alone would take "09:15:02 PM+09:00", "JST+09"
#: or "24:00:00" and store another time, and a year 1 or 9999 would overflow later).
TIMESTAMP_PATTERN = (
    r"(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9]"
    r"(:[0-5][0-9](\.[0-9]{1,6})?)?([+-][0-9]{2}(:?[0-9]{2})?|Z)"
)
_TIMESTAMP_RE = re.compile(TIMESTAMP_PATTERN)


def _parse_time(value: str) -> dt.datetime:
    """A time of the file, or ValueError: the format's shape, a real date and time, and an
    offset PostgreSQL accepts (under 16 hours). The SQLite import reads every time with it;
    on PostgreSQL it names the lines of a file whose times the cast refused."""
    value = (value or "").strip()
    if not _TIMESTAMP_RE.fullmatch(value):
        raise ValueError("not ISO 8601 with an offset")
    moment = dt.datetime.fromisoformat(value.replace(" ", "T", 1))
    if abs(moment.utcoffset()) >= dt.timedelta(hours=16):
        raise ValueError("offset out of range")
    return moment


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
    encoding = _encoding(stream)
    if connection.vendor == "postgresql":
        return _import_postgresql(stream, encoding, report, digest, name, actor)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
    lookups = _Lookups()
    with transaction.atomic():
        log = AccessLogFile(name=name[:255], digest=digest, rows=0, imported_by=actor)
        stamp(log, actor=actor, reason=_("Access-log import"))
        log.save()
        writer = _BatchWriter(log)
        try:
            _read(text, writer, report, lookups)
        except UnicodeDecodeError:
            report.errors.append(
                RowError(
                    report.rows + 2,
                    "",
                    _("The file holds bytes that are neither UTF-8 nor Shift_JIS (CP932)."),
                )
            )
        finally:
            writer.close()
        if report.errors:
            transaction.set_rollback(True)
            return report
        log.rows = report.rows
        log.first_at, log.last_at = writer.first_at, writer.last_at
        log.save(update_fields=["rows", "first_at", "last_at", "updated_at"])
        report.file = log
    return report


def _read(text, writer, report: AccessImportReport, lookups: _Lookups) -> None:
    reader = csv.reader(text)
    try:
        header = [normalize_code(h) or "" for h in next(reader)]
    except StopIteration:
        report.errors.append(RowError(1, "", _("The file is empty.")))
        return
    index = {}
    for name, aliases in COLUMNS.items():
        found = next((i for i, h in enumerate(header) if h in {name, *aliases}), None)
        if found is None and name not in ("card", "operator_id"):
            report.errors.append(RowError(1, name, _("The column is missing."), aliases[0]))
        index[name] = found
    if index["card"] is None and index["operator_id"] is None:
        report.errors.append(
            RowError(
                1, "card", _("Either a card or an operator ID column is needed."), "カード番号"
            )
        )
    if report.errors:
        return
    width = max(i for i in index.values() if i is not None) + 1
    for line, cells in enumerate(reader, start=2):  # line 1 is the header
        if not any(c.strip() for c in cells):
            report.bad_rows += 1
            if len(report.errors) < MAX_REPORTED:
                report.errors.append(RowError(line, "", _("the line is empty")))
            continue
        problems = []
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))

        def cell(name, cells=cells):
            i = index[name]
            return cells[i].strip() if i is not None else ""

        try:
            at = _parse_time(cell("timestamp"))
        except (ValueError, IndexError):
            problems.append(
                _("the time is not ISO 8601 with its offset (2026-11-26T09:15:02+09:00)")
            )
            at = None
        terminal = normalize_code(cell("terminal"))
        card = normalize_code(cell("card"))
        operator = normalize_code(cell("operator_id"))
        operation = cell("operation")
        records = cell("records")
        if not terminal or len(terminal) > 40:
            problems.append(_("the terminal is missing or too long"))
        if not card and not operator:
            problems.append(_("neither a card nor an operator ID"))
        if len(card) > 30 or len(operator) > 40:
            problems.append(_("the card or operator ID is too long"))
        if not operation or len(operation) > 40:
            problems.append(_("the operation is missing or too long"))
        if not (records.isascii() and records.isdigit()) or len(records) > 9:
            problems.append(_("the number of records is not a whole number"))
        if problems:
            report.bad_rows += 1
            if len(report.errors) < MAX_REPORTED:
                report.errors.append(RowError(line, "", "、".join(str(p) for p in problems)))
            continue
        report.rows += 1
        if report.errors:
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
                int(records),
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


# --- PostgreSQL: the file straight into a staging table by COPY, checked and moved in SQL --


def _header(stream, encoding: str) -> list[str]:
    """The file's first line, decoded, as NFKC-normalised column names."""
    first = stream.readline()
    stream.seek(0)
    try:
        text = first.decode(encoding)
    except UnicodeDecodeError:
        return []
    return [normalize_code(h) or "" for h in next(csv.reader([text]), [])]


def _import_postgresql(stream, encoding, report, digest, name, actor) -> AccessImportReport:
    """COPY the file as it is into a temporary table (as fast as ``psql \\copy``), find the
    bad rows with a few set-wise checks, then move the good file in one INSERT ... SELECT
    that normalises the codes (NFKC) and looks up terminals, cards and vein operator IDs."""
    header = _header(stream, encoding)
    if not header:
        report.errors.append(RowError(1, "", _("The file is empty.")))
        return report
    index = {}
    for name_, aliases in COLUMNS.items():
        found = next((i for i, h in enumerate(header) if h in {name_, *aliases}), None)
        if found is None and name_ not in ("card", "operator_id"):
            report.errors.append(RowError(1, name_, _("The column is missing."), aliases[0]))
        index[name_] = found
    if index["card"] is None and index["operator_id"] is None:
        report.errors.append(
            RowError(
                1, "card", _("Either a card or an operator ID column is needed."), "カード番号"
            )
        )
    if report.errors:
        return report
    width = len(header)
    columns = [f"c{i}" for i in range(width)]

    def col(name_):
        i = index[name_]
        return f"coalesce(btrim(c{i}), '')" if i is not None else "''"

    pg_encoding = "SJIS" if encoding == "cp932" else "UTF8"
    with transaction.atomic():
        log = AccessLogFile(name=name[:255], digest=digest, rows=0, imported_by=actor)
        stamp(log, actor=actor, reason=_("Access-log import"))
        log.save()
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
            except (DataError, OperationalError, ProgrammingError) as error:
                report.errors.append(
                    RowError(
                        _copy_error_line(error),
                        "",
                        _("The line cannot be read as CSV (%(error)s); nothing was imported.")
                        % {"error": str(error).splitlines()[0]},
                    )
                )
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


def _problems(flags) -> str:
    messages = (
        _("the time is not ISO 8601 with its offset (2026-11-26T09:15:02+09:00)"),
        _("the terminal is missing or too long"),
        _("neither a card nor an operator ID"),
        _("the card or operator ID is too long"),
        _("the operation is missing or too long"),
        _("the number of records is not a whole number"),
    )
    return "、".join(str(m) for m, bad in zip(messages, flags, strict=False) if bad)


def _copy_error_line(error) -> int:
    """The line PostgreSQL names in a COPY error ("COPY juki_access_staging, line 5")."""
    found = re.search(r"line (\d+)", str(getattr(error, "__cause__", None) or error))
    return int(found.group(1)) if found else 1


# --- reconciliation ---------------------------------------------------------------------------


@dataclass
class ReconcileReport:
    start: dt.date
    end: dt.date
    records: int = 0
    new_findings: int = 0
    by_rule: dict[str, int] = field(default_factory=lambda: defaultdict(int))


#: The status a card has after each ledger entry (from the one transition table).
_AFTER = {t.event: t.to for t in TRANSITIONS.values() if t.to is not None}


def _issued_periods(card_ids) -> dict[int, list[tuple[dt.date, dt.date | None, int | None]]]:
    """Per card, the periods it was issued (usable): [(from, to or None, office id)], from
    its ledger. A day on which it changed counts as issued (entries carry no time)."""
    periods: dict[int, list] = defaultdict(list)
    current: dict[int, tuple[dt.date, int | None] | None] = {}
    for card_id, kind, on, office_id in (
        CardEvent.objects.filter(card_id__in=card_ids)
        .order_by("card_id", "occurred_on", "pk")
        .values_list("card_id", "kind", "occurred_on", "office_id")
        .iterator(chunk_size=20000)
    ):
        status = _AFTER.get(kind)
        if status is None:
            continue
        start = current.get(card_id)
        if status == CardStatus.ISSUED and start is None:
            current[card_id] = (on, office_id)
        elif status != CardStatus.ISSUED and start is not None:
            periods[card_id].append((start[0], on, start[1]))
            current[card_id] = None
    for card_id, start in current.items():
        if start is not None:
            periods[card_id].append((start[0], None, start[1]))
    return periods


def _business_hours() -> tuple[dt.time, dt.time]:
    start, end = settings.ACCESS_BUSINESS_HOURS
    return dt.time.fromisoformat(start), dt.time.fromisoformat(end)


def reconcile(*, start: dt.date, end: dt.date, actor) -> ReconcileReport:
    """Check every look-up from ``start`` to ``end`` (both included) and raise a finding
    for what nothing explains; findings already raised stay as they are."""
    if end < start:
        raise DomainError(_("The end of the period is before its start."))
    report = ReconcileReport(start, end)
    since, until = fiscal.day_start(start), fiscal.day_start(end, days=1)
    records = AccessRecord.objects.filter(at__gte=since, at__lt=until)
    cards = {
        c["pk"]: c
        for c in Card.objects.values("pk", "kind", "holder_id", "group_id", "office_id", "serial")
    }
    used_cards = set(
        records.exclude(card_id=None).order_by().values_list("card_id", flat=True).distinct()
    )  # order_by(): the default ordering would make DISTINCT return every look-up
    periods = _issued_periods(list(used_cards))
    staff = {
        s["pk"]: s for s in Staff.objects.values("pk", "status", "status_date", "office_id", "name")
    }
    holders_by_card = dict(
        CardEvent.objects.filter(card_id__in=used_cards, kind=CardEventKind.ISSUE)
        .order_by("card_id", "occurred_on", "pk")
        .values_list("card_id", "holder_id")
    )
    terminals = {
        t["pk"]: t
        for t in Terminal.objects.values("pk", "office_id", "office__kind", "asset_number")
    }
    offices = dict(Office.objects.values_list("pk", "card_mode"))
    usage = _group_usage(
        since, until, [c for c in used_cards if cards[c]["kind"] == CardKind.GROUP]
    )
    opens, closes = _business_hours()
    findings = _Findings(actor)
    local = timezone.get_current_timezone()
    working = {}  # day → is_working_day(day), asked once a day rather than once a look-up
    if connection.vendor == "postgresql":
        # seconds since the epoch parse far faster than timestamps, a million times over
        records = records.annotate(epoch=RawSQL("EXTRACT(EPOCH FROM at)::float8", []))
        when = "epoch"
        if PREFILTER:
            report.records = records.count()
            records = _suspects(records, start, end, periods, cards, staff, holders_by_card)
    else:
        when = "at"
    counted = not (connection.vendor == "postgresql" and PREFILTER)
    for row in (
        records.order_by("at", "pk")
        .values_list(
            "pk",
            when,
            "terminal_id",
            "terminal_code",
            "card_id",
            "card_code",
            "operator_id",
            "operator_code",
        )
        .iterator(chunk_size=20000)
    ):
        pk, at, terminal_id, terminal_code, card_id, card_code, operator_id, operator_code = row
        if counted:
            report.records += 1
        if isinstance(at, float):
            at = dt.datetime.fromtimestamp(at, dt.UTC)
        moment = at.astimezone(local)
        day = moment.date()
        if day not in working:
            working[day] = fiscal.is_working_day(day)
        findings.day_begins(day, report)  # a day's findings are complete: written, forgotten
        terminal = terminals.get(terminal_id)
        if terminal is None:
            findings.add(
                AccessRule.UNKNOWN_TERMINAL,
                day,
                pk,
                moment,
                code=terminal_code,
                detail=_("terminal %(code)s is not registered") % {"code": terminal_code},
            )
        if card_id is None and operator_id is None:
            code = card_code or operator_code
            findings.add(
                AccessRule.UNKNOWN_CARD,
                day,
                pk,
                moment,
                code=code,
                terminal=terminal_id,
                office=terminal["office_id"] if terminal else None,
                detail=_("%(code)s is no registered card or operator ID") % {"code": code},
            )
        if not working[day] or not opens <= moment.time() <= closes:
            findings.add(
                AccessRule.OUTSIDE_HOURS,
                day,
                pk,
                moment,
                card=card_id,
                terminal=terminal_id,
                staff=operator_id,
                code=card_code or operator_code,
                office=terminal["office_id"] if terminal else None,
                detail=_("used at %(time)s on %(date)s")
                % {"time": f"{moment:%H:%M}", "date": fiscal.format_era_date(day)},
            )
        if card_id is None:
            continue
        card = cards[card_id]
        period = _period_on(periods.get(card_id, ()), day)
        if period is None:
            findings.add(
                AccessRule.CARD_NOT_ISSUED,
                day,
                pk,
                moment,
                card=card_id,
                terminal=terminal_id,
                code=card_code,
                office=terminal["office_id"] if terminal else card["office_id"],
                detail=_("card %(serial)s was not issued that day") % {"serial": card["serial"]},
            )
            continue
        office_id = period[2]
        if card["kind"] == CardKind.INDIVIDUAL:
            holder = staff.get(holders_by_card.get(card_id) or card["holder_id"])
            if (
                holder
                and holder["status"] in LEAVING_STATUSES
                and holder["status_date"]
                and holder["status_date"] <= day
            ):
                findings.add(
                    AccessRule.HOLDER_AWAY,
                    day,
                    pk,
                    moment,
                    card=card_id,
                    terminal=terminal_id,
                    staff=holder["pk"],
                    code=card_code,
                    office=office_id,
                    detail=_("%(name)s had left (from %(date)s)")
                    % {
                        "name": holder["name"],
                        "date": fiscal.format_era_date(holder["status_date"]),
                    },
                )
        elif not _covered(usage.get((terminal_id, card_id), ()), at):
            findings.add(
                AccessRule.GROUP_WITHOUT_USAGE_LOG,
                day,
                pk,
                moment,
                card=card_id,
                terminal=terminal_id,
                code=card_code,
                office=office_id,
                detail=_("no usage-log entry covers %(time)s") % {"time": f"{moment:%H:%M}"},
            )
        if terminal is not None and terminal["office_id"] != office_id:
            hq_shared = (
                offices.get(office_id) == CardMode.HQ_SHARED
                and terminal["office__kind"] == OfficeKind.HQ_DIVISION
            )
            if not hq_shared:
                findings.add(
                    AccessRule.OTHER_OFFICE,
                    day,
                    pk,
                    moment,
                    card=card_id,
                    terminal=terminal_id,
                    code=card_code,
                    office=office_id,
                    detail=_("card of another office used on %(terminal)s")
                    % {"terminal": terminal["asset_number"]},
                )
    findings.save(report)
    if connection.vendor == "postgresql" and PREFILTER:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS juki_reconcile_plain")
    return report


#: On PostgreSQL, the reconciliation reads only the look-ups that may break a rule
#: (``_suspects``); the rules themselves are decided in Python, for these rows, as for all.
PREFILTER = True


def _suspects(records, start, end, periods, cards, staff, holders_by_card):
    """``records`` narrowed, in SQL, to the look-ups that some rule of ``reconcile`` may
    flag. A look-up is left out only when it provably passes every rule: a known terminal
    and code, a working day within business hours, and a *plain* card — an individual card
    with a single issued period, its holder not away in it — used within that period on a
    terminal of the period's office. Every look-up of any other card is read, so the
    findings are the same as when every look-up is read (a test runs both ways)."""
    opens, closes = _business_hours()
    days_off = [
        start + dt.timedelta(days=i)
        for i in range((end - start).days + 1)
        if not fiscal.is_working_day(start + dt.timedelta(days=i))
    ]
    table = "juki_reconcile_plain"
    terminals_of: dict[int, list[int]] = defaultdict(list)
    for terminal_id, office_id in Terminal.objects.values_list("pk", "office_id"):
        terminals_of[office_id].append(terminal_id)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TEMP TABLE {table} (card_id bigint PRIMARY KEY, start_day date NOT NULL, "
            "end_day date NOT NULL, terminals bigint[] NOT NULL)"
        )
        with cursor.cursor.copy(
            f"COPY {table} (card_id, start_day, end_day, terminals) FROM STDIN"
        ) as copy:
            for card_id, spans in periods.items():
                card = cards[card_id]
                if card["kind"] != CardKind.INDIVIDUAL or len(spans) != 1:
                    continue
                (begin, finish, office_id), holder = (
                    spans[0],
                    staff.get(holders_by_card.get(card_id) or card["holder_id"]),
                )
                if not terminals_of.get(office_id):
                    continue
                if holder and holder["status"] in LEAVING_STATUSES and holder["status_date"]:
                    # plain only up to the day before the holder is away
                    away_eve = holder["status_date"] - dt.timedelta(days=1)
                    finish = min(finish or away_eve, away_eve)
                if finish is not None and finish < begin:
                    continue
                copy.write_row((card_id, begin, finish or dt.date.max, terminals_of[office_id]))
        cursor.execute(f"ANALYZE {table}")
    record = AccessRecord._meta.db_table
    zone = settings.TIME_ZONE
    # two relations only (the look-ups, the plain cards with their office's terminals): the
    # planner hashes the small one whatever it guesses of the time filters
    innocent = RawSQL(
        f"""SELECT r.id FROM {record} r
        JOIN {table} p ON p.card_id = r.card_id
        WHERE r.at >= %s AND r.at < %s
          AND r.terminal_id = ANY(p.terminals)
          AND (r.at AT TIME ZONE %s)::date BETWEEN p.start_day AND p.end_day
          AND NOT (r.at AT TIME ZONE %s)::date = ANY(%s::date[])
          AND (r.at AT TIME ZONE %s)::time BETWEEN %s AND %s""",
        [
            fiscal.day_start(start),
            fiscal.day_start(end, days=1),
            zone,
            zone,
            days_off,
            zone,
            opens,
            closes,
        ],
    )
    return records.exclude(pk__in=innocent)


def _period_on(periods, day):
    for start, end, office_id in periods:
        if start <= day and (end is None or day <= end):
            return start, end, office_id
    return None


def _group_usage(since, until, card_ids):
    """Usage-log entries of group cards around the period: {(terminal, card): [(start,
    end)]}, sorted, for a bisect per look-up."""
    usage = defaultdict(list)
    slack = dt.timedelta(hours=12)
    for terminal_id, card_id, started, ended in (
        UsageLogEntry.objects.filter(
            card_id__in=card_ids, started_at__gte=since - slack, started_at__lt=until
        )
        .order_by("started_at")
        .values_list("terminal_id", "card_id", "started_at", "ended_at")
        .iterator(chunk_size=20000)
    ):
        usage[(terminal_id, card_id)].append((started, ended or started + slack))
    return usage


def _covered(entries, at) -> bool:
    i = bisect.bisect_right(entries, (at, at)) - 1
    while i >= 0:
        started, ended = entries[i]
        if started <= at <= ended:
            return True
        if at - started > dt.timedelta(hours=12):
            return False
        i -= 1
    return False


class _Findings:
    """Findings grouped by rule, what they are about and day. The look-ups come in time
    order, so a day's findings are written as soon as the next day begins: memory holds one
    day of findings, whatever the number of look-ups."""

    def __init__(self, actor):
        self.actor = actor
        self.groups: dict[str, dict] = {}
        self.day: dt.date | None = None

    def day_begins(self, day: dt.date, report) -> None:
        if day != self.day:
            self.save(report)
            self.day = day

    def add(
        self,
        rule,
        day,
        record_id,
        moment,
        *,
        detail,
        code="",
        card=None,
        terminal=None,
        staff=None,
        office=None,
    ):
        about = f"c{card}" if card else (f"t{terminal}" if terminal else f"x{code}")
        if rule == AccessRule.UNKNOWN_TERMINAL:
            about = f"x{code}"
        key = f"{rule}:{day.isoformat()}:{about}"
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = {
                "rule": rule,
                "day": day,
                "card_id": card,
                "terminal_id": terminal,
                "staff_id": staff,
                "office_id": office,
                "code": code[:40],
                "first_at": moment,
                "last_at": moment,
                "count": 0,
                "detail": str(detail)[:300],
                "records": [],
            }
        group["count"] += 1
        group["last_at"] = max(group["last_at"], moment)
        group["records"].append(record_id)

    @transaction.atomic
    def save(self, report) -> None:
        """Write the findings gathered so far (those already raised are left as they are,
        only their look-ups linked) and forget them."""
        if not self.groups:
            return
        existing = set(
            AccessFinding.objects.filter(key__in=list(self.groups)).values_list("key", flat=True)
        )
        new = []
        for key, g in self.groups.items():
            if key in existing:
                continue
            new.append(AccessFinding(key=key, **{k: v for k, v in g.items() if k != "records"}))
            report.by_rule[g["rule"]] += 1
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(
            new,
            AccessFinding,
            default_user=self.actor,
            default_change_reason=_("Access-log reconciliation"),
            batch_size=2000,
        )
        report.new_findings += len(new)
        ids = dict(AccessFinding.objects.filter(key__in=list(self.groups)).values_list("key", "pk"))
        links = [
            AccessFindingRecord(finding_id=ids[key], record_id=r)
            for key, g in self.groups.items()
            for r in g["records"]
        ]
        AccessFindingRecord.objects.bulk_create(links, ignore_conflicts=True, batch_size=5000)
        self.groups = {}
