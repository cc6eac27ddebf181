"""How a person is named on screen and on paper: family name first, as registered."""

from __future__ import annotations


def display_name(user) -> str:
    """The name of a login: its linked staff member's name when loaded, else the family and
    given names of the login (family name first), else the login ID."""
    staff = getattr(user, "_juki_staff", None)
    if staff is not None:
        return staff.name
    full = f"{user.last_name} {user.first_name}".strip()
    return full or user.get_username()
