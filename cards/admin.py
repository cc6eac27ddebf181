"""The Django admin of the cards app: the system administrator's card desk.

A card's status is read-only here; each lifecycle verb has its own confirmation page that
asks for the reason and calls the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from juki_admin.admin_utils import ReadOnlyAdminMixin, ScopedHistoryAdmin
from juki_admin.forms import ReasonForm

from . import services
from .choices import IN_USE, CardStatus
from .forms import (
    DatedReasonForm,
    IncidentEntryForm,
    InventoryOpenForm,
    IssueForm,
    OptionalReasonForm,
    PasswordChangeForm,
    RegisterCardsForm,
    ReportLostForm,
)
from .models import (
    Affair,
    Card,
    CardEvent,
    Designation,
    GroupMembership,
    Incident,
    IncidentEntry,
    Inventory,
    InventoryItem,
    OperatorGroup,
    Roster,
)


@admin.register(Affair)
class AffairAdmin(ScopedHistoryAdmin):
    office_path = None
    list_display = ["code", "name", "active"]
    search_fields = ["code", "name"]


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    autocomplete_fields = ["staff"]
    extra = 1


@admin.register(OperatorGroup)
class OperatorGroupAdmin(ScopedHistoryAdmin):
    list_display = ["name", "office", "unit"]
    list_filter = ["unit", "office"]
    search_fields = ["name", "office__name"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    inlines = [GroupMembershipInline]


@dataclass(frozen=True)
class Action:
    """A lifecycle verb offered on a card's admin page."""

    title: Any
    form: type
    allowed: tuple[str, ...]
    perform: Any


def _issue(card, data, actor):
    services.card_issue(
        card=card,
        actor=actor,
        reason=data["reason"],
        holder=data.get("holder"),
        group=data.get("group"),
        acknowledged_receipt=data["acknowledged_receipt"],
        pledged_not_to_lend=data["pledged_not_to_lend"],
        on=data["on"],
    )
    event = card.events.filter(kind="issue").latest("pk")
    return HttpResponseRedirect(reverse("cards:issue_receipt", args=[event.pk]))


def _simple(service):
    def perform(card, data, actor):
        service(card=card, actor=actor, reason=data["reason"], on=data["on"])

    return perform


def _report_lost(card, data, actor):
    services.card_report_lost(
        card=card,
        actor=actor,
        reason=data["reason"],
        reported_by=data["reported_by"],
        last_seen_on=data["last_seen_on"],
        last_seen_place=data["last_seen_place"],
        on=data["on"],
    )


def _password(card, data, actor):
    services.card_record_password_change(card=card, actor=actor, on=data["on"])


CARD_ACTIONS: dict[str, Action] = {
    "issue": Action(
        _("Issue the card"), IssueForm, (CardStatus.STOCK, CardStatus.RETURNED), _issue
    ),
    "suspend": Action(
        _("Suspend the card"), DatedReasonForm, (CardStatus.ISSUED,), _simple(services.card_suspend)
    ),
    "reinstate": Action(
        _("Reinstate the card"),
        DatedReasonForm,
        (CardStatus.SUSPENDED,),
        _simple(services.card_reinstate),
    ),
    "reclaim": Action(
        _("Record the reclaim by the office head"),
        OptionalReasonForm,
        IN_USE,
        _simple(services.card_reclaim),
    ),
    "return": Action(
        _("Record the return to the system administrator"),
        OptionalReasonForm,
        (CardStatus.RECLAIMED, *IN_USE),
        _simple(services.card_return),
    ),
    "lost": Action(
        _("Report the card lost"),
        ReportLostForm,
        (*IN_USE, CardStatus.RECLAIMED),
        _report_lost,
    ),
    "found": Action(
        _("Record that the card was found"),
        DatedReasonForm,
        (CardStatus.LOST,),
        _simple(services.card_mark_found),
    ),
    "dispose": Action(
        _("Dispose of the card"),
        DatedReasonForm,
        (CardStatus.STOCK, CardStatus.RETURNED, CardStatus.LOST),
        _simple(services.card_dispose),
    ),
    "password": Action(_("Record a password change"), PasswordChangeForm, IN_USE, _password),
}


