"""Reads of the training app: who must attend, attendance rates per office, the lists of
operators missing general training and of people due for re-education."""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)

from cards.selectors import rosters_in_force
from juki_admin import access, fiscal
from juki_admin.models import Office, Staff

from .choices import ATTENDED, AttendanceStatus, SessionKind
from .models import Attendance, Violation


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
    in_force = rosters_in_force(as_of, offices=offices)
    general = Attendance.objects.filter(
        session__kind=SessionKind.GENERAL, session__held_on__range=(start, end)
    )
    # uncorrelated IN (SELECT ...): PostgreSQL hashes the year's attendance once
    attended = Q(pk__in=general.filter(status__in=ATTENDED).values("staff_id"))
    excused = Q(pk__in=general.filter(status=AttendanceStatus.EXCUSED).values("staff_id"))
    return Staff.objects.filter(designations__roster_id__in=list(in_force.values())).annotate(
        on_office=F("designations__roster__office_id"),
        attended=ExpressionWrapper(attended, output_field=BooleanField()),
        excused=ExpressionWrapper(excused, output_field=BooleanField()),
        away=ExpressionWrapper(Staff.left_by(as_of), output_field=BooleanField()),
    )


def operators_by_office(fiscal_year: int, offices: QuerySet[Office]) -> dict[int, list[Staff]]:
    """The operators of each office in ``fiscal_year`` (``general_training_operators``),
    by employee number."""
    result: dict[int, list[Staff]] = defaultdict(list)
    for person in general_training_operators(fiscal_year, offices).order_by("employee_number"):
        result[person.on_office].append(person)
    return result


@dataclass
class OfficeRate:
    """One office's attendance at general training. The counts come from the database;
    ``operators`` (everyone, with the facts of ``general_training_operators`` and the rule's
    ``counted`` and ``missing``) and ``missing`` (those yet to attend) only when asked for."""

    office: Office
    required: int = 0
    attended: int = 0
    missing_count: int = 0
    operators: list[Staff] = field(default_factory=list)
    missing: list[Staff] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.attended / self.required if self.required else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < settings.TRAINING_LOW_RATE_THRESHOLD


def general_training_rates(
    user, fiscal_year: int, *, office: Office | None = None, names: str = ""
) -> list[OfficeRate]:
    """Attendance at general training (一般研修) per office the user may see (or ``office``
    alone): attended ÷ required, leaving out the excused and those away. Counted per office
    in one query whatever the number of operators; ``names="missing"`` adds the people yet
    to attend (CSV, PDF), ``names="all"`` every operator (one office's page)."""
    offices = access.visible_offices(user).filter(active=True).order_by("code")
    if office is not None:
        offices = offices.filter(pk=office.pk)
    offices_by_pk = {o.pk: o for o in offices}
    people = general_training_operators(fiscal_year, [o.pk for o in offices])
    rates: dict[int, OfficeRate] = {}
    # one row per office and combination of facts (at most eight an office), whatever the
    # number of operators; the rule applied to each combination
    for row in (
        people.order_by().values("on_office", "attended", "excused", "away").annotate(n=Count("pk"))
    ):
        rate = rates.get(row["on_office"])
        if rate is None:
            rate = rates[row["on_office"]] = OfficeRate(offices_by_pk[row["on_office"]])
        facts = (row["attended"], row["excused"], row["away"])
        rate.required += row["n"] * counted(*facts)
        rate.attended += row["n"] * bool(row["attended"])
        rate.missing_count += row["n"] * missing(*facts)
    if names:
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
                rate = rates[person.on_office]
                if names == "all":
                    rate.operators.append(person)
                if person.missing:
                    rate.missing.append(person)
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
        access.scope_to_offices(
            Violation.objects.select_related("staff", "staff__office"), user, "staff__office"
        )
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
