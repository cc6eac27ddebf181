"""Searches that an index answers, for the portal and the admin alike.

A search text is split into words; a row matches when every word matches one of the fields.
Codes (serial numbers, employee numbers, asset numbers: kept NFKC-normalised) match from
their start (``LIKE 'C00%'``: the B-tree index of a unique code serves it). Names and other
texts match anywhere, case-insensitively (``UPPER(name) LIKE UPPER('%word%')``): on
PostgreSQL the pg_trgm GIN indexes of migration ``juki_admin.0006`` serve that for the
names of staff, and on SQLite the tables are small. A trigram index cannot serve a word of one
or two characters (高橋, most Japanese surnames; pg_trgm needs three), so for those the names
of staff have a second GIN index (migration ``juki_admin.0010``) on the array of every one- and
two-character piece of the name (``juki_short_grams``): ``高橋`` is looked up as the piece
``高橋``. The same rows match either way (tests on both databases).

A field reached through a relation ("holder__name") is searched in its own table first,
one query per word and relation, and the ids found (up to ``INLINE_IDS``; beyond, a
subquery) narrow the large table through the index of its foreign key
(``operator_id IN (12, 57)``): the database combines a few index lookups instead of joining
or checking every row of a large table.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value

from .models import normalize_code, normalize_name

#: Ids of matching related rows written into the query; more than this, a subquery.
INLINE_IDS = 1000
#: The longest word the short-piece indexes serve; longer words use the trigram indexes.
SHORT_WORD = 2
#: The name fields (table, column) that have a short-piece index on PostgreSQL.
SHORT_GRAM_COLUMNS = {("juki_admin_staff", "name"), ("juki_admin_staff", "kana")}


class ShortGramsContain(Func):
    """``juki_short_grams(UPPER(field)) @> ARRAY[UPPER(word)]``: the field holds ``word``
    (one or two characters) somewhere, answered by the field's short-piece GIN index."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, word: str):
        super().__init__(F(field), Value(word))

    def as_sql(self, compiler, connection, **extra):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        word_sql, word_params = compiler.compile(self.source_expressions[1])
        sql = f"juki_short_grams(UPPER({field_sql})) @> ARRAY[UPPER({word_sql})]::text[]"
        return sql, (*field_params, *word_params)


def _name_match(model, path: str, word: str) -> Q:
    contains = Q(**{f"{path}__icontains": word})
    short = (
        len(word) <= SHORT_WORD
        and connection.vendor == "postgresql"
        and (model._meta.db_table, model._meta.get_field(path).column) in SHORT_GRAM_COLUMNS
    )
    # the pieces of one and two characters hold exactly the words a LIKE would find (a word
    # has no space; ``%`` and ``_`` are pieces like any other), so the LIKE is left out: beside
    # it the planner may prefer the trigram index, which must then read all of itself
    return Q(ShortGramsContain(path, word)) if short else contains


def _match(model, path: str, word: str, *, code: bool) -> Q:
    if "__" in path:
        relation, rest = path.split("__", 1)
        field = model._meta.get_field(relation)
        related = field.related_model
        inner = related._default_manager.filter(_match(related, rest, word, code=code))
        if not field.concrete:  # a reverse relation
            return Q(pk__in=inner.values(field.field.attname))
        # a foreign key of this table: the ids of the matches, read first when they are
        # few, so that the database looks them up in the key's index (inside an OR, an
        # IN (SELECT ...) is checked row by row over the whole table)
        ids = list(inner.values_list("pk", flat=True)[: INLINE_IDS + 1])
        if len(ids) <= INLINE_IDS:
            return Q(**{f"{relation}__in": ids})
        return Q(**{f"{relation}__in": inner.values("pk")})
    if code:
        return Q(**{f"{path}__startswith": normalize_code(word)})
    return _name_match(model, path, word)


def search_condition(model, text: str, *, codes=(), names=()) -> Q:
    """The rows of ``model`` whose ``codes`` start with, or whose ``names`` contain, each
    word of ``text`` (read as names are kept: ０１２３４ is 01234, ﾀﾅｶ is タナカ), as one
    condition (related rows looked up once, however many querysets it then narrows)."""
    condition = Q()
    for word in (normalize_name(text) or "").split():
        found = Q()
        for path in codes:
            found |= _match(model, path, word, code=True)
        for path in names:
            found |= _match(model, path, word, code=False)
        condition &= found
    return condition


def search(queryset: QuerySet, text: str, *, codes=(), names=()) -> QuerySet:
    """``queryset`` narrowed by ``search_condition``."""
    return queryset.filter(search_condition(queryset.model, text, codes=codes, names=names))


class IndexedSearchMixin:
    """A ModelAdmin whose search box searches ``search_codes`` from their start and
    ``search_names`` anywhere (``search``), instead of ``icontains`` on every field joined
    together. ``search_fields`` is set from them, so the admin shows its search box (and
    other admins may name the model in ``autocomplete_fields``)."""

    search_codes: tuple[str, ...] = ()
    search_names: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.search_fields = [*cls.search_codes, *cls.search_names]

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return (
            search(queryset, search_term, codes=self.search_codes, names=self.search_names),
            False,
        )
