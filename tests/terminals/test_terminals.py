"""Terminals, the usage log and the registers an office keeps."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cards.models import Card
from juki_admin.access import Role
from juki_admin.choices import CardMode, OfficeKind
from juki_admin.errors import DomainError
from terminals import selectors, services
from terminals.choices import MediaStatus, TerminalStatus
from terminals.models import Lease, MediaItem, PurgeRecord, RoomEntry, Terminal, UsageLogEntry

from ..cards.conftest import issue
from ..factories import (
    CardFactory,
    OfficeFactory,
    OperatorGroupFactory,
    StaffFactory,
    accepted_roster,
    add_member,
    make_user,
)

pytestmark = pytest.mark.django_db
D = dt.date


def moment(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- leases and terminals ---


def test_the_2007_lease_is_extended_by_one_year_with_the_reason_kept(sysadmin):
    lease = Lease.objects.create(
        number="H19-1", lessor="リース", starts_on=D(2008, 3, 1), ends_on=D(2013, 2, 28)
    )
    services.lease_extend(lease=lease, new_end=D(2014, 2, 28), actor=sysadmin, reason="1年延長")
    lease.refresh_from_db()
    assert lease.ends_on == D(2014, 2, 28)
    assert lease.extensions.get().previous_end == D(2013, 2, 28)
    with pytest.raises(DomainError):
        services.lease_extend(lease=lease, new_end=D(2014, 1, 1), actor=sysadmin, reason="短縮")


def test_leases_ending_soon(sysadmin, set_today, settings):
    set_today(D(2026, 11, 26))
    Lease.objects.create(number="A", lessor="x", starts_on=D(2022, 1, 1), ends_on=D(2027, 3, 31))
    Lease.objects.create(number="B", lessor="x", starts_on=D(2024, 1, 1), ends_on=D(2029, 3, 31))
    assert [lease.number for lease in selectors.leases_ending()] == ["A"]
    settings.LEASE_WARNING_DAYS = 30
    assert list(selectors.leases_ending()) == []


def test_moving_a_terminal_keeps_the_date_and_reason(terminal, other_office, sysadmin):
    services.terminal_relocate(
        terminal=terminal,
        office=other_office,
        room="窓口",
        actor=sysadmin,
        reason="再配置",
        on=D(2013, 4, 1),
    )
    terminal.refresh_from_db()
    assert terminal.office == other_office
    move = terminal.moves.get()
    assert (move.moved_on, move.reason, move.from_office.code) == (D(2013, 4, 1), "再配置", "S02")
    latest = terminal.history.first()
    assert (latest.history_user, latest.history_change_reason) == (sysadmin, "再配置")


def test_a_returned_terminal_stays_returned(terminal, sysadmin):
    services.terminal_set_status(
        terminal=terminal,
        status=TerminalStatus.RETURNED,
        actor=sysadmin,
        reason="リース満了",
        on=D(2014, 2, 28),
    )
    terminal.refresh_from_db()
    assert terminal.removed_on == D(2014, 2, 28)
    with pytest.raises(DomainError):
        services.terminal_set_status(
            terminal=terminal, status=TerminalStatus.IN_SERVICE, actor=sysadmin, reason="再開"
        )


# --- the usage log ---


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


def test_use_with_someone_elses_card_is_refused(operator_user, terminal, affair, office, sysadmin):
    colleague = StaffFactory(office=office)
    accepted_roster(office, individual=[operator_user.staff, colleague])
    their_card = issue(CardFactory(), colleague, sysadmin)
    with pytest.raises(DomainError, match="貸与"):
        services.usage_start(
            operator=operator_user.staff,
            terminal=terminal,
            card=their_card,
            affair=affair,
            actor=operator_user,
        )


def test_use_by_someone_not_designated_is_refused(terminal, affair, office, sysadmin):
    outsider = StaffFactory(office=office)
    with pytest.raises(DomainError, match="指定"):
        services.usage_start(
            operator=outsider, terminal=terminal, card=CardFactory(), affair=affair, actor=sysadmin
        )


def test_group_use_needs_membership_of_the_cards_group(office, terminal, affair, sysadmin):
    office.head = StaffFactory(office=office)
    office.save()
    group = OperatorGroupFactory(office=office)
    member, stranger = add_member(group), StaffFactory(office=office)
    accepted_roster(office, group_use=[member, stranger])
    from cards import services as card_services

    card = card_services.card_issue(
        card=CardFactory(kind="group"),
        group=group,
        actor=sysadmin,
        acknowledged_receipt=True,
        pledged_not_to_lend=True,
        on=D(2010, 5, 1),
    )
    assert (
        services.usage_start(
            operator=member, terminal=terminal, card=card, affair=affair, actor=sysadmin
        ).operator
        == member
    )
    with pytest.raises(DomainError, match="構成員"):
        services.usage_start(
            operator=stranger, terminal=terminal, card=card, affair=affair, actor=sysadmin
        )


def test_hq_shared_divisions_use_the_hq_terminal_but_not_others(affair, sysadmin):
    hq = OfficeFactory(code="H09", name="本庁共用端末設置課", kind=OfficeKind.HQ_DIVISION)
    division = OfficeFactory(
        code="H04", name="保安課", kind=OfficeKind.HQ_DIVISION, card_mode=CardMode.HQ_SHARED
    )
    regional = OfficeFactory(code="R01", kind=OfficeKind.REGIONAL_OFFICE)
    hq_terminal = Terminal.objects.create(
        asset_number="T-H01", office=hq, installed_on=D(2024, 3, 1)
    )
    far = Terminal.objects.create(asset_number="T-R01", office=regional, installed_on=D(2024, 3, 1))
    person = StaffFactory(office=division)
    accepted_roster(division, individual=[person])
    card = issue(CardFactory(), person, sysadmin)
    entry = services.usage_start(
        operator=person, terminal=hq_terminal, card=card, affair=affair, actor=sysadmin
    )
    assert entry.office == hq
    with pytest.raises(DomainError):
        services.usage_start(
            operator=person, terminal=far, card=card, affair=affair, actor=sysadmin
        )


def test_a_use_in_the_future_is_refused(operator_user, terminal, affair):
    with pytest.raises(DomainError, match="未来"):
        services.usage_start(
            operator=operator_user.staff,
            terminal=terminal,
            card=Card.objects.get(serial="C-OP1"),
            affair=affair,
            actor=operator_user,
            started_at=timezone.now() + dt.timedelta(hours=2),
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
    assert client.get(url + "?day=2026-02-30").status_code == 200  # a bad date is a message


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
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url + "?month=2020-01&q=C-OP1")


# --- registers ---


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


def test_the_database_refuses_an_unescorted_non_operator(office):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomEntry.objects.create(
            office=office,
            room="室",
            entered_at=timezone.now(),
            name="x",
            affiliation="y",
            purpose="z",
            is_operator=False,
            escort="",
        )


def test_disposal_needs_the_office_heads_approval_first(client, office, office_head, operator_user):
    item = services.media_register(
        office=office, kind="form", title="照会結果", storage_place="書庫", actor=operator_user
    )
    with pytest.raises(DomainError, match="承認"):
        services.media_dispose(item=item, method="シュレッダー", actor=operator_user)
    services.media_request_disposal(item=item, actor=operator_user, reason="保存期間満了")
    with pytest.raises(DomainError):
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


def test_the_database_refuses_a_disposal_without_approval(office):
    with pytest.raises(IntegrityError), transaction.atomic():
        MediaItem.objects.create(
            office=office,
            kind="disk",
            title="x",
            storage_place="y",
            registered_on=D(2026, 1, 1),
            status=MediaStatus.DISPOSED,
            disposed_on=D(2026, 2, 1),
            disposal_method="破砕",
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


def test_daily_check_once_a_day_every_point_and_a_note_when_something_failed(
    terminal, operator_user, settings, set_today
):
    set_today(D(2026, 11, 26))
    points = settings.TERMINAL_DAILY_CHECK_POINTS
    ok = dict.fromkeys(points, True)
    services.daily_check_record(
        terminal=terminal, results=ok, actor=operator_user, on=D(2026, 11, 25)
    )
    with pytest.raises(DomainError, match="点検済み"):
        services.daily_check_record(
            terminal=terminal, results=ok, actor=operator_user, on=D(2026, 11, 25)
        )
    with pytest.raises(DomainError):
        services.daily_check_record(
            terminal=terminal, results={points[0]: True}, actor=operator_user, on=D(2026, 11, 24)
        )
    with pytest.raises(DomainError):
        services.daily_check_record(
            terminal=terminal,
            results=ok | {points[1]: False},
            actor=operator_user,
            on=D(2026, 11, 24),
        )


def test_missing_check_days_skip_weekends_and_holidays(terminal, sysadmin, settings):
    ok = dict.fromkeys(settings.TERMINAL_DAILY_CHECK_POINTS, True)
    services.daily_check_record(terminal=terminal, results=ok, actor=sysadmin, on=D(2025, 11, 21))
    # Fri 21 (checked), Sat 22, Sun 23 (勤労感謝の日), Mon 24 (振替休日), Tue 25, Wed 26
    ((t, missing),) = selectors.missing_checks(sysadmin, D(2025, 11, 21), D(2025, 11, 26))
    assert missing == [D(2025, 11, 25), D(2025, 11, 26)]


def test_key_register(office, operator_user):
    log = services.key_take(
        office=office, key="端末機室", taken_by="操作 一郎", purpose="開錠", actor=operator_user
    )
    with pytest.raises(DomainError, match="返却"):
        services.key_take(
            office=office, key="端末機室", taken_by="別人", purpose="開錠", actor=operator_user
        )
    services.key_return(log=log, actor=operator_user)
    with pytest.raises(DomainError):
        services.key_return(log=log, actor=operator_user)


def test_vein_register_keeps_one_active_enrolment(office, sysadmin):
    person = StaffFactory(office=office)
    enrolment = services.vein_enrol(
        operator=person, operator_code="OP1", collation_id="VC1", actor=sysadmin
    )
    with pytest.raises(DomainError):
        services.vein_enrol(
            operator=StaffFactory(office=office),
            operator_code="OP2",
            collation_id="ＶＣ１",
            actor=sysadmin,
        )
    services.vein_remove(enrolment=enrolment, actor=sysadmin, reason="異動")
    assert (
        services.vein_enrol(
            operator=person, operator_code="OP1", collation_id="VC1", actor=sysadmin
        ).removed_on
        is None
    )


def test_purge_expired_lists_then_removes_and_records(office, operator_user, set_today, capsys):
    set_today(D(2026, 11, 26))
    old = services.room_entry_record(
        office=office,
        room="r",
        name="昔",
        affiliation="a",
        purpose="p",
        is_operator=True,
        actor=operator_user,
        entered_at=moment(D(2025, 1, 10)),
    )
    services.room_entry_record(
        office=office,
        room="r",
        name="最近",
        affiliation="a",
        purpose="p",
        is_operator=True,
        actor=operator_user,
        entered_at=moment(D(2026, 11, 1)),
    )
    call_command("purge_expired", "--actor", "op1")
    assert "1" in capsys.readouterr().out and RoomEntry.objects.count() == 2
    call_command("purge_expired", "--apply", "--actor", "op1")
    assert list(RoomEntry.objects.values_list("name", flat=True)) == ["最近"]
    record = PurgeRecord.objects.get()
    assert (record.register, record.removed, record.actor) == (
        "terminals.RoomEntry",
        1,
        operator_user,
    )
    assert RoomEntry.history.filter(id=old.pk, history_type="-").get().history_user == operator_user


def test_placement_plan_page_csv_pdf(client):
    from django.contrib.auth import get_user_model

    call_command("seed_demo")
    client.force_login(get_user_model().objects.get(username="sysadmin"))
    body = client.get(reverse("terminals:placement_plan") + "?fy=2012").content.decode()
    assert "244,773" in body and "109,032" in body
    csv = client.get(reverse("terminals:placement_plan") + "?fy=2012&format=csv")
    assert "合計,244773,37,109032,38,42" in csv.content.decode("utf-8-sig")
    assert client.get(
        reverse("terminals:placement_plan") + "?fy=2012&format=pdf"
    ).content.startswith(b"%PDF")


def test_admin_enrols_an_operator_and_refuses_a_collation_id_in_use(client, sysadmin, office):
    from terminals.models import VeinEnrolment

    first, second = StaffFactory(office=office), StaffFactory(office=office)
    client.force_login(sysadmin)
    url = reverse("admin:terminals_veinenrolment_enrol")
    data = {"operator": first.pk, "operator_code": "OP1", "collation_id": "VC1"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"operator": second.pk, "operator_code": "OP2"})
    assert response.status_code == 200 and "照合ID VC1 は使用中" in response.content.decode()
    assert VeinEnrolment.objects.count() == 1


def test_admin_opens_an_inventory(client, sysadmin, set_today):
    from cards.models import Inventory

    set_today(D(2026, 11, 26))
    client.force_login(sysadmin)
    url = reverse("admin:cards_inventory_open")
    response = client.post(url, {"title": "現物確認", "due_on": "2026-11-01"})
    assert response.status_code == 200 and "期限" in response.content.decode()
    response = client.post(url, {"title": "現物確認", "due_on": "2026-12-25"})
    assert response["Location"] == reverse(
        "admin:cards_inventory_change", args=[Inventory.objects.get().pk]
    )


def test_admin_removes_an_enrolment_with_a_reason(client, sysadmin, office):
    person = StaffFactory(office=office)
    enrolment = services.vein_enrol(
        operator=person, operator_code="OP1", collation_id="VC1", actor=sysadmin
    )
    client.force_login(sysadmin)
    url = reverse("admin:terminals_veinenrolment_remove", args=[enrolment.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "異動"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.removed_on is not None
    assert enrolment.history.first().history_change_reason == "異動"


def test_a_lease_ending_soon_stands_out_on_the_administrators_home(
    client, sysadmin, office_head, set_today
):
    set_today(D(2026, 11, 26))
    Lease.objects.create(number="A", lessor="x", starts_on=D(2022, 1, 1), ends_on=D(2027, 3, 31))
    client.force_login(sysadmin)
    assert "満了が近いリース契約" in client.get("/").content.decode()
    client.force_login(office_head)
    assert "満了が近いリース契約" not in client.get("/").content.decode()
