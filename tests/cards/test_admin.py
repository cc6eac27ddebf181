"""The system administrator's card desk in the Django admin."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cards.choices import CardStatus
from cards.models import Card

from ..factories import CardFactory, StaffFactory, accepted_roster, bulk_issued_cards

pytestmark = pytest.mark.django_db
D = dt.date


def test_register_cards_into_stock_and_refuse_duplicates(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("admin:cards_card_list_action", args=["register"])
    response = client.post(
        url, {"kind": "individual", "serials": "A001\nＡ００２", "reason": "納品"}
    )
    assert response.status_code == 302
    assert set(Card.objects.values_list("serial", flat=True)) == {"A001", "A002"}
    response = client.post(url, {"kind": "individual", "serials": "A003, A001", "reason": "納品"})
    assert response.status_code == 200
    assert "既に登録されています" in response.content.decode()
    assert not Card.objects.filter(serial="A003").exists()


def test_issue_from_the_admin_leads_to_the_receipt(client, sysadmin, office):
    holder = StaffFactory(office=office)
    accepted_roster(office, individual=[holder])
    card = CardFactory()
    client.force_login(sysadmin)
    url = reverse("admin:cards_card_action", args=[card.pk, "issue"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"holder": holder.pk, "reason": "交付"})
    assert response.status_code == 200  # acknowledgement missing: refused with a message
    assert "誓約" in response.content.decode()
    assert Card.objects.get(pk=card.pk).status == CardStatus.STOCK
    response = client.post(
        url,
        {
            "holder": holder.pk,
            "reason": "交付",
            "acknowledged_receipt": "on",
            "pledged_not_to_lend": "on",
        },
    )
    assert response.status_code == 302  # back to the card, which says so and offers the receipt
    page = client.get(response["Location"]).content.decode()
    assert "交付しました" in page
    event = Card.objects.get(pk=card.pk).events.get(kind="issue")
    receipt = reverse("cards:issue_receipt", args=[event.pk])
    assert receipt in page
    assert client.get(receipt).content.startswith(b"%PDF")


def test_an_illegal_transition_in_the_admin_is_a_message(client, sysadmin):
    card = CardFactory()
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:cards_card_action", args=[card.pk, "suspend"]), {"reason": "調査"}
    )
    assert response.status_code == 200
    assert "資格停止はできません" in response.content.decode()
    assert Card.objects.get(pk=card.pk).status == CardStatus.STOCK


def test_the_change_form_has_no_status_field_and_offers_the_allowed_actions(client, sysadmin):
    card = CardFactory()
    client.force_login(sysadmin)
    body = client.get(reverse("admin:cards_card_change", args=[card.pk])).content.decode()
    assert 'name="status"' not in body
    assert "カードを交付する" in body and "資格停止する" not in body


def test_admin_card_list_makes_the_same_number_of_queries_for_10_and_1000_cards(
    client, sysadmin, office, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(sysadmin)

    def make(n, start):
        bulk_issued_cards(office, n, start=start)

    url = reverse("admin:cards_card_changelist")
    make(10, 0)
    client.get(url)  # warm caches (content types)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    make(990, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_admin_card_list_makes_the_same_number_of_queries_for_1_and_60_group_cards(
    client, sysadmin, django_assert_num_queries
):
    """A group card shows its group by office and name: the group's office is read with the
    page, not once per group card."""
    from ..factories import bulk_group_cards

    client.force_login(sysadmin)
    url = reverse("admin:cards_card_changelist") + "?kind__exact=group"
    bulk_group_cards(1)
    client.get(url)  # warm caches (content types)
    with django_assert_num_queries(8) as small:
        client.get(url)
    bulk_group_cards(59, start=1)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("窓口班") >= 60
    assert "グループ事務所59 窓口班" in body


def test_office_head_has_no_admin(client, office_head):
    client.force_login(office_head)
    response = client.get(reverse("admin:cards_card_changelist"))
    assert response.status_code == 302  # to the admin sign-in: not staff


def test_incident_timeline_grows_and_closes_from_the_admin(
    client, sysadmin, issued_card, set_today
):
    from cards import services

    set_today(D(2012, 5, 20))
    incident = services.card_report_lost(card=issued_card, actor=sysadmin, on=D(2012, 4, 12))
    client.force_login(sysadmin)
    entry = reverse("admin:cards_incident_action", args=[incident.pk, "entry"])
    response = client.post(entry, {"on": "2012-04-16", "text": "関係職員から事情聴取"})
    assert response.status_code == 302
    response = client.post(entry, {"on": "2099-01-01", "text": "未来"})
    assert (
        response.status_code == 200 and "までの日付を入力してください" in response.content.decode()
    )
    close = reverse("admin:cards_incident_action", args=[incident.pk, "close"])
    assert (
        client.post(close, {"reason": "不正アクセスなしを確認", "on": "2012-05-16"}).status_code
        == 302
    )
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.entries.count() == 4
    response = client.post(close, {"reason": "再度", "on": "2012-05-17"})
    assert "「終結」のため、終結はできません" in response.content.decode()


def test_password_overdue_page_lists_the_office_cards(client, office_head, issued_card, set_today):
    set_today(D(2010, 9, 1))
    client.force_login(office_head)
    assert issued_card.serial in client.get(reverse("cards:passwords")).content.decode()
    assert reverse("cards:passwords") in client.get(reverse("cards:card_list")).content.decode()


def test_admin_opens_an_inventory(client, sysadmin, set_today):
    from cards.models import Inventory

    set_today(D(2026, 11, 26))
    client.force_login(sysadmin)
    url = reverse("admin:cards_inventory_list_action", args=["open"])
    response = client.post(url, {"title": "現物確認", "due_on": "2026-11-01"})
    assert response.status_code == 200 and "期限" in response.content.decode()
    response = client.post(url, {"title": "現物確認", "due_on": "2026-12-25"})
    assert response["Location"] == reverse(
        "admin:cards_inventory_change", args=[Inventory.objects.get().pk]
    )


def test_admin_card_search_finds_a_name_anywhere_and_a_serial_from_its_start_counting_once(
    client, sysadmin, office, django_assert_num_queries
):
    client.force_login(sysadmin)
    bulk_issued_cards(office, 30)  # B0000000… held by 職員0…職員29
    url = reverse("admin:cards_card_changelist")
    client.get(url)  # warm caches (content types)
    with django_assert_num_queries(8) as plain:
        client.get(url)

    def serials(q):
        # the list's queries (one count, no second), and one per word for each related
        # table searched (holders' numbers and names, groups' names: juki_admin.search)
        with django_assert_num_queries(len(plain.captured_queries) + 3):
            body = client.get(url, {"q": q}).content.decode()
        return sorted(set(re.findall(r">(B\d{7})<", body)))

    assert serials("7") == ["B0000007", "B0000017", "B0000027"]  # 職員7, 職員17, 職員27
    assert serials("B000002") == [f"B00000{i}" for i in range(20, 30)]
    assert serials("０００００２") == []  # a code matches from its start only
    assert serials("Ｂ0000029") == ["B0000029"]  # typed full-width
