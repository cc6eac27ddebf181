from django.urls import path

from .views import (
    access_review,
    audits,
    evidence,
    findings,
    notices,
    plans,
    self_inspections,
    sheets,
)

app_name = "audits"

urlpatterns = [
    # self-inspections (自己点検)
    path("self-inspections/", self_inspections.index, name="index"),
    path("self-inspections/<int:pk>/", self_inspections.campaign, name="campaign"),
    path("self-inspections/<int:pk>/results/", self_inspections.results, name="results"),
    path(
        "self-inspections/<int:pk>/results/items/<int:item_pk>/",
        self_inspections.item_detail,
        name="item_detail",
    ),
    path("sheets/<int:pk>/", sheets.sheet, name="sheet"),
    path("sheets/<int:pk>/submit/", sheets.sheet_submit, name="sheet_submit"),
    # audits (監査)
    path("plans/", plans.plans, name="plans"),
    path("plans/<int:pk>/", plans.plan, name="plan"),
    path("plans/<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("audits/<int:pk>/", audits.audit, name="audit"),
    path("audits/<int:pk>/announce/", audits.audit_announce, name="audit_announce"),
    path("audits/<int:pk>/result/", audits.audit_result, name="audit_result"),
    path("audits/<int:pk>/findings/", audits.finding_add, name="finding_add"),
    path("audits/<int:pk>/notify/", audits.audit_notify, name="audit_notify"),
    path("findings/", findings.findings, name="findings"),
    path("findings/<int:pk>/", findings.finding, name="finding"),
    path("findings/<int:pk>/edit/", findings.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/plan/", findings.improvement_submit, name="improvement_submit"),
    path("findings/<int:pk>/accept/", findings.improvement_accept, name="improvement_accept"),
    path("findings/<int:pk>/return/", findings.improvement_return, name="improvement_return"),
    path(
        "findings/<int:pk>/complete/",
        findings.improvement_complete,
        name="improvement_complete",
    ),
    path("notices/", notices.notices, name="notices"),
    path("notices/<int:pk>/pdf/", notices.notice_pdf, name="notice_pdf"),
    path("report/", notices.annual_report, name="annual_report"),
    # evidence files (証拠書類, 監査調書)
    path("evidence/<slug:kind>/<int:pk>/", evidence.evidence_list, name="evidence"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    # the access log (アクセスログ照合)
    path("access/", access_review.access_findings, name="access_findings"),
    path("access/<int:pk>/", access_review.access_finding, name="access_finding"),
    path(
        "access/lost-cards/<int:incident_pk>/",
        access_review.lost_card_review,
        name="lost_card_review",
    ),
]
