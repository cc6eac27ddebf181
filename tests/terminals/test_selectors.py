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


def test_usable_cards_are_the_own_card_and_the_groups_cards(operator_user, sysadmin, headed_office):
    office = headed_office
    from ..cards.conftest import issue_to_group
    from ..factories import CardFactory, OperatorGroupFactory, add_member

    me = operator_user.staff
    mine, theirs = OperatorGroupFactory(office=office), OperatorGroupFactory(office=office)
    add_member(mine, me)
    add_member(theirs)

    issue_to_group(CardFactory(serial="G-MINE", kind="group"), mine, sysadmin)
    issue_to_group(CardFactory(serial="G-THEIRS", kind="group"), theirs, sysadmin)
    serials = sorted(c.serial for c in selectors.usable_cards(me))
    assert serials == ["C-OP1", "G-MINE"]
