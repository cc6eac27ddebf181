"""The Django admin of the terminals app: leases, terminals, the placement plan, and read
access to the registers the offices keep in the portal."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from juki_admin.admin_utils import ReadOnlyAdminMixin, ScopedHistoryAdmin
from juki_admin.forms import ReasonForm
from juki_admin.models import Office, Staff

from . import services
from .choices import TerminalStatus
from .models import (
    DailyCheck,
    KeyLog,
    Lease,
    LeaseExtension,
    MediaItem,
    PlacementPlan,
    PurgeRecord,
    RoomEntry,
    Terminal,
    TerminalMove,
    UsageLogEntry,
    VeinEnrolment,
)

DATE = forms.DateInput(attrs={"type": "date"})


class ExtendForm(ReasonForm):
    new_end = forms.DateField(label=_("new end"), widget=DATE)
    field_order = ["new_end", "reason"]


class RelocateForm(ReasonForm):
    office = forms.ModelChoiceField(label=_("office"), queryset=Office.objects.filter(active=True))
    room = forms.CharField(label=_("room"), max_length=100, required=False)
    on = forms.DateField(label=_("date"), required=False, widget=DATE)
    field_order = ["office", "room", "on", "reason"]


class TerminalStatusForm(ReasonForm):
    status = forms.ChoiceField(label=_("status"), choices=TerminalStatus.choices)
    on = forms.DateField(label=_("date"), required=False, widget=DATE)
    field_order = ["status", "on", "reason"]


class RemoveForm(ReasonForm):
    on = forms.DateField(label=_("removed on"), required=False, widget=DATE)
    field_order = ["on", "reason"]


class EnrolForm(forms.Form):
    operator = forms.ModelChoiceField(label=_("operator"), queryset=Staff.objects.all())
    operator_code = forms.CharField(label=_("operator ID"), max_length=40)
    collation_id = forms.CharField(label=_("collation ID (照合ID)"), max_length=40)
    on = forms.DateField(label=_("enrolled on"), required=False, widget=DATE)


class ExtensionInline(admin.TabularInline):
    model = LeaseExtension
    fields = ["previous_end", "new_end", "decided_on", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lease)
class LeaseAdmin(ScopedHistoryAdmin):
    office_path = None
    list_display = ["number", "lessor", "starts_on", "ends_on"]
    search_fields = ["number", "lessor"]
    inlines = [ExtensionInline]
    change_form_template = "admin/terminals/lease/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        return ["ends_on"] if obj else []  # an end moves only by an extension

    def get_urls(self):
        return [
            path(
                "<path:object_id>/extend/",
                self.admin_site.admin_view(self.extend_view),
                name="terminals_lease_extend",
            ),
            *super().get_urls(),
        ]

    def extend_view(self, request, object_id):
        return self.confirmed_action_view(
            request,
            object_id,
            title=_("Extend the lease"),
            form_class=ExtendForm,
            perform=lambda lease, data, actor: services.lease_extend(
                lease=lease, new_end=data["new_end"], actor=actor, reason=data["reason"]
            ),
        )


class MoveInline(admin.TabularInline):
    model = TerminalMove
    fk_name = "terminal"
    fields = ["moved_on", "from_office", "to_office", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Terminal)
class TerminalAdmin(ScopedHistoryAdmin):
    list_display = [
        "asset_number",
        "office",
        "room",
        "dedicated",
        "authentication",
        "status",
        "lease",
        "installed_on",
        "removed_on",
    ]
    list_filter = ["status", "authentication", "dedicated", "office"]
    search_fields = ["asset_number", "room", "office__name"]
    list_select_related = ["office", "lease"]
    autocomplete_fields = ["office"]
    inlines = [MoveInline]
    change_form_template = "admin/terminals/terminal/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        # once placed, office and status change only through "move" and "status"
        return ["office", "status", "removed_on"] if obj else ["status", "removed_on"]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/relocate/",
                self.admin_site.admin_view(self.relocate_view),
                name="terminals_terminal_relocate",
            ),
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name="terminals_terminal_status",
            ),
            *super().get_urls(),
        ]

    def relocate_view(self, request, object_id):
        return self.confirmed_action_view(
            request,
            object_id,
            title=_("Move the terminal"),
            form_class=RelocateForm,
            perform=lambda t, data, actor: services.terminal_relocate(
                terminal=t,
                office=data["office"],
                room=data["room"],
                on=data["on"],
                actor=actor,
                reason=data["reason"],
            ),
        )

    def status_view(self, request, object_id):
        return self.confirmed_action_view(
            request,
            object_id,
            title=_("Change the terminal's status"),
            form_class=TerminalStatusForm,
            perform=lambda t, data, actor: services.terminal_set_status(
                terminal=t,
                status=data["status"],
                on=data["on"],
                actor=actor,
                reason=data["reason"],
            ),
        )


@admin.register(PlacementPlan)
class PlacementPlanAdmin(ScopedHistoryAdmin):
    list_display = [
        "fiscal_year",
        "office",
        "uses_last_year",
        "terminals_now",
        "uses_added",
        "terminals_next_year",
        "terminals_year_after",
    ]
    list_filter = ["fiscal_year"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]


@admin.register(UsageLogEntry)
class UsageLogEntryAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = [
        "started_at",
        "ended_at",
        "office",
        "terminal",
        "operator",
        "card",
        "affair",
        "lookups",
    ]
    list_filter = ["office"]
    search_fields = [
        "operator__name",
        "operator__employee_number",
        "terminal__asset_number",
        "card__serial",
    ]
    list_select_related = ["office", "terminal", "operator", "card", "affair"]
    date_hierarchy = "started_at"
    show_full_result_count = False


@admin.register(VeinEnrolment)
class VeinEnrolmentAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = [
        "office",
        "operator",
        "operator_code",
        "collation_id",
        "enrolled_on",
        "removed_on",
    ]
    list_filter = ["office"]
    search_fields = ["operator__name", "operator_code", "collation_id"]
    list_select_related = ["office", "operator"]
    change_list_template = "admin/terminals/veinenrolment/change_list.html"
    change_form_template = "admin/terminals/veinenrolment/change_form.html"

    def has_change_permission(self, request, obj=None):
        # every field stays read-only; removal has its own page that calls the service
        return request.user.has_perm("terminals.change_veinenrolment")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def get_urls(self):
        return [
            path(
                "enrol/",
                self.admin_site.admin_view(self.enrol_view),
                name="terminals_veinenrolment_enrol",
            ),
            path(
                "<path:object_id>/remove/",
                self.admin_site.admin_view(self.remove_view),
                name="terminals_veinenrolment_remove",
            ),
            *super().get_urls(),
        ]

    def remove_view(self, request, object_id):
        return self.confirmed_action_view(
            request,
            object_id,
            title=_("Remove the enrolment"),
            form_class=RemoveForm,
            perform=lambda enrolment, data, actor: services.vein_remove(
                enrolment=enrolment, actor=actor, reason=data["reason"], on=data["on"]
            ),
        )

    def enrol_view(self, request):
        return self.form_action_view(
            request,
            title=_("Enrol an operator"),
            form_class=EnrolForm,
            permission="terminals.add_veinenrolment",
            perform=lambda data, actor: services.vein_enrol(
                operator=data["operator"],
                operator_code=data["operator_code"],
                collation_id=data["collation_id"],
                on=data["on"],
                actor=actor,
            ),
            success=_("The operator was enrolled."),
            success_url=reverse("admin:terminals_veinenrolment_changelist"),
        )


@admin.register(DailyCheck)
class DailyCheckAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    office_path = "terminal__office"
    list_display = ["checked_on", "terminal", "all_passed", "checked_by", "notes"]
    list_filter = ["checked_on"]
    list_select_related = ["terminal", "checked_by"]


@admin.register(RoomEntry)
class RoomEntryAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = [
        "entered_at",
        "left_at",
        "office",
        "room",
        "name",
        "affiliation",
        "purpose",
        "is_operator",
        "escort",
    ]
    list_filter = ["office", "is_operator"]
    list_select_related = ["office"]


@admin.register(KeyLog)
class KeyLogAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["taken_at", "returned_at", "office", "key", "taken_by", "purpose"]
    list_filter = ["office"]
    list_select_related = ["office"]


@admin.register(MediaItem)
class MediaItemAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["office", "kind", "title", "storage_place", "status", "disposed_on"]
    list_filter = ["kind", "status", "office"]
    list_select_related = ["office"]


@admin.register(PurgeRecord)
class PurgeRecordAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    office_path = None
    list_display = ["ran_at", "register", "cutoff", "removed", "actor"]
