"""The small types the portal home page shows: a figure and a section.

Ground floor: each app's ``portal.py`` builds these, and the top floor
(``juki_admin.portal``) gathers them; no app imports the top floor.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A count on the home page, with where to act on it; ``alert`` when it needs action."""

    label: str
    value: int | str
    url: str = ""
    alert: bool = False
    key: str = ""  # a stable name for tests and styling


@dataclass(frozen=True)
class Section:
    """A block of the home page: a template and its context."""

    template: str
    context: dict
