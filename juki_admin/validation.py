"""One helper per validation rule that services share: a reason is given, a date is not in
the future and not implausibly old, a moment is not ahead of the clock.

Every service calls these (never a copy of them), so that one rule reads the same and says
the same thing wherever it is applied. Dates in messages are written in the Japanese era.
This module is on the ground floor: it imports no app.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from . import fiscal
from .errors import DomainError

#: No record of this application is dated before this day (the oldest staff records and
#: cards came from paper registers of the 2000s; 1950 leaves room for any personnel date).
EARLIEST_DATE = dt.date(1950, 1, 1)
#: A planned date (a departure, a transfer, a due date) lies at most this far ahead.
PLANNING_HORIZON = dt.timedelta(days=366)
#: A recorded time may run ahead of the server clock by this much (a slow phone clock).
CLOCK_TOLERANCE = dt.timedelta(minutes=5)


def required(value, message) -> str:
    """``value`` stripped; refused with ``message`` when empty."""
    if value is None or not str(value).strip():
        raise DomainError(message)
    return str(value).strip()


def require_reason(reason: str) -> str:
    """The reason an action asks for: required, stripped."""
    return required(reason, _("Enter the reason."))


def latest_planned_date() -> dt.date:
    return fiscal.today() + PLANNING_HORIZON


def date_in_range(day: dt.date, *, earliest: dt.date | None = None, latest: dt.date | None = None):
    """Refuse ``day`` outside [earliest (default 1950-01-01), latest (default a year ahead)]."""
    earliest = earliest or EARLIEST_DATE
    latest = latest or latest_planned_date()
    if day < earliest:
        raise DomainError(
            _("The date %(date)s is before %(earliest)s.")
            % {"date": fiscal.format_era_date(day), "earliest": fiscal.format_era_date(earliest)}
        )
    if day > latest:
        raise DomainError(
            _("The date %(date)s is too far ahead (at most %(latest)s).")
            % {"date": fiscal.format_era_date(day), "latest": fiscal.format_era_date(latest)}
        )
    return day


def past_date(on: dt.date | None, *, not_before: dt.date | None = None) -> dt.date:
    """The date an action took place: today by default, never in the future, never before
    ``not_before`` (e.g. the card's last ledger entry) nor before 1950."""
    today = fiscal.today()
    on = on or today
    if on > today:
        raise DomainError(
            _("The date %(date)s is in the future.") % {"date": fiscal.format_era_date(on)}
        )
    return date_in_range(on, earliest=max(filter(None, [not_before, EARLIEST_DATE])))


def past_moment(at: dt.datetime | None) -> dt.datetime:
    """The moment an action took place: now by default, not ahead of the clock."""
    now = timezone.now()
    at = at or now
    if at > now + CLOCK_TOLERANCE:
        raise DomainError(
            _("The time %(time)s is in the future.")
            % {"time": f"{fiscal.format_era_date(at)} {timezone.localtime(at):%H:%M}"}
        )
    date_in_range(fiscal.as_date(at))
    return at


def clean_without_queries(instance) -> None:
    """``full_clean`` for bulk writes, without its queries per row: every field's own
    validation and the model's ``clean``. Left out: foreign keys (their targets were loaded
    or locked by the caller), uniqueness (checked by the caller against rows it loaded once)
    and check constraints, which the database enforces on the bulk write itself (a violation
    rolls the whole write back)."""
    instance.clean_fields(
        exclude=[field.name for field in instance._meta.concrete_fields if field.is_relation]
    )
    instance.clean()
