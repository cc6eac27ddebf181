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


@pytest.mark.postgres
def test_seed_demo_leaves_fresh_statistics(db):
    """After a bulk write the planner's statistics are fresh without autovacuum (issue 24):
    the demo's tables have been analysed when seed_demo ends."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname IN "
            "('juki_admin_staff', 'cards_card', 'juki_admin_historicalstaff') "
            "AND last_analyze IS NULL"
        )
        assert cursor.fetchall() == []


def test_analyze_names_a_model_and_its_history_table(db):
    from django.test.utils import CaptureQueriesContext

    from juki_admin.db import analyze
    from juki_admin.models import Staff

    with CaptureQueriesContext(connection) as queries:
        analyze(Staff)
    assert [q["sql"] for q in queries] == [
        'ANALYZE "juki_admin_staff"',
        'ANALYZE "juki_admin_historicalstaff"',
    ]
