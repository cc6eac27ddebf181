"""An operator records a use of a terminal and its end on a phone (390 x 844)."""

from __future__ import annotations

import re

from terminals.models import UsageLogEntry

from .conftest import PHONE
from .helpers import expect, expect_success, fits_width


def test_an_operator_records_and_finishes_a_use_on_a_phone(sign_in):
    page = sign_in("operator", viewport=PHONE)
    fits_width(page)
    before = set(UsageLogEntry.objects.values_list("pk", flat=True))

    page.get_by_role("navigation").get_by_role("link", name="利用簿").click()
    page.get_by_role("link", name="利用を記録する").click()
    # prefilled: the operator's terminal, card and affair; only "start" to press
    for name in ("terminal", "card", "affair"):
        expect(page.locator(f"select[name={name}]")).not_to_have_value("")
    fits_width(page)
    page.get_by_role("button", name="開始").click()

    expect_success(page)
    expect(page).to_have_url(re.compile(r"/terminals/usage/\d+/$"))
    (entry,) = UsageLogEntry.objects.exclude(pk__in=before)
    assert entry.operator.user.username == "operator"
    assert entry.ended_at is None
    fits_width(page)

    page.locator("input[name=lookups]").fill("3")
    page.get_by_role("button", name="保存").click()
    expect_success(page)
    expect(page).to_have_url(re.compile(r"/terminals/usage/$"))
    entry.refresh_from_db()
    assert entry.ended_at is not None
    assert entry.lookups == 3
    expect(page.locator(f"a[href$='/terminals/usage/{entry.pk}/']")).to_be_visible()


def test_the_usage_log_list_fits_a_phone(sign_in):
    page = sign_in("operator", viewport=PHONE)
    page.get_by_role("navigation").get_by_role("link", name="利用簿").click()
    expect(page.locator("main table")).to_be_visible()
    fits_width(page)
