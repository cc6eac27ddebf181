"""The one CSV path of the project: reading uploaded files and writing exports.

Reading accepts UTF-8 (with or without BOM) and Shift_JIS/CP932, as produced by the
personnel system and by Excel; headers are NFKC-normalised, cells only trimmed: each import
normalises its codes (``normalize_code``) and names (``normalize_name``) as their rules say.
Writing produces UTF-8 with a BOM so that Excel opens Japanese text correctly, or CP932 on
request (``?encoding=cp932``); a cell that a spreadsheet would read as a formula is
neutralised with a leading apostrophe (OWASP "CSV injection"), and no export is cached.
"""

from __future__ import annotations

import codecs
import csv
import io
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


def decode(data: bytes) -> str:
    """Text of an uploaded file: UTF-8 (BOM or not), else CP932; otherwise a clear refusal."""
    check_size(len(data))
    for start, kind in BINARY_STARTS.items():
        if data.startswith(start):
            raise DomainError(
                _(
                    "The file is not CSV text but %(kind)s. Save it as CSV (comma-separated) "
                    "and send that file."
                )
                % {"kind": kind}
            )
    if b"\x00" in data:
        raise DomainError(
            _("The file holds binary data (NUL bytes): it is not UTF-8 or Shift_JIS (CP932) text.")
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("The file is neither UTF-8 nor Shift_JIS (CP932) text."))


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
    """Rows of a CSV file as (line number, {field: trimmed value}).

    ``columns`` maps each field to the header names accepted for it (e.g. English and
    Japanese). A missing column is reported as an error of line 1.
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [RowError(1, "", _("The file is empty."))]
    except csv.Error as error:
        return [], [
            RowError(1, "", _("The header cannot be read as CSV (%(error)s).") % {"error": error})
        ]
    index, errors = parse_header(header, columns)
    if errors:
        return [], errors
    rows = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # a cell over the size limit, a NUL byte, a stray quote
            return rows, [
                RowError(
                    reader.line_num,
                    "",
                    _("The line cannot be read as CSV (%(error)s); nothing was imported.")
                    % {"error": error},
                )
            ]
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        rows.append(
            (
                line,
                {name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()},
            )
        )
    return rows, []


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
