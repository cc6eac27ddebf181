"""The access log of the network's terminals (アクセスログ): import and reconciliation.

- ``format``: the file format (columns, encodings, the time pattern) and reading one row;
- ``importing``: ``access_log_import``, all or nothing, in Python with a batch writer;
- ``postgresql``: the same import on PostgreSQL, by COPY into a staging table, checked in SQL;
- ``reconcile``: ``reconcile``, every look-up of a period against what explains it
  (``facts``: the cards' ledger, their holders, the usage log, the business hours);
- ``prefilter``: on PostgreSQL, only the look-ups that may break a rule are read
  (``prefilter.PREFILTER`` switches it);
- ``findings``: what nothing explains, grouped and written day by day.
"""

from .format import COLUMNS, MAX_REPORTED, TIMESTAMP_PATTERN, file_digest
from .importing import AccessImportReport, access_log_import
from .reconcile import ReconcileReport, reconcile

__all__ = [
    "COLUMNS",
    "MAX_REPORTED",
    "TIMESTAMP_PATTERN",
    "AccessImportReport",
    "ReconcileReport",
    "access_log_import",
    "file_digest",
    "reconcile",
]
