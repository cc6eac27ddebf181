"""The Django admin of the audits app: checklists and their versions, self-inspections,
answer sheets (read, reopened with a reason) and site visits."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from juki_admin import access, fiscal
from juki_admin.admin_utils import (
    EstimatedCountPaginator,
    Link,
    ListAction,
    ObjectAction,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ScopedAdmin,
    ScopedHistoryAdmin,
)
from juki_admin.forms import ReasonForm

from . import services
from .choices import SheetStatus
from .forms import (
    AccessLogUploadForm,
    CampaignOpenForm,
    ChecklistNewForm,
    CloseForm,
    SiteVisitForm,
)
from .models import (
    AccessFinding,
    AccessLogFile,
    AccessRecord,
    Answer,
    Audit,
    AuditPlan,
    Campaign,
    Checklist,
    ChecklistItem,
    Finding,
    ImprovementPlan,
    Notice,
    Sheet,
    SiteVisit,
)


class ChecklistItemInline(admin.TabularInline):
    """Items are edited while no campaign uses the checklist; then they are frozen."""

    model = ChecklistItem
    fields = ["number", "category", "text", "rule"]
    extra = 0

    def _frozen(self, obj):
        return obj is not None and obj.frozen_on is not None

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Checklist)
class ChecklistAdmin(ScopedHistoryAdmin):
    office_path = None
    list_display = ["fiscal_year", "audience", "version", "title", "frozen_on"]
    list_filter = ["audience", "fiscal_year"]
    readonly_fields = ["fiscal_year", "audience", "version", "frozen_on"]
    inlines = [ChecklistItemInline]
    list_actions = (
        ListAction(
            "new",
            _("Make a new checklist version"),
            ChecklistNewForm,
            "audits.add_checklist",
            perform=lambda data, actor: services.checklist_create(
                fiscal_year=data["fiscal_year"],
                audience=data["audience"],
                title=data["title"],
                copy_from=data["copy_from"],
                actor=actor,
            ),
            done=_("The checklist version was made. Add or change its items."),
            next_url=lambda checklist: reverse(
                "admin:audits_checklist_change", args=[checklist.pk]
            ),
        ),
    )

    def has_add_permission(self, request):
        return False  # through "make a new version", which numbers the version

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.frozen_on:
            fields.append("title")
        return fields


class SheetInline(ReadOnlyInline):
    model = Sheet
    fields = ["office", "audience", "staff", "status", "submitted_at"]


@admin.register(Campaign)
class CampaignAdmin(ScopedHistoryAdmin):
    office_path = None
    list_display = ["fiscal_year", "title", "opened_on", "due_on", "closed_on"]
    readonly_fields = [
        "fiscal_year",
        "office_checklist",
        "operator_checklist",
        "opened_on",
        "closed_on",
        "owner",
    ]
    service_fields = ("due_on",)
    object_actions = (
        ObjectAction(
            "close",
            _("Close the self-inspection"),
            form=CloseForm,
            available=lambda campaign: campaign.closed_on is None,
            perform=lambda campaign, data, actor: services.campaign_close(
                campaign=campaign, actor=actor, reason=data["reason"], on=data["on"]
            ),
            done=_("The self-inspection was closed."),
        ),
    )
    list_actions = (
        ListAction(
            "open",
            _("Open a self-inspection"),
            CampaignOpenForm,
            "audits.add_campaign",
            perform=lambda data, actor: services.campaign_open(
                title=data["title"],
                fiscal_year=data["fiscal_year"],
                office_checklist=data["office_checklist"],
                operator_checklist=data["operator_checklist"],
                due_on=data["due_on"],
                actor=actor,
            ),
            done=_("The self-inspection was opened: every office and operator has a sheet."),
            next_url=lambda campaign: reverse("audits:campaign", args=[campaign.pk]),
        ),
    )

    def has_add_permission(self, request):
        return False

    def object_links(self, request, campaign):
        return [
            Link(_("Progress"), reverse("audits:campaign", args=[campaign.pk])),
            Link(_("Results"), reverse("audits:results", args=[campaign.pk])),
        ]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["item", "result", "cause"]


@admin.register(Sheet)
class SheetAdmin(ScopedHistoryAdmin):
    list_display = ["campaign", "office", "audience", "staff", "status", "submitted_at", "reopened"]
    list_filter = ["campaign", "audience", "status", "office"]
    search_fields = ["staff__name", "staff__employee_number", "office__name"]
    list_select_related = ["campaign", "office", "staff"]
    show_full_result_count = False
    readonly_fields = [
        "campaign",
        "audience",
        "office",
        "staff",
        "status",
        "submitted_at",
        "submitted_by",
        "reopened",
    ]
    fields = readonly_fields
    inlines = [AnswerInline]
    object_actions = (
        ObjectAction(
            "reopen",
            _("Reopen the sheet"),
            form=ReasonForm,
            available=lambda sheet: (
                sheet.status == SheetStatus.SUBMITTED and sheet.campaign.closed_on is None
            ),
            perform=lambda sheet, data, actor: services.sheet_reopen(
                sheet=sheet, actor=actor, reason=data["reason"]
            ),
            done=_("The sheet was reopened: it can be changed and submitted again."),
        ),
    )

    def has_add_permission(self, request):
        return False

    def object_links(self, request, sheet):
        return [Link(_("The sheet in the portal"), sheet.get_absolute_url())]


@admin.register(SiteVisit)
class SiteVisitAdmin(ScopedHistoryAdmin):
    list_display = ["visited_on", "office", "visitor", "campaign"]
    list_filter = ["campaign", "office"]
    list_select_related = ["office", "campaign"]
    readonly_fields = ["office", "campaign", "visited_on"]
    list_actions = (
        ListAction(
            "record",
            _("Record a site visit"),
            SiteVisitForm,
            "audits.add_sitevisit",
            perform=lambda data, actor: services.site_visit_record(actor=actor, **data),
            done=_("The site visit was recorded."),
        ),
    )

    def has_add_permission(self, request):
        return False


# --- audits ------------------------------------------------------------------------------------


class AuditInline(ReadOnlyInline):
    model = Audit
    fields = ["planned_month", "office", "kind", "scope", "status"]


@admin.register(AuditPlan)
class AuditPlanAdmin(ScopedHistoryAdmin):
    """Plans are made and approved in the portal (監査計画); here they are read."""

    office_path = None
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
    list_display = ["plan", "planned_month", "office", "kind", "status", "starts_on"]
    list_filter = ["plan", "kind", "status", "office"]
    list_select_related = ["plan", "office"]
    readonly_fields = [
        "plan",
        "office",
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

    def object_links(self, request, finding):
        return [Link(_("The finding in the portal"), finding.get_absolute_url())]


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(ScopedHistoryAdmin):
    office_path = "finding__office"
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


# --- the access log -------------------------------------------------------------------------


class AccessPeriodFilter(admin.SimpleListFilter):
    """Recent days without a date hierarchy (which would scan millions of rows for dates)."""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("1", _("today")), ("7", _("last 7 days")), ("31", _("last 31 days"))]

    def queryset(self, request, queryset):
        days = {"1": 0, "7": 6, "31": 30}.get(self.value())
        if days is None:
            return queryset
        return queryset.filter(at__gte=fiscal.day_start(fiscal.today() - dt.timedelta(days=days)))


class AccessOfficeFilter(admin.SimpleListFilter):
    """The office of the terminal, listed from the offices (not from millions of rows)."""

    title = _("office")
    parameter_name = "office"

    def lookups(self, request, model_admin):
        return list(
            access.visible_offices(request.user)
            .filter(hosts_terminals=True)
            .order_by("code")
            .values_list("pk", "name")
        )

    def queryset(self, request, queryset):
        from juki_admin.params import parse_int

        office_id = parse_int(self.value() or "")
        return queryset.filter(terminal__office_id=office_id) if office_id else queryset


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """The access log as logged: read only, fast on millions of rows (an estimated count,
    exact-match searches on the indexed codes, no date hierarchy)."""

    office_path = "terminal__office"
    list_display = ["at", "terminal_code", "card_code", "operator_code", "operation", "records"]
    list_filter = [AccessPeriodFilter, AccessOfficeFilter]
    # exact matches through the indexed foreign keys (an unknown code is on its finding)
    search_fields = ["=card__serial", "=terminal__asset_number", "=operator__employee_number"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 100

    def get_queryset(self, request):
        qs = super(ScopedAdmin, self).get_queryset(request)
        if access.sees_all_offices(request.user):
            return qs
        return access.scope_to_offices(qs, request.user, "terminal__office")


@admin.register(AccessLogFile)
class AccessLogFileAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    office_path = None
    list_display = ["created_at", "name", "rows", "first_at", "last_at", "imported_by"]

    def list_links(self, request):
        if request.user.has_perm("audits.add_accesslogfile"):
            return [Link(_("Import an access-log file"), "import/")]
        return []

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="audits_accesslogfile_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload: the file is imported all or nothing, then its days are reconciled."""
        from .access_log import access_log_import, reconcile

        if not request.user.has_perm("audits.add_accesslogfile"):
            raise PermissionDenied
        form = AccessLogUploadForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        report = result = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            report = access_log_import(stream=upload.file, name=upload.name, actor=request.user)
            if report.duplicate_of is not None:
                messages.warning(
                    request,
                    _("This file was already imported (%(name)s): nothing was added.")
                    % {"name": report.duplicate_of.name},
                )
            elif not report.ok:
                messages.error(
                    request,
                    _("%(count)d bad row(s): nothing was imported.")
                    % {"count": report.bad_rows or len(report.errors)},
                )
            else:
                if report.file.first_at:
                    result = reconcile(
                        start=fiscal.as_date(report.file.first_at),
                        end=fiscal.as_date(report.file.last_at),
                        actor=request.user,
                    )
                messages.success(
                    request,
                    _("%(rows)d row(s) imported; %(new)d new finding(s).")
                    % {"rows": report.rows, "new": result.new_findings if result else 0},
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import an access-log file"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/audits/accesslog_import.html", context)


@admin.register(AccessFinding)
class AccessFindingAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    """Findings are reviewed in the portal (アクセスログ照合); here they are read."""

    list_display = ["day", "rule", "code", "office", "count", "review"]
    exclude = ["key"]
    list_filter = ["review", "rule", "office"]
    list_select_related = ["office"]
    show_full_result_count = False

    def object_links(self, request, finding):
        return [Link(_("Review in the portal"), finding.get_absolute_url())]
