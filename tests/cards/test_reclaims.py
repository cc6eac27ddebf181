"""The 2012 incident replayed: a retired holder's card is flagged from the day they leave."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cards import services
from cards.choices import CardStatus
from cards.models import Card
from cards.selectors import due_reclaims
from juki_admin.choices import StaffStatus
from juki_admin.services import office_set_head, staff_change_status

from ..factories import CardFactory, StaffFactory, accepted_roster
from .conftest import issue

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def paper_case(office, office_head, sysadmin, set_today):
    """東葛飾旅券事務所: a regular employee's card, issued in 2007; they retire 2011-09-30."""
    set_today(D(2011, 9, 1))
    office_set_head(office=office, head=office_head.staff, actor=sysadmin)
    office_head.email = "head@example.invalid"
    office_head.save()
    sysadmin.email = "admin@example.invalid"
    sysadmin.save()
    employee = StaffFactory(office=office, name="退職 太郎")
    accepted_roster(office, individual=[employee], fiscal_year=2007)
    card = issue(
        CardFactory(serial="CS02900", registered_on=D(2007, 4, 1)),
        employee,
        sysadmin,
        on=D(2007, 4, 2),
    )
    staff_change_status(
        staff=employee,
        status=StaffStatus.RETIRED,
        effective_date=D(2011, 9, 30),
        actor=sysadmin,
        reason="退職",
    )
    return card


def test_card_is_due_on_the_day_the_holder_retires(paper_case):
    assert due_reclaims(Card.objects.all(), D(2011, 9, 29)) == []
    (due,) = due_reclaims(Card.objects.all(), D(2011, 9, 30))
    assert (due.card, due.due_on, due.days_overdue, due.cause) == (
        paper_case,
        D(2011, 9, 30),
        0,
        "status",
    )


def test_overdue_from_the_next_day_with_days_counted(paper_case):
    (due,) = due_reclaims(Card.objects.all(), D(2011, 10, 1))
    assert due.days_overdue == 1
    (due,) = due_reclaims(Card.objects.all(), D(2012, 4, 12))
    assert due.days_overdue == 195  # the seven months nobody noticed


def test_check_reclaims_sends_one_summary_per_office_head_and_exits_0(paper_case, office, capsys):
    second = StaffFactory(office=office)
    accepted_roster(office, individual=[paper_case.holder, second], fiscal_year=2008)
    issue(
        CardFactory(registered_on=D(2007, 4, 1)),
        second,
        paper_case.events.first().actor,
        on=D(2008, 4, 2),
    )
    staff_change_status(
        staff=second,
        status=StaffStatus.TRANSFERRED,
        effective_date=D(2011, 9, 30),
        actor=None,
        reason="異動",
    )
    call_command("check_reclaims", "--date", "2011-10-01")
    out = capsys.readouterr().out
    assert "2 枚" in out and "CS02900" in out
    to_head = [m for m in mail.outbox if m.to == ["head@example.invalid"]]
    assert len(to_head) == 1  # one summary for two cards, not one mail per card
    assert "CS02900" in to_head[0].body and "1 日超過" in to_head[0].body
    assert [m.to for m in mail.outbox].count(["admin@example.invalid"]) == 1


def test_check_reclaims_announces_a_departure_30_7_and_1_days_ahead_only(paper_case, capsys):
    call_command("check_reclaims", "--date", "2011-09-25")  # 5 days ahead: quiet
    assert "計 0 枚" in capsys.readouterr().out
    assert mail.outbox == []
    call_command("check_reclaims", "--date", "2011-09-23")  # 7 days ahead
    assert "計 1 枚" in capsys.readouterr().out
    assert "あと 7 日" in mail.outbox[0].body


def test_check_reclaims_refuses_a_malformed_date(paper_case):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="日付"):
        call_command("check_reclaims", "--date", "2011-02-30")


