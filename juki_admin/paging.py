"""Pages of large lists (the terminal usage log, the card ledger) without counting a whole
large table.

An exact ``COUNT(*)`` reads every row it counts: over 16 million usage-log entries it takes
seconds, while the page itself takes milliseconds. On PostgreSQL ``LargeTablePaginator``
counts at most ``EXACT_COUNT_LIMIT`` + 1 rows; when there are more, it shows the planner's
estimate of the list's size instead (``EXPLAIN``: from the table's statistics, no row is
read) as "about 16,000,000", and offers the first ``MAX_PAGES`` pages; the page asks the
user to narrow the list (a day, a month, a search) to go further. Up to the limit, and on
SQLite, the count is exact. Two queries on PostgreSQL and one on SQLite, whatever the size.

A list that is the union of parts each served by an index in the list's order (an office's
entries, or the reader's own on other offices' terminals: ``WHERE office = 1 OR operator =
2 ORDER BY started_at DESC`` leaves PostgreSQL to walk the whole log by time, 200 ms at 16
million entries) gives its ``parts``: the page then reads the first keys of each part by its
index, merges them, and fetches the page's rows by primary key (0.9 ms). One query more per
part, whatever the size.
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

    def __init__(self, object_list, per_page, *args, parts=(), **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.parts = list(parts)

    def page(self, number):
        order = list(self.object_list.query.order_by)
        # the merge sorts the parts' keys in Python: plain, non-null fields only (the usage
        # log's started_at and pk); any other ordering pages the whole list as usual
        if len(self.parts) < 2 or not order or not all(isinstance(f, str) for f in order):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        fields = [f.removeprefix("-") for f in order]
        keys = {row for part in self.parts for row in part.values_list(*fields, "pk")[:top]}
        ranked = list(keys)
        for position in reversed(range(len(order))):  # stable sorts, last key first
            ranked.sort(key=lambda row, i=position: row[i], reverse=order[position][0] == "-")
        ids = [row[-1] for row in ranked[bottom:top]]
        rows = sorted(self.object_list.filter(pk__in=ids), key=lambda obj: ids.index(obj.pk))
        return self._get_page(rows, number, self)

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
