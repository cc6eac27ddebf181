"""How the prefecture writes its official documents (公用文): the date form of a letter and
the one comma of a document (公用文作成の考え方, 2022: 「、」 or 「，」, never mixed), and
the numbering of a letter's items. Read from settings; this module is on the ground floor.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from . import fiscal

#: ``NOTICE_DATE_FORM``: 令和8年12月4日, or 令和8年（2026年）12月4日 with full-width brackets.
DATE_FORMS = ("era", "era_western")
#: ``NOTICE_COMMA``: the comma of every official document.
COMMAS = ("、", "，")


def letter_date(day: dt.date) -> str:
    """The date of an official letter in the form the prefecture chose."""
    western = settings.NOTICE_DATE_FORM == "era_western"
    return fiscal.format_era_date(day, western=western, full_width=True)


def unify_commas(text: str, comma: str | None = None) -> str:
    """``text`` with every 「、」 and 「，」 written as the document's one comma."""
    comma = comma or settings.NOTICE_COMMA
    other = "，" if comma == "、" else "、"
    return text.replace(other, comma)


def item_number(number: int) -> str:
    """The number of an item under 記, as official documents number the first level:
    1, 2, 3 … (no full stop; the text follows after a full-width space). The levels below
    are (1), (2) … and ア, イ … written in the item's own text."""
    return str(number)
