"""One letter per click: a form that issues a numbered notice (or creates another record of
the audits) carries a one-time token; the same form sent twice creates one record and the
second POST shows the first result (``juki_admin.once``)."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from audits.models import AuditPlan, Finding, Notice
from juki_admin.once import FIELD, SubmittedForm

pytestmark = pytest.mark.django_db
D = dt.date


def token_of(page) -> str:
    """The one-time token rendered with the (first) form of ``page`` that has one."""
    found = re.search(rf'name="{FIELD}" value="([^"]+)"', page.content.decode())
    assert found, "the form carries no one-time token"
    return found.group(1)


def notice_form(token: str) -> dict:
    return {
        FIELD: token,
        "addressee": "各所属長",
        "subject": "端末機の点検について",
        "body": "下記のとおり点検を実施します。",
        "items": "",
    }


def test_the_same_notice_form_sent_twice_issues_one_numbered_letter(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("audits:notices")
    token = token_of(client.get(url))
    first = client.post(url, notice_form(token))
    assert first.status_code == 302 and Notice.objects.count() == 1
    second = client.post(url, notice_form(token), follow=True)
    assert second.status_code == 200
    assert Notice.objects.count() == 1
    assert "すでに送信" in second.content.decode()
    assert second.redirect_chain[-1][0] == first.url
    assert SubmittedForm.objects.filter(token=token, result_url=first.url).count() == 1


def test_each_rendering_of_the_form_is_one_letter_and_each_new_page_another(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("audits:notices")
    for _ in range(3):
        client.post(url, notice_form(token_of(client.get(url))))
    assert sorted(Notice.objects.values_list("number", flat=True)) == [1, 2, 3]


def test_fifty_posts_of_one_form_issue_one_letter(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("audits:notices")
    data = notice_form(token_of(client.get(url)))
    for _ in range(50):
        client.post(url, data)
    assert Notice.objects.count() == 1


def test_a_refused_form_claims_nothing_and_may_be_sent_again_once_corrected(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("audits:notices")
    token = token_of(client.get(url))
    refused = client.post(url, {**notice_form(token), "subject": ""}, follow=True)
    assert "件名" in refused.content.decode() and Notice.objects.count() == 0
    assert not SubmittedForm.objects.filter(token=token).exists()
    client.post(url, notice_form(token))
    assert Notice.objects.count() == 1


def test_a_result_notice_sent_twice_is_issued_once(client, done_audit, auditor):
    from audits import services

    services.finding_add(
        audit=done_audit,
        kind="instruction",
        description="鍵管理簿の記入",
        due_on=D(2026, 12, 1),
        actor=auditor,
    )
    client.force_login(auditor)
    page = client.get(reverse("audits:audit", args=[done_audit.pk]))
    notify = reverse("audits:audit_notify", args=[done_audit.pk])
    token = re.search(
        rf'action="{notify}".*?name="{FIELD}" value="([^"]+)"', page.content.decode(), re.S
    ).group(1)
    before = Notice.objects.count()
    assert client.post(notify, {FIELD: token}).status_code == 302
    again = client.post(notify, {FIELD: token}, follow=True)
    assert Notice.objects.count() == before + 1
    body = again.content.decode()
    assert "すでに送信" in body


def test_a_finding_and_a_plan_sent_twice_are_recorded_once(client, done_audit, auditor):
    client.force_login(auditor)
    page = client.get(reverse("audits:audit", args=[done_audit.pk]))
    add = reverse("audits:finding_add", args=[done_audit.pk])
    token = re.search(
        rf'action="{add}".*?name="{FIELD}" value="([^"]+)"', page.content.decode(), re.S
    ).group(1)
    data = {FIELD: token, "kind": "instruction", "description": "鍵の返却", "due_on": "2026-12-01"}
    client.post(add, data)
    client.post(add, data)
    assert Finding.objects.filter(audit=done_audit).count() == 1

    plans = reverse("audits:plans")
    data = {FIELD: token_of(client.get(plans)), "fiscal_year": 2027, "title": "令和9年度監査計画"}
    first = client.post(plans, data)
    again = client.post(plans, data)
    assert AuditPlan.objects.filter(fiscal_year=2027).count() == 1
    assert again.status_code == 302 and again.url == first.url


def test_a_post_without_a_token_is_handled_as_before(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("audits:notices")
    data = notice_form("")
    del data[FIELD]
    client.post(url, data)
    client.post(url, data)
    assert Notice.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_form_at_the_same_moment_issue_one_letter(sysadmin):
    """A double click on PostgreSQL: two connections, the same token; the second waits on the
    unique index for the first to commit, then finds its claim."""
    url = reverse("audits:notices")
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(sysadmin)
    data = notice_form(token_of(clients[0].get(url)))
    barrier, statuses, errors = threading.Barrier(2), [], []

    def post(c):
        try:
            barrier.wait()
            statuses.append(c.post(url, data).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and statuses == [302, 302]
    assert Notice.objects.count() == 1
    assert SubmittedForm.objects.count() == 1
