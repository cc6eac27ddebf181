"""Training pages of the portal and the admin."""

import datetime as dt

import pytest
from django.urls import reverse

from juki_admin.access import Role
from training.choices import AttendanceStatus as A

from ..factories import StaffFactory, accepted_roster, make_user
from .conftest import attend, session

pytestmark = pytest.mark.django_db
D = dt.date


def test_rates_page_csv_and_pdf(three_offices, client, sysadmin):
    a, b, c, a_ops, b_ops = three_offices
    client.force_login(sysadmin)
    body = client.get(reverse("training:rates") + "?fy=2026").content.decode()
    assert "甲事務所" in body and "75 %" in body and "著しく低い" in body
    csv = client.get(reverse("training:rates") + "?fy=2026&format=csv").content.decode("utf-8-sig")
    assert f"乙事務所,3,2,67,{b_ops[4].name}" in csv  # with who is yet to attend
    assert f"甲事務所,4,3,75,{a_ops[3].name}" in csv
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
