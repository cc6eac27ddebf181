"""Training: the rules that tie it to cards, the re-education list, rates per office."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from cards.choices import CardStatus
from juki_admin.access import Role
from juki_admin.choices import StaffStatus
from juki_admin.errors import DomainError
from juki_admin.services import staff_change_status
from training import selectors, services
from training.choices import AttendanceStatus as A
from training.choices import SessionKind, ViolationSource

from ..cards.conftest import issue
from ..factories import CardFactory, OfficeFactory, StaffFactory, accepted_roster, make_user

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def plan(sysadmin, set_today):
    set_today(D(2026, 11, 26))
    return services.plan_create(fiscal_year=2026, title="令和8年度研修計画", actor=sysadmin)


def session(plan, sysadmin, kind=SessionKind.GENERAL, on=None):
    return services.session_schedule(
        plan=plan, kind=kind, title=str(kind), held_on=on or D(2026, 6, 15), actor=sysadmin
    )


def attend(session_, sysadmin, *entries):
    services.session_invite(session=session_, staff=[e[0] for e in entries], actor=sysadmin)
    services.attendance_record(session=session_, entries=entries, actor=sysadmin)


# --- plan, sessions, attendance ---


def test_one_plan_per_fiscal_year(plan, sysadmin):
    with pytest.raises(DomainError, match="令和8年度"):
        services.plan_create(fiscal_year=2026, title="重複", actor=sysadmin)


def test_a_session_outside_the_plans_fiscal_year_is_refused(plan, sysadmin):
    with pytest.raises(DomainError, match="令和8年度"):
        session(plan, sysadmin, on=D(2027, 4, 1))


def test_excused_needs_a_note_and_the_whole_sheet_is_refused(plan, sysadmin, office):
    a, b = StaffFactory(office=office), StaffFactory(office=office)
    s = session(plan, sysadmin)
    services.session_invite(session=s, staff=[a, b], actor=sysadmin)
    with pytest.raises(DomainError, match="理由"):
        services.attendance_record(
            session=s, entries=[(a, A.PRESENT, ""), (b, A.EXCUSED, "")], actor=sysadmin
        )
    assert set(s.attendances.values_list("status", flat=True)) == {A.INVITED}


def test_attendance_at_a_session_still_to_come_is_refused(plan, sysadmin, office):
    person = StaffFactory(office=office)
    s = session(plan, sysadmin, on=D(2027, 2, 10))
    with pytest.raises(DomainError, match="まだ実施されていません"):
        services.attendance_record(session=s, entries=[(person, A.PRESENT, "")], actor=sysadmin)


def test_attendance_keeps_its_history(plan, sysadmin, office):
    person = StaffFactory(office=office)
    s = session(plan, sysadmin)
    attend(s, sysadmin, (person, A.ABSENT, ""))
    attend(s, sysadmin, (person, A.LATE, "電車遅延"))
    attendance = s.attendances.get()
    assert [h.status for h in attendance.history.order_by("history_date")] == [
        A.INVITED,
        A.ABSENT,
        A.LATE,
    ]
    assert attendance.history.first().history_user == sysadmin


# --- the card-issue check ---


@pytest.fixture
def newcomer(office, set_today):
    set_today(D(2026, 11, 26))
    person = StaffFactory(office=office, name="新任 花子")
    accepted_roster(office, individual=[person], fiscal_year=2026)
    return person


def test_card_issue_is_refused_before_new_operator_training(newcomer, sysadmin, plan):
    card = CardFactory(registered_on=D(2026, 4, 1))
    with pytest.raises(DomainError, match="新人研修"):
        issue(card, newcomer, sysadmin, on=D(2026, 5, 1))
    card.refresh_from_db()
    assert card.status == CardStatus.STOCK
    attend(
        session(plan, sysadmin, SessionKind.NEW_OPERATOR, D(2026, 4, 20)),
        sysadmin,
        (newcomer, A.PRESENT, ""),
    )
    assert issue(card, newcomer, sysadmin, on=D(2026, 5, 1)).status == CardStatus.ISSUED


def test_absence_from_new_operator_training_does_not_count(newcomer, sysadmin, plan):
    attend(
        session(plan, sysadmin, SessionKind.NEW_OPERATOR, D(2026, 4, 20)),
        sysadmin,
        (newcomer, A.ABSENT, ""),
    )
    with pytest.raises(DomainError, match="新人研修"):
        issue(CardFactory(registered_on=D(2026, 4, 1)), newcomer, sysadmin, on=D(2026, 5, 1))


@override_settings(TRAINING_NEW_OPERATOR_RULE="warn")
def test_in_warn_mode_the_card_is_issued_and_the_warning_kept(newcomer, sysadmin):
    card = issue(CardFactory(registered_on=D(2026, 4, 1)), newcomer, sysadmin, on=D(2026, 5, 1))
    assert card.status == CardStatus.ISSUED
    assert "新人研修" in card.events.get(kind="issue").details["warnings"][0]


def test_someone_issued_a_card_before_is_not_newly_designated(newcomer, sysadmin):
    from cards import services as card_services

    with override_settings(TRAINING_NEW_OPERATOR_RULE="warn"):
        first = issue(
            CardFactory(registered_on=D(2026, 4, 1)), newcomer, sysadmin, on=D(2026, 5, 1)
        )
    card_services.card_report_lost(card=first, actor=sysadmin, on=D(2026, 6, 1))
    second = issue(CardFactory(registered_on=D(2026, 4, 1)), newcomer, sysadmin, on=D(2026, 6, 2))
    assert second.status == CardStatus.ISSUED  # a replacement card, not a new operator


def test_cards_recorded_from_before_the_rules_are_not_checked(newcomer, office, sysadmin):
    accepted_roster(office, individual=[newcomer], fiscal_year=2012)
    card = issue(CardFactory(registered_on=D(2007, 4, 1)), newcomer, sysadmin, on=D(2012, 4, 2))
    assert card.status == CardStatus.ISSUED


# --- the re-education list ---


def test_a_violation_puts_the_person_on_the_list_until_they_attend_re_education(
    plan, sysadmin, office, office_head
):
    person = StaffFactory(office=office, name="貸与 一郎")
    services.violation_record(
        staff=person,
        source=ViolationSource.SELF_INSPECTION,
        description="操作者識別カードを同僚に貸与",
        actor=sysadmin,
        on=D(2026, 7, 1),
    )
    assert [v.staff for v in selectors.reeducation_due(office_head)] == [person]
    # an earlier re-education, or an absence, does not clear it
    attend(
        session(plan, sysadmin, SessionKind.REEDUCATION, D(2026, 6, 1)),
        sysadmin,
        (person, A.PRESENT, ""),
    )
    attend(
        session(plan, sysadmin, SessionKind.REEDUCATION, D(2026, 8, 1)),
        sysadmin,
        (person, A.ABSENT, ""),
    )
    assert selectors.reeducation_due(office_head).count() == 1
    attend(
        session(plan, sysadmin, SessionKind.REEDUCATION, D(2026, 9, 1)),
        sysadmin,
        (person, A.PRESENT, ""),
    )
    assert selectors.reeducation_due(office_head).count() == 0


def test_violation_needs_a_description_and_a_past_date(sysadmin, office, set_today):
    set_today(D(2026, 11, 26))
    person = StaffFactory(office=office)
    with pytest.raises(DomainError):
        services.violation_record(
            staff=person, source="audit_finding", description=" ", actor=sysadmin
        )
    with pytest.raises(DomainError, match="未来"):
        services.violation_record(
            staff=person,
            source="audit_finding",
            description="x",
            actor=sysadmin,
            on=D(2027, 1, 1),
        )


def test_the_re_education_list_is_scoped_to_the_office(
    plan, sysadmin, office, other_office, office_head
):
    services.violation_record(
        staff=StaffFactory(office=other_office),
        source="other",
        description="他所属の違反",
        actor=sysadmin,
        on=D(2026, 7, 1),
    )
    assert selectors.reeducation_due(office_head).count() == 0
    assert selectors.reeducation_due(sysadmin).count() == 1


# --- rates per office, computed by hand ---


@pytest.fixture
def three_offices(plan, sysadmin):
    """Office A: 4 operators, 3 attended → 3/4 = 75 %.
    Office B: 5 operators: 2 attended (one late), 1 excused, 1 on leave, 1 missing
              → required 5 − 1 excused − 1 on leave = 3; rate 2/3 = 67 %.
    Office C: 3 operators, 3 attended, plus one attended last year only → 3/3 = 100 %."""
    general = session(plan, sysadmin, on=D(2026, 6, 15))
    last_year = services.plan_create(fiscal_year=2025, title="前年度", actor=sysadmin)
    old = session(last_year, sysadmin, on=D(2025, 6, 15))
    a, b, c = (
        OfficeFactory(code=code, name=name)
        for code, name in (("A1", "甲事務所"), ("B1", "乙事務所"), ("C1", "丙事務所"))
    )
    a_ops = [StaffFactory(office=a) for _ in range(4)]
    b_ops = [StaffFactory(office=b) for _ in range(5)]
    c_ops = [StaffFactory(office=c) for _ in range(3)]
    outsider = StaffFactory(office=c)  # not on C's roster: not counted
    accepted_roster(a, individual=a_ops, fiscal_year=2026)
    accepted_roster(b, individual=b_ops[:3], group_use=b_ops[3:], fiscal_year=2026)
    accepted_roster(c, individual=c_ops, fiscal_year=2025)  # still in force in 2026
    staff_change_status(
        staff=b_ops[3],
        status=StaffStatus.ON_LEAVE,
        effective_date=D(2026, 5, 1),
        actor=sysadmin,
        reason="休職",
    )
    attend(
        general,
        sysadmin,
        *[(p, A.PRESENT, "") for p in a_ops[:3]],
        (a_ops[3], A.ABSENT, ""),
        (b_ops[0], A.PRESENT, ""),
        (b_ops[1], A.LATE, ""),
        (b_ops[2], A.EXCUSED, "窓口当番"),
        *[(p, A.PRESENT, "") for p in c_ops],
        (outsider, A.PRESENT, ""),
    )
    attend(old, sysadmin, (b_ops[4], A.PRESENT, ""))  # last year's does not count for 2026
    return a, b, c, a_ops, b_ops


def test_rates_for_three_offices_computed_by_hand(three_offices, sysadmin):
    a, b, c, a_ops, b_ops = three_offices
    rows = {r.office: r for r in selectors.general_training_rates(sysadmin, 2026)}
    assert (rows[a].required, rows[a].attended, rows[a].percent) == (4, 3, 75)
    assert (rows[b].required, rows[b].attended, rows[b].percent) == (3, 2, 67)
    assert (rows[c].required, rows[c].attended, rows[c].percent) == (3, 3, 100)
    assert [m.staff for m in rows[a].missing] == [a_ops[3]]
    assert [m.staff for m in rows[b].missing] == [b_ops[4]]
    # with the default threshold of 80 %, A and B stand out
    assert (rows[a].low, rows[b].low, rows[c].low) == (True, True, False)
    with override_settings(TRAINING_LOW_RATE_THRESHOLD=0.7):
        assert (rows[a].low, rows[b].low) == (False, True)


def test_rates_page_csv_and_pdf(three_offices, client, sysadmin):
    client.force_login(sysadmin)
    body = client.get(reverse("training:rates") + "?fy=2026").content.decode()
    assert "甲事務所" in body and "75 %" in body and "著しく低い" in body
    csv = client.get(reverse("training:rates") + "?fy=2026&format=csv").content.decode("utf-8-sig")
    assert "乙事務所,3,2,67," in csv
    pdf = client.get(reverse("training:rates") + "?fy=2026&format=pdf")
    assert pdf.content.startswith(b"%PDF")


def test_office_head_sees_only_their_offices_rate_and_missing(three_offices, client):
    a, b, c, a_ops, b_ops = three_offices
    head = make_user(Role.OFFICE_HEAD, a)
    client.force_login(head)
    body = client.get(reverse("training:rates") + "?fy=2026").content.decode()
    assert "甲事務所" in body and "乙事務所" not in body
    assert client.get(reverse("training:office_rate", args=[b.pk]) + "?fy=2026").status_code == 404
    page = client.get(reverse("training:office_rate", args=[a.pk]) + "?fy=2026").content.decode()
    assert a_ops[3].name in page


def test_operator_sees_their_own_record(plan, sysadmin, office, client, set_today):
    user = make_user(Role.OPERATOR, office)
    attend(session(plan, sysadmin), sysadmin, (user.staff, A.LATE, "電車遅延"))
    client.force_login(user)
    body = client.get(reverse("training:index") + "?fy=2026").content.decode()
    assert "遅刻" in body and "電車遅延" in body


def test_admin_invites_the_operators_and_records_the_sheet(plan, sysadmin, client, office):
    ops = [StaffFactory(office=office) for _ in range(3)]
    accepted_roster(office, individual=ops, fiscal_year=2026)
    s = session(plan, sysadmin)
    client.force_login(sysadmin)
    response = client.post(reverse("admin:training_trainingsession_invite", args=[s.pk]), {})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert s.attendances.count() == 3
    sheet = {f"status_{p.pk}": "present" for p in ops} | {f"note_{p.pk}": "" for p in ops}
    sheet[f"status_{ops[0].pk}"] = "excused"
    response = client.post(reverse("admin:training_trainingsession_attendance", args=[s.pk]), sheet)
    assert response.status_code == 200 and "理由" in response.content.decode()
    sheet[f"note_{ops[0].pk}"] = "出張"
    response = client.post(reverse("admin:training_trainingsession_attendance", args=[s.pk]), sheet)
    assert response.status_code == 302
    assert s.attendances.filter(status="present").count() == 2


def test_seed_demo_includes_a_plan_and_sessions_of_the_current_year():
    from django.core.management import call_command

    from training.models import TrainingPlan

    call_command("seed_demo")
    plan = TrainingPlan.objects.get()
    assert {s.kind for s in plan.sessions.all()} == set(SessionKind.values)


def test_rates_page_makes_the_same_number_of_queries_for_few_and_many_operators(
    plan, sysadmin, client, office, django_assert_num_queries, django_assert_max_num_queries
):
    general = session(plan, sysadmin)

    def add(n):
        people = [StaffFactory(office=office) for _ in range(n)]
        accepted_roster(office, individual=people, fiscal_year=2026)
        attend(general, sysadmin, *[(p, A.PRESENT, "") for p in people])

    client.force_login(sysadmin)
    add(2)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("training:rates") + "?fy=2026")
    add(30)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("training:rates") + "?fy=2026")
