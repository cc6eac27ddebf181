"""Every lifecycle transition, allowed and refused, with its ledger entry and history."""

import datetime as dt

import pytest
from django.test import override_settings

from cards import services
from cards.choices import CardEventKind, CardKind, CardStatus, IncidentStatus
from cards.models import Card, CardEvent
from cards.services import CardTransitionError
from juki_admin.choices import StaffStatus
from juki_admin.errors import DomainError
from juki_admin.services import staff_change_status

from ..factories import (
    CardFactory,
    OperatorGroupFactory,
    StaffFactory,
    accepted_roster,
    add_member,
)
from .conftest import issue

pytestmark = pytest.mark.django_db
D = dt.date


def status_of(card):
    return Card.objects.get(pk=card.pk).status


# --- register ---


def test_register_puts_many_cards_into_stock_with_normalised_serials(sysadmin):
    cards = services.card_register(
        serials=["Ｃ０００１", "C0002 ", ""],
        kind=CardKind.INDIVIDUAL,
        actor=sysadmin,
        reason="納品",
    )
    assert [c.serial for c in cards] == ["C0001", "C0002"]
    assert all(c.status == CardStatus.STOCK for c in cards)
    event = CardEvent.objects.get(card=cards[0])
    assert (event.kind, event.actor) == (CardEventKind.REGISTER, sysadmin)
    assert cards[0].history.first().history_user == sysadmin


def test_a_duplicate_serial_registers_nothing(sysadmin):
    CardFactory(serial="C0001")
    with pytest.raises(DomainError, match="C0001"):
        services.card_register(
            serials=["C0009", "Ｃ０００１"], kind=CardKind.INDIVIDUAL, actor=sysadmin
        )
    assert not Card.objects.filter(serial="C0009").exists()


def test_a_serial_given_twice_registers_nothing(sysadmin):
    with pytest.raises(DomainError, match="重複"):
        services.card_register(serials=["C7", "Ｃ7"], kind=CardKind.INDIVIDUAL, actor=sysadmin)
    assert Card.objects.count() == 0


# --- issue ---


def test_issue_to_a_designated_operator_records_the_acknowledgement(designated, sysadmin):
    card = issue(CardFactory(), designated, sysadmin)
    assert (card.status, card.holder, card.office) == (
        CardStatus.ISSUED,
        designated,
        designated.office,
    )
    event = card.events.get(kind=CardEventKind.ISSUE)
    assert event.details["acknowledged_receipt"] and event.details["pledged_not_to_lend"]
    assert event.holder == designated


def test_issue_without_acknowledgement_is_refused(designated, sysadmin):
    card = CardFactory()
    with pytest.raises(DomainError, match="貸与しない"):
        services.card_issue(
            card=card,
            holder=designated,
            actor=sysadmin,
            acknowledged_receipt=True,
            pledged_not_to_lend=False,
        )
    assert status_of(card) == CardStatus.STOCK


def test_issue_to_someone_not_on_the_accepted_roster_is_refused(office, sysadmin):
    outsider = StaffFactory(office=office)
    card = CardFactory()
    with pytest.raises(DomainError, match="操作者名簿"):
        issue(card, outsider, sysadmin)
    assert status_of(card) == CardStatus.STOCK


def test_issue_to_a_group_use_operator_is_refused(office, sysadmin):
    staff = StaffFactory(office=office)
    accepted_roster(office, group_use=[staff])
    with pytest.raises(DomainError, match="操作者名簿"):
        issue(CardFactory(), staff, sysadmin)


def test_issue_to_someone_who_has_left_is_refused(designated, sysadmin):
    staff_change_status(
        staff=designated,
        status=StaffStatus.RETIRED,
        effective_date=D(2010, 4, 30),
        actor=sysadmin,
        reason="退職",
    )
    with pytest.raises(DomainError, match="退職"):
        issue(CardFactory(), designated, sysadmin)


