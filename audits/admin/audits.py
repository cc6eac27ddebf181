"""The Django admin of audits: plans, audits, findings, improvement plans and notices (made
in the portal, read here)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin.admin_utils import Link, ReadOnlyInline, ScopedHistoryAdmin

from ..models import Audit, AuditPlan, Finding, ImprovementPlan, Notice


class AuditInline(ReadOnlyInline):
    model = Audit
    fields = ["planned_month", "office", "kind", "scope", "status"]


@admin.register(AuditPlan)
class AuditPlanAdmin(ScopedHistoryAdmin):
    """Plans are made and approved in the portal (監査計画); here they are read."""

    office_scoped = False
    list_display = ["fiscal_year", "title", "status", "approved_on"]
    readonly_fields = ["fiscal_year", "title", "status", "approved_by", "approved_on"]
    fields = readonly_fields
    inlines = [AuditInline]

    def has_add_permission(self, request):
        return False

    def object_links(self, request, plan):
        return [Link(_("The plan in the portal"), plan.get_absolute_url())]


class FindingInline(ReadOnlyInline):
    model = Finding
    fields = ["number", "kind", "description", "due_on", "status", "notice"]


@admin.register(Audit)
class AuditAdmin(ScopedHistoryAdmin):
    list_display = ["plan", "planned_month", "office", "category", "kind", "status", "starts_on"]
    list_filter = ["plan", "category", "kind", "status", "office"]
    list_select_related = ["plan", "office"]
    readonly_fields = [
        "plan",
        "office",
        "category",
        "organisation",
        "kind",
        "planned_month",
        "scope",
        "status",
        "starts_on",
        "ends_on",
        "auditors",
        "result",
    ]
    fields = readonly_fields
    inlines = [FindingInline]

    def has_add_permission(self, request):
        return False

    def object_links(self, request, audit):
        return [Link(_("The audit in the portal"), audit.get_absolute_url())]


@admin.register(Finding)
class FindingAdmin(ScopedHistoryAdmin):
    list_display = ["audit", "number", "kind", "due_on", "status", "notice"]
    list_filter = ["status", "kind", "office"]
    list_select_related = ["audit", "audit__office", "audit__plan", "notice"]
    readonly_fields = [
        "audit",
        "office",
        "number",
        "kind",
        "item",
        "description",
        "due_on",
        "owner",
        "status",
        "notice",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        """A finding stated by its result notice is frozen (``audits.frozen``): its page is
        for reading, and a POST to it is refused, so it saves nothing and writes no
        history."""
        if obj is not None and obj.notice_id is not None:
            return False
        return super().has_change_permission(request, obj)

    def object_links(self, request, finding):
        return [Link(_("The finding in the portal"), finding.get_absolute_url())]


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(ScopedHistoryAdmin):
    list_display = ["finding", "responsible", "target_on", "completed_on"]
    list_select_related = ["finding", "finding__audit", "finding__audit__office"]
    readonly_fields = [
        "finding",
        "measures",
        "responsible",
        "target_on",
        "submitted_by",
        "decision_reason",
        "completed_on",
        "completion_report",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False


@admin.register(Notice)
class NoticeAdmin(ScopedHistoryAdmin):
    """The register of notices sent. A notice never changes once issued."""

    list_display = ["fiscal_year", "number", "issued_on", "addressee", "subject", "kind"]
    list_filter = ["fiscal_year", "kind"]
    search_fields = ["subject", "addressee"]
    list_select_related = ["office"]
    readonly_fields = [
        "kind",
        "fiscal_year",
        "prefix",
        "number",
        "issued_on",
        "office",
        "addressee",
        "honorific",
        "sender",
        "seal_omitted",
        "subject",
        "body",
        "items",
        "corrects",
        "audit",
        "digest",
        "issued_by",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def object_links(self, request, notice):
        return [Link(_("PDF as issued"), notice.get_absolute_url())]

    def list_links(self, request):
        return [Link(_("Notices sent (portal)"), reverse("audits:notices"))]
