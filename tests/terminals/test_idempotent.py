"""One row per click: the register forms carry a one-time token, so the same form sent twice
records one room entry, one key taken, one medium (``juki_admin.once``)."""

import re

import pytest
from django.urls import reverse

from juki_admin.once import FIELD
from terminals.models import KeyLog, MediaItem, RoomEntry

pytestmark = pytest.mark.django_db


def _token(page: str, url: str) -> str:
    return re.search(rf'action="{url}".*?name="{FIELD}" value="([^"]+)"', page, re.S).group(1)


def test_each_register_form_sent_twice_records_one_row(client, office_head, office):
    client.force_login(office_head)
    page = client.get(reverse("terminals:registers") + f"?office={office.pk}").content.decode()
    forms = [
        (
            "terminals:room_entry",
            {
                "room": "端末機室",
                "name": "業者 太郎",
                "affiliation": "保守会社",
                "purpose": "点検",
                "escort": "所長 一郎",
            },
            RoomEntry,
        ),
        (
            "terminals:key_take",
            {"key": "端末機室", "taken_by": "所長 一郎", "purpose": "点検"},
            KeyLog,
        ),
        (
            "terminals:media_new",
            {"kind": "form", "title": "照会結果", "storage_place": "書庫"},
            MediaItem,
        ),
    ]
    for name, data, model in forms:
        url = reverse(name)
        data = {**data, "office": office.pk, FIELD: _token(page, url)}
        first = client.post(url, data)
        second = client.post(url, data, follow=True)
        assert model.objects.count() == 1, (name, first, second.content.decode()[:2000])
        assert "すでに送信" in second.content.decode()


def test_a_use_recorded_twice_by_one_form_is_recorded_once(client, operator_user, terminal, affair):
    from cards.models import Card
    from terminals.models import UsageLogEntry

    client.force_login(operator_user)
    url = reverse("terminals:usage_new")
    page = client.get(url).content.decode()
    token = re.search(rf'name="{FIELD}" value="([^"]+)"', page).group(1)
    card = Card.objects.get(serial="C-OP1")
    data = {FIELD: token, "terminal": terminal.pk, "card": card.pk, "affair": affair.pk}
    first = client.post(url, data)
    again = client.post(url, data)
    entry = UsageLogEntry.objects.get()
    assert first["Location"] == again["Location"] == entry.get_absolute_url()
