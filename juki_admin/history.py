"""Who made a change: the acting user for django-simple-history, wherever the change comes from.

Order of precedence, used by every model's ``HistoricalRecords``:
1. ``instance._history_user`` set by a service;
2. the user of an ``acting_as(user)`` block (management commands, imports, tests);
3. the signed-in user of the current request (admin and portal, via the middleware).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_actor: ContextVar = ContextVar("juki_admin_history_actor", default=None)


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Attribute every history row written inside the block to ``user``."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def history_user(instance=None, request=None, **kwargs):
    """``get_user`` hook for ``HistoricalRecords``."""
    actor = _actor.get()
    if actor is not None:
        return actor
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def stamp(instance, *, actor, reason: str = ""):
    """Mark ``instance`` so that its next history row names ``actor`` and ``reason``."""
    instance._history_user = actor
    instance._change_reason = reason
    return instance
