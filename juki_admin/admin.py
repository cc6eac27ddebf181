"""The Django admin of the organisation core, for the system administrator."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .admin_utils import ScopedHistoryAdmin
from .forms import StaffStatusForm
from .models import Office, Staff
from .services import staff_change_status


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

    def get_urls(self):
        return [
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.change_status_view),
                name="juki_admin_staff_change_status",
            ),
            *super().get_urls(),
        ]

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
