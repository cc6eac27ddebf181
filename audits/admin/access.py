"""The Django admin of the access log: the records as logged, the files imported (and the
import), the findings of the reconciliation."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from juki_admin import access, fiscal
from juki_admin.admin_utils import (
    Link,
    ReadOnlyAdminMixin,
    ScopedAdmin,
    ScopedHistoryAdmin,
)
from juki_admin.paging import LargeTablePaginator

from ..forms import AccessLogUploadForm
from ..models import AccessFinding, AccessLogFile, AccessRecord


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

    list_display = ["at", "terminal_code", "card_code", "operator_code", "operation", "records"]
    list_filter = [AccessPeriodFilter, AccessOfficeFilter]
    # exact matches through the indexed foreign keys (an unknown code is on its finding)
    search_fields = ["=card__serial", "=terminal__asset_number", "=operator__employee_number"]
    show_full_result_count = False
    paginator = LargeTablePaginator
    list_per_page = 100

    def get_queryset(self, request):
        return super(ScopedAdmin, self).get_queryset(request).visible_to(request.user)


@admin.register(AccessLogFile)
class AccessLogFileAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    office_scoped = False
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
        from ..access_log import access_log_import, reconcile

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
