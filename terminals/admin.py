"""The Django admin of the terminals app: leases, terminals, the placement plan, and read
access to the registers the offices keep in the portal."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from juki_admin.admin_utils import (
    ListAction,
    ObjectAction,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ScopedHistoryAdmin,
)
from juki_admin.forms import EraDateField, ModelChoiceField, PastDateField, ReasonForm
from juki_admin.models import Office, Staff
from juki_admin.once import OnceAdminMixin
from juki_admin.paging import LargeTablePaginator
from juki_admin.search import IndexedSearchMixin

from . import services
from .choices import TERMINAL_STEP_TO, TerminalStatus
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
from .selectors import USAGE_SEARCH_CODES, USAGE_SEARCH_NAMES


class ExtendForm(ReasonForm):
    new_end = EraDateField(label=_("new end"), latest=dt.date(2099, 12, 31))
    field_order = ["new_end", "reason"]


class RelocateForm(ReasonForm):
    office = ModelChoiceField(label=_("office"), queryset=Office.objects.filter(active=True))
    room = forms.CharField(label=_("room"), max_length=100, required=False)
    on = PastDateField(label=_("date"), required=False)
    field_order = ["office", "room", "on", "reason"]


class TerminalStatusForm(ReasonForm):
    status = forms.ChoiceField(label=_("status"), choices=TerminalStatus.choices)
    on = PastDateField(label=_("date"), required=False)
    field_order = ["status", "on", "reason"]


class RemoveForm(ReasonForm):
    on = PastDateField(label=_("removed on"), required=False)
    field_order = ["on", "reason"]


class EnrolForm(forms.Form):
    operator = ModelChoiceField(label=_("operator"), queryset=Staff.objects.all())
    operator_code = forms.CharField(label=_("operator ID"), max_length=40)
    collation_id = forms.CharField(label=_("collation ID (照合ID)"), max_length=40)
    on = PastDateField(label=_("enrolled on"), required=False)


class ExtensionInline(ReadOnlyInline):
    model = LeaseExtension
    fields = ["previous_end", "new_end", "decided_on", "reason"]


@admin.register(Lease)
class LeaseAdmin(OnceAdminMixin, ScopedHistoryAdmin):
    office_scoped = False
    list_display = ["number", "lessor", "starts_on", "ends_on"]
    search_fields = ["number", "lessor"]
    inlines = [ExtensionInline]
    service_fields = ("ends_on",)  # an end moves only by an extension
    object_actions = (
        ObjectAction(
            "extend",
            _("Extend the lease"),
            form=ExtendForm,
            perform=lambda lease, data, actor: services.lease_extend(
                lease=lease, new_end=data["new_end"], actor=actor, reason=data["reason"]
            ),
            done=_("The lease was extended."),
        ),
    )


class MoveInline(ReadOnlyInline):
    model = TerminalMove
    fk_name = "terminal"
    fields = ["moved_on", "from_office", "to_office", "reason"]


@admin.register(Terminal)
class TerminalAdmin(OnceAdminMixin, ScopedHistoryAdmin):
    @admin.display(description=_("label"))
    def label(self, obj):
        """A link to the terminal's printable label with the QR code of its usage form."""
        if obj is None or obj.pk is None or obj.status != TerminalStatus.IN_SERVICE:
            return "—"  # a removed terminal has no label (selectors.labelled_terminals)
        return format_html(
            '<a href="{}">{}</a>',
            reverse("terminals:terminal_label", args=[obj.pk]),
            _("Label with QR code"),
        )

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
    readonly_fields = ["status", "removed_on", "label"]
    # once placed, office and status change only through "move" and "status"
    service_fields = ("office", "asset_number")
    object_actions = (
        ObjectAction(
            "relocate",
            _("Move the terminal"),
            form=RelocateForm,
            available=lambda t: "relocate" in t.steps,
            perform=lambda t, data, actor: services.terminal_relocate(
                terminal=t,
                office=data["office"],
                room=data["room"],
                on=data["on"],
                actor=actor,
                reason=data["reason"],
            ),
            done=_("The move was recorded."),
        ),
        ObjectAction(
            "status",
            _("Change the terminal's status"),
            form=TerminalStatusForm,
            available=lambda t: any(step in t.steps for step in TERMINAL_STEP_TO.values()),
            perform=lambda t, data, actor: services.terminal_set_status(
                terminal=t,
                status=data["status"],
                on=data["on"],
                actor=actor,
                reason=data["reason"],
            ),
            done=_("The terminal's status was changed."),
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
    service_fields = ("fiscal_year", "office")


@admin.register(UsageLogEntry)
class UsageLogEntryAdmin(IndexedSearchMixin, ReadOnlyAdminMixin, ScopedHistoryAdmin):
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
    # a date filter, not a date hierarchy: the hierarchy lists the years and months that
    # hold entries with a DISTINCT over the whole log (7 s at 16 million entries)
    list_filter = [("started_at", admin.DateFieldListFilter), "office"]
    search_codes = USAGE_SEARCH_CODES
    search_names = USAGE_SEARCH_NAMES
    list_select_related = ["office", "terminal", "terminal__office", "operator", "card", "affair"]
    show_full_result_count = False
    paginator = LargeTablePaginator


@admin.register(VeinEnrolment)
class VeinEnrolmentAdmin(OnceAdminMixin, ScopedHistoryAdmin):
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
    object_actions = (
        ObjectAction(
            "remove",
            _("Remove the enrolment"),
            form=RemoveForm,
            available=lambda enrolment: "remove" in enrolment.steps,
            perform=lambda enrolment, data, actor: services.vein_remove(
                enrolment=enrolment, actor=actor, reason=data["reason"], on=data["on"]
            ),
            done=_("The enrolment was removed."),
        ),
    )
    list_actions = (
        ListAction(
            "enrol",
            _("Enrol an operator"),
            EnrolForm,
            "terminals.add_veinenrolment",
            perform=lambda data, actor: services.vein_enrol(
                operator=data["operator"],
                operator_code=data["operator_code"],
                collation_id=data["collation_id"],
                on=data["on"],
                actor=actor,
            ),
            done=_("The operator was enrolled."),
        ),
    )

    def has_add_permission(self, request):
        return False  # through "enrol an operator"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def get_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.editable]


@admin.register(DailyCheck)
class DailyCheckAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["checked_on", "terminal", "passed", "checked_by", "notes"]
    list_filter = ["checked_on"]
    list_select_related = ["terminal", "terminal__office", "checked_by"]

    @admin.display(description=_("all items passed"), boolean=True)
    def passed(self, obj):
        return obj.all_passed


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
    office_scoped = False
    list_display = ["ran_at", "register", "cutoff", "removed", "actor"]
