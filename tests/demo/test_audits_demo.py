"""The demo's notices of 2012 and this year's audit, with a finding in each state."""

from django.urls import reverse

from audits.choices import FindingStatus
from audits.models import Finding, Notice


def test_the_2012_notices_are_on_the_register(client, login):
    numbers = set(Notice.objects.filter(fiscal_year=2012).values_list("number", flat=True))
    assert numbers == {254, 308}
    login("sysadmin")
    body = client.get(reverse("audits:notices") + "?fy=2012").content.decode()
    assert "市第254号" in body and "市第308号" in body


def test_this_years_audit_has_a_finding_in_each_state_and_its_notice():
    statuses = set(Finding.objects.values_list("status", flat=True))
    assert statuses == set(FindingStatus.values)
    assert Finding.objects.filter(notice__isnull=True).count() == 0


def test_the_head_sees_the_findings_to_answer_and_the_auditor_the_audits(client, login):
    from ..conftest import figure

    login("head")
    body = client.get(reverse("audits:findings")).content.decode()
    assert "端末機設置室入退室管理簿に立会者の記入漏れがある" in body
    login("auditor")
    assert int(figure(client.get("/").content.decode(), "audits_in_progress")) >= 1
    login("sysadmin")
    assert figure(client.get("/").content.decode(), "plans_waiting") == "1"


def test_the_incident_report_and_the_annual_report_render(client, login):
    from cards.models import Incident

    login("sysadmin")
    incident = Incident.objects.get(card__serial="CS02900")
    report = client.get(reverse("cards:incident_report", args=[incident.pk]))
    assert report.content.startswith(b"%PDF")
    assert client.get(reverse("audits:annual_report") + "?fy=2012").content.startswith(b"%PDF")
    login("head2")
    assert client.get(reverse("cards:incident_report", args=[incident.pk])).status_code == 404


def test_the_demo_access_log_is_reconciled_and_the_lost_card_reviewed(client, login):
    from audits.models import AccessFinding
    from cards.models import Incident

    assert set(AccessFinding.objects.values_list("rule", flat=True)) >= {
        "outside_hours",
        "unknown_card",
        "unknown_terminal",
    }
    incident = Incident.objects.get(card__serial="CS02900")
    assert incident.entries.filter(text__contains="不正アクセスは確認されなかった").exists()
    login("auditor")
    assert "登録のないカード" in client.get(reverse("audits:access_findings")).content.decode()
    body = client.get(reverse("audits:lost_card_review", args=[incident.pk])).content.decode()
    assert "不正アクセスは確認されなかった" in body


def test_the_demo_keeps_evidence_and_plans_an_external_audit_and_a_penetration_test(client, login):
    from audits.models import Audit, Evidence
    from juki_admin import demo_data

    findings = Evidence.objects.filter(finding__audit__office__code="S02")
    assert findings.count() == Finding.objects.filter(audit__office__code="S02").count() >= 5
    assert Evidence.objects.filter(audit__office__code="S02").exists()  # working papers
    assert Evidence.objects.filter(site_visit__visited_on__year=2012).count() >= 4
    assert Evidence.objects.filter(improvement_plan__isnull=False).exists()
    assert Evidence.objects.filter(incident__card__serial="CS02900").exists()
    this_year = Audit.objects.filter(plan__fiscal_year=demo_data.demo_fiscal_year())
    assert {"external", "penetration"} <= set(this_year.values_list("category", flat=True))
    login("auditor")
    paper = Evidence.objects.filter(audit__office__code="S02", name__endswith=".pdf").first()
    response = client.get(reverse("audits:evidence_download", args=[paper.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    login("head2")  # another office's head
    assert client.get(reverse("audits:evidence_download", args=[paper.pk])).status_code == 404