def test_both_home_pages_show_it_overdue(paper_case, client, office_head, sysadmin, set_today):
    set_today(D(2011, 10, 1))
    for user in (office_head, sysadmin):
        client.force_login(user)
        body = client.get("/").content.decode()
        assert "CS02900" in body, user
        assert "1 日超過" in body
    set_today(D(2012, 4, 12))
    client.force_login(office_head)
    assert "195 日超過" in client.get("/").content.decode()


def test_another_office_head_does_not_see_it(paper_case, client, other_office, set_today):
    from juki_admin.access import Role

    from ..factories import make_user

    set_today(D(2011, 10, 1))
    client.force_login(make_user(Role.OFFICE_HEAD, other_office))
    assert "CS02900" not in client.get("/").content.decode()


def test_reporting_it_lost_suspends_it_and_opens_an_incident(paper_case, sysadmin, set_today):
    set_today(D(2012, 4, 12))
    incident = services.card_report_lost(
        card=paper_case,
        actor=sysadmin,
        reason="返却のため確認したところ所在不明",
        last_seen_on=D(2011, 9, 30),
        on=D(2012, 4, 12),
    )
    paper_case.refresh_from_db()
    assert paper_case.status == CardStatus.LOST
    assert incident.opened_on == D(2012, 4, 12)
    assert due_reclaims(Card.objects.all(), D(2012, 4, 13)) == []  # no longer "in use"
    # found again, it is back in use (suspended) and due again from the retirement
    set_today(D(2012, 4, 20))
    services.card_mark_found(
        card=paper_case, actor=sysadmin, reason="書庫で発見", on=D(2012, 4, 20)
    )
    (due,) = due_reclaims(Card.objects.all(), D(2012, 4, 21))
    assert (due.card, due.due_on) == (paper_case, D(2011, 9, 30))


def test_reclaiming_ends_the_watch(paper_case, office_head, set_today):
    set_today(D(2011, 10, 3))
    services.card_reclaim(card=paper_case, actor=office_head, reason="退職", on=D(2011, 10, 3))
    assert due_reclaims(Card.objects.all(), D(2011, 10, 4)) == []


def test_a_planned_departure_is_shown_ahead_but_not_overdue(
    issued_card, designated, sysadmin, set_today
):
    set_today(D(2010, 6, 1))
    staff_change_status(
        staff=designated,
        status=StaffStatus.TRANSFERRED,
        effective_date=D(2010, 6, 20),
        actor=sysadmin,
        reason="異動内示",
    )
    assert due_reclaims(Card.objects.all(), D(2010, 6, 1)) == []
    (ahead,) = due_reclaims(Card.objects.all(), D(2010, 6, 1), upcoming_days=30)
    assert ahead.days_until == 19


def test_leaving_the_roster_makes_the_card_due_from_the_day_it_takes_effect(
    issued_card, designated, office, sysadmin, set_today
):
    set_today(D(2011, 5, 1))
    others = StaffFactory(office=office)
    roster = accepted_roster(
        office, individual=[others], fiscal_year=2011, accepted_on=D(2011, 4, 20)
    )
    assert roster.effective_on == D(2011, 4, 20)
    (due,) = due_reclaims(Card.objects.all(), D(2011, 5, 1))
    assert (due.card, due.cause, due.due_on) == (issued_card, "roster", D(2011, 4, 20))