@admin.register(Card)
class CardAdmin(ScopedHistoryAdmin):
    list_display = [
        "serial",
        "kind",
        "status",
        "holder",
        "group",
        "office",
        "issued_on",
        "last_confirmed_on",
        "password_changed_on",
    ]
    list_filter = ["status", "kind", "office"]
    search_fields = ["serial", "holder__name", "holder__employee_number", "group__name"]
    list_select_related = ["holder", "group", "office"]
    show_full_result_count = False
    readonly_fields = [
        "kind",
        "status",
        "holder",
        "group",
        "office",
        "registered_on",
        "issued_on",
        "last_confirmed_on",
        "password_changed_on",
    ]
    fields = ["serial", *readonly_fields, "notes"]
    change_form_template = "admin/cards/card/change_form.html"
    change_list_template = "admin/cards/card/change_list.html"

    def has_add_permission(self, request):
        return False  # cards enter stock through "register cards", which writes the ledger

    def has_delete_permission(self, request, obj=None):
        return False  # a card is disposed of, never deleted

    def get_urls(self):
        return [
            path(
                "register/",
                self.admin_site.admin_view(self.register_view),
                name="cards_card_register",
            ),
            path(
                "<path:object_id>/do/<slug:action>/",
                self.admin_site.admin_view(self.action_view),
                name="cards_card_action",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        card = self.get_object(request, object_id)
        actions = []
        if card is not None and self.has_change_permission(request, card):
            actions = [
                (key, a.title) for key, a in CARD_ACTIONS.items() if card.status in a.allowed
            ]
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "card_actions": actions}
        )

    def action_view(self, request, object_id, action):
        spec = CARD_ACTIONS.get(action)
        card = get_object_or_404(self.get_queryset(request), pk=object_id)
        if spec is None:
            from django.http import Http404

            raise Http404
        kwargs = {"card": card} if spec.form is IssueForm else {}
        if spec.form is ReportLostForm:
            from juki_admin.models import Staff

            kwargs = {"staff_queryset": Staff.objects.filter(office_id=card.office_id)}
        return self.confirmed_action_view(
            request,
            object_id,
            title=spec.title,
            form_class=spec.form,
            perform=spec.perform,
            form_kwargs=kwargs,
        )

    def register_view(self, request):
        return self.form_action_view(
            request,
            title=_("Register cards into stock"),
            form_class=RegisterCardsForm,
            permission="cards.change_card",
            perform=lambda data, actor: services.card_register(
                serials=data["serials"],
                kind=data["kind"],
                actor=actor,
                reason=data["reason"],
                on=data["on"],
            ),
            success=lambda cards: (
                _("%(count)d card(s) registered into stock.") % {"count": len(cards)}
            ),
            success_url=reverse("admin:cards_card_changelist"),
        )


