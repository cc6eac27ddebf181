"""Writes of self-inspections: checklists frozen once used, sheets answered, submitted and
reopened, campaigns closed."""

import datetime as dt

import pytest

from audits import services
from audits.choices import Audience, Result, SheetStatus
from audits.models import Checklist, Sheet
from juki_admin.errors import DomainError

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_new_version_copies_the_items_and_numbers_itself(checklists, sysadmin):
    office, _operator = checklists
    v2 = services.checklist_create(
        fiscal_year=2026,
        audience=Audience.OFFICE,
        title="所属に係る自己点検表（改訂）",
        actor=sysadmin,
        copy_from=office,
    )
    assert v2.version == 2
    assert list(v2.items.values_list("number", "text")) == list(
        office.items.values_list("number", "text")
    )


def test_opening_a_campaign_freezes_its_checklists_and_gives_everyone_a_sheet(
    campaign, office, other_office
):
    assert Checklist.objects.filter(frozen_on=D(2026, 10, 1)).count() == 2
    office_sheets = Sheet.objects.filter(campaign=campaign, audience=Audience.OFFICE)
    assert {s.office for s in office_sheets} >= {office, other_office}
    operators = Sheet.objects.filter(campaign=campaign, audience=Audience.OPERATOR)
    assert sorted(s.staff.user.username for s in operators.filter(office=office)) == [
        "op-a",
        "op-b",
    ]
    assert operators.filter(office=other_office).count() == 1
    with pytest.raises(DomainError, match="新しい版"):
        services.require_unfrozen(campaign.office_checklist)


def test_not_compliant_needs_its_cause_and_a_sheet_is_submitted_only_when_complete(
    campaign, office, office_head
):
    sheet = Sheet.objects.get(campaign=campaign, office=office, audience=Audience.OFFICE)
    items = list(campaign.office_checklist.items.order_by("number"))
    with pytest.raises(DomainError, match="要因"):
        services.sheet_answer(
            sheet=sheet, answers={items[0].pk: (Result.NONCOMPLIANT, " ")}, actor=office_head
        )
    services.sheet_answer(
        sheet=sheet,
        answers={
            items[0].pk: (Result.NONCOMPLIANT, "執務室内に設置"),
            items[1].pk: ("compliant", ""),
        },
        actor=office_head,
    )
    with pytest.raises(DomainError, match="未回答：3"):
        services.sheet_submit(sheet=sheet, actor=office_head)
    services.sheet_answer(
        sheet=sheet, answers={items[2].pk: (Result.NOT_APPLICABLE, "")}, actor=office_head
    )
    services.sheet_submit(sheet=sheet, actor=office_head)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_by) == (SheetStatus.SUBMITTED, office_head)
    with pytest.raises(DomainError, match="提出済"):
        services.sheet_answer(
            sheet=sheet, answers={items[1].pk: (Result.NONCOMPLIANT, "x")}, actor=office_head
        )


def test_the_owner_reopens_a_submitted_sheet_with_the_reason_on_record(
    campaign, office, office_head, sysadmin
):
    sheet = Sheet.objects.get(campaign=campaign, office=office, audience=Audience.OFFICE)
    items = campaign.office_checklist.items.all()
    services.sheet_answer(
        sheet=sheet, answers={i.pk: (Result.COMPLIANT, "") for i in items}, actor=office_head
    )
    services.sheet_submit(sheet=sheet, actor=office_head)
    with pytest.raises(DomainError, match="理由"):
        services.sheet_reopen(sheet=sheet, actor=sysadmin, reason="")
    services.sheet_reopen(sheet=sheet, actor=sysadmin, reason="回答誤りの申出")
    sheet.refresh_from_db()
    assert (sheet.status, sheet.reopened) == (SheetStatus.DRAFT, 1)
    latest = sheet.history.first()
    assert (latest.history_user, latest.history_change_reason) == (sysadmin, "回答誤りの申出")


def test_a_closed_campaign_takes_no_answer(campaign, office, office_head, sysadmin):
    services.campaign_close(campaign=campaign, actor=sysadmin)
    sheet = Sheet.objects.get(campaign=campaign, office=office, audience=Audience.OFFICE)
    item = campaign.office_checklist.items.first()
    with pytest.raises(DomainError, match="終了"):
        services.sheet_answer(
            sheet=sheet, answers={item.pk: (Result.COMPLIANT, "")}, actor=office_head
        )


def test_site_visits_are_recorded_with_what_must_improve(campaign, office, sysadmin):
    visit = services.site_visit_record(
        campaign=campaign,
        office=office,
        visited_on=D(2026, 9, 30),
        visitor="市町村課",
        confirmed="入退室管理簿を確認",
        to_improve="立会者の記入漏れ",
        actor=sysadmin,
    )
    assert visit.history.get().history_user == sysadmin
    with pytest.raises(DomainError, match="確認した内容"):
        services.site_visit_record(
            office=office,
            visited_on=D(2026, 9, 30),
            visitor="市町村課",
            confirmed=" ",
            actor=sysadmin,
        )
