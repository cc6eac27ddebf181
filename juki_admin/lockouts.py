"""Sign-in locks in sight: who is locked out now (django-axes), since when, after how many
failures, from which address. Read from axes' own tables: ``AccessAttempt`` (the failures of
one user name from one address since the last success or unlock) and ``AccessFailureLog``
(every failure, marked when it was one of a lock), in a fixed number of queries whatever the
number of logins asked about."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone


@dataclass(frozen=True)
class Lock:
    """One user name locked out from one address."""

    username: str
    address: str
    failures: int
    since: datetime.datetime | None  # the failure that reached the limit
    last_failure: datetime.datetime

    @property
    def lifts_at(self) -> datetime.datetime | None:
        """When the lock lifts by itself (None: only when the system administrator lifts it)."""
        cooloff = settings.AXES_COOLOFF_TIME
        return self.last_failure + cooloff if cooloff else None


def _current_attempts():
    """The axes records that lock their user name and address now."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gt=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts


def locked_usernames(usernames: Iterable[str] | None = None) -> set[str]:
    """The user names (of ``usernames``, or all) locked out from some address now, in one
    query."""
    attempts = _current_attempts()
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    return set(attempts.values_list("username", flat=True).distinct())


def lockout_count() -> int:
    """How many logins (user names) are locked out now, in one query."""
    return _current_attempts().values("username").distinct().count()


def current_locks(usernames: Iterable[str] | None = None) -> dict[str, list[Lock]]:
    """The locks of ``usernames`` (every lock if None), newest first per user name, in at most
    three queries. A lock began with the first failure marked as one of a lock after the last
    failure that was not (``AccessFailureLog``)."""
    from axes.models import AccessFailureLog

    attempts = _current_attempts()
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    rows = list(
        attempts.order_by("-attempt_time").values(
            "username", "ip_address", "failures_since_start", "attempt_time"
        )
    )
    if not rows:
        return {}
    names = {r["username"] for r in rows}
    before = {
        (r["username"], r["ip_address"]): r["last"]
        for r in AccessFailureLog.objects.filter(username__in=names, locked_out=False)
        .values("username", "ip_address")
        .annotate(last=Max("attempt_time"))
    }
    floor = min(before.values(), default=None)
    marked = AccessFailureLog.objects.filter(username__in=names, locked_out=True)
    if floor is not None:
        marked = marked.filter(attempt_time__gt=floor)
    since: dict[tuple, datetime.datetime] = {}
    for log in marked.order_by("attempt_time").values("username", "ip_address", "attempt_time"):
        key = (log["username"], log["ip_address"])
        if key not in since and (key not in before or log["attempt_time"] > before[key]):
            since[key] = log["attempt_time"]
    locks: dict[str, list[Lock]] = {}
    for r in rows:
        key = (r["username"], r["ip_address"])
        locks.setdefault(r["username"], []).append(
            Lock(
                username=r["username"],
                address=r["ip_address"] or "",
                failures=r["failures_since_start"],
                since=since.get(key),
                last_failure=r["attempt_time"],
            )
        )
    return locks
