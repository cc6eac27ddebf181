import datetime as dt

import pytest

from juki_admin.access import Role
from terminals.models import Terminal

from ..cards.conftest import issue
from ..factories import AffairFactory, CardFactory, accepted_roster, make_user


@pytest.fixture
def terminal(office):
    return Terminal.objects.create(
        asset_number="T-S02-01", office=office, room="旅券窓口", installed_on=dt.date(2024, 3, 1)
    )


@pytest.fixture
def affair(db):
    return AffairFactory(code="PASS", name="旅券事務")


@pytest.fixture
def operator_user(office, sysadmin, affair):
    """An operator login of ``office``, designated, holding an issued card."""
    user = make_user(Role.OPERATOR, office, username="op1")
    accepted_roster(office, individual=[user.staff])
    issue(CardFactory(serial="C-OP1"), user.staff, sysadmin)
    return user
