"""The one CSV path of the project: reading uploaded files and writing exports.

Reading accepts UTF-8 (with or without BOM) and Shift_JIS/CP932, as produced by the
personnel system and by Excel; headers are NFKC-normalised, cells only trimmed: each import
normalises its codes (``normalize_code``) and names (``normalize_name``) as their rules say.
Every line of every imported file is checked by ``Records`` before a row is written, on every
database: ``MAX_LINE_CHARS`` (4,096) characters a line, ``MAX_CELL_CHARS`` (1,024) a cell,
``MAX_COLUMNS`` (100) columns, the header's number of cells, no NUL byte, every byte text of
the file's encoding, quotes only around whole cells; each refusal names its line.
Writing produces UTF-8 with a BOM so that Excel opens Japanese text correctly, or CP932 on
request (``?encoding=cp932``); a cell that a spreadsheet would read as a formula is
neutralised with a leading apostrophe (OWASP "CSV injection"), and no export is cached.
"""

from __future__ import annotations

import codecs
import csv
import io
import operator
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from . import params
from .errors import DomainError
from .models import normalize_code

ENCODINGS = ("utf-8-sig", "cp932")
#: Encodings of an export, chosen with ``?encoding=``.
EXPORT_ENCODINGS = ("utf-8", "cp932")
#: A cell starting with one of these is read by a spreadsheet as a formula (=, +, -, @, and
#: tab and carriage return, which some spreadsheets skip before one; the full-width forms,
#: which a Japanese spreadsheet may read the same way).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
#: What a character that CP932 cannot hold becomes in a CP932 export (the geta mark, as
#: Japanese printing does); the UTF-8 export keeps every character.
CP932_STANDIN = "〓"
codecs.register_error(
    "juki_geta", lambda error: (CP932_STANDIN * (error.end - error.start), error.end)
)


@dataclass(frozen=True)
class RowError:
    """A bad cell: ``column`` is the field's code name, ``label`` the header a user knows."""

    line: int
    column: str
    message: str
    label: str = ""

    def __str__(self) -> str:
        return _("line %(line)d, %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.label or self.column or "-",
            "message": self.message,
        }


