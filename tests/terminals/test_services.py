"""Writes of the terminals app: leases, terminals, the usage log and the registers."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from cards.models import Card
from juki_admin.choices import CardMode, OfficeKind
from juki_admin.errors import DomainError
from terminals import services
from terminals.choices import MediaStatus, TerminalStatus
from terminals.models import Lease, MediaItem, PurgeRecord, RoomEntry, Terminal, UsageLogEntry

from ..cards.conftest import issue
from ..factories import (
    AffairFactory,
    CardFactory,
    OfficeFactory,
    OperatorGroupFactory,
    StaffFactory,
    accepted_roster,
    add_member,
)

pytestmark = pytest.mark.django_db
D = dt.date


def moment(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_the_2007_lease_is_extended_by_one_year_with_the_reason_kept(sysadmin):
    lease = Lease.objects.create(
        number="H19-1", lessor="リース", starts_on=D(2008, 3, 1), ends_on=D(2013, 2, 28)
    )
    services.lease_extend(lease=lease, new_end=D(2014, 2, 28), actor=sysadmin, reason="1年延長")
    lease.refresh_from_db()
    assert lease.ends_on == D(2014, 2, 28)
    assert lease.extensions.get().previous_end == D(2013, 2, 28)
    with pytest.raises(DomainError, match="より後"):
        services.lease_extend(lease=lease, new_end=D(2014, 1, 1), actor=sysadmin, reason="短縮")


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
    with pytest.raises(DomainError, match="「返却済（リース会社）」のため、稼働再開はできません"):
        services.terminal_set_status(
            terminal=terminal, status=TerminalStatus.IN_SERVICE, actor=sysadmin, reason="再開"
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


def test_use_for_an_affair_the_operator_is_not_designated_for_is_refused(
    operator_user, terminal, affair
):
    other_affair = AffairFactory(code="TAX", name="税務事務")
    card = Card.objects.get(serial="C-OP1")
    with pytest.raises(DomainError, match="操作者名簿で 税務事務 の操作者に指定されていません"):
        services.usage_start(
            operator=operator_user.staff,
            terminal=terminal,
            card=card,
            affair=other_affair,
            actor=operator_user,
        )
    assert not UsageLogEntry.objects.exists()
    entry = services.usage_start(
        operator=operator_user.staff,
        terminal=terminal,
        card=card,
        affair=affair,
        actor=operator_user,
    )
    assert entry.affair == affair


def test_a_suspended_card_is_refused_with_its_status(operator_user, terminal, affair, sysadmin):
    from cards import services as card_services

    card = Card.objects.get(serial="C-OP1")
    card_services.card_suspend(card=card, actor=sysadmin, reason="調査")
    card.refresh_from_db()
    with pytest.raises(DomainError, match="カード C-OP1 は「資格停止[^」]*」のため使用できません"):
        services.usage_start(
            operator=operator_user.staff,
            terminal=terminal,
            card=card,
            affair=affair,
            actor=sysadmin,
        )


def test_group_use_needs_membership_of_the_cards_group(office, terminal, affair, sysadmin):
    office.head = StaffFactory(office=office)
    office.save()
    group = OperatorGroupFactory(office=office)
    member, stranger = add_member(group), StaffFactory(office=office)
    accepted_roster(office, group_use=[member, stranger])
    from ..cards.conftest import issue_to_group

    card = issue_to_group(CardFactory(kind="group"), group, sysadmin)
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
    with pytest.raises(DomainError, match="利用できません"):
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


def test_the_database_refuses_an_unescorted_non_operator(office):
    with pytest.raises(IntegrityError, match="non_operator_is_escorted"), transaction.atomic():
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


def test_the_database_refuses_a_disposal_without_approval(office):
    with pytest.raises(IntegrityError, match="disposal_is_approved_first"), transaction.atomic():
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
    with pytest.raises(DomainError, match="すべての項目"):
        services.daily_check_record(
            terminal=terminal, results={points[0]: True}, actor=operator_user, on=D(2026, 11, 24)
        )
    with pytest.raises(DomainError, match="不備の内容"):
        services.daily_check_record(
            terminal=terminal,
            results=ok | {points[1]: False},
            actor=operator_user,
            on=D(2026, 11, 24),
        )


def test_key_register(office, operator_user):
    log = services.key_take(
        office=office, key="端末機室", taken_by="操作 一郎", purpose="開錠", actor=operator_user
    )
    with pytest.raises(DomainError, match="まだ返却されていません"):
        services.key_take(
            office=office, key="端末機室", taken_by="別人", purpose="開錠", actor=operator_user
        )
    services.key_return(log=log, actor=operator_user)
    with pytest.raises(DomainError, match="「返却済」のため、返却はできません"):
        services.key_return(log=log, actor=operator_user)


def test_vein_register_keeps_one_active_enrolment(office, sysadmin):
    person = StaffFactory(office=office)
    enrolment = services.vein_enrol(
        operator=person, operator_code="OP1", collation_id="VC1", actor=sysadmin
    )
    with pytest.raises(DomainError, match="使用中"):
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
    listed = capsys.readouterr().out
    assert "terminals.RoomEntry：" in listed and "記録 1 件" in listed
    assert RoomEntry.objects.count() == 2
    call_command("purge_expired", "--apply", "--actor", "op1")
    assert list(RoomEntry.objects.values_list("name", flat=True)) == ["最近"]
    record = PurgeRecord.objects.get()
    assert (record.register, record.removed, record.actor) == (
        "terminals.RoomEntry",
        1,
        operator_user,
    )
    # its history, which held the same personal data, went with it; the purge is on record
    assert not RoomEntry.history.filter(id=old.pk).exists()
    assert record.history.get().history_user == operator_user
