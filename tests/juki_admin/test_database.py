"""The PostgreSQL settings the application applies to its own connections."""

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_jit_is_off_for_the_applications_connections():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_connections_are_kept_and_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