def test_next_years_roster_accepted_in_march_takes_effect_on_1_april(office, sysadmin, set_today):
    """The case of issue 8: on 2027-03-10, a 2027 roster accepted on 2027-03-01 that leaves
    someone out is not yet in force. The card-issue check still finds their 2026 designation,
    and the reclaim watch shows their card due on 2027-04-01, not overdue from 2027-03-01."""
    from cards.selectors import designation_in_force, roster_in_force

    stays, leaves = StaffFactory(office=office), StaffFactory(office=office)
    set_today(D(2026, 4, 10))
    v2026 = accepted_roster(office, individual=[stays, leaves], fiscal_year=2026)
    card = issue(CardFactory(), leaves, sysadmin, on=D(2026, 4, 10))
    set_today(D(2027, 3, 10))
    v2027 = accepted_roster(office, individual=[stays], fiscal_year=2027, accepted_on=D(2027, 3, 1))
    assert v2027.effective_on == D(2027, 4, 1)

    on = D(2027, 3, 10)
    assert roster_in_force(office, on) == v2026
    assert designation_in_force(leaves, on).roster == v2026
    assert due_reclaims(Card.objects.all(), on) == []
    (ahead,) = due_reclaims(Card.objects.all(), on, upcoming_days=30)
    assert (ahead.card, ahead.cause, ahead.due_on, ahead.days_until) == (
        card,
        "roster",
        D(2027, 4, 1),
        22,
    )
    assert roster_in_force(office, D(2027, 4, 1)) == v2027
    assert designation_in_force(leaves, D(2027, 4, 1)) is None
    (due,) = due_reclaims(Card.objects.all(), D(2027, 4, 2))
    assert (due.due_on, due.days_overdue) == (D(2027, 4, 1), 1)


def test_a_late_version_of_a_past_year_does_not_override_the_new_years_roster(
    office, sysadmin, set_today
):
    from cards.selectors import roster_in_force

    set_today(D(2027, 4, 6))
    person = StaffFactory(office=office)
    accepted_roster(office, individual=[person], fiscal_year=2026)
    v2027 = accepted_roster(
        office, individual=[person], fiscal_year=2027, accepted_on=D(2027, 4, 1)
    )
    late = accepted_roster(
        office, individual=[], group_use=[person], fiscal_year=2026, accepted_on=D(2027, 4, 5)
    )
    assert late.effective_on == D(2027, 4, 5)
    assert roster_in_force(office, D(2027, 4, 6)) == v2027


def test_a_run_of_rosters_without_the_holder_dates_the_card_from_the_first(
    issued_card, designated, office, sysadmin, set_today
):
    others = StaffFactory(office=office)
    accepted_roster(office, individual=[others], fiscal_year=2011, accepted_on=D(2011, 4, 1))
    accepted_roster(office, individual=[others], fiscal_year=2012, accepted_on=D(2012, 4, 1))
    (due,) = due_reclaims(Card.objects.all(), D(2012, 5, 1))
    assert (due.cause, due.due_on) == ("roster", D(2011, 4, 1))
    # designated again: no longer due
    accepted_roster(
        office, individual=[others, designated], fiscal_year=2012, accepted_on=D(2012, 6, 1)
    )
    assert due_reclaims(Card.objects.all(), D(2012, 6, 1)) == []


def test_a_transfer_makes_the_card_due_from_its_date_in_the_old_office(
    issued_card, designated, office, other_office, sysadmin, set_today
):
    from juki_admin.services import staff_transfer

    set_today(D(2010, 9, 1))
    staff_transfer(
        staff=designated,
        office=other_office,
        effective_date=D(2010, 10, 1),
        actor=sysadmin,
        reason="人事異動",
    )
    designated.refresh_from_db()
    assert (designated.office, designated.status) == (other_office, "active")
    assert due_reclaims(Card.objects.all(), D(2010, 9, 30)) == []
    (due,) = due_reclaims(Card.objects.filter(office=office), D(2010, 10, 2))
    assert (due.card, due.cause, due.due_on, due.days_overdue) == (
        issued_card,
        "transfer",
        D(2010, 10, 1),
        1,
    )


def test_reclaims_page_reclaims_every_card_of_a_person(paper_case, client, office_head, set_today):
    set_today(D(2011, 10, 5))
    client.force_login(office_head)
    assert "CS02900" in client.get(reverse("cards:reclaims")).content.decode()
    response = client.post(
        reverse("cards:staff_reclaim_all", args=[paper_case.holder_id]), {"reason": "退職"}
    )
    assert response.status_code == 302
    paper_case.refresh_from_db()
    assert paper_case.status == CardStatus.RECLAIMED


