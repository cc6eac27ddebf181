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
