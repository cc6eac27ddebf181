"""Reads of the training app: who must attend, attendance rates per office, the lists of
operators missing general training and of people due for re-education."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import operator
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
)

from cards.selectors import operators_in_force
from juki_admin import access, fiscal
from juki_admin.models import Office, Staff

from .choices import ATTENDED, AttendanceStatus, SessionKind
from .models import Attendance, TrainingSession, Violation


def has_attended_new_operator_training(staff: Staff, on: dt.date) -> bool:
    return Attendance.objects.filter(
        staff=staff,
        status__in=ATTENDED,
        session__kind=SessionKind.NEW_OPERATOR,
        session__held_on__lte=on,
    ).exists()


def counted(attended: bool, excused: bool, away: bool) -> bool:
    """Part of an office's required number: attended, or neither excused nor away. The one
    definition of the rate's rule (with ``missing``), applied to people and to counts."""
    return attended or not (excused or away)


def missing(attended: bool, excused: bool, away: bool) -> bool:
    """Required but not yet attended."""
    return counted(attended, excused, away) and not attended


def general_training_operators(fiscal_year: int, offices) -> QuerySet[Staff]:
    """The operators of ``offices`` in ``fiscal_year`` — everyone designated on their
    office's roster in force (``cards.selectors.rosters_in_force``) on the last day of that
    year, or today while the year runs — each annotated with the facts the rate's rule
    (``counted``, ``missing``) reads, worked out in the database:

    - ``on_office``: the office whose roster designates them;
    - ``attended``: present or late at a general training (一般研修) of the year;
    - ``excused``: excused from one;
    - ``away``: on leave, retired or transferred by the end of the year, or today.
    """
    start, end = fiscal.fiscal_year_bounds(fiscal_year)
    as_of = min(end, fiscal.today())
    general = Attendance.objects.filter(
        session__kind=SessionKind.GENERAL, session__held_on__range=(start, end)
    )
    # uncorrelated IN (SELECT ...): PostgreSQL hashes the year's attendance once
    attended = Q(pk__in=general.filter(status__in=ATTENDED).values("staff_id"))
    excused = Q(pk__in=general.filter(status=AttendanceStatus.EXCUSED).values("staff_id"))
    return operators_in_force(as_of, offices=offices).annotate(
        attended=ExpressionWrapper(attended, output_field=BooleanField()),
        excused=ExpressionWrapper(excused, output_field=BooleanField()),
        away=ExpressionWrapper(Staff.left_by(as_of), output_field=BooleanField()),
    )


@dataclass
class OfficeRate:
    """One office's attendance at general training.

    The numbers are always there, counted in the database: ``required``, ``attended`` and
    ``missing_count`` (required but not yet attended). The people are listed only when
    ``general_training_rates`` is asked for names: ``operators`` (``names="all"``: everyone,
    with the facts of ``general_training_operators`` and the rule's ``counted`` and
    ``missing``) and ``missing_people`` (those yet to attend, with either kind of names).
    Without names both lists are empty, whatever the numbers say."""

    office: Office
    required: int = 0
    attended: int = 0
    missing_count: int = 0
    operators: list[Staff] = field(default_factory=list)
    missing_people: list[Staff] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.attended / self.required if self.required else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < settings.TRAINING_LOW_RATE_THRESHOLD


#: At most this long are the all-office counts served from the cache. Any recorded change
#: gives them a new key at once (``_recorded_state``); the time bounds the one race left: a
#: change committed after a later one had already been read.
RATES_CACHE_SECONDS = 60


def _recorded_state() -> tuple:
    """The newest history row of every model the rates read (attendance, sessions,
    designations, rosters, people, offices): every change made through the services, the
    bulk imports included, writes one, so a new value means the counts may differ. Six
    look-ups of a primary key's maximum: a fraction of a millisecond each."""
    from cards.models import Designation, Roster

    return tuple(
        model.history.aggregate(newest=Max("history_id"))["newest"]
        for model in (Attendance, TrainingSession, Designation, Roster, Staff, Office)
    )


