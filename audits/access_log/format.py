"""The access log's file format, and how one file's header and rows are read.

The network's real export is not public; this is the one the prefecture exports its logs to.
A CSV file, UTF-8 (with or without BOM) or Shift_JIS (CP932), with a header line naming the
columns, in any order (English or Japanese names):

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

Both imports (``importing`` in Python, ``postgresql`` in SQL) read the header and report bad
rows with what is here: one list of columns, one time pattern, one list of row problems.
Before any of that, ``csvio.Records`` checks every line of the file as it checks the staff
import's: at most ``MAX_LINE_CHARS`` (4,096) characters a line, ``MAX_CELL_CHARS`` (1,024) a
cell, ``MAX_COLUMNS`` (100) columns, as many cells in each row as in the header, no NUL byte,
every byte UTF-8 or CP932.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.utils.translation import gettext as _

from juki_admin.csvio import RowError, detect_encoding, parse_header
from juki_admin.models import normalize_code

COLUMNS = {
    "timestamp": ("日時", "日時（タイムゾーン付き）"),
    "terminal": ("端末機番号", "端末機"),
    "card": ("カード番号", "カード"),
    "operator_id": ("操作者ID",),
    "operation": ("処理", "処理内容"),
    "records": ("件数",),
}
CHUNK = 1 << 16

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


def file_digest(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _encoding(stream) -> str:
    """UTF-8 when the first 64 KB decode as UTF-8 (a character cut at the end aside), else
    CP932 (``csvio.detect_encoding``); a later undecodable byte is reported on its line."""
    head = stream.read(CHUNK)
    stream.seek(0)
    return detect_encoding(head)


def _column_index(header: list[str], report) -> dict[str, int | None]:
    """Where each column of ``COLUMNS`` is in ``header`` (``csvio.parse_header``, the one
    header rule of every import). A card or an operator ID column is enough, not both."""
    index, errors = parse_header(header, COLUMNS, optional=("card", "operator_id"))
    report.errors.extend(errors)
    if index["card"] is None and index["operator_id"] is None:
        report.errors.append(
            RowError(
                1, "card", _("Either a card or an operator ID column is needed."), "カード番号"
            )
        )
    return index


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


def _parse_row(cells: list[str], index: dict[str, int | None], width: int):
    """One row (not empty) of the file: ``(flags, values)``. ``flags`` say which of the row's
    problems (in ``_problems``' order) it has; ``values`` are its time, terminal, card,
    operator ID, operation and number of records, codes NFKC-normalised."""
    if len(cells) < width:
        cells = cells + [""] * (width - len(cells))

    def cell(name):
        i = index[name]
        return cells[i].strip() if i is not None else ""

    try:
        at = _parse_time(cell("timestamp"))
    except (ValueError, IndexError):
        at = None
    terminal = normalize_code(cell("terminal"))
    card = normalize_code(cell("card"))
    operator = normalize_code(cell("operator_id"))
    operation = cell("operation")
    records = cell("records")
    flags = (
        at is None,
        not terminal or len(terminal) > 40,
        not card and not operator,
        len(card) > 30 or len(operator) > 40,
        not operation or len(operation) > 40,
        not (records.isascii() and records.isdigit()) or len(records) > 9,
    )
    return flags, (at, terminal, card, operator, operation, records)


def _problems(flags) -> str:
    """What is wrong with a row, from its flags (the order of ``_parse_row`` and of the
    PostgreSQL import's checks)."""
    messages = (
        _("the time is not ISO 8601 with its offset (2026-11-26T09:15:02+09:00)"),
        _("the terminal is missing or too long"),
        _("neither a card nor an operator ID"),
        _("the card or operator ID is too long"),
        _("the operation is missing or too long"),
        _("the number of records is not a whole number"),
    )
    return "、".join(str(m) for m, bad in zip(messages, flags, strict=False) if bad)
