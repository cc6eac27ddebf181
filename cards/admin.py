"""The Django admin of the cards app: the system administrator's card desk.

A card's status is read-only here; each lifecycle verb has its own confirmation page that
asks for the reason and calls the service.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin.admin_utils import (
    Link,
    ListAction,
    ObjectAction,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ScopedHistoryAdmin,
)
from juki_admin.forms import ReasonForm
from juki_admin.models import Staff
from juki_admin.once import OnceAdminMixin
from juki_admin.paging import LargeTablePaginator
from juki_admin.search import IndexedSearchMixin

from . import services
from .choices import CARD_MACHINE, INCIDENT_MACHINE, ROSTER_MACHINE
from .forms import (
    DatedReasonForm,
    GroupMemberForm,
    IncidentDescribeForm,
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
    office_scoped = False
    list_display = ["code", "name", "active"]
    search_fields = ["code", "name"]
    service_fields = ("code",)


class GroupMembershipInline(ReadOnlyInline):
    model = GroupMembership
    fields = ["staff", "created_at"]


def _members_form(group):
    return {"group": group}


@admin.register(OperatorGroup)
class OperatorGroupAdmin(OnceAdminMixin, ScopedHistoryAdmin):
    list_display = ["name", "office", "unit"]
    list_filter = ["unit", "office"]
    search_fields = ["name", "office__name"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    service_fields = ("office",)
    inlines = [GroupMembershipInline]
    object_actions = (
        ObjectAction(
            "add_member",
            _("Add a member"),
            form=GroupMemberForm,
            form_kwargs=lambda group: {"group": group, "adding": True},
            perform=lambda group, data, actor: services.group_add_member(
                group=group, staff=data["staff"], actor=actor, reason=data["reason"]
            ),
            done=_("The member was added."),
        ),
        ObjectAction(
            "remove_member",
            _("Remove a member"),
            form=GroupMemberForm,
            form_kwargs=lambda group: {"group": group, "adding": False},
            available=lambda group: group.members.exists(),
            perform=lambda group, data, actor: services.group_remove_member(
                group=group, staff=data["staff"], actor=actor, reason=data["reason"]
            ),
            done=_("The member was removed."),
        ),
    )


# --- cards: one action per verb of the transition table -----------------------------------


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


def _card_action(key, title, form, perform, done, form_kwargs=lambda card: {}):
    """An admin action for one verb of ``TRANSITIONS``: offered exactly when the table
    (``CARD_MACHINE``) allows it from the card's status."""
    return ObjectAction(
        key,
        title,
        form=form,
        perform=perform,
        available=lambda card: CARD_MACHINE.allows(key, card.status),
        form_kwargs=form_kwargs,
        done=done,
    )


CARD_ACTIONS = (
    _card_action(
        "issue",
        _("Issue the card"),
        IssueForm,
        _issue,
        _("The card was issued. Print the receipt from the card ledger below."),
        form_kwargs=lambda card: {"card": card},
    ),
    _card_action(
        "suspend",
        _("Suspend the card"),
        DatedReasonForm,
        _simple(services.card_suspend),
        _("The card was suspended."),
    ),
    _card_action(
        "reinstate",
        _("Reinstate the card"),
        DatedReasonForm,
        _simple(services.card_reinstate),
        _("The card was reinstated."),
    ),
    _card_action(
        "reclaim",
        _("Record the reclaim by the office head"),
        DatedReasonForm,
        _simple(services.card_reclaim),
        _("The reclaim was recorded."),
    ),
    _card_action(
        "return",
        _("Record the return to the system administrator"),
        OptionalReasonForm,
        _simple(services.card_return),
        _("The return was recorded."),
    ),
    _card_action(
        "lost",
        _("Report the card lost"),
        ReportLostForm,
        _report_lost,
        _("The card was reported lost and suspended; an incident was opened."),
        form_kwargs=lambda card: {"staff_queryset": Staff.objects.filter(office_id=card.office_id)},
    ),
    _card_action(
        "found",
        _("Record that the card was found"),
        DatedReasonForm,
        _simple(services.card_mark_found),
        _("The card was recorded as found; it stays suspended."),
    ),
    _card_action(
        "dispose",
        _("Dispose of the card"),
        DatedReasonForm,
        _simple(services.card_dispose),
        _("The card was disposed of."),
    ),
    _card_action(
        "password",
        _("Record a password change"),
        PasswordChangeForm,
        _password,
        _("The password change was recorded."),
    ),
)


