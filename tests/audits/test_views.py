"""Self-inspection pages: an operator answers only their own sheet, an office head only
their office's; other ids answer 404; results for those who see every office."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits import services
from audits.choices import Audience, Result, SheetStatus
from audits.models import Answer, Sheet
from juki_admin.services import office_set_head

pytestmark = pytest.mark.django_db
D = dt.date


def _sheet(campaign, **kw):
    return Sheet.objects.get(campaign=campaign, **kw)


def test_an_operator_answers_and_submits_their_own_sheet_in_the_portal(client, campaign):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="op-a")
    mine = _sheet(campaign, staff=user.staff)
    client.force_login(user)
    assert mine.get_absolute_url() in client.get(reverse("audits:index")).content.decode()
    items = list(campaign.operator_checklist.items.order_by("number"))
    data = {f"result_{items[0].pk}": "noncompliant", f"cause_{items[0].pk}": "窓口混雑時"}
    assert client.post(mine.get_absolute_url(), data).status_code == 302
    data |= {f"result_{items[1].pk}": "compliant"}
    client.post(mine.get_absolute_url(), data)
    response = client.post(reverse("audits:sheet_submit", args=[mine.pk]), follow=True)
    assert "提出しました" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == SheetStatus.SUBMITTED
    assert Answer.objects.get(sheet=mine, item=items[0]).cause == "窓口混雑時"


def test_an_operator_cannot_see_or_answer_anyone_elses_sheet(client, campaign, office):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="op-a")
    other = _sheet(campaign, staff__user__username="op-b")
    office_sheet = _sheet(campaign, office=office, audience=Audience.OFFICE)
    client.force_login(user)
    item = campaign.operator_checklist.items.first()
    for sheet in (other, office_sheet):
        assert client.get(sheet.get_absolute_url()).status_code == 404
        response = client.post(sheet.get_absolute_url(), {f"result_{item.pk}": "compliant"})
        assert response.status_code == 404
        assert client.post(reverse("audits:sheet_submit", args=[sheet.pk])).status_code == 404
    assert not Answer.objects.filter(sheet__in=[other, office_sheet]).exists()


def test_an_office_head_answers_their_offices_sheet_and_not_anothers(
    client, campaign, office, other_office, office_head, sysadmin
):
    office_set_head(office=office, head=office_head.staff, actor=sysadmin, reason="就任")
    ours = _sheet(campaign, office=office, audience=Audience.OFFICE)
    theirs = _sheet(campaign, office=other_office, audience=Audience.OFFICE)
    client.force_login(office_head)
    assert client.get(ours.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    item = campaign.office_checklist.items.first()
    client.post(ours.get_absolute_url(), {f"result_{item.pk}": Result.COMPLIANT})
    assert Answer.objects.filter(sheet=ours).count() == 1
    # the head reads an operator's sheet of their office but does not answer it
    operator_sheet = _sheet(campaign, staff__user__username="op-a")
    assert client.get(operator_sheet.get_absolute_url()).status_code == 200
    op_item = campaign.operator_checklist.items.first()
    response = client.post(operator_sheet.get_absolute_url(), {f"result_{op_item.pk}": "compliant"})
    assert response.status_code == 403
    assert not Answer.objects.filter(sheet=operator_sheet).exists()
    body = client.get(reverse("audits:campaign", args=[campaign.pk])).content.decode()
    assert office.name in body and other_office.name not in body


def test_results_are_for_those_who_see_every_office(client, campaign, office_head, sysadmin):
    client.force_login(office_head)
    assert client.get(reverse("audits:results", args=[campaign.pk])).status_code == 403
    client.force_login(sysadmin)
    response = client.get(reverse("audits:results", args=[campaign.pk]) + "?audience=operator")
    assert response.status_code == 200 and "離席の際の電源の切断" in response.content.decode()


def test_remind_self_inspection_sends_one_mail_per_office_head(
    campaign, office, office_head, sysadmin, capsys
):
    office_set_head(office=office, head=office_head.staff, actor=sysadmin, reason="就任")
    office_head.email = "head@example.invalid"
    office_head.save()
    call_command("remind_self_inspection")
    (message,) = mail.outbox
    assert message.to == ["head@example.invalid"]
    assert "所属長が回答し提出" in message.body and message.body.count("- ") == 3
    assert "1 件のリマインダー" in capsys.readouterr().out


def test_the_results_page_makes_the_same_number_of_queries_for_11_and_500_offices(
    client, sysadmin, checklists, django_assert_num_queries, set_today
):
    from simple_history.utils import bulk_create_with_history

    from juki_admin.models import Office

    set_today(D(2026, 10, 1))

    def offices(n, start):
        return Office.objects.bulk_create(
            [
                Office(
                    code=f"Q{start + i:04d}",
                    name=f"事務所{start + i}",
                    kind="other",
                    hosts_terminals=True,
                )
                for i in range(n)
            ]
        )

    first = offices(11, 0)
    campaign = services.campaign_open(
        title="照会件数の確認",
        fiscal_year=2026,
        office_checklist=checklists[0],
        operator_checklist=checklists[1],
        due_on=D(2026, 10, 31),
        actor=sysadmin,
        offices=first,
        operators=[],
    )
    items = list(checklists[0].items.all())

    def answer_all(sheets):
        answers = [
            Answer(
                sheet=s,
                item=i,
                result=Result.NONCOMPLIANT if n % 3 == 0 else "compliant",
                cause="要因" if n % 3 == 0 else "",
            )
            for s in sheets
            for n, i in enumerate(items)
        ]
        bulk_create_with_history(answers, Answer, default_user=sysadmin)
        Sheet.objects.filter(pk__in=[s.pk for s in sheets]).update(
            status=SheetStatus.SUBMITTED, submitted_at="2026-10-02T09:00:00+09:00"
        )

    answer_all(Sheet.objects.filter(campaign=campaign))
    client.force_login(sysadmin)
    url = reverse("audits:results", args=[campaign.pk])
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert "11 件中 11 件提出" in client.get(url).content.decode()
    more = Sheet.objects.bulk_create(
        [Sheet(campaign=campaign, audience=Audience.OFFICE, office=o) for o in offices(489, 11)]
    )
    answer_all(more)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "500 件中 500 件提出" in response.content.decode()
