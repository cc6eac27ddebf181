"""A card's life at the system administrator's desk (the admin), and an overdue reclaim by an
office head (the portal), in a real browser."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model

from cards.models import Card
from juki_admin import fiscal
from juki_admin.models import Staff

from .helpers import ERROR, download_pdf, expect, expect_success, select_by_text, short_era

SERIAL = "CE2E0001"


def _record_new_operator_training(person: Staff) -> None:
    """What the training desk does when the person has attended new-operator training."""
    from training import services
    from training.choices import AttendanceStatus, SessionKind
    from training.models import TrainingSession

    session = (
        TrainingSession.objects.filter(kind=SessionKind.NEW_OPERATOR, held_on__lte=fiscal.today())
        .order_by("-held_on")
        .first()
    )
    actor = get_user_model().objects.get(username="sysadmin")
    services.session_invite(session=session, staff=[person], actor=actor)
    services.attendance_record(
        session=session, entries=[(person, AttendanceStatus.PRESENT, "")], actor=actor
    )


def test_the_system_administrator_registers_issues_suspends_and_reclaims_a_card(sign_in):
    page = sign_in("sysadmin")
    page.get_by_role("link", name="管理サイト").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto("/admin/cards/card/")

    # register a new card into stock
    page.get_by_role("link", name="カードを在庫に登録").click()
    page.locator("textarea[name=serials]").fill(SERIAL)
    page.locator("textarea[name=reason]").fill("端末機更新に伴う新規購入")
    page.get_by_role("button", name="確定").or_(page.locator("input[type=submit]")).first.click()
    expect_success(page)
    page.locator("#searchbar").fill(SERIAL)
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name=SERIAL).click()
    expect(page.locator(".field-status .readonly")).to_contain_text("未交付")

    # issue it: refused while the operator has not attended new-operator training
    page.get_by_role("link", name="カードを交付する").click()
    holder = page.locator("select[name=holder]")
    newcomer = Staff.objects.get(employee_number="S01030")
    select_by_text(holder, newcomer.name)
    page.locator("input[name=acknowledged_receipt]").check()
    page.locator("input[name=pledged_not_to_lend]").check()
    page.locator("input[type=submit]").click()
    expect(page.locator(ERROR).first).to_contain_text("新人研修")
    assert Card.objects.get(serial=SERIAL).status == "stock"

    # once the training is recorded, the same form goes through
    _record_new_operator_training(newcomer)
    select_by_text(holder, newcomer.name)
    page.locator("input[name=acknowledged_receipt]").check()
    page.locator("input[name=pledged_not_to_lend]").check()
    page.locator("input[type=submit]").click()
    expect_success(page)
    expect(page).to_have_url(re.compile(r"/admin/cards/card/\d+/change/"))
    expect(page.locator(".field-status .readonly")).to_contain_text("交付中")
    expect(page.locator(".field-holder .readonly")).to_contain_text(newcomer.name)
    # the receipt to print for the holder's signature is one click away
    receipt = page.get_by_role("link", name="交付受領書（PDF）")
    expect(receipt).to_be_visible()
    download_pdf(page, receipt.click)

    # suspend
    page.get_by_role("link", name="資格停止する").click()
    page.locator("textarea[name=reason]").fill("長期の病気休暇のため")
    page.locator("input[type=submit]").click()
    expect_success(page)
    expect(page.locator(".field-status .readonly")).to_contain_text("資格停止")

    # reclaim, dated as a clerk types a date
    today = fiscal.today()
    page.get_by_role("link", name="所属長による回収を記録する").click()
    page.locator("input[name=on]").fill(fiscal.format_era_date(today))
    page.locator("textarea[name=reason]").fill("休職に伴う回収")
    page.locator("input[type=submit]").click()
    expect_success(page)
    expect(page.locator(".field-status .readonly")).to_contain_text("回収済")

    card = Card.objects.get(serial=SERIAL)
    assert card.status == "reclaimed"
    assert list(card.events.order_by("pk").values_list("kind", flat=True)) == [
        "register",
        "issue",
        "suspend",
        "reclaim",
    ]
    reclaim = card.events.get(kind="reclaim")
    assert (reclaim.occurred_on, reclaim.reason) == (today, "休職に伴う回収")


def test_an_office_head_reclaims_an_overdue_card_with_its_date_and_reason(sign_in):
    card = Card.objects.get(serial="CS02010")  # its holder retired 26 days ago (seed_demo)
    assert card.status == "issued"
    page = sign_in("head")

    # the home page says a card is overdue and leads to it
    overdue = page.get_by_role("link", name="CS02010").first
    expect(overdue).to_be_visible()
    overdue.click()
    expect(page.get_by_role("heading", name=re.compile("CS02010"))).to_be_visible()

    handed_back = fiscal.today() - dt.timedelta(days=1)
    form = page.locator("form[action$='/reclaim/']")
    form.locator("input[name=on]").fill(short_era(handed_back))
    form.locator("[name=reason]").fill("退職に伴い本人から回収")
    form.get_by_role("button", name="回収する").click()
    expect_success(page)
    # the card's ledger shows the reclaim with the day it happened and why
    ledger = page.locator("table").last
    expect(ledger).to_contain_text("退職に伴い本人から回収")
    expect(ledger).to_contain_text(fiscal.format_era_date(handed_back))

    card.refresh_from_db()
    assert card.status == "reclaimed"
    reclaim = card.events.get(kind="reclaim")
    assert (reclaim.occurred_on, reclaim.reason) == (handed_back, "退職に伴い本人から回収")
    assert reclaim.actor.username == "head"

    # and it is no longer among the cards to reclaim
    page.get_by_role("navigation").get_by_role("link", name="回収", exact=True).click()
    expect(page.locator("main")).not_to_contain_text("CS02010")
