"""Two notices issued at the same moment never get one number (PostgreSQL, real locks)."""

import threading

import pytest
from django.db import connection

from audits import services
from audits.models import Notice

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_50_notices_issued_concurrently_get_50_distinct_consecutive_numbers(sysadmin):
    numbers, errors = [], []
    barrier = threading.Barrier(10)

    def issue(n):
        try:
            barrier.wait()
            for k in range(5):
                notice = services.notice_issue(
                    kind="general",
                    subject=f"同時発出 {n}-{k}",
                    body="本文",
                    addressee="各所属長",
                    actor=sysadmin,
                )
                numbers.append(notice.number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 51))
    assert Notice.objects.count() == 50
