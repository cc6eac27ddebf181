"""The Django admin of self-inspections: checklists and their versions, campaigns, answer
sheets (read, reopened with a reason) and site visits."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin.admin_utils import (
    Link,
    ListAction,
    ObjectAction,
    ReadOnlyInline,
    ScopedHistoryAdmin,
)
from juki_admin.forms import ReasonForm
from juki_admin.once import OnceAdminMixin

from .. import services
from ..forms import CampaignOpenForm, ChecklistNewForm, CloseForm, SiteVisitForm
from ..models import Answer, Campaign, Checklist, ChecklistItem, Sheet, SiteVisit


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
class ChecklistAdmin(OnceAdminMixin, ScopedHistoryAdmin):
    office_scoped = False
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
class CampaignAdmin(OnceAdminMixin, ScopedHistoryAdmin):
    office_scoped = False
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
            available=lambda campaign: "close" in campaign.allowed_steps,
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
class SheetAdmin(OnceAdminMixin, ScopedHistoryAdmin):
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
            available=lambda sheet: "reopen" in sheet.allowed_steps,
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
class SiteVisitAdmin(OnceAdminMixin, ScopedHistoryAdmin):
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
