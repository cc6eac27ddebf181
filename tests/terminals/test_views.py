"""Portal pages of the terminals app: the usage log and the registers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cards.models import Card
from juki_admin.access import Role
from juki_admin.errors import DomainError
from terminals import services
from terminals.choices import MediaStatus
from terminals.models import Lease, RoomEntry, UsageLogEntry

from ..factories import (
    make_user,
)

pytestmark = pytest.mark.django_db
D = dt.date


def moment(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_operator_records_a_use_in_the_portal_prefilled(client, operator_user, terminal, affair):
    client.force_login(operator_user)
    page = client.get(reverse("terminals:usage_new")).content.decode()
    assert f'value="{terminal.pk}" selected' in page
    card = Card.objects.get(serial="C-OP1")
    response = client.post(
        reverse("terminals:usage_new"),
        {"terminal": terminal.pk, "card": card.pk, "affair": affair.pk},
    )
    entry = UsageLogEntry.objects.get()
    assert response["Location"] == entry.get_absolute_url()
    assert (entry.operator, entry.office, entry.card) == (
        operator_user.staff,
        terminal.office,
        card,
    )
    response = client.post(entry.get_absolute_url(), {"lookups": "12"})
    entry.refresh_from_db()
    assert (entry.lookups, entry.ended_at is not None) == (12, True)
    # a correction needs a reason, and the earlier value stays in the history
    client.post(entry.get_absolute_url(), {"lookups": "13"})
    entry.refresh_from_db()
    assert entry.lookups == 12
    client.post(entry.get_absolute_url(), {"lookups": "13", "reason": "件数の誤記"})
    entry.refresh_from_db()
    assert entry.lookups == 13
    assert [h.lookups for h in entry.history.order_by("history_date")] == [None, 12, 13]


def test_a_user_of_another_office_gets_404_for_the_entry(
    client, operator_user, terminal, affair, other_office
):
    entry = services.usage_start(
        operator=operator_user.staff,
        terminal=terminal,
        card=Card.objects.get(serial="C-OP1"),
        affair=affair,
        actor=operator_user,
    )
    for role in (Role.OPERATOR, Role.OFFICE_HEAD, Role.IDENTITY_MANAGER):
        client.force_login(make_user(role, other_office))
        assert client.get(entry.get_absolute_url()).status_code == 404
        assert client.post(entry.get_absolute_url(), {"lookups": "1"}).status_code == 404
        assert (
            str(entry.terminal.asset_number)
            not in client.get(reverse("terminals:usage_list")).content.decode()
        )


def test_usage_list_filters_by_day_month_and_search_and_prints(
    client, operator_user, terminal, affair, office_head
):
    card = Card.objects.get(serial="C-OP1")
    for day in (D(2026, 10, 1), D(2026, 10, 2), D(2026, 11, 2)):
        services.usage_start(
            operator=operator_user.staff,
            terminal=terminal,
            card=card,
            affair=affair,
            actor=operator_user,
            started_at=moment(day),
        )
    client.force_login(office_head)
    url = reverse("terminals:usage_list")
    assert client.get(url + "?day=2026-10-02").content.decode().count("T-S02-01") == 1
    assert client.get(url + "?month=2026-10").content.decode().count("T-S02-01") == 2
    assert client.get(url + "?q=C-OP1").content.decode().count("T-S02-01") == 3
    assert client.get(url + "?q=nobody").content.decode().count("T-S02-01") == 0
    assert client.get(url + "?month=2026-10&format=pdf").content.startswith(b"%PDF")
    assert client.get(url + "?day=2026-02-30").status_code == 404  # no such day
    assert client.get(url + "?day=令和8年10月2日").content.decode().count("T-S02-01") == 1


def test_usage_list_makes_the_same_number_of_queries_for_100_and_10000_entries(
    client,
    operator_user,
    terminal,
    affair,
    office_head,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    card = Card.objects.get(serial="C-OP1")

    def make(n, start):
        UsageLogEntry.objects.bulk_create(
            [
                UsageLogEntry(
                    terminal=terminal,
                    office=terminal.office,
                    operator=operator_user.staff,
                    card=card,
                    affair=affair,
                    started_at=moment(D(2020, 1, 1)) + dt.timedelta(minutes=start + i),
                )
                for i in range(n)
            ],
            batch_size=2000,
        )

    client.force_login(office_head)
    url = reverse("terminals:usage_list")
    make(100, 0)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    make(9900, 100)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    # a one-word search first reads the matching operators (by number and by name),
    # terminals and cards: four queries whatever the size of the log
    with django_assert_num_queries(len(small.captured_queries) + 4):
        client.get(url + "?month=2020-01&q=C-OP1")


def test_a_non_operator_without_escort_is_refused_with_a_message(client, office_head, office):
    client.force_login(office_head)
    response = client.post(
        reverse("terminals:room_entry"),
        {"room": "端末機室", "name": "業者 太郎", "affiliation": "保守会社", "purpose": "点検"},
        follow=True,
    )
    assert "立会者" in response.content.decode()
    assert RoomEntry.objects.count() == 0
    client.post(
        reverse("terminals:room_entry"),
        {
            "room": "端末機室",
            "name": "業者 太郎",
            "affiliation": "保守会社",
            "purpose": "点検",
            "escort": "所長 一郎",
        },
    )
    assert RoomEntry.objects.get().escort == "所長 一郎"


def test_disposal_needs_the_office_heads_approval_first(client, office, office_head, operator_user):
    item = services.media_register(
        office=office, kind="form", title="照会結果", storage_place="書庫", actor=operator_user
    )
    with pytest.raises(DomainError, match="「保管中」のため、廃棄はできません"):
        services.media_dispose(item=item, method="シュレッダー", actor=operator_user)
    services.media_request_disposal(item=item, actor=operator_user, reason="保存期間満了")
    with pytest.raises(DomainError, match="廃棄を承認できるのは 東葛飾旅券事務所 の所属長だけです"):
        services.media_approve_disposal(item=item, actor=operator_user)  # not the office head
    client.force_login(operator_user)
    assert (
        client.post(reverse("terminals:media_approve_disposal", args=[item.pk])).status_code == 403
    )
    client.force_login(office_head)
    client.post(reverse("terminals:media_approve_disposal", args=[item.pk]))
    client.force_login(operator_user)
    client.post(reverse("terminals:media_dispose", args=[item.pk]), {"method": "シュレッダー"})
    item.refresh_from_db()
    assert (item.status, item.disposal_approved_by, item.disposal_method) == (
        MediaStatus.DISPOSED,
        office_head,
        "シュレッダー",
    )


def test_another_offices_register_items_answer_404(client, office, other_office, operator_user):
    item = services.media_register(
        office=office, kind="form", title="x", storage_place="y", actor=operator_user
    )
    client.force_login(make_user(Role.OFFICE_HEAD, other_office))
    assert (
        client.post(reverse("terminals:media_approve_disposal", args=[item.pk])).status_code == 404
    )
    entry = services.room_entry_record(
        office=office,
        room="r",
        name="n",
        affiliation="a",
        purpose="p",
        is_operator=True,
        actor=operator_user,
    )
    assert client.post(reverse("terminals:room_exit", args=[entry.pk])).status_code == 404


def test_a_lease_ending_soon_stands_out_on_the_administrators_home(
    client, sysadmin, office_head, set_today
):
    set_today(D(2026, 11, 26))
    Lease.objects.create(number="A", lessor="x", starts_on=D(2022, 1, 1), ends_on=D(2027, 3, 31))
    client.force_login(sysadmin)
    assert "満了が近いリース契約" in client.get("/").content.decode()
    client.force_login(office_head)
    assert "満了が近いリース契約" not in client.get("/").content.decode()
