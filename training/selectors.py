"""Reads of the training app: who must attend, attendance rates per office, the lists of
operators missing general training and of people due for re-education."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, F, OuterRef, QuerySet

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


def operators_by_office(fiscal_year: int, offices: QuerySet[Office]) -> dict[int, list[Staff]]:
    """The operators of each office in ``fiscal_year``: everyone designated on the office's
    roster in force (``cards.selectors.rosters_in_force``) on the last day of that year, or
    today while the year runs."""
    as_of = min(fiscal.fiscal_year_bounds(fiscal_year)[1], fiscal.today())
    in_force = rosters_in_force(as_of, offices=offices)
    office_of_roster = {roster_id: office_id for office_id, roster_id in in_force.items()}
    result: dict[int, list[Staff]] = defaultdict(list)
    # people, not designations, and only what the rates show and count: tens of thousands
    # of them at national scale
    for person in (
        Staff.objects.filter(designations__roster_id__in=list(in_force.values()))
        .annotate(on_roster=F("designations__roster_id"))
        .only("name", "employee_number", "status", "status_date", "office_id")
        .order_by("employee_number")
    ):
        result[office_of_roster[person.on_roster]].append(person)
    return result


@dataclass
class OperatorRecord:
    staff: Staff
    attended: bool
    excused: bool
    away: bool  # on leave, retired or transferred by the end of the year (or today)

    @property
    def counted(self) -> bool:
        """Part of the required number: attended, or neither excused nor away."""
        return self.attended or not (self.excused or self.away)

    @property
    def missing(self) -> bool:
        return self.counted and not self.attended


@dataclass
class OfficeRate:
    office: Office
    operators: list[OperatorRecord] = field(default_factory=list)

    @property
    def required(self) -> int:
        return sum(r.counted for r in self.operators)

    @property
    def attended(self) -> int:
        return sum(r.attended for r in self.operators)

    @property
    def rate(self) -> float | None:
        return self.attended / self.required if self.required else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < settings.TRAINING_LOW_RATE_THRESHOLD

    @property
    def missing(self) -> list[OperatorRecord]:
        return [r for r in self.operators if r.missing]


def general_training_rates(user, fiscal_year: int) -> list[OfficeRate]:
    """Attendance at general training (一般研修) per office the user may see:
    attended ÷ required, leaving out the excused and those away."""
    start, end = fiscal.fiscal_year_bounds(fiscal_year)
    as_of = min(end, fiscal.today())
    offices = access.visible_offices(user).filter(active=True).order_by("code")
    by_office = operators_by_office(fiscal_year, offices)
    statuses: dict[int, set[str]] = defaultdict(set)
    # the year's general-training attendance, read whole: a list of tens of thousands of
    # operator ids as query parameters would be slower, and too many for SQLite
    for staff_id, status in Attendance.objects.filter(
        session__kind=SessionKind.GENERAL, session__held_on__range=(start, end)
    ).values_list("staff_id", "status"):
        statuses[staff_id].add(status)
    rates = []
    for office in offices:
        if office.pk not in by_office:
            continue
        rate = OfficeRate(office)
        for person in by_office[office.pk]:
            seen = statuses[person.pk]
            rate.operators.append(
                OperatorRecord(
                    staff=person,
                    attended=bool(seen & set(ATTENDED)),
                    excused=AttendanceStatus.EXCUSED in seen,
                    away=person.has_left(as_of),
                )
            )
        rates.append(rate)
    return rates


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
