from django.urls import path

from . import views, views_audits

app_name = "audits"

urlpatterns = [
    # self-inspections (自己点検)
    path("self-inspections/", views.index, name="index"),
    path("self-inspections/<int:pk>/", views.campaign, name="campaign"),
    path("self-inspections/<int:pk>/results/", views.results, name="results"),
    path(
        "self-inspections/<int:pk>/results/items/<int:item_pk>/",
        views.item_detail,
        name="item_detail",
    ),
    path("sheets/<int:pk>/", views.sheet, name="sheet"),
    path("sheets/<int:pk>/submit/", views.sheet_submit, name="sheet_submit"),
    # audits (監査)
    path("plans/", views_audits.plans, name="plans"),
    path("plans/<int:pk>/", views_audits.plan, name="plan"),
    path("plans/<int:pk>/approve/", views_audits.plan_approve, name="plan_approve"),
    path("audits/<int:pk>/", views_audits.audit, name="audit"),
    path("audits/<int:pk>/announce/", views_audits.audit_announce, name="audit_announce"),
    path("audits/<int:pk>/result/", views_audits.audit_result, name="audit_result"),
    path("audits/<int:pk>/findings/", views_audits.finding_add, name="finding_add"),
    path("audits/<int:pk>/notify/", views_audits.audit_notify, name="audit_notify"),
    path("findings/", views_audits.findings, name="findings"),
    path("findings/<int:pk>/", views_audits.finding, name="finding"),
    path("findings/<int:pk>/edit/", views_audits.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/plan/", views_audits.improvement_submit, name="improvement_submit"),
    path("findings/<int:pk>/accept/", views_audits.improvement_accept, name="improvement_accept"),
    path("findings/<int:pk>/return/", views_audits.improvement_return, name="improvement_return"),
    path(
        "findings/<int:pk>/complete/",
        views_audits.improvement_complete,
        name="improvement_complete",
    ),
    path("notices/", views_audits.notices, name="notices"),
    path("notices/<int:pk>/pdf/", views_audits.notice_pdf, name="notice_pdf"),
    path("report/", views_audits.annual_report, name="annual_report"),
    # the access log (アクセスログ照合)
    path("access/", views_audits.access_findings, name="access_findings"),
    path("access/<int:pk>/", views_audits.access_finding, name="access_finding"),
    path(
        "access/lost-cards/<int:incident_pk>/",
        views_audits.lost_card_review,
        name="lost_card_review",
    ),
]