def test_a_person_holds_one_card_at_a_time(issued_card, designated, sysadmin):
    second = CardFactory()
    with pytest.raises(DomainError, match=issued_card.serial):
        issue(second, designated, sysadmin)
    assert status_of(second) == CardStatus.STOCK


def test_an_issued_card_cannot_be_issued_again(issued_card, office, sysadmin):
    other = StaffFactory(office=office)
    accepted_roster(office, individual=[other])
    with pytest.raises(CardTransitionError, match="交付中"):
        issue(issued_card, other, sysadmin)


def test_issue_date_in_the_future_is_refused(designated, sysadmin):
    with pytest.raises(DomainError, match="未来"):
        issue(CardFactory(), designated, sysadmin, on=D(2999, 1, 1))


def test_issue_date_before_registration_is_refused(designated, sysadmin):
    with pytest.raises(DomainError, match="より前"):
        issue(CardFactory(registered_on=D(2010, 4, 1)), designated, sysadmin, on=D(2009, 1, 1))


def test_group_card_goes_to_a_group_and_is_held_by_the_office_head(office, sysadmin):
    head = StaffFactory(office=office, name="所長 一郎")
    office.head = head
    office.save()
    group = OperatorGroupFactory(office=office)
    add_member(group)
    card = services.card_issue(
        card=CardFactory(kind=CardKind.GROUP),
        group=group,
        actor=sysadmin,
        acknowledged_receipt=True,
        pledged_not_to_lend=True,
        on=D(2013, 4, 1),
    )
    assert (card.status, card.group, card.holder, card.custodian) == (
        CardStatus.ISSUED,
        group,
        None,
        head,
    )
    with pytest.raises(DomainError, match="既に"):
        services.card_issue(
            card=CardFactory(kind=CardKind.GROUP),
            group=group,
            actor=sysadmin,
            acknowledged_receipt=True,
            pledged_not_to_lend=True,
            on=D(2013, 4, 2),
        )


def test_group_card_needs_an_office_head_and_members(office, sysadmin):
    group = OperatorGroupFactory(office=office)
    kwargs = dict(actor=sysadmin, acknowledged_receipt=True, pledged_not_to_lend=True)
    with pytest.raises(DomainError, match="所属長"):
        services.card_issue(card=CardFactory(kind=CardKind.GROUP), group=group, **kwargs)
    office.head = StaffFactory(office=office)
    office.save()
    with pytest.raises(DomainError, match="構成員"):
        services.card_issue(card=CardFactory(kind=CardKind.GROUP), group=group, **kwargs)


def test_an_individual_card_is_not_issued_to_a_group(office, sysadmin):
    with pytest.raises(DomainError, match="個人に交付"):
        services.card_issue(
            card=CardFactory(),
            group=OperatorGroupFactory(office=office),
            actor=sysadmin,
            acknowledged_receipt=True,
            pledged_not_to_lend=True,
        )


def refuse_all(*, card, holder, on):
    raise DomainError("新人研修を受講していません")


def warn_only(*, card, holder, on):
    return "新人研修が未受講です（警告）"


@override_settings(CARD_ISSUE_CHECKS=["tests.cards.test_services.refuse_all"])
def test_an_issue_check_from_the_settings_can_refuse(designated, sysadmin):
    card = CardFactory()
    with pytest.raises(DomainError, match="新人研修"):
        issue(card, designated, sysadmin)
    assert status_of(card) == CardStatus.STOCK


@override_settings(CARD_ISSUE_CHECKS=["tests.cards.test_services.warn_only"])
def test_an_issue_check_can_warn_and_the_warning_is_kept(designated, sysadmin):
    card = issue(CardFactory(), designated, sysadmin)
    assert card.events.get(kind="issue").details["warnings"] == ["新人研修が未受講です（警告）"]


# --- suspend, reinstate, reclaim, return ---


def test_suspend_and_reinstate(issued_card, sysadmin):
    services.card_suspend(card=issued_card, actor=sysadmin, reason="調査", on=D(2010, 6, 1))
    assert status_of(issued_card) == CardStatus.SUSPENDED
    services.card_reinstate(card=issued_card, actor=sysadmin, reason="解除", on=D(2010, 6, 2))
    assert status_of(issued_card) == CardStatus.ISSUED
    kinds = list(issued_card.events.values_list("kind", flat=True))
    assert kinds == ["issue", "suspend", "reinstate"]


