"""Reads of the terminals app: leases ending, missing daily checks."""

import datetime as dt

import pytest
from django.utils import timezone

from terminals import selectors, services
from terminals.models import Lease

pytestmark = pytest.mark.django_db
D = dt.date


def moment(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_leases_ending_soon(sysadmin, set_today, settings):
    set_today(D(2026, 11, 26))
    Lease.objects.create(number="A", lessor="x", starts_on=D(2022, 1, 1), ends_on=D(2027, 3, 31))
    Lease.objects.create(number="B", lessor="x", starts_on=D(2024, 1, 1), ends_on=D(2029, 3, 31))
    assert [lease.number for lease in selectors.leases_ending()] == ["A"]
    settings.LEASE_WARNING_DAYS = 30
    assert list(selectors.leases_ending()) == []


def test_missing_check_days_skip_weekends_and_holidays(terminal, sysadmin, settings):
    ok = dict.fromkeys(settings.TERMINAL_DAILY_CHECK_POINTS, True)
    services.daily_check_record(terminal=terminal, results=ok, actor=sysadmin, on=D(2025, 11, 21))
    # Fri 21 (checked), Sat 22, Sun 23 (勤労感謝の日), Mon 24 (振替休日), Tue 25, Wed 26
    ((t, missing),) = selectors.missing_checks(sysadmin, D(2025, 11, 21), D(2025, 11, 26))
    assert missing == [D(2025, 11, 25), D(2025, 11, 26)]
