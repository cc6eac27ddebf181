"""The ground floor's one-rule helpers: fiscal-year menu, overdue, state machines, races,
office heads and scoping on the queryset."""

import datetime as dt

import pytest
from django.db import models

from juki_admin import access, fiscal
from juki_admin.access import Role
from juki_admin.db import refusing_races, save_refusing_races
from juki_admin.errors import DomainError
from juki_admin.models import Office, Staff
from juki_admin.states import StateMachine, Step, TransitionError
from tests.factories import OfficeFactory, make_user


def test_fiscal_year_menu_is_newest_first_and_offers_an_older_year_asked_for(set_today):
    set_today(dt.date(2026, 12, 4))
    assert fiscal.current_fiscal_year() == 2026
    menu = fiscal.fiscal_year_menu()
    assert [y for y, _ in menu] == [2027, 2026, 2025, 2024, 2023, 2022, 2021]
    assert menu[1] == (2026, "令和8年度")
    older = fiscal.fiscal_year_menu(chosen=2012)
    assert [y for y, _ in older][-1] == 2012
    assert (2012, "平成24年度") in older
    assert fiscal.fiscal_year_menu(chosen=2025) == menu


def test_overdue_means_due_before_today_not_on_it(set_today):
    today = set_today(dt.date(2026, 12, 4))
    assert fiscal.is_overdue(today - dt.timedelta(days=1))
    assert not fiscal.is_overdue(today)
    assert not fiscal.is_overdue(None)
    assert fiscal.overdue_filter("due_on") == {"due_on__lt": today}


class _Light(models.TextChoices):
    RED = "red", "赤"
    GREEN = "green", "緑"


LIGHTS = StateMachine(
    {
        "go": Step((_Light.RED,), _Light.GREEN, "進行"),
        "stop": Step((_Light.GREEN,), _Light.RED, "停止"),
    },
    _Light,
)


def test_a_state_machine_allows_only_its_table_and_refuses_with_one_message():
    assert LIGHTS.allowed(_Light.RED) == ["go"]
    assert LIGHTS.check("go", _Light.RED, subject="信号").to == _Light.GREEN
    with pytest.raises(TransitionError, match="信号 は「緑」のため、進行はできません"):
        LIGHTS.check("go", _Light.GREEN, subject="信号")


def test_a_table_naming_an_unknown_status_is_refused_when_built():
    with pytest.raises(ValueError, match="unknown statuses"):
        StateMachine({"go": Step(("blue",), _Light.GREEN, "進行")}, _Light)


@pytest.mark.django_db
def test_a_lost_race_on_a_constraint_becomes_the_given_refusal(office):
    with pytest.raises(DomainError, match="同時に"):
        save_refusing_races(
            Office(code=office.code, name="別名", kind=office.kind), "同時に登録されました"
        )
    with pytest.raises(DomainError, match="重複"), refusing_races("重複"):
        Office.objects.create(code="X9", name=office.name, kind=office.kind)
    assert Office.objects.count() == 1


@pytest.mark.django_db
def test_head_of_an_office_is_the_head_role_in_that_office(
    office, other_office, office_head, operator
):
    assert access.is_head_of(office_head, office)
    assert access.is_head_of(office_head, office.pk)
    assert not access.is_head_of(office_head, other_office)
    assert not access.is_head_of(operator, office)
    with pytest.raises(DomainError, match="監査担当"):
        access.require_role(operator, Role.AUDITOR, message="監査担当だけが行えます")


@pytest.mark.django_db
def test_querysets_answer_what_a_user_may_see_and_change(
    office, other_office, office_head, sysadmin
):
    auditor = make_user(Role.AUDITOR, OfficeFactory(code="A01", name="監査室"))
    mine = Staff.objects.filter(office=office)
    assert set(Staff.objects.visible_to(office_head)) == set(mine)
    assert set(Office.objects.visible_to(office_head)) == {office}
    assert Staff.objects.visible_to(auditor).count() == Staff.objects.count()
    assert not Staff.objects.changeable_by(auditor).exists()
    assert Staff.objects.changeable_by(sysadmin).count() == Staff.objects.count()
    assert not Office.objects.visible_to(office_head).filter(pk=other_office.pk).exists()