def test_the_reclaim_watch_charts_overdue_cards_by_office(
    paper_case, client, sysadmin, other_office, set_today
):
    def retire(office, serial, name):
        person = StaffFactory(office=office, name=name)
        accepted_roster(office, individual=[person], fiscal_year=2007)
        issue(CardFactory(serial=serial, registered_on=D(2007, 4, 1)), person, sysadmin)
        staff_change_status(
            staff=person,
            status=StaffStatus.RETIRED,
            effective_date=D(2011, 9, 30),
            actor=sysadmin,
            reason="退職",
        )

    retire(other_office, "CS01901", "退職 一郎")
    retire(other_office, "CS01902", "退職 二郎")
    set_today(D(2011, 10, 1))
    client.force_login(sysadmin)
    page = client.get(reverse("cards:reclaims")).content.decode()
    chart = page[page.index("所属別の回収遅れカード") :]
    # the office with two overdue cards first, at full width; the other at half
    assert chart.index(other_office.name) < chart.index(paper_case.office.name)
    assert 'data-width="100"' in chart and 'data-width="50"' in chart


def test_an_operator_sees_their_own_card_due_not_the_offices(paper_case, client, office, set_today):
    from juki_admin.access import Role
    from juki_admin.models import Staff

    from ..factories import UserFactory, make_user

    set_today(D(2011, 10, 1))
    client.force_login(make_user(Role.OPERATOR, office, username="op-colleague"))
    assert "CS02900" not in client.get("/").content.decode()  # a colleague's card
    assert "CS02900" not in client.get("/cards/reclaims/").content.decode()  # nor there
    login = UserFactory(roles=[Role.OPERATOR], username="op-holder")
    Staff.objects.filter(pk=paper_case.holder_id).update(user=login)  # the holder's login
    set_today(D(2011, 9, 15))  # before they leave: their card is due in 15 days
    client.force_login(login)
    assert "CS02900" in client.get("/").content.decode()  # their own
    assert "CS02900" in client.get("/cards/reclaims/").content.decode()


# --- the periods kept for the reclaim watch --------------------------------------------------


def test_a_past_day_inside_a_closed_run_is_still_due_from_its_start(
    issued_card, designated, office, set_today
):
    """Left off the 2011 and 2012 rosters, designated again from 2012-06-01: the card was due
    from 2011-04-01 until then (a report for a day in between says so), and not after."""
    others = StaffFactory(office=office)
    accepted_roster(office, individual=[others], fiscal_year=2011, accepted_on=D(2011, 4, 1))
    accepted_roster(office, individual=[others], fiscal_year=2012, accepted_on=D(2012, 4, 1))
    accepted_roster(
        office, individual=[others, designated], fiscal_year=2012, accepted_on=D(2012, 6, 1)
    )
    (due,) = due_reclaims(Card.objects.all(), D(2012, 5, 31))
    assert (due.cause, due.due_on) == ("roster", D(2011, 4, 1))
    assert due_reclaims(Card.objects.all(), D(2012, 6, 1)) == []
    assert due_reclaims(Card.objects.all(), D(2011, 3, 31)) == []
    (period,) = issued_card.reclaim_periods.all()
    assert (period.starts_on, period.ends_on) == (D(2011, 4, 1), D(2012, 6, 1))


def test_the_earliest_cause_gives_the_date_and_ties_go_to_the_departure(
    issued_card, designated, office, other_office, sysadmin, set_today
):
    from juki_admin.services import staff_transfer

    set_today(D(2010, 9, 1))
    staff_transfer(
        staff=designated,
        office=other_office,
        effective_date=D(2010, 10, 1),
        actor=sysadmin,
        reason="人事異動",
    )
    staff_change_status(
        staff=designated,
        status=StaffStatus.TRANSFERRED,
        effective_date=D(2010, 10, 1),
        actor=sysadmin,
        reason="異動",
    )
    (due,) = due_reclaims(Card.objects.all(), D(2010, 10, 5))
    assert (due.due_on, due.cause) == (D(2010, 10, 1), "status")
    assert sorted(issued_card.reclaim_periods.values_list("cause", flat=True)) == [
        "status",
        "transfer",
    ]