@admin.register(Card)
class CardAdmin(OnceAdminMixin, IndexedSearchMixin, ScopedHistoryAdmin):
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
    search_codes = ("serial", "holder__employee_number")
    search_names = ("holder__name", "group__name")
    list_select_related = ["holder", "group", "group__office", "office"]
    show_full_result_count = False
    readonly_fields = [
        "serial",
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
    fields = [*readonly_fields, "notes"]
    object_actions = CARD_ACTIONS
    list_actions = (
        ListAction(
            "register",
            _("Register cards into stock"),
            RegisterCardsForm,
            "cards.change_card",
            perform=lambda data, actor: services.card_register(
                serials=data["serials"],
                kind=data["kind"],
                actor=actor,
                reason=data["reason"],
                on=data["on"],
            ),
            done=lambda cards: (
                _("%(count)d card(s) registered into stock.") % {"count": len(cards)}
            ),
        ),
    )

    def has_add_permission(self, request):
        return False  # cards enter stock through "register cards", which writes the ledger

    def object_links(self, request, card):
        links = [Link(_("Card ledger"), reverse("cards:card_detail", args=[card.pk]))]
        issue = card.events.filter(kind="issue").order_by("-pk").first()
        if issue is not None and CARD_MACHINE.allows("reclaim", card.status):
            links.append(Link(_("Receipt (PDF)"), reverse("cards:issue_receipt", args=[issue.pk])))
        return links

    def list_links(self, request):
        return [
            Link(_("Card ledger"), reverse("cards:ledger")),
            Link(_("Cards due for reclaim"), reverse("cards:reclaims")),
        ]


@admin.register(CardEvent)
class CardEventAdmin(IndexedSearchMixin, ReadOnlyAdminMixin, ScopedHistoryAdmin):
    list_display = ["occurred_on", "card", "kind", "office", "holder", "group", "reason", "actor"]
    # a date filter, not a date hierarchy: the hierarchy's SELECT DISTINCT of every entry's
    # month reads the whole ledger on each visit
    list_filter = [("occurred_on", admin.DateFieldListFilter), "kind", "office"]
    search_codes = ("card__serial",)
    search_names = ("holder__name", "reason")
    list_select_related = ["card", "office", "holder", "group", "group__office", "actor"]
    show_full_result_count = False
    paginator = LargeTablePaginator


class DesignationInline(ReadOnlyInline):
    model = Designation
    fields = ["staff", "use_mode", "group", "designated_on"]


@admin.register(Roster)
class RosterAdmin(OnceAdminMixin, ScopedHistoryAdmin):
    list_display = ["office", "fiscal_year", "version", "status", "submitted_at", "effective_on"]
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
        "effective_on",
        "decision_reason",
    ]
    fields = readonly_fields
    inlines = [DesignationInline]
    object_actions = (
        ObjectAction(
            "accept",
            _("Accept the roster"),
            form=OptionalReasonForm,
            available=lambda roster: ROSTER_MACHINE.allows("accept", roster.status),
            perform=lambda roster, data, actor: services.roster_accept(roster=roster, actor=actor),
            done=_("The roster was accepted. It is in force from the date shown."),
        ),
        ObjectAction(
            "return",
            _("Return the roster to the office head"),
            form=ReasonForm,
            available=lambda roster: ROSTER_MACHINE.allows("return", roster.status),
            perform=lambda roster, data, actor: services.roster_return(
                roster=roster, actor=actor, reason=data["reason"]
            ),
            done=_("The roster was returned to the office head."),
        ),
    )

    def has_add_permission(self, request):
        return False  # office heads prepare rosters in the portal

    def object_links(self, request, roster):
        url = reverse("cards:roster_detail", args=[roster.pk])
        return [Link("PDF", f"{url}?format=pdf"), Link("CSV", f"{url}?format=csv")]


class IncidentEntryInline(ReadOnlyInline):
    model = IncidentEntry
    fields = ["occurred_on", "text", "actor"]


@admin.register(Incident)
class IncidentAdmin(OnceAdminMixin, ScopedHistoryAdmin):
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
        "causes",
        "measures",
    ]
    inlines = [IncidentEntryInline]

    def object_links(self, request, incident):
        return [Link(_("Report (PDF)"), reverse("cards:incident_report", args=[incident.pk]))]

    object_actions = (
        ObjectAction(
            "entry",
            _("Add to the timeline"),
            form=IncidentEntryForm,
            perform=lambda incident, data, actor: services.incident_add_entry(
                incident=incident, on=data["on"], text=data["text"], actor=actor
            ),
            done=_("The step was added to the timeline."),
        ),
        ObjectAction(
            "describe",
            _("Record causes and measures"),
            form=IncidentDescribeForm,
            form_kwargs=lambda incident: {
                "initial": {"causes": incident.causes, "measures": incident.measures}
            },
            perform=lambda incident, data, actor: services.incident_describe(
                incident=incident, actor=actor, **data
            ),
            done=_("The causes and measures were recorded."),
        ),
        ObjectAction(
            "close",
            _("Close the incident"),
            form=DatedReasonForm,
            available=lambda incident: INCIDENT_MACHINE.allows("close", incident.status),
            perform=lambda incident, data, actor: services.incident_close(
                incident=incident, actor=actor, reason=data["reason"], on=data["on"]
            ),
            done=_("The incident was closed."),
        ),
    )

    def has_add_permission(self, request):
        return False  # incidents are opened by reporting a card lost


class InventoryItemInline(ReadOnlyInline):
    model = InventoryItem
    fields = ["office", "card", "result", "confirmed_on", "confirmed_by", "note"]


@admin.register(Inventory)
class InventoryAdmin(OnceAdminMixin, ScopedHistoryAdmin):
    office_scoped = False
    list_display = ["title", "opened_on", "due_on", "closed_on"]
    readonly_fields = ["opened_on", "due_on", "closed_on"]
    inlines = [InventoryItemInline]
    object_actions = (
        ObjectAction(
            "close",
            _("Close the inventory"),
            form=DatedReasonForm,
            available=lambda inventory: inventory.closed_on is None,
            perform=lambda inventory, data, actor: services.inventory_close(
                inventory=inventory, actor=actor, on=data["on"], reason=data["reason"]
            ),
            done=_("The inventory was closed."),
        ),
    )
    list_actions = (
        ListAction(
            "open",
            _("Open a card inventory"),
            InventoryOpenForm,
            "cards.add_inventory",
            perform=lambda data, actor: services.inventory_open(
                title=data["title"], due_on=data["due_on"], actor=actor
            ),
            done=_("The inventory was opened."),
            next_url=lambda inventory: reverse("admin:cards_inventory_change", args=[inventory.pk]),
        ),
    )

    def has_add_permission(self, request):
        return False  # opened through "open an inventory", which lists every card
