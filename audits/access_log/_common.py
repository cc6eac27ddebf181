"""What the two imports of a file (``importing`` in Python, ``postgresql`` by COPY) share:
the report they fill, and the record of the file they start."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from juki_admin.csvio import RowError
from juki_admin.history import stamp

from ..models import AccessLogFile


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


def _new_file(*, name: str, digest: str, actor) -> AccessLogFile:
    """The record of a file being imported (no rows yet), saved with its history."""
    log = AccessLogFile(name=name[:255], digest=digest, rows=0, imported_by=actor)
    stamp(log, actor=actor, reason=_("Access-log import"))
    log.save()
    return log
