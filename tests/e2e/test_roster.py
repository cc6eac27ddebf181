"""An office head prepares and approves the operator roster; the system administrator
accepts it in the admin."""

from __future__ import annotations

import re

from cards.models import Designation, Roster
from juki_admin.models import Office
from tests.factories import StaffFactory

from .helpers import accept_confirmation, expect, expect_success, select_by_text


def test_an_office_head_prepares_and_approves_a_roster_and_the_administrator_accepts_it(
    sign_in,
):
    office = Office.objects.get(code="S02")  # the demo head's office
    newcomer = StaffFactory(
        office=office, employee_number="S02901", name="青木 真央", kana="アオキ マオ"
    )
    head = sign_in("head")

    # prepare: a new version of this year's roster
    head.get_by_role("navigation").get_by_role("link", name="操作者名簿").click()
    head.get_by_role("button", name=re.compile("操作者名簿.*作成")).click()
    expect(head.locator("main")).to_contain_text("作成中")
    roster = Roster.objects.filter(office=office).order_by("-pk").first()
    assert roster.status == "draft"

    # designate the newcomer for an individual card
    select_by_text(head.locator("select[name=staff]"), newcomer.name)
    head.locator("select[name=use_mode]").select_option(value="individual")
    head.get_by_label("旅券の発給事務").check()
    head.get_by_role("button", name="指定する").click()
    expect_success(head)
    expect(head.locator("table").first).to_contain_text(newcomer.name)

    # approve and send: the page asks first, for it cannot be undone
    asked = accept_confirmation(head)
    head.get_by_role("button", name=re.compile("承認")).click()
    expect_success(head)
    assert asked, "approving the roster asked no confirmation"
    roster.refresh_from_db()
    assert roster.status == "submitted"
    expect(head.locator("main")).to_contain_text(roster.get_status_display())

    # the system administrator accepts it in the admin
    admin = sign_in("sysadmin")
    admin.goto("/admin/cards/roster/?status__exact=submitted")
    admin.get_by_role("link", name=re.compile(office.name)).first.click()
    expect(admin).to_have_url(re.compile(rf"/admin/cards/roster/{roster.pk}/change/"))
    admin.get_by_role("link", name="名簿を受理する").click()
    admin.locator("input[type=submit]").click()
    expect_success(admin)
    roster.refresh_from_db()
    assert roster.status == "accepted"
    expect(admin.locator(".field-status .readonly")).to_contain_text(roster.get_status_display())
    assert Designation.objects.filter(roster=roster, staff=newcomer).exists()

    # the office head sees it accepted
    head.reload()
    expect(head.locator("main")).to_contain_text(roster.get_status_display())