@admin.register(CardEvent)
class CardEventAdmin(ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["occurred_on", "card", "kind", "office", "holder", "group", "reason", "actor"]
    list_filter = ["kind", "office"]
    search_fields = ["card__serial", "holder__name", "reason"]
    list_select_related = ["card", "office", "holder", "group", "actor"]
    date_hierarchy = "occurred_on"
    show_full_result_count = False


class DesignationInline(admin.TabularInline):
    model = Designation
    fields = ["staff", "use_mode", "group", "designated_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Roster)
class RosterAdmin(ScopedHistoryAdmin):
    list_display = ["office", "fiscal_year", "version", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "fiscal_year", "office"]
    list_select_related = ["office"]
    readonly_fields = [
        "office",
        "fiscal_year",
        "version",
        "status",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "decision_reason",
    ]
    inlines = [DesignationInline]
    change_form_template = "admin/cards/roster/change_form.html"

    def has_add_permission(self, request):
        return False  # office heads prepare rosters in the portal

    def get_urls(self):
        return [
            path(
                "<path:object_id>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name="cards_roster_accept",
            ),
            path(
                "<path:object_id>/return/",
                self.admin_site.admin_view(self.return_view),
                name="cards_roster_return",
            ),
            *super().get_urls(),
        ]

    def accept_view(self, request, object_id):
        return self.confirmed_action_view(
            request,
            object_id,
            title=_("Accept the roster"),
            form_class=OptionalReasonForm,
            perform=lambda roster, data, actor: services.roster_accept(roster=roster, actor=actor),
        )

    def return_view(self, request, object_id):
        return self.confirmed_action_view(
            request,
            object_id,
            title=_("Return the roster to the office head"),
            form_class=ReasonForm,
            perform=lambda roster, data, actor: services.roster_return(
                roster=roster, actor=actor, reason=data["reason"]
            ),
        )


class IncidentEntryInline(admin.TabularInline):
    model = IncidentEntry
    fields = ["occurred_on", "text", "actor"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(ScopedHistoryAdmin):
    list_display = ["opened_on", "title", "office", "card", "status", "closed_on"]
    list_filter = ["status", "office"]
    search_fields = ["title", "card__serial"]
    list_select_related = ["office", "card"]
    readonly_fields = [
        "title",
        "office",
        "card",
        "status",
        "opened_on",
        "closed_on",
        "last_seen_on",
        "last_seen_place",
        "reported_by",
    ]
    inlines = [IncidentEntryInline]
    change_form_template = "admin/cards/incident/change_form.html"

    def has_add_permission(self, request):
        return False  # incidents are opened by reporting a card lost

    def get_urls(self):
        return [
            path(
                "<path:object_id>/entry/",
                self.admin_site.admin_view(self.entry_view),
                name="cards_incident_entry",
            ),
            path(
                "<path:object_id>/close/",
                self.admin_site.admin_view(self.close_view),
                name="cards_incident_close",
            ),
            *super().get_urls(),
        ]

    def entry_view(self, request, object_id):
        return self.confirmed_action_view(
            request,
            object_id,
            title=_("Add to the timeline"),
            form_class=IncidentEntryForm,
            perform=lambda incident, data, actor: services.incident_add_entry(
                incident=incident, on=data["on"], text=data["text"], actor=actor
            ),
        )

    def close_view(self, request, object_id):
        return self.confirmed_action_view(
            request,
            object_id,
            title=_("Close the incident"),
            form_class=DatedReasonForm,
            perform=lambda incident, data, actor: services.incident_close(
                incident=incident, actor=actor, reason=data["reason"], on=data["on"]
            ),
        )


class InventoryItemInline(admin.TabularInline):
    model = InventoryItem
    fields = ["office", "card", "result", "confirmed_on", "confirmed_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inventory)
class InventoryAdmin(ScopedHistoryAdmin):
    office_path = None
    list_display = ["title", "opened_on", "due_on", "closed_on"]
    readonly_fields = ["opened_on", "closed_on"]
    inlines = [InventoryItemInline]
    change_list_template = "admin/cards/inventory/change_list.html"

    def has_add_permission(self, request):
        return False  # opened through "open an inventory", which lists every card

    def get_urls(self):
        return [
            path(
                "open/",
                self.admin_site.admin_view(self.open_view),
                name="cards_inventory_open",
            ),
            *super().get_urls(),
        ]

    def open_view(self, request):
        return self.form_action_view(
            request,
            title=_("Open a card inventory"),
            form_class=InventoryOpenForm,
            permission="cards.add_inventory",
            perform=lambda data, actor: services.inventory_open(
                title=data["title"], due_on=data["due_on"], actor=actor
            ),
            success=_("The inventory was opened."),
            success_url=lambda inventory: reverse(
                "admin:cards_inventory_change", args=[inventory.pk]
            ),
        )