def test_suspend_needs_a_reason_and_an_issued_card(issued_card, sysadmin):
    with pytest.raises(DomainError, match="理由"):
        services.card_suspend(card=issued_card, actor=sysadmin, reason=" ")
    with pytest.raises(CardTransitionError, match="未交付"):
        services.card_suspend(card=CardFactory(), actor=sysadmin, reason="x")
    with pytest.raises(CardTransitionError, match="交付中"):
        services.card_reinstate(card=issued_card, actor=sysadmin, reason="x")


def test_reinstating_the_card_of_someone_who_left_is_refused(issued_card, designated, sysadmin):
    services.card_suspend(card=issued_card, actor=sysadmin, reason="退職予定", on=D(2010, 6, 1))
    staff_change_status(
        staff=designated,
        status=StaffStatus.RETIRED,
        effective_date=D(2010, 6, 30),
        actor=sysadmin,
        reason="退職",
    )
    with pytest.raises(DomainError, match="回収"):
        services.card_reinstate(card=issued_card, actor=sysadmin, reason="解除")


def test_reclaim_then_return(issued_card, office_head, sysadmin):
    services.card_reclaim(card=issued_card, actor=office_head, reason="退職", on=D(2011, 3, 31))
    card = Card.objects.get(pk=issued_card.pk)
    assert (card.status, card.holder_id is not None) == (CardStatus.RECLAIMED, True)
    services.card_return(card=card, actor=sysadmin, on=D(2011, 4, 5))
    card.refresh_from_db()
    assert (card.status, card.holder, card.office) == (CardStatus.RETURNED, None, None)
    ret = card.events.get(kind="return")
    assert ret.holder is not None and ret.office is not None  # the ledger keeps whose it was


def test_a_returned_card_can_be_issued_again(issued_card, office, sysadmin):
    services.card_return(card=issued_card, actor=sysadmin, on=D(2011, 4, 5))
    other = StaffFactory(office=office)
    accepted_roster(office, individual=[other], fiscal_year=2011)
    card = issue(Card.objects.get(pk=issued_card.pk), other, sysadmin, on=D(2011, 4, 6))
    assert card.holder == other


def test_reclaim_is_refused_for_a_card_in_stock(sysadmin):
    with pytest.raises(CardTransitionError, match="未交付"):
        services.card_reclaim(card=CardFactory(), actor=sysadmin, reason="回収")


def test_return_is_refused_for_a_disposed_card(sysadmin):
    card = CardFactory()
    services.card_dispose(card=card, actor=sysadmin, reason="破損")
    with pytest.raises(CardTransitionError, match="廃棄済"):
        services.card_return(card=card, actor=sysadmin)


def test_a_date_before_the_last_ledger_entry_is_refused(issued_card, sysadmin):
    with pytest.raises(DomainError, match="より前"):
        services.card_reclaim(card=issued_card, actor=sysadmin, reason="回収", on=D(2010, 4, 30))


def test_reclaim_all_cards_of_a_leaving_person(issued_card, designated, office_head):
    cards = services.staff_reclaim_all_cards(
        staff=designated, actor=office_head, reason="退職", on=D(2011, 9, 30)
    )
    assert [c.status for c in cards] == [CardStatus.RECLAIMED]
    with pytest.raises(DomainError, match="使用中のカード"):
        services.staff_reclaim_all_cards(staff=designated, actor=office_head, reason="退職")


# --- lost and found, dispose, passwords ---


