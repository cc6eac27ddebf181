"""The access log of the network's terminals (アクセスログ): import and reconciliation.

- ``format``: the file format (columns, encodings, the time pattern) and reading one row;
  every line is first checked by ``juki_admin.csvio.Records`` (its limits: ``MAX_LINE_CHARS``,
  ``MAX_CELL_CHARS``, ``MAX_COLUMNS``), on both databases, as the staff import's are;
- ``importing``: ``access_log_import``, all or nothing, in Python with a batch writer;
- ``postgresql``: the same import on PostgreSQL, by COPY into a staging table, checked in SQL;
- ``reconcile``: ``reconcile``, every look-up of a period against what explains it
  (``facts``: the cards' ledger, their holders, the usage log, the business hours);
- ``prefilter``: on PostgreSQL, only the look-ups that may break a rule are read
  (``prefilter.PREFILTER`` switches it);
- ``findings``: what nothing explains, grouped and written day by day.
"""

from juki_admin.csvio import MAX_CELL_CHARS, MAX_COLUMNS, MAX_LINE_CHARS, MAX_REPORTED

from .format import COLUMNS, TIMESTAMP_PATTERN, file_digest
from .importing import AccessImportReport, access_log_import
from .reconcile import ReconcileReport, reconcile

__all__ = [
    "COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_LINE_CHARS",
    "MAX_REPORTED",
    "TIMESTAMP_PATTERN",
    "AccessImportReport",
    "ReconcileReport",
    "access_log_import",
    "file_digest",
    "reconcile",
]
