"""Fixtures of the sign-in tests (lockouts, two factors, security keys)."""

import pytest

from juki_admin.access import Role

from ..factories import make_user

#: The password of ``clerk``.
PASSWORD = "correct-horse-battery-2026"


@pytest.fixture
def clerk(office):
    """An operator with a real password, for tests that sign in through the login form."""
    user = make_user(Role.OPERATOR, office, username="clerk")
    user.set_password(PASSWORD)
    user.save()
    return user
