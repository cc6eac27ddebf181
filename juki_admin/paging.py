"""Pages of large lists (the terminal usage log, the card ledger) without counting a whole
large table.

An exact ``COUNT(*)`` reads every row it counts: over 16 million usage-log entries it takes
seconds, while the page itself takes milliseconds. On PostgreSQL ``LargeTablePaginator``
counts at most ``EXACT_COUNT_LIMIT`` + 1 rows; when there are more, it shows the planner's
estimate of the list's size instead (``EXPLAIN``: from the table's statistics, no row is
read) as "about 16,000,000", and offers the first ``MAX_PAGES`` pages; the page asks the
user to narrow the list (a day, a month, a search) to go further. Up to the limit, and on
SQLite, the count is exact. Two queries on PostgreSQL and one on SQLite, whatever the size.
"""

from __future__ import annotations

import json
import math

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

#: Above this many rows (by the planner's estimate) the count is estimated.
EXACT_COUNT_LIMIT = 10_000
#: Pages offered when the count is estimated (deep pages cost an OFFSET of that many rows).
MAX_PAGES = 200


def planner_rows(queryset) -> int | None:
    """The number of rows PostgreSQL's planner expects ``queryset`` to return, or None on
    another database. One ``EXPLAIN``: nothing is read but the statistics."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    text = queryset.order_by().values("pk").explain(format="json")
    if not text:  # a query that cannot match (e.g. IN an empty list) is never sent
        return 0
    return int(json.loads(text)[0]["Plan"]["Plan Rows"])


class LargeTablePaginator(Paginator):
    """A ``Paginator`` whose count, on PostgreSQL and above ``EXACT_COUNT_LIMIT`` rows, is
    the planner's estimate; ``estimated`` then says so and ``num_pages`` stops at
    ``MAX_PAGES``. Works as the ``paginator`` of a ModelAdmin too."""

    estimated = False

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if not hasattr(qs, "query") or connections[qs.db].vendor != "postgresql":
            return super().count
        bounded = qs.order_by()[: EXACT_COUNT_LIMIT + 1].count()
        rows = planner_rows(qs)
        if bounded <= EXACT_COUNT_LIMIT:
            return bounded
        self.estimated = True
        return max(rows, bounded)

    @cached_property
    def num_pages(self) -> int:
        pages = super().num_pages
        return min(pages, MAX_PAGES) if self.estimated else pages

    @property
    def truncated(self) -> bool:
        """True when more rows exist than the pages offered show."""
        return self.estimated and math.ceil(self.count / self.per_page) > MAX_PAGES
