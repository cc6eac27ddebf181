"""The Django admin of the organisation core, for the system administrator."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .admin_utils import ScopedHistoryAdmin
from .errors import DomainError
from .forms import StaffImportForm, StaffStatusForm
from .models import Office, Staff
from .services import staff_change_status
from .staff_import import staff_import


@admin.register(Office)
class OfficeAdmin(ScopedHistoryAdmin):
    office_path = "pk"
    list_display = ["code", "name", "kind", "card_mode", "hosts_terminals", "head", "active"]
    list_filter = ["kind", "card_mode", "hosts_terminals", "active"]
    search_fields = ["code", "name"]
    list_select_related = ["head"]
    autocomplete_fields = ["head"]


@admin.register(Staff)
class StaffAdmin(ScopedHistoryAdmin):
    list_display = [
        "employee_number",
        "name",
        "kana",
        "office",
        "employment_type",
        "status",
        "status_date",
        "user",
    ]
    list_filter = ["status", "employment_type", "office"]
    search_fields = ["employee_number", "name", "kana"]
    list_select_related = ["office", "user"]
    autocomplete_fields = ["office", "user"]
    readonly_fields = ["status", "status_date"]
    change_form_template = "admin/juki_admin/staff/change_form.html"

    change_list_template = "admin/juki_admin/staff/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="juki_admin_staff_import",
            ),
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.change_status_view),
                name="juki_admin_staff_change_status",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload of the personnel system's CSV: all rows or none, every bad row named."""
        if not (
            request.user.has_perm("juki_admin.add_staff")
            and request.user.has_perm("juki_admin.change_staff")
        ):
            raise PermissionDenied
        form = StaffImportForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = staff_import(
                    data=form.cleaned_data["file"].read(),
                    actor=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                if report.ok and not report.dry_run:
                    messages.success(
                        request,
                        _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                        % {
                            "created": len(report.created),
                            "updated": len(report.updated),
                            "unchanged": report.unchanged,
                        },
                    )
                elif not report.ok:
                    messages.error(
                        request,
                        _("%(count)d error(s): nothing was imported.")
                        % {"count": len(report.errors)},
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import staff from the personnel system"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/juki_admin/staff/import.html", context)

    def change_status_view(self, request, object_id):
        def perform(staff, data, actor):
            staff_change_status(
                staff=staff,
                status=data["status"],
                effective_date=data["effective_date"],
                actor=actor,
                reason=data["reason"],
            )

        return self.confirmed_action_view(
            request,
            object_id,
            title=_("Change of staff status"),
            form_class=StaffStatusForm,
            perform=perform,
        )