def test_periods_follow_the_holder_and_keep_who_and_why_in_their_history(
    paper_case, sysadmin, office_head, set_today
):
    (period,) = paper_case.reclaim_periods.all()
    assert (period.cause, period.starts_on, period.ends_on) == ("status", D(2011, 9, 30), None)
    created = period.history.get()
    assert (created.history_user, created.history_change_reason) == (sysadmin, "退職")
    # the retirement is called off: nothing is due any more
    staff_change_status(
        staff=paper_case.holder,
        status=StaffStatus.ACTIVE,
        effective_date=None,
        actor=sysadmin,
        reason="退職取消",
    )
    assert not paper_case.reclaim_periods.exists()
    assert due_reclaims(Card.objects.all(), D(2012, 4, 12)) == []
    from cards.models import ReclaimPeriod

    removed = ReclaimPeriod.history.filter(history_type="-").get()
    assert (removed.history_user, removed.history_change_reason) == (sysadmin, "退職取消")


def test_a_reclaimed_card_has_no_period_left(paper_case, office_head, set_today):
    set_today(D(2011, 10, 3))
    services.card_reclaim(card=paper_case, actor=office_head, reason="退職", on=D(2011, 10, 3))
    assert not paper_case.reclaim_periods.exists()


def test_rebuild_finds_the_watch_up_to_date_and_repairs_it_when_not(paper_case, capsys):
    from cards.models import ReclaimPeriod

    call_command("rebuild_reclaim_watch")
    assert "追加: 0 件、削除: 0 件" in capsys.readouterr().out
    assert ReclaimPeriod.objects.count() == 1
    ReclaimPeriod.objects.all().delete()  # as if the data had been written around the services
    assert due_reclaims(Card.objects.all(), D(2011, 10, 1)) == []
    call_command("rebuild_reclaim_watch")
    (due,) = due_reclaims(Card.objects.all(), D(2011, 10, 1))
    assert (due.card, due.due_on) == (paper_case, D(2011, 9, 30))


def test_a_bulk_change_of_staff_tells_the_reclaim_watch_once(paper_case, office, sysadmin):
    """What an import that writes staff in bulk calls: ``staff_changed`` with every person."""
    from juki_admin.models import Staff
    from juki_admin.services import staff_changed

    Staff.objects.filter(pk=paper_case.holder_id).update(status="active", status_date=None)
    staff_changed(staff_ids=[paper_case.holder_id], actor=sysadmin, reason="職員一括取込")
    assert not paper_case.reclaim_periods.exists()


def test_the_reclaim_page_makes_the_same_number_of_queries_for_2_and_60_due_cards(
    client, office, office_head, set_today, django_assert_num_queries
):
    from ..factories import bulk_issued_cards

    set_today(D(2026, 11, 26))
    client.force_login(office_head)
    bulk_issued_cards(office, 4, retired_every=2)  # 2 due
    # session, user, roles, staff; the count, the page of due cards and the chart by office
    with django_assert_num_queries(7) as small:
        response = client.get(reverse("cards:reclaims"))
    assert response.content.decode().count("日超過") == 2
    bulk_issued_cards(office, 116, start=4, retired_every=2)  # 60 due: two pages
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("cards:reclaims"))
    assert response.content.decode().count("日超過") == 50
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("cards:reclaims") + "?page=2")
    assert response.content.decode().count("日超過") == 10


@pytest.mark.parametrize("junk", ["0", "-1", "x", "1e3", "２", "99999999999999999999", "%00"])
def test_the_reclaim_page_reads_any_junk_page_number_as_a_page(
    junk, client, office, office_head, set_today
):
    from ..factories import bulk_issued_cards

    set_today(D(2026, 11, 26))
    bulk_issued_cards(office, 4, retired_every=2)
    client.force_login(office_head)
    response = client.get(reverse("cards:reclaims"), {"page": junk})
    assert response.status_code == 200
    assert response.content.decode().count("日超過") == 2