@dataclass
class ImportReport:
    """What an import did, or would do, and every bad row it found."""

    errors: list[RowError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


#: How files that are not CSV text begin: an Excel workbook (xlsx, a zip; xls) or a PDF.
BINARY_STARTS = {
    b"PK\x03\x04": "xlsx",
    b"\xd0\xcf\x11\xe0": "xls",
    b"%PDF": "pdf",
}


def upload_limit_bytes() -> int:
    from django.conf import settings

    return settings.UPLOAD_MAX_BYTES


def check_size(size: int | None) -> None:
    """Refuse a file larger than ``UPLOAD_MAX_BYTES`` (before it is read)."""
    limit = upload_limit_bytes()
    if size is None or size > limit:
        raise DomainError(
            _("The file is larger than %(limit)d MB; nothing was imported.")
            % {"limit": limit // (1024 * 1024)}
        )


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, its size checked first (``UploadedFile.size`` is known
    before anything is read)."""
    check_size(upload.size)
    return upload.read(upload_limit_bytes() + 1)


def refuse_binary(data: bytes) -> None:
    """Refuse a workbook or a PDF sent for a CSV file, by how it begins."""
    for start, kind in BINARY_STARTS.items():
        if data.startswith(start):
            raise DomainError(
                _(
                    "The file is not CSV text but %(kind)s. Save it as CSV (comma-separated) "
                    "and send that file."
                )
                % {"kind": kind}
            )


def detect_encoding(head: bytes, *, final: bool = False) -> str:
    """UTF-8 (BOM or not) when ``head`` decodes as UTF-8 (a character cut at its end aside,
    unless ``final``), or when it has UTF-8 characters before its first bad byte (a UTF-8
    file with a bad line); else CP932. An undecodable byte is then reported on its line."""
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=final)
    except UnicodeDecodeError as error:
        return "cp932" if head[: error.start].isascii() else "utf-8-sig"
    return "utf-8-sig"


def parse_header(
    cells: Sequence[str],
    columns: Mapping[str, Sequence[str]],
    *,
    optional: Collection[str] = (),
) -> tuple[dict[str, int | None], list[RowError]]:
    """Where each field's column is in a CSV file's header line.

    ``cells`` are the header's cells as read (NFKC-normalised here, so that ｶｰﾄﾞ番号 and
    カード番号 are one header); ``columns`` maps each field to the header names accepted for it
    (its code name is accepted too). Returns {field: column index}, None for a field of
    ``optional`` that is absent, and one error of line 1 per other absent field, named by its
    first accepted header (the one the user knows).
    """
    header = [normalize_code(h) or "" for h in cells]
    index, errors = {}, []
    for name, aliases in columns.items():
        found = next((i for i, h in enumerate(header) if h in {name, *aliases}), None)
        if found is None and name not in optional:
            label = aliases[0] if aliases else name
            errors.append(RowError(1, name, _("The column is missing."), label))
        index[name] = found
    return index, errors


def read_rows(
    data: bytes, *, columns: dict[str, Sequence[str]]
) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """Rows of a CSV file as (line number, {field: trimmed value}), every line checked by
    ``Records`` first (its limits, columns, NUL bytes, encoding).

    ``columns`` maps each field to the header names accepted for it (e.g. English and
    Japanese). A missing column is reported as an error of line 1. Blank lines are skipped.
    """
    check_size(len(data))
    refuse_binary(data)
    records = Records(io.BytesIO(data), detect_encoding(data, final=True), skip_blank=True)
    read = iter(records)
    first = next(read, None)
    if first is None:
        return [], records.errors or [RowError(1, "", _("The file is empty."))]
    index, errors = parse_header(first[1], columns)
    if errors:
        return [], errors
    rows = [
        (line, {name: (cells[i].strip() if i is not None else "") for name, i in index.items()})
        for line, cells in read
    ]
    return rows, records.errors


#: The limits of every imported file (both imports, both databases), stated in the refusal:
#: a line (a record: a quoted cell's line ends included) of at most ``MAX_LINE_CHARS``
#: characters, a cell of at most ``MAX_CELL_CHARS``, a header of at most ``MAX_COLUMNS``
#: columns. Every real row is far shorter (an access-log row is under 200 characters).
MAX_LINE_CHARS = 4_096
MAX_CELL_CHARS = 1_024
MAX_COLUMNS = 100
#: How many bad lines a report lists (the count of all of them is given too).
MAX_REPORTED = 1000
#: Bytes read at most for one line: no more than ``MAX_LINE_CHARS`` characters of 4 bytes.
_LINE_BYTES = MAX_LINE_CHARS * 4 + 2
_CHUNK = 1 << 16
#: The encoding of the lines after the first (a BOM only begins a file).
_NO_BOM = {"utf-8-sig": "utf-8", "cp932": "cp932"}


#: What Python's CP932 codec reads but no Shift_JIS text holds: the single bytes 0x80, 0xA0
#: and 0xFD-0xFF (read as U+0080 and U+F8F0-U+F8F3), which PostgreSQL's SJIS refuses.
_NOT_CP932_TEXT = re.compile("[\x80\uf8f0-\uf8f3]")
#: A record whose quotes are all where CSV puts them: a quoted cell begins and ends with one
#: (doubled inside); an unquoted cell has none (Python would keep such a quote, PostgreSQL's
#: COPY would open a quoted cell there, so the two imports would read different cells).
_CELL = r'(?:"(?:[^"]|"")*"|[^",]*)'
_QUOTED_RECORD = re.compile(f"{_CELL}(?:,{_CELL})*")
#: The beginning of a record that goes on on the next line: cells, then a quoted cell open.
_OPEN_RECORD = re.compile(f'(?:{_CELL},)*"(?:[^"]|"")*')


_COMMAS = operator.methodcaller("count", b",")


def _text(raw: bytes, encoding: str) -> str | None:
    """``raw`` decoded, or None when it is not text of ``encoding``."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    if encoding == "cp932" and not text.isascii() and _NOT_CP932_TEXT.search(text):
        return None
    return text


class Records:
    """The records of a CSV file read from a binary ``stream``, each line checked before any
    row is written: decoded in ``encoding`` on its own (so that a bad byte is named by its
    line), no NUL byte, within the line and cell limits, as many cells as the header has.
    A line over the limit is never read whole (memory stays bounded, whatever the file).

    Iterating yields ``(line, cells)``: the header first, then each good record; every bad
    line is counted in ``bad_lines`` and its first ``MAX_REPORTED`` named in ``errors``. A
    file with no line, or only a header, is refused as such. ``check()`` reads the whole
    file only to check it (quickly: a chunk that has nothing unusual is checked in C), for
    an import that loads the file by other means (PostgreSQL's COPY)."""

    def __init__(self, stream, encoding: str, *, skip_blank: bool = False):
        self.stream, self.encoding, self.skip_blank = stream, encoding, skip_blank
        self.errors: list[RowError] = []
        self.bad_lines = 0
        self.header: list[str] | None = None
        self.line = 0  # physical lines read so far
        self.rows = 0  # good records after the header
        self._fast = False
        self._pending: list[str] = []

    def refuse(self, line: int, message, label: str = "") -> None:
        self.bad_lines += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(RowError(line, "", str(message), label))

    # --- lines ----------------------------------------------------------------------------

    def _decoded(self, raw: bytes) -> str | None:
        """The text of the physical line ``raw`` (its number ``self.line``), or None when
        it is refused."""
        if len(raw) >= _LINE_BYTES and not raw.endswith(b"\n"):
            while len(raw) >= _LINE_BYTES and not raw.endswith(b"\n"):  # skip the rest
                raw = self.stream.readline(_LINE_BYTES)
            return self._too_long(self.line)
        if b"\x00" in raw:
            self.refuse(self.line, _("The line holds a NUL byte (binary data, not text)."))
            return None
        text = _text(raw, self.encoding if self.line == 1 else _NO_BOM[self.encoding])
        if text is None:
            self.refuse(
                self.line, _("The line holds bytes that are neither UTF-8 nor Shift_JIS (CP932).")
            )
            return None
        if len(text) > MAX_LINE_CHARS + 2 and len(text.rstrip("\r\n")) > MAX_LINE_CHARS:
            return self._too_long(self.line)
        return text

    def _too_long(self, line: int) -> None:
        self.refuse(
            line,
            _("The line is longer than %(limit)s characters, the limit of an imported line.")
            % {"limit": f"{MAX_LINE_CHARS:,}"},
        )
        return None

    def _stray_quote(self, line: int) -> None:
        self.refuse(
            line,
            _(
                'A quote (") inside a cell that does not begin with one, or after a quoted '
                "cell's closing quote: quote the whole cell."
            ),
        )

    def _lines(self):
        """(line number, text or None when refused) of each physical line. With ``_fast``
        set (by ``check``, after the header and outside a quoted cell), a chunk of lines
        with no quote, NUL byte or lone carriage return, each line shorter than a cell's
        limit and with the header's number of commas, is checked in C and only counted; any
        other chunk is read again line by line."""
        stream = self.stream
        readline = stream.readline
        while True:
            if self._fast and self.header is not None and not self._pending:
                start = stream.tell()
                chunk = stream.read(_CHUNK)
                if not chunk:
                    return
                if not chunk.endswith(b"\n"):
                    chunk += readline(_LINE_BYTES)
                if self._clean(chunk):
                    count = chunk.count(b"\n") + (not chunk.endswith(b"\n"))
                    self.line += count
                    self.rows += count
                    continue
                end = stream.tell()
                stream.seek(start)
                while stream.tell() < end and (raw := readline(_LINE_BYTES)):
                    self.line += 1
                    yield self.line, self._decoded(raw)
                continue
            raw = readline(_LINE_BYTES)
            if not raw:
                return
            self.line += 1
            yield self.line, self._decoded(raw)

    def _clean(self, chunk: bytes) -> bool:
        if b'"' in chunk or b"\x00" in chunk:
            return False
        if b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n"):
            return False  # a carriage return elsewhere than in a CRLF line end
        lines = chunk.split(b"\n")
        if lines[-1] == b"":
            lines.pop()
        if max(map(len, lines)) > MAX_CELL_CHARS or set(map(_COMMAS, lines)) != {
            len(self.header) - 1
        }:
            return False
        return _text(chunk, _NO_BOM[self.encoding]) is not None

    # --- records --------------------------------------------------------------------------

    def __iter__(self):
        self._pending = pending = []
        start = size = quotes = 0
        for line, text in self._lines():
            if text is None:
                if self.header is None:
                    return  # a header refused: the rest cannot be read against it
                pending.clear()
                continue
            if not pending:
                start, size, quotes = line, 0, 0
            pending.append(text)
            size += len(text)
            if size > MAX_LINE_CHARS + 2 * len(pending):
                pending.clear()
                self._too_long(start)
                continue
            if '"' in text:
                quotes += text.count('"')
                if quotes % 2 and not _OPEN_RECORD.fullmatch("".join(pending)):
                    pending.clear()
                    self._stray_quote(start)
                    continue
            if quotes % 2:
                continue  # a quoted cell goes on on the next line
            record = text if len(pending) == 1 else "".join(pending)
            pending.clear()
            cells = self._cells(start, record)
            if cells is not None:
                yield start, cells
            elif self.header is None:
                return
        if pending:
            self.refuse(start, _("A quoted cell is not closed before the end of the file."))
        if self.header is None and not self.errors:
            self.refuse(1, _("The file is empty."))
        elif self.header is not None and not self.rows and not self.errors:
            self.refuse(2, _("The file has its header but no rows."))

    def _cells(self, line: int, record: str) -> list[str] | None:
        """The cells of one record, or None when it is refused (or blank and skipped)."""
        body = record.rstrip("\r\n")
        if '"' not in body and "\r" not in body:
            cells = body.split(",")
        elif not _QUOTED_RECORD.fullmatch(body):
            return self._stray_quote(line)
        else:
            try:
                cells = next(csv.reader([record], strict=True), [])
            except csv.Error as error:
                self.refuse(
                    line,
                    _("The line cannot be read as CSV (%(error)s); nothing was imported.")
                    % {"error": error},
                )
                return None
        if self.header is None:
            if len(cells) > MAX_COLUMNS:
                self.refuse(
                    line,
                    _("The header has %(count)s columns; an imported file has at most %(limit)d.")
                    % {"count": f"{len(cells):,}", "limit": MAX_COLUMNS},
                )
                return None
            self.header = [normalize_code(c) or "" for c in cells]
            return cells
        if not body.strip():
            if not self.skip_blank:
                self.refuse(line, _("the line is empty"))
            return None
        if len(cells) != len(self.header):
            self.refuse(
                line,
                _("The line has %(count)s cells where the header has %(width)d columns.")
                % {"count": f"{len(cells):,}", "width": len(self.header)},
            )
            return None
        if len(body) > MAX_CELL_CHARS:
            for i, cell in enumerate(cells):
                if len(cell) > MAX_CELL_CHARS:
                    self.refuse(
                        line,
                        _("The cell is longer than %(limit)s characters, the limit of a cell.")
                        % {"limit": f"{MAX_CELL_CHARS:,}"},
                        self.header[i],
                    )
                    return None
        self.rows += 1
        return cells

    def check(self, read=None) -> None:
        """Read the whole file only to check it (``errors`` then says what is wrong); most
        chunks are checked in C (``_lines``). ``read``: this reader's iteration, begun by
        the caller (who read the header from it)."""
        self._fast = True
        for _record in read if read is not None else self:
            pass


def looks_like_formula(value) -> bool:
    """Whether a spreadsheet would read the text ``value`` as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """A cell as it is written: text that looks like a formula gets a leading apostrophe, so
    that a spreadsheet shows it as text; numbers and other text are kept as they are."""
    if value is None:
        return ""
    return "'" + value if looks_like_formula(value) else value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], *, request=None
) -> HttpResponse:
    """A CSV download: UTF-8 with BOM (as Excel expects), or CP932 when the request asks
    ``?encoding=cp932``; CRLF line ends; every cell neutralised; never cached."""
    chosen = params.choice_param(request, "encoding", EXPORT_ENCODINGS) if request else None
    encoding = chosen or "utf-8"
    text = io.StringIO()
    if encoding == "utf-8":
        text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([neutralise(v) for v in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    response = HttpResponse(
        text.getvalue().encode(encoding, errors="juki_geta"),
        content_type=f"text/csv; charset={'shift_jis' if encoding == 'cp932' else 'utf-8'}",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
