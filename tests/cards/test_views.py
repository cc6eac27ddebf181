"""Portal pages of the cards app: scoping (404 for other offices), actions, exports, queries."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cards import services
from cards.choices import CardStatus, RosterStatus
from cards.models import Card, Roster
from juki_admin.access import Role

from ..factories import (
    AffairFactory,
    CardFactory,
    StaffFactory,
    accepted_roster,
    bulk_issued_cards,
    make_user,
)
from .conftest import issue

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def their_card(other_office, sysadmin):
    holder = StaffFactory(office=other_office)
    accepted_roster(other_office, individual=[holder])
    return issue(CardFactory(), holder, sysadmin)


def test_office_head_sees_own_cards_only(client, office_head, issued_card, their_card):
    client.force_login(office_head)
    body = client.get(reverse("cards:card_list")).content.decode()
    assert issued_card.serial in body and their_card.serial not in body


@pytest.mark.parametrize(
    ("role", "reclaim_status"),
    # an office head may reclaim, but not another office's card (404); the others may not
    # reclaim at all (403)
    [(Role.OFFICE_HEAD, 404), (Role.OPERATOR, 403), (Role.IDENTITY_MANAGER, 403)],
)
def test_another_offices_card_answers_404(client, role, reclaim_status, office, their_card):
    client.force_login(make_user(role, office))
    assert client.get(reverse("cards:card_detail", args=[their_card.pk])).status_code == 404
    response = client.post(reverse("cards:card_reclaim", args=[their_card.pk]))
    assert response.status_code == reclaim_status


def test_office_head_cannot_reclaim_or_report_another_offices_card(client, office_head, their_card):
    client.force_login(office_head)
    assert client.post(reverse("cards:card_reclaim", args=[their_card.pk])).status_code == 404
    assert client.post(reverse("cards:card_report_lost", args=[their_card.pk])).status_code == 404
    assert Card.objects.get(pk=their_card.pk).status == CardStatus.ISSUED


def test_operator_cannot_act_on_cards_of_their_own_office(client, operator, issued_card):
    client.force_login(operator)
    assert client.post(reverse("cards:card_reclaim", args=[issued_card.pk])).status_code == 403


def test_office_head_reclaims_a_card(client, office_head, issued_card, set_today):
    set_today(D(2011, 4, 1))
    client.force_login(office_head)
    response = client.post(
        reverse("cards:card_reclaim", args=[issued_card.pk]), {"reason": "退職", "on": "2011-03-31"}
    )
    assert response.status_code == 302
    card = Card.objects.get(pk=issued_card.pk)
    assert card.status == CardStatus.RECLAIMED
    assert card.history.first().history_user == office_head


def test_an_illegal_transition_shows_a_message_not_a_500(client, office_head, issued_card):
    client.force_login(office_head)
    url = reverse("cards:card_reclaim", args=[issued_card.pk])
    client.post(url, {"reason": "退職"})
    response = client.post(url, {"reason": "退職"}, follow=True)
    assert response.status_code == 200
    assert "回収済" in response.content.decode() and "回収はできません" in response.content.decode()


def test_a_reclaim_without_a_reason_changes_nothing(client, office_head, issued_card):
    client.force_login(office_head)
    response = client.post(
        reverse("cards:card_reclaim", args=[issued_card.pk]), {"reason": ""}, follow=True
    )
    assert "理由" in response.content.decode() or "必須" in response.content.decode()
    assert Card.objects.get(pk=issued_card.pk).status == CardStatus.ISSUED


def test_a_malformed_date_changes_nothing_and_says_why(client, office_head, issued_card):
    client.force_login(office_head)
    response = client.post(
        reverse("cards:card_reclaim", args=[issued_card.pk]), {"on": "2011-02-30"}, follow=True
    )
    assert response.status_code == 200
    assert Card.objects.get(pk=issued_card.pk).status == CardStatus.ISSUED
    assert "日付" in response.content.decode()


def test_office_head_reports_a_card_lost_from_the_portal(
    client, office_head, issued_card, designated
):
    client.force_login(office_head)
    response = client.post(
        reverse("cards:card_report_lost", args=[issued_card.pk]),
        {"reason": "所在不明", "reported_by": designated.pk, "last_seen_place": "金庫"},
    )
    assert response.status_code == 302
    card = Card.objects.get(pk=issued_card.pk)
    assert card.status == CardStatus.LOST
    assert card.incidents.get().reported_by == designated


def test_card_list_makes_the_same_number_of_queries_for_10_and_1000_cards(
    client, office, office_head, django_assert_num_queries
):
    client.force_login(office_head)

    def make(n, start):
        bulk_issued_cards(office, n, start=start)

    make(10, 0)
    with django_assert_num_queries(6) as small:
        client.get(reverse("cards:card_list"))
    make(990, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("cards:card_list"))
    assert response.status_code == 200


def test_card_list_makes_the_same_number_of_queries_for_1_and_60_group_cards(
    client, sysadmin, django_assert_num_queries
):
    from ..factories import bulk_group_cards

    client.force_login(sysadmin)
    bulk_group_cards(1)
    with django_assert_num_queries(5) as small:
        client.get(reverse("cards:card_list"))
    bulk_group_cards(59, start=1)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(reverse("cards:card_list")).content.decode()
    assert "所属長49" in body  # the custodian of each group card on the page: its office head


def test_ledger_exports_csv_and_pdf_of_the_office(
    client, office_head, issued_card, their_card, pdf_text
):
    client.force_login(office_head)
    response = client.get(reverse("cards:ledger") + "?fy=2010&format=csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("日付,所属,カード番号")
    assert issued_card.serial in text and their_card.serial not in text
    pdf = client.get(reverse("cards:ledger") + "?fy=2010&format=pdf")
    # the printed ledger says which dates it covers (平成22年度)
    assert "平成22年4月1日 〜 平成23年3月31日" in pdf_text(pdf.content)
    other = their_card.office
    assert client.get(reverse("cards:ledger") + f"?office={other.pk}").status_code == 404


def test_ledger_pdf_prints_entries_recorded_without_a_user(client, office_head, issued_card):
    """Entries carried over from the paper registers (or written in bulk) name nobody."""
    from cards.models import CardEvent

    CardEvent.objects.filter(card=issued_card).update(actor=None)
    client.force_login(office_head)
    pdf = client.get(reverse("cards:ledger") + "?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def _ledger_events(office, days):
    """Ledger entries of a card of ``office`` on each of ``days`` (bulk, no history)."""
    from cards.models import CardEvent

    card = CardFactory()
    CardEvent.objects.bulk_create(
        [CardEvent(card=card, kind="confirm", occurred_on=day, office=office) for day in days]
    )
    return card


def test_the_ledger_shows_the_current_fiscal_year_unless_asked_for_another_range(
    client, office, office_head, set_today
):
    set_today(D(2026, 11, 26))
    _ledger_events(office, [D(2026, 3, 31), D(2026, 4, 1), D(2026, 11, 26), D(2027, 4, 1)])
    client.force_login(office_head)

    def csv_days(query=""):
        text = client.get(reverse("cards:ledger") + "?format=csv" + query)
        return [line.split(",")[0] for line in text.content.decode("utf-8-sig").splitlines()[1:]]

    assert csv_days() == ["2026-04-01", "2026-11-26"]  # 令和8年度, in the order of the ledger
    assert csv_days("&fy=2025") == ["2026-03-31"]
    # a range typed in the era, across the turn of the fiscal year
    assert csv_days("&start=令和8年3月31日&end=R8.4.1") == ["2026-03-31", "2026-04-01"]
    # entries recorded without an acting user (a command, an import) print too
    assert client.get(reverse("cards:ledger") + "?format=pdf").content.startswith(b"%PDF")
    page = client.get(reverse("cards:ledger"), {"start": "2026/04/02"}).content.decode()
    assert "令和8年11月26日" in page and "令和8年4月1日" not in page
    # a date that is no date, or a range the wrong way round: the current year, and why
    for query in ({"start": "令和8年2月30日"}, {"start": "2026-12-01", "end": "2026-11-01"}):
        response = client.get(reverse("cards:ledger"), query)
        assert response.status_code == 200
        assert "令和8年4月1日" in response.content.decode()
        assert 'class="errors"' in response.content.decode()
    # the error names the field as the form labels it, never by its parameter
    errors = client.get(reverse("cards:ledger"), {"fy": "9999", "start": "²"}).content.decode()
    errors = errors.split('class="errors"')[1].split("</div>")[0]
    assert "年度：" in errors and ">fy" not in errors and "start" not in errors


def test_the_ledger_page_makes_the_same_number_of_queries_for_3_and_300_entries(
    client, office, office_head, set_today, django_assert_num_queries
):
    set_today(D(2026, 11, 26))
    client.force_login(office_head)
    from django.db import connection

    _ledger_events(office, [D(2026, 5, 1)] * 3)
    # session, user, roles, staff, offices; the count (bounded, and the planner's estimate
    # on PostgreSQL: juki_admin.paging) and the page
    with django_assert_num_queries(8 if connection.vendor == "postgresql" else 7) as small:
        client.get(reverse("cards:ledger"))
    for _ in range(3):
        _ledger_events(office, [D(2026, 6, 1)] * 99)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(reverse("cards:ledger") + "?page=3").content.decode()
    assert "3 / 3" in body


def test_issue_receipt_is_a_pdf_and_scoped(client, office_head, issued_card, their_card):
    client.force_login(office_head)
    mine = issued_card.events.get(kind="issue")
    theirs = their_card.events.get(kind="issue")
    response = client.get(reverse("cards:issue_receipt", args=[mine.pk]))
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("cards:issue_receipt", args=[theirs.pk])).status_code == 404


# --- rosters -------------------------------------------------------------------------------


def test_office_head_designates_approves_and_the_administrator_accepts(
    client, office, office_head, sysadmin, set_today
):
    set_today(D(2026, 11, 26))
    person = StaffFactory(office=office, name="新任 操作者")
    affair = AffairFactory(code="PASS", name="旅券事務")
    client.force_login(office_head)
    response = client.post(reverse("cards:roster_open"))
    roster = Roster.objects.get(office=office)
    assert response["Location"] == roster.get_absolute_url()
    assert roster.fiscal_year == 2026 and roster.status == RosterStatus.DRAFT
    client.post(
        reverse("cards:roster_designate", args=[roster.pk]),
        {"staff": person.pk, "use_mode": "individual", "affairs": [affair.pk]},
    )
    assert roster.designations.get().staff == person
    client.post(reverse("cards:roster_submit", args=[roster.pk]))
    roster.refresh_from_db()
    assert (roster.status, roster.submitted_by) == (RosterStatus.SUBMITTED, office_head)
    # the submitted version is frozen for the office head
    response = client.post(
        reverse("cards:roster_undesignate", args=[roster.pk, person.pk]), follow=True
    )
    assert "のため、操作者の指定の取消しはできません" in response.content.decode()
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:cards_roster_action", args=[roster.pk, "accept"]), {"reason": ""}
    )
    assert response.status_code == 302
    roster.refresh_from_db()
    assert (roster.status, roster.decided_by) == (RosterStatus.ACCEPTED, sysadmin)


def test_a_change_during_the_year_is_a_new_version_and_every_version_is_kept(
    office, office_head, sysadmin, set_today
):
    set_today(D(2026, 11, 26))
    first = StaffFactory(office=office)
    v1 = accepted_roster(office, individual=[first], fiscal_year=2026)
    v2 = services.roster_open(office=office, fiscal_year=2026, actor=office_head)
    assert v2.version == 2 and list(v2.designations.values_list("staff", flat=True)) == [first.pk]
    services.roster_undesignate(roster=v2, staff=first, actor=office_head, reason="異動")
    services.roster_designate(
        roster=v2,
        staff=StaffFactory(office=office),
        use_mode="individual",
        affairs=[AffairFactory()],
        actor=office_head,
    )
    services.roster_submit(roster=v2, actor=office_head)
    services.roster_return(roster=v2, actor=sysadmin, reason="利用事務の記載漏れ")
    v2.refresh_from_db()
    assert (v2.status, v2.decision_reason) == (RosterStatus.RETURNED, "利用事務の記載漏れ")
    services.roster_submit(roster=v2, actor=office_head)
    services.roster_accept(roster=v2, actor=sysadmin)
    assert Roster.objects.filter(office=office).count() == 2
    assert v1.designations.filter(staff=first).exists()  # the old version still says who was on it


def test_who_has_left_is_not_carried_into_a_new_roster(office, office_head, sysadmin, set_today):
    from juki_admin.choices import StaffStatus
    from juki_admin.services import staff_change_status

    set_today(D(2026, 11, 26))
    stays, leaves = StaffFactory(office=office), StaffFactory(office=office)
    accepted_roster(office, individual=[stays, leaves], fiscal_year=2025)
    staff_change_status(
        staff=leaves,
        status=StaffStatus.RETIRED,
        effective_date=D(2026, 3, 31),
        actor=sysadmin,
        reason="退職",
    )
    roster = services.roster_open(office=office, fiscal_year=2026, actor=office_head)
    assert list(roster.designations.values_list("staff", flat=True)) == [stays.pk]


def test_roster_pdf_and_csv(client, office, office_head):
    person = StaffFactory(office=office, name="名簿 掲載")
    roster = accepted_roster(office, individual=[person])
    client.force_login(office_head)
    csv = client.get(reverse("cards:roster_detail", args=[roster.pk]) + "?format=csv")
    assert "名簿 掲載" in csv.content.decode("utf-8-sig")
    pdf = client.get(reverse("cards:roster_detail", args=[roster.pk]) + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")


def test_office_head_cannot_see_or_approve_another_offices_roster(
    client, office_head, other_office
):
    theirs = Roster.objects.create(office=other_office, fiscal_year=2026, version=1)
    client.force_login(office_head)
    assert client.get(reverse("cards:roster_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("cards:roster_submit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("cards:roster_designate", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RosterStatus.DRAFT


def test_designating_someone_of_another_office_is_refused(office, office_head, other_office):
    roster = services.roster_open(office=office, fiscal_year=2026, actor=office_head)
    from juki_admin.errors import DomainError

    with pytest.raises(DomainError, match="職員ではありません"):
        services.roster_designate(
            roster=roster,
            staff=StaffFactory(office=other_office),
            use_mode="individual",
            affairs=[AffairFactory()],
            actor=office_head,
        )


# --- inventory ------------------------------------------------------------------------------


def test_inventory_confirm_card_by_card_and_unconfirmed_after_due(
    client, office_head, issued_card, their_card, sysadmin, set_today
):
    from cards.models import InventoryItem
    from cards.selectors import overdue_inventory_items

    set_today(D(2012, 5, 1))
    inventory = services.inventory_open(
        title="令和8年度現物確認", due_on=D(2012, 5, 31), actor=sysadmin
    )
    assert inventory.items.count() == 2
    mine = inventory.items.get(card=issued_card)
    theirs = inventory.items.get(card=their_card)
    client.force_login(office_head)
    body = client.get(reverse("cards:inventory")).content.decode()
    assert issued_card.serial in body and their_card.serial not in body
    assert (
        client.post(
            reverse("cards:inventory_confirm", args=[theirs.pk]), {"in_hand": "1"}
        ).status_code
        == 404
    )
    client.post(reverse("cards:inventory_confirm", args=[mine.pk]), {"in_hand": "1"})
    mine.refresh_from_db()
    assert mine.result == "in_hand"
    assert Card.objects.get(pk=issued_card.pk).last_confirmed_on == D(2012, 5, 1)
    set_today(D(2012, 6, 1))
    assert list(overdue_inventory_items(InventoryItem.objects.all())) == [theirs]


def test_a_card_not_found_in_the_inventory_is_reported_lost(
    client, office_head, issued_card, sysadmin, set_today
):
    set_today(D(2012, 5, 1))
    inventory = services.inventory_open(title="現物確認", due_on=D(2012, 5, 31), actor=sysadmin)
    item = inventory.items.get()
    client.force_login(office_head)
    response = client.post(
        reverse("cards:inventory_confirm", args=[item.pk]),
        {"in_hand": "0", "note": ""},
        follow=True,
    )
    assert "最後に所在を確認" in response.content.decode()
    client.post(
        reverse("cards:inventory_confirm", args=[item.pk]),
        {"in_hand": "0", "note": "4月以降見当たらない"},
    )
    assert Card.objects.get(pk=issued_card.pk).status == CardStatus.LOST
    assert issued_card.incidents.count() == 1


def test_home_page_makes_the_same_number_of_queries_with_few_and_many_cards(
    client, office, office_head, sysadmin, django_assert_num_queries, django_assert_max_num_queries
):
    from juki_admin.choices import StaffStatus
    from juki_admin.services import staff_change_status

    def make(n):
        for _ in range(n):
            holder = StaffFactory(office=office)
            accepted_roster(office, individual=[holder])
            issue(CardFactory(), holder, sysadmin)
            staff_change_status(
                staff=holder,
                status=StaffStatus.RETIRED,
                effective_date=D(2011, 3, 31),
                actor=sysadmin,
                reason="退職",
            )

    client.force_login(office_head)
    make(2)
    with django_assert_max_num_queries(30) as small:
        client.get("/")
    make(20)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get("/").content.decode()
    # the oldest ten on the home page, and a link to the reclaim page with all 22
    assert body.count("日超過") == 10
    assert re.search(r'href="/cards/reclaims/">[^<]*\b22\b', body)


def test_the_person_pick_lists_can_be_narrowed_by_typing(client, sysadmin, office):
    """The designation and card-issue forms mark their person list searchable (juki.js adds
    the box that narrows it), with the placeholder in Japanese."""
    from cards.forms import DesignateForm, IssueForm

    for form in (DesignateForm(), IssueForm()):
        field = "staff" if "staff" in form.fields else "holder"
        assert 'data-searchable="氏名・職員番号で絞り込み"' in str(form[field])


def test_roster_list_by_fiscal_year_a_hundred_a_page(client, sysadmin, office_head, office):
    from ..factories import OfficeFactory

    offices = [OfficeFactory(code=f"R{i:03d}", name=f"名簿事務所{i}") for i in range(101)]
    Roster.objects.bulk_create(
        [Roster(office=o, fiscal_year=2025, version=1) for o in offices]
        + [
            Roster(office=offices[0], fiscal_year=2026, version=1),
            Roster(office=office, fiscal_year=2026, version=1),
        ]
    )
    client.force_login(sysadmin)
    url = reverse("cards:roster_list")
    first = client.get(url).content.decode()
    assert first.count("第1版") == 100 and "1 / 2" in first
    assert client.get(url + "?page=2").content.decode().count("第1版") == 3
    this_year = client.get(url + "?fy=2026").content.decode()
    assert this_year.count("第1版") == 2 and "名簿事務所0" in this_year
    assert "名簿事務所1<" not in this_year
    # an office head: their own office's rosters only, whatever the year asked for
    client.force_login(office_head)
    own = client.get(url + "?fy=2026").content.decode()
    assert own.count("第1版") == 1 and "名簿事務所" not in own
    assert client.get(url + "?fy=abc").status_code == 404
    # newest year first, and an older year asked for by its address is offered in the menu
    client.force_login(sysadmin)
    rows = first.split("<tbody>")[1]
    assert rows.index("令和8年度") < rows.index("令和7年度")
    old = client.get(url + "?fy=2001").content.decode()
    assert '<option value="2001" selected>' in old
