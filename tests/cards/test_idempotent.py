"""One report per click: the card-lost form carries a one-time token, so the same form sent
twice opens one incident and the second POST shows the first result (``juki_admin.once``)."""

import re

import pytest
from django.urls import reverse

from cards.choices import CardStatus
from cards.models import Card, Incident
from juki_admin.once import FIELD

pytestmark = pytest.mark.django_db


def test_the_same_lost_card_report_sent_twice_opens_one_incident(
    client, office_head, issued_card, designated
):
    client.force_login(office_head)
    page = client.get(reverse("cards:card_detail", args=[issued_card.pk])).content.decode()
    url = reverse("cards:card_report_lost", args=[issued_card.pk])
    token = re.search(rf'action="{url}".*?name="{FIELD}" value="([^"]+)"', page, re.S).group(1)
    data = {FIELD: token, "reason": "所在不明", "reported_by": designated.pk}
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[-1][0] == first.url
    body = again.content.decode()
    assert "すでに送信" in body
    assert Card.objects.get(pk=issued_card.pk).status == CardStatus.LOST
    assert Incident.objects.filter(card=issued_card).count() == 1


def _admin_token(page) -> str:
    return re.search(rf'name="{FIELD}" value="([^"]+)"', page.content.decode()).group(1)


def test_cards_registered_from_the_admin_twice_by_one_form_are_registered_once(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("admin:cards_card_list_action", args=["register"])
    data = {FIELD: _admin_token(client.get(url)), "kind": "individual", "serials": "A001"}
    data["reason"] = "納品"
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data, follow=True)
    body = again.content.decode()
    assert "すでに送信" in body and "既に登録されています" not in body
    assert list(Card.objects.values_list("serial", flat=True)) == ["A001"]


def test_a_timeline_step_added_twice_from_the_admin_by_one_form_is_added_once(
    client, sysadmin, issued_card
):
    from cards import services

    incident = services.card_report_lost(card=issued_card, actor=sysadmin)
    steps = incident.entries.count()
    client.force_login(sysadmin)
    url = reverse("admin:cards_incident_action", args=[incident.pk, "entry"])
    data = {FIELD: _admin_token(client.get(url)), "on": "2026-01-05", "text": "警察に届出"}
    refused = client.post(url, {**data, "text": ""})
    assert refused.status_code == 200 and incident.entries.count() == steps
    assert client.post(url, data).status_code == 302  # the same form, corrected
    assert client.post(url, data).status_code == 302
    assert incident.entries.count() == steps + 1