def test_report_lost_suspends_at_once_and_opens_an_incident(issued_card, designated, sysadmin):
    incident = services.card_report_lost(
        card=issued_card,
        actor=sysadmin,
        reason="所在不明",
        reported_by=designated,
        last_seen_on=D(2011, 9, 30),
        last_seen_place="事務室のロッカー",
        on=D(2012, 4, 12),
    )
    assert status_of(issued_card) == CardStatus.LOST
    assert incident.status == IncidentStatus.OPEN
    assert (incident.card, incident.office, incident.last_seen_on) == (
        issued_card,
        designated.office,
        D(2011, 9, 30),
    )
    texts = list(incident.entries.values_list("text", flat=True))
    assert len(texts) == 2 and "資格停止" in texts[1]
    event = issued_card.events.get(kind="report_lost")
    assert event.details["last_seen_place"] == "事務室のロッカー"


def test_a_lost_card_frees_its_holder_for_a_new_card(issued_card, designated, sysadmin):
    services.card_report_lost(card=issued_card, actor=sysadmin, on=D(2012, 4, 12))
    assert issue(CardFactory(), designated, sysadmin, on=D(2012, 4, 13)).holder == designated


def test_last_seen_after_the_report_is_refused(issued_card, sysadmin):
    with pytest.raises(DomainError, match="最後に所在を確認した日"):
        services.card_report_lost(
            card=issued_card, actor=sysadmin, last_seen_on=D(2012, 5, 1), on=D(2012, 4, 12)
        )
    assert status_of(issued_card) == CardStatus.ISSUED


def test_found_card_is_suspended_and_the_incident_timeline_grows(issued_card, sysadmin):
    incident = services.card_report_lost(card=issued_card, actor=sysadmin, on=D(2012, 4, 12))
    services.card_mark_found(
        card=issued_card, actor=sysadmin, reason="金庫内で発見", on=D(2012, 4, 16)
    )
    assert status_of(issued_card) == CardStatus.SUSPENDED
    assert incident.entries.count() == 3
    with pytest.raises(CardTransitionError, match="資格停止"):
        services.card_mark_found(card=issued_card, actor=sysadmin, reason="再度")


def test_lost_cards_are_written_off_by_disposal(issued_card, sysadmin):
    services.card_report_lost(card=issued_card, actor=sysadmin, on=D(2012, 4, 12))
    services.card_dispose(card=issued_card, actor=sysadmin, reason="亡失処理", on=D(2012, 6, 1))
    card = Card.objects.get(pk=issued_card.pk)
    assert (card.status, card.holder) == (CardStatus.DISPOSED, None)


def test_an_issued_card_cannot_be_disposed(issued_card, sysadmin):
    with pytest.raises(CardTransitionError, match="交付中"):
        services.card_dispose(card=issued_card, actor=sysadmin, reason="x")


def test_password_change_records_the_date_only(issued_card, sysadmin):
    services.card_record_password_change(card=issued_card, actor=sysadmin, on=D(2010, 7, 1))
    card = Card.objects.get(pk=issued_card.pk)
    assert card.password_changed_on == D(2010, 7, 1)
    assert not any(
        "password" in f.name and f.name != "password_changed_on" for f in Card._meta.fields
    )
    with pytest.raises(DomainError, match="より前"):
        services.card_record_password_change(card=issued_card, actor=sysadmin, on=D(2010, 4, 1))
    with pytest.raises(CardTransitionError, match="未交付"):
        services.card_record_password_change(card=CardFactory(), actor=sysadmin)


def test_overdue_password_changes_are_listed(issued_card, designated, office, sysadmin, set_today):
    from cards.selectors import password_overdue

    fresh_holder = StaffFactory(office=office)
    accepted_roster(office, individual=[designated, fresh_holder])
    fresh = issue(CardFactory(), fresh_holder, sysadmin, on=D(2010, 7, 1))
    set_today(D(2010, 8, 15))  # issued 2010-05-01: 106 days; the other 45 days
    assert list(password_overdue(Card.objects.all())) == [issued_card]
    services.card_record_password_change(card=issued_card, actor=sysadmin, on=D(2010, 8, 14))
    assert list(password_overdue(Card.objects.all())) == []
    with override_settings(CARD_PASSWORD_MAX_AGE_DAYS=30):
        assert list(password_overdue(Card.objects.all())) == [fresh]