def _fact_counts(fiscal_year: int, office_ids: list[int], *, shared: bool) -> list[tuple]:
    """(office, attended, excused, away, number of operators): one row per office and
    combination of facts (at most eight an office), whatever the number of operators.
    ``shared``: the all-office counts, the same for everyone who sees every office, are
    kept in the cache under the day and ``_recorded_state`` (110–140 ms of SQL at national
    scale, on every home page of the system administrator, the chief and the auditor)."""

    def count():
        return list(
            general_training_operators(fiscal_year, office_ids)
            .order_by()
            .values_list("on_office", "attended", "excused", "away")
            .annotate(n=Count("pk"))
        )

    if not shared:
        return count()
    state = "-".join(str(newest) for newest in _recorded_state())
    offices = hashlib.sha256(",".join(map(str, office_ids)).encode()).hexdigest()[:16]
    key = f"training-rates:{fiscal_year}:{fiscal.today()}:{state}:{offices}"
    return cache.get_or_set(key, count, RATES_CACHE_SECONDS)


def general_training_rates(
    user, fiscal_year: int, *, office: Office | None = None, names: str = ""
) -> list[OfficeRate]:
    """Attendance at general training (一般研修) per office the user may see (or ``office``
    alone): attended ÷ required, leaving out the excused and those away. Counted per office
    in one query whatever the number of operators; ``names="missing"`` adds the people yet
    to attend (CSV, PDF), ``names="all"`` every operator (one office's page)."""
    # what the pages, the PDF and the CSV show of an office (a thousand of them nationally)
    offices = access.visible_offices(user).filter(active=True).order_by("code")
    offices = offices.only("pk", "code", "name")
    if office is not None:
        offices = offices.filter(pk=office.pk)
    offices_by_pk = {o.pk: o for o in offices}
    office_ids = list(offices_by_pk)
    rates: dict[int, OfficeRate] = {}
    # the cache for the figures only: a list of names (CSV, PDF, invitations) is counted live
    # with it, so that the counts and the names are of the same moment
    shared = office is None and access.sees_all_offices(user) and not names
    for office_id, attended, excused, away, n in _fact_counts(
        fiscal_year, office_ids, shared=shared
    ):
        if office_id not in offices_by_pk:
            continue
        rate = rates.get(office_id)
        if rate is None:
            rate = rates[office_id] = OfficeRate(offices_by_pk[office_id])
        facts = (attended, excused, away)  # the rule applied to each combination
        rate.required += n * counted(*facts)
        rate.attended += n * bool(attended)
        rate.missing_count += n * missing(*facts)
    if names:
        people = general_training_operators(fiscal_year, office_ids)
        if names == "missing":  # the combinations of facts the rule calls missing
            people = people.filter(
                reduce(
                    operator.or_,
                    (
                        Q(attended=a, excused=e, away=w)
                        for a, e, w in itertools.product((False, True), repeat=3)
                        if missing(a, e, w)
                    ),
                )
            )
        for person in people.only(
            "name", "employee_number", "status", "status_date", "office_id"
        ).order_by("employee_number"):
            person.counted = counted(person.attended, person.excused, person.away)
            person.missing = missing(person.attended, person.excused, person.away)
            if names == "all" or person.missing:
                rate = rates.get(person.on_office)
                if rate is None:  # designated since the counts were read: counted next time
                    continue
                if names == "all":
                    rate.operators.append(person)
                if person.missing:
                    rate.missing_people.append(person)
    return sorted(rates.values(), key=lambda r: r.office.code)


def reeducation_due(user) -> QuerySet[Violation]:
    """Violations whose person has not attended re-education training since (再教育研修)."""
    attended_since = Attendance.objects.filter(
        staff_id=OuterRef("staff_id"),
        status__in=ATTENDED,
        session__kind=SessionKind.REEDUCATION,
        session__held_on__gte=OuterRef("recorded_on"),
    )
    return (
        Violation.objects.select_related("staff", "staff__office")
        .visible_to(user)
        .annotate(cleared=Exists(attended_since))
        .filter(cleared=False)
        .order_by("staff__office__code", "recorded_on")
    )


def own_attendance(user) -> QuerySet[Attendance]:
    staff = access.staff_of(user)
    if staff is None:
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(staff=staff)
        .select_related("session")
        .order_by("-session__held_on")
    )
