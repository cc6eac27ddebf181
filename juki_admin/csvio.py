"""The one CSV path of the project: reading uploaded files and writing exports.

Reading accepts UTF-8 (with or without BOM) and Shift_JIS/CP932, as produced by the
personnel system and by Excel; headers are NFKC-normalised, cells only trimmed: each import
normalises its codes (``normalize_code``) and names (``normalize_name``) as their rules say.
Writing produces UTF-8 with a BOM so that Excel opens Japanese text correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import normalize_code

ENCODINGS = ("utf-8-sig", "cp932")


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


def decode(data: bytes) -> str:
    """Text of an uploaded file: UTF-8 (BOM or not), else CP932; otherwise a clear refusal."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("The file is neither UTF-8 nor Shift_JIS (CP932) text."))


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
    header = [normalize_code(h) or "" for h in header]
    index, errors = {}, []
    for name, aliases in columns.items():
        found = next((i for i, h in enumerate(header) if h in {name, *aliases}), None)
        if found is None:
            label = aliases[0] if aliases else name
            errors.append(RowError(1, name, _("The column is missing."), label))
        else:
            index[name] = found
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


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download (UTF-8 with BOM, CRLF line ends, as Excel expects)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return response
