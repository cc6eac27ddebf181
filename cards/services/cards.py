"""The card lifecycle (交付・資格停止・回収・返却・紛失・廃棄), rosters, incidents, inventories.

Every write of the cards app is a function here: ``<entity>_<verb>``, keyword-only, atomic,
locking the rows it changes, with the acting user and reason in the history and, for cards,
one entry in the card ledger (``CardEvent``). A refused action raises ``DomainError`` (or its
subclass ``CardTransitionError``) with a message for the user, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history

from juki_admin import fiscal, validation
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.logs import security_event
from juki_admin.models import Office, Staff, normalize_code

from .. import reclaim, selectors
from ..choices import (
    IN_USE,
    TRANSITIONS,
    CardEventKind,
    CardKind,
    CardStatus,
    IncidentStatus,
    InventoryResult,
    RosterStatus,
    UseMode,
)
from ..models import (
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
    ReclaimPeriod,
    Roster,
)


class CardTransitionError(DomainError):
    """A lifecycle action that the card's present status does not allow."""

    def __init__(self, card: Card, action: str):
        super().__init__(
            _("Card %(serial)s is %(status)s: you cannot %(action)s it.")
            % {
                "serial": card.serial,
                "status": card.get_status_display(),
                "action": TRANSITIONS[action].verb,
            }
        )
        self.card = card


# --- helpers ---------------------------------------------------------------------------

_require_reason = validation.require_reason


def _action_date(on: dt.date | None, *, not_before: dt.date | None = None) -> dt.date:
    """The date an action took place: today by default, never in the future."""
    return validation.past_date(on, not_before=not_before)


def _locked(card: Card) -> Card:
    return Card.objects.select_for_update().get(pk=card.pk)


def _last_event_date(card: Card) -> dt.date:
    last = card.events.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    return last or card.registered_on


def _save(card: Card, *, actor, reason: str, fields: Iterable[str]) -> None:
    stamp(card, actor=actor, reason=reason)
    card.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            card.save(update_fields=[*fields, "updated_at"])
    except IntegrityError as error:  # a constraint the checks above did not foresee (a race)
        raise DomainError(
            _("Card %(serial)s could not be changed: another change was made at the same time.")
            % {"serial": card.serial}
        ) from error


def _record(card: Card, kind: str, *, on, actor, reason="", details=None, **snapshot):
    event = CardEvent(
        card=card,
        kind=kind,
        occurred_on=on,
        actor=actor,
        reason=reason,
        office=snapshot.get("office", card.office),
        holder=snapshot.get("holder", card.holder),
        group=snapshot.get("group", card.group),
        details=details or {},
    )
    stamp(event, actor=actor, reason=reason)
    event.save()
    security_event(
        "card_action",
        user=actor,
        card=card.serial,
        action=str(kind),
        status=str(card.status),
        office_id=event.office_id,
        occurred_on=on.isoformat(),
        ledger_entry=event.pk,
    )
    return event


def _check_allowed(card: Card, action: str) -> None:
    if card.status not in TRANSITIONS[action].allowed:
        raise CardTransitionError(card, action)


def _transition(
    card: Card,
    action: str,
    *,
    actor,
    reason: str,
    on: dt.date | None,
    details: dict | None = None,
    clear: bool = False,
    **changes,
) -> Card:
    """Lock ``card``, check the transition table allows ``action`` from its status, move it
    to the table's status and write the table's ledger entry."""
    transition = TRANSITIONS[action]
    card = _locked(card)
    _check_allowed(card, action)
    on = _action_date(on, not_before=_last_event_date(card))
    snapshot = {"office": card.office, "holder": card.holder, "group": card.group}
    was_in_use = card.status in IN_USE
    card.status = transition.to
    fields = ["status"]
    if clear:
        card.holder = card.group = card.office = None
        fields += ["holder", "group", "office"]
    for name, value in changes.items():
        setattr(card, name, value)
        fields.append(name)
    _save(card, actor=actor, reason=reason, fields=fields)
    _record(card, transition.event, on=on, actor=actor, reason=reason, details=details, **snapshot)
    if was_in_use != (card.status in IN_USE):
        reclaim_watch_refresh(cards=Card.objects.filter(pk=card.pk), actor=actor, reason=reason)
    return card


# --- register and issue ------------------------------------------------------------------


@transaction.atomic
def card_register(
    *, serials: Iterable[str], kind: str, actor, reason: str = "", on: dt.date | None = None
) -> list[Card]:
    """Register new cards into stock (未交付). All or none: a duplicate serial refuses all."""
    on = _action_date(on)
    if kind not in CardKind.values:
        raise DomainError(_("Unknown card kind: %(kind)s") % {"kind": kind})
    cleaned, seen = [], set()
    for raw in serials:
        serial = normalize_code(raw)
        if not serial:
            continue
        if serial in seen:
            raise DomainError(_("Serial number %(serial)s is given twice.") % {"serial": serial})
        seen.add(serial)
        cleaned.append(Card(serial=serial, kind=kind, registered_on=on))
    if not cleaned:
        raise DomainError(_("Enter at least one serial number."))
    taken = sorted(Card.objects.filter(serial__in=seen).values_list("serial", flat=True))
    if taken:
        raise DomainError(
            _("These serial numbers are already registered: %(serials)s")
            % {"serials": "、".join(taken)}
        )
    cards = []
    for card in cleaned:
        stamp(card, actor=actor, reason=reason)
        try:
            with transaction.atomic():
                card.save()
        except IntegrityError as error:
            raise DomainError(
                _("These serial numbers are already registered: %(serials)s")
                % {"serials": card.serial}
            ) from error
        _record(card, CardEventKind.REGISTER, on=on, actor=actor, reason=reason)
        cards.append(card)
    return cards


def _run_issue_checks(*, card: Card, holder: Staff, on: dt.date) -> list[str]:
    """Run ``settings.CARD_ISSUE_CHECKS``; a check refuses by raising DomainError."""
    warnings = []
    for path in settings.CARD_ISSUE_CHECKS:
        result = import_string(path)(card=card, holder=holder, on=on)
        if result:
            warnings.append(str(result))
    return warnings


@transaction.atomic
def card_issue(
    *,
    card: Card,
    actor,
    reason: str = "",
    holder: Staff | None = None,
    group: OperatorGroup | None = None,
    acknowledged_receipt: bool,
    pledged_not_to_lend: bool,
    on: dt.date | None = None,
) -> Card:
    """Issue (交付) an individual card to a designated operator on their office's roster in
    force, or a group card to an operator group (lent to the office head). The holder's
    acknowledgement — receipt, and the pledge not to lend the card — is required and kept
    in the ledger entry, from which the receipt (交付受領書) is printed."""
    if not (acknowledged_receipt and pledged_not_to_lend):
        raise DomainError(
            _("The holder must acknowledge receipt and pledge not to lend the card to anyone.")
        )
    card = _locked(card)
    _check_allowed(card, "issue")
    on = _action_date(on, not_before=_last_event_date(card))
    warnings: list[str] = []
    if card.kind == CardKind.INDIVIDUAL:
        if holder is None or group is not None:
            raise DomainError(_("An operator ID card is issued to one person, not to a group."))
        holder = (
            Staff.objects.select_for_update(of=("self",)).select_related("office").get(pk=holder.pk)
        )
        if holder.has_left(on):
            raise DomainError(
                _("%(name)s has left (%(status)s) and cannot be issued a card.")
                % {"name": holder.name, "status": holder.get_status_display()}
            )
        designation = selectors.designation_in_force(holder, on)
        if designation is None or designation.use_mode != UseMode.INDIVIDUAL:
            raise DomainError(
                _(
                    "%(name)s is not designated for an individual card on the accepted "
                    "operator roster of %(office)s."
                )
                % {"name": holder.name, "office": holder.office.name},
                fix=(reverse("cards:roster_list"), _("Operator rosters")),
            )
        in_use = Card.objects.filter(holder=holder, status__in=IN_USE).first()
        if in_use:
            raise DomainError(
                _("%(name)s already holds card %(serial)s. A person holds one card at a time.")
                % {"name": holder.name, "serial": in_use.serial}
            )
        warnings = _run_issue_checks(card=card, holder=holder, on=on)
        card.holder, card.office = holder, holder.office
    else:
        if group is None or holder is not None:
            raise DomainError(_("A group card is issued to an operator group, not to a person."))
        group = (
            OperatorGroup.objects.select_for_update(of=("self",))
            .select_related("office")
            .get(pk=group.pk)
        )
        if group.office.head_id is None:
            raise DomainError(
                _("%(office)s has no office head to hold the group card.")
                % {"office": group.office.name}
            )
        if not group.members.exists():
            raise DomainError(_("The operator group %(group)s has no members.") % {"group": group})
        in_use = Card.objects.filter(group=group, status__in=IN_USE).first()
        if in_use:
            raise DomainError(
                _("The operator group %(group)s already has card %(serial)s.")
                % {"group": group, "serial": in_use.serial}
            )
        card.group, card.office = group, group.office
    card.status = TRANSITIONS["issue"].to
    card.issued_on = on
    card.password_changed_on = None
    _save(
        card,
        actor=actor,
        reason=reason,
        fields=["status", "holder", "group", "office", "issued_on", "password_changed_on"],
    )
    custodian = card.custodian
    _record(
        card,
        CardEventKind.ISSUE,
        on=on,
        actor=actor,
        reason=reason,
        details={
            "acknowledged_receipt": True,
            "pledged_not_to_lend": True,
            "custodian": str(custodian) if custodian else "",
            "warnings": warnings,
        },
    )
    reclaim_watch_refresh(cards=Card.objects.filter(pk=card.pk), actor=actor, reason=reason)
    return card


# --- suspend, reinstate, reclaim, return ------------------------------------------------


@transaction.atomic
def card_suspend(*, card: Card, actor, reason: str, on: dt.date | None = None) -> Card:
    """Suspend (資格停止) a card in use: it can no longer sign in to a terminal."""
    return _transition(
        card,
        "suspend",
        actor=actor,
        reason=_require_reason(reason),
        on=on,
    )


@transaction.atomic
def card_reinstate(*, card: Card, actor, reason: str, on: dt.date | None = None) -> Card:
    """Lift a suspension. Refused when the holder has left: their card is to be reclaimed."""
    locked = _locked(card)
    if (
        locked.holder_id
        and locked.status == CardStatus.SUSPENDED
        and locked.holder.has_left(fiscal.today())
    ):
        raise DomainError(
            _("%(name)s has left: reclaim the card instead of reinstating it.")
            % {"name": locked.holder.name}
        )
    return _transition(
        locked,
        "reinstate",
        actor=actor,
        reason=_require_reason(reason),
        on=on,
    )


@transaction.atomic
def card_reclaim(*, card: Card, actor, reason: str, on: dt.date | None = None) -> Card:
    """Reclaim (回収): the office head has the card back from its holder, on ``on``, for
    ``reason`` (both kept in the ledger)."""
    return _transition(
        card,
        "reclaim",
        actor=actor,
        reason=_require_reason(reason),
        on=on,
    )


@transaction.atomic
def card_return(*, card: Card, actor, reason: str = "", on: dt.date | None = None) -> Card:
    """Return (返却): the card is back with the system administrator, belonging to nobody."""
    return _transition(
        card,
        "return",
        actor=actor,
        reason=reason,
        on=on,
        clear=True,
    )


@transaction.atomic
def staff_reclaim_all_cards(
    *, staff: Staff, actor, reason: str, on: dt.date | None = None, cards=None
) -> list[Card]:
    """Reclaim every card in use of a leaving person (or those of ``cards``), in one action."""
    if cards is None:
        cards = Card.objects.filter(holder=staff, status__in=IN_USE).order_by("serial")
    cards = list(cards)
    if not cards:
        raise DomainError(_("%(name)s holds no card in use.") % {"name": staff.name})
    return [card_reclaim(card=c, actor=actor, reason=reason, on=on) for c in cards]


# --- operator groups ------------------------------------------------------------------------


@transaction.atomic
def group_add_member(*, group: OperatorGroup, staff: Staff, actor, reason: str):
    """Add ``staff`` (of the group's office, not gone) to an operator group."""
    group = OperatorGroup.objects.select_for_update().get(pk=group.pk)
    reason = _require_reason(reason)
    if staff.office_id != group.office_id:
        raise DomainError(
            _("%(name)s is not on the staff of %(office)s.")
            % {"name": staff.name, "office": group.office.name}
        )
    if staff.has_left(fiscal.today()):
        raise DomainError(_("%(name)s has left.") % {"name": staff.name})
    if GroupMembership.objects.filter(group=group, staff=staff).exists():
        raise DomainError(_("%(name)s is already a member.") % {"name": staff.name})
    membership = GroupMembership(group=group, staff=staff)
    stamp(membership, actor=actor, reason=reason)
    membership.save()
    return membership


@transaction.atomic
def group_remove_member(*, group: OperatorGroup, staff: Staff, actor, reason: str) -> None:
    """Take ``staff`` out of an operator group (kept in the history with the reason)."""
    group = OperatorGroup.objects.select_for_update().get(pk=group.pk)
    reason = _require_reason(reason)
    membership = GroupMembership.objects.filter(group=group, staff=staff).first()
    if membership is None:
        raise DomainError(_("%(name)s is not a member.") % {"name": staff.name})
    stamp(membership, actor=actor, reason=reason)
    membership.delete()


# --- lost and found, disposal, passwords ------------------------------------------------


@transaction.atomic
def card_report_lost(
    *,
    card: Card,
    actor,
    reason: str = "",
    reported_by: Staff | None = None,
    last_seen_on: dt.date | None = None,
    last_seen_place: str = "",
    on: dt.date | None = None,
) -> Incident:
    """Report a card lost (紛失): it is suspended at once (使用不能の措置) and an incident (事案)
    is opened with the first steps of its timeline. Returns the incident."""
    locked = _locked(card)
    on = _action_date(on)
    if last_seen_on and last_seen_on > on:
        raise DomainError(_("The card cannot have been last seen after it was reported lost."))
    office = locked.office
    card = _transition(
        locked,
        "lost",
        actor=actor,
        reason=reason,
        on=on,
        details={
            "last_seen_on": last_seen_on.isoformat() if last_seen_on else "",
            "last_seen_place": last_seen_place,
            "reported_by": str(reported_by) if reported_by else "",
        },
    )
    whose = card.holder.name if card.holder_id else str(card.group)
    incident = Incident(
        title=_("Loss of card %(serial)s (%(whose)s)") % {"serial": card.serial, "whose": whose},
        office=office,
        card=card,
        opened_on=on,
        last_seen_on=last_seen_on,
        last_seen_place=last_seen_place,
        reported_by=reported_by,
        description=reason,
    )
    stamp(incident, actor=actor, reason=reason)
    incident.save()
    reporter = reported_by.name if reported_by else str(actor)
    incident_add_entry(
        incident=incident,
        on=on,
        actor=actor,
        text=_("%(office)s reported card %(serial)s missing (reported by %(reporter)s).")
        % {"office": office.name, "serial": card.serial, "reporter": reporter},
    )
    incident_add_entry(
        incident=incident,
        on=on,
        actor=actor,
        text=_("Card %(serial)s suspended (made unusable).") % {"serial": card.serial},
    )
    return incident


@transaction.atomic
def card_mark_found(*, card: Card, actor, reason: str, on: dt.date | None = None) -> Card:
    """A lost card is found: it stays suspended until reinstated, reclaimed or returned."""
    card = _transition(
        card,
        "found",
        actor=actor,
        reason=_require_reason(reason),
        on=on,
    )
    for incident in card.incidents.filter(status=IncidentStatus.OPEN):
        incident_add_entry(
            incident=incident,
            on=card.events.latest("pk").occurred_on,
            actor=actor,
            text=_("Card %(serial)s found: %(reason)s") % {"serial": card.serial, "reason": reason},
        )
    return card


@transaction.atomic
def card_dispose(*, card: Card, actor, reason: str, on: dt.date | None = None) -> Card:
    """Dispose (廃棄) of a card in stock, returned, or written off as lost."""
    return _transition(
        card,
        "dispose",
        actor=actor,
        reason=_require_reason(reason),
        on=on,
        clear=True,
    )


@transaction.atomic
def card_record_password_change(
    *, card: Card, actor, on: dt.date | None = None, reason: str = ""
) -> Card:
    """Record the date of a password change (the date only: never a password)."""
    card = _locked(card)
    _check_allowed(card, "password")
    on = _action_date(on, not_before=card.issued_on)
    card.password_changed_on = on
    _save(card, actor=actor, reason=reason, fields=["password_changed_on"])
    _record(card, TRANSITIONS["password"].event, on=on, actor=actor, reason=reason)
    return card


# --- incidents ----------------------------------------------------------------------------


@transaction.atomic
def incident_add_entry(*, incident: Incident, on: dt.date, text: str, actor) -> IncidentEntry:
    """Add a step to an incident's timeline (経過)."""
    if not text.strip():
        raise DomainError(_("Describe what happened."))
    if on < incident.opened_on - dt.timedelta(days=366 * 5) or on > fiscal.today():
        raise DomainError(_("The date %(date)s is out of range.") % {"date": on})
    entry = IncidentEntry(incident=incident, occurred_on=on, text=text.strip(), actor=actor)
    stamp(entry, actor=actor, reason="")
    entry.save()
    return entry


@transaction.atomic
def incident_open(
    *,
    office,
    title: str,
    description: str,
    actor,
    card: Card | None = None,
    on: dt.date | None = None,
) -> Incident:
    """Open an incident (事案) found otherwise than by a lost card (e.g. an access-log
    review), with the first step of its timeline."""
    on = _action_date(on)
    incident = Incident(
        title=validation.required(title, _("Enter a title.")),
        office=office,
        card=card,
        opened_on=on,
        description=description.strip(),
    )
    stamp(incident, actor=actor, reason=incident.title)
    incident.full_clean()
    incident.save()
    incident_add_entry(incident=incident, on=on, actor=actor, text=description or title)
    return incident


@transaction.atomic
def incident_describe(*, incident: Incident, causes: str, measures: str, actor, reason: str):
    """Record an incident's causes (要因) and measures (対策), as its report prints them."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    incident.causes, incident.measures = causes.strip(), measures.strip()
    stamp(incident, actor=actor, reason=_require_reason(reason))
    incident.save(update_fields=["causes", "measures", "updated_at"])
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, actor, reason: str, on: dt.date | None = None):
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == IncidentStatus.CLOSED:
        raise DomainError(_("The incident is already closed."))
    on = _action_date(on, not_before=incident.opened_on)
    incident.status, incident.closed_on = IncidentStatus.CLOSED, on
    stamp(incident, actor=actor, reason=_require_reason(reason))
    incident.save(update_fields=["status", "closed_on", "updated_at"])
    incident_add_entry(incident=incident, on=on, actor=actor, text=reason)
    return incident


# --- rosters ------------------------------------------------------------------------------


@transaction.atomic
def roster_open(*, office, fiscal_year: int, actor) -> Roster:
    """Open the office's draft roster for ``fiscal_year``, starting from the roster in force
    without those who have left (a change during the year follows the same path as the
    yearly list)."""
    open_version = Roster.objects.filter(
        office=office,
        fiscal_year=fiscal_year,
        status__in=[RosterStatus.DRAFT, RosterStatus.SUBMITTED, RosterStatus.RETURNED],
    ).first()
    if open_version:
        return open_version
    last = (
        Roster.objects.select_for_update()
        .filter(office=office, fiscal_year=fiscal_year)
        .order_by("-version")
        .first()
    )
    source = selectors.roster_in_force(office, fiscal.fiscal_year_bounds(fiscal_year)[1])
    roster = Roster(
        office=office, fiscal_year=fiscal_year, version=(last.version + 1) if last else 1
    )
    stamp(roster, actor=actor, reason=_("New roster version"))
    try:
        with transaction.atomic():
            roster.save()
    except IntegrityError as error:
        raise DomainError(_("A roster version was opened at the same time; reload.")) from error
    if source:
        today = fiscal.today()
        for d in source.designations.select_related("staff").prefetch_related("affairs"):
            if d.staff.has_left(today) or d.staff.office_id != office.pk:
                continue  # who has left or moved is not carried over
            copy = Designation(
                roster=roster,
                staff_id=d.staff_id,
                use_mode=d.use_mode,
                group_id=d.group_id,
                designated_on=d.designated_on,
            )
            stamp(copy, actor=actor, reason=_("Carried over from %(roster)s") % {"roster": source})
            copy.save()
            copy.affairs.set(d.affairs.all())
    return roster


def _editable(roster: Roster) -> Roster:
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    if not roster.is_editable:
        raise DomainError(
            _("The roster is %(status)s and can no longer be changed.")
            % {"status": roster.get_status_display()}
        )
    return roster


@transaction.atomic
def roster_designate(
    *,
    roster: Roster,
    staff: Staff,
    use_mode: str,
    affairs: Iterable[Affair],
    actor,
    group: OperatorGroup | None = None,
    on: dt.date | None = None,
) -> Designation:
    """Designate (指定) ``staff`` as an operator on a draft roster, or change their designation."""
    roster = _editable(roster)
    on = _action_date(on)
    affairs = list(affairs)
    if staff.office_id != roster.office_id:
        raise DomainError(
            _("%(name)s is not on the staff of %(office)s.")
            % {"name": staff.name, "office": roster.office.name}
        )
    if staff.has_left(on):
        raise DomainError(_("%(name)s has left and cannot be designated.") % {"name": staff.name})
    if use_mode not in UseMode.values:
        raise DomainError(_("Choose individual card or group use."))
    if use_mode == UseMode.INDIVIDUAL:
        group = None
    elif group is not None and group.office_id != roster.office_id:
        raise DomainError(_("The operator group belongs to another office."))
    if not affairs:
        raise DomainError(_("Choose at least one affair."))
    designation = Designation.objects.filter(roster=roster, staff=staff).first() or Designation(
        roster=roster, staff=staff
    )
    designation.use_mode, designation.group, designation.designated_on = use_mode, group, on
    stamp(designation, actor=actor, reason=_("Designation"))
    designation.save()
    designation.affairs.set(affairs)
    return designation


@transaction.atomic
def roster_undesignate(*, roster: Roster, staff: Staff, actor, reason: str) -> None:
    roster = _editable(roster)
    designation = Designation.objects.filter(roster=roster, staff=staff).first()
    if designation is None:
        raise DomainError(_("%(name)s is not on this roster.") % {"name": staff.name})
    designation._history_user, designation._change_reason = actor, _require_reason(reason)
    designation.delete()


@transaction.atomic
def roster_withdraw(*, roster: Roster, actor, reason: str) -> Roster:
    """The office head withdraws a draft or returned version (取下げ): it is kept, with its
    designations and the reason, and a new version can be opened."""
    roster = _editable(roster)
    roster.status = RosterStatus.WITHDRAWN
    roster.decision_reason = _require_reason(reason)
    stamp(roster, actor=actor, reason=roster.decision_reason)
    roster.save(update_fields=["status", "decision_reason", "updated_at"])
    return roster


@transaction.atomic
def roster_submit(*, roster: Roster, actor) -> Roster:
    """The office head approves the list and sends it to the system administrator."""
    roster = _editable(roster)
    if not roster.designations.exists():
        raise DomainError(_("The roster has no operators."))
    roster.status, roster.submitted_by, roster.submitted_at = (
        RosterStatus.SUBMITTED,
        actor,
        timezone.now(),
    )
    stamp(roster, actor=actor, reason=_("Approved by the office head"))
    roster.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    return roster


def _decide(
    roster: Roster, *, actor, status: str, reason: str, verb: str, on: dt.date | None = None
) -> Roster:
    """The system administrator's answer to a roster the office head approved."""
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    on = _action_date(on)
    if roster.status != RosterStatus.SUBMITTED:
        raise DomainError(
            _("Only a roster approved by the office head can be %(verb)s (this one is %(status)s).")
            % {"verb": verb, "status": roster.get_status_display()}
        )
    roster.status, roster.decided_by, roster.decided_at = status, actor, timezone.now()
    roster.decision_reason = reason
    if status == RosterStatus.ACCEPTED:
        roster.effective_on = max(on, fiscal.fiscal_year_bounds(roster.fiscal_year)[0])
    stamp(roster, actor=actor, reason=reason or _("Accepted"))
    roster.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "effective_on",
            "updated_at",
        ]
    )
    if status == RosterStatus.ACCEPTED:
        reclaim_watch_refresh(
            cards=Card.objects.filter(office_id=roster.office_id, status__in=IN_USE),
            actor=actor,
            reason=_("Roster accepted: %(roster)s") % {"roster": roster},
        )
    return roster


@transaction.atomic
def roster_accept(*, roster: Roster, actor, on: dt.date | None = None) -> Roster:
    """The system administrator accepts the roster on ``on`` (default today; an earlier date
    records an acceptance from the paper registers). It takes effect on the later of that
    day and the first day of its fiscal year (``Roster.effective_on``), and is from then on
    the office's roster in force (``selectors.rosters_in_force``); holders of individual
    cards it leaves out are due for reclaim from that day."""
    return _decide(
        roster,
        actor=actor,
        status=RosterStatus.ACCEPTED,
        reason="",
        verb=pgettext("roster decision", "accepted"),
        on=on,
    )


@transaction.atomic
def roster_return(*, roster: Roster, actor, reason: str) -> Roster:
    """The system administrator returns the roster to the office head with a reason."""
    return _decide(
        roster,
        actor=actor,
        status=RosterStatus.RETURNED,
        reason=_require_reason(reason),
        verb=pgettext("roster decision", "returned"),
    )


# --- inventories --------------------------------------------------------------------------


@transaction.atomic
def inventory_open(*, title: str, due_on: dt.date, actor, on: dt.date | None = None) -> Inventory:
    """Open a card inventory (現物確認): every card out with an office is to be confirmed."""
    on = _action_date(on)
    if due_on < on:
        raise DomainError(_("The due date must not be before the opening date."))
    if not title.strip():
        raise DomainError(_("Enter a title."))
    inventory = Inventory(title=title.strip(), opened_on=on, due_on=due_on)
    stamp(inventory, actor=actor, reason=title)
    inventory.save()
    cards = Card.objects.filter(status__in=[*IN_USE, CardStatus.RECLAIMED]).order_by("serial")
    items = [InventoryItem(inventory=inventory, card=c, office_id=c.office_id) for c in cards]
    bulk_create_with_history(items, InventoryItem, default_user=actor, default_change_reason=title)
    return inventory


@transaction.atomic
def inventory_confirm(
    *, item: InventoryItem, in_hand: bool, actor, note: str = "", on: dt.date | None = None
) -> InventoryItem:
    """The office head confirms one card: in hand, or not found (then it is reported lost)."""
    item = (
        InventoryItem.objects.select_for_update(of=("self",))
        .select_related("inventory", "card")
        .get(pk=item.pk)
    )
    if item.inventory.closed_on:
        raise DomainError(_("This inventory is closed."))
    if item.result != InventoryResult.PENDING:
        raise DomainError(_("Card %(serial)s is already confirmed.") % {"serial": item.card.serial})
    on = _action_date(on, not_before=item.inventory.opened_on)
    if in_hand:
        card = _locked(item.card)
        card.last_confirmed_on = on
        _save(card, actor=actor, reason=item.inventory.title, fields=["last_confirmed_on"])
        _record(card, CardEventKind.CONFIRM, on=on, actor=actor, reason=item.inventory.title)
        item.result = InventoryResult.IN_HAND
    else:
        if not note.strip():
            raise DomainError(_("Say where and when the card was last seen."))
        card_report_lost(
            card=item.card,
            actor=actor,
            reason=_("Not found in inventory %(title)s: %(note)s")
            % {"title": item.inventory.title, "note": note},
            last_seen_place=note,
            on=on,
        )
        item.result = InventoryResult.NOT_FOUND
    item.confirmed_on, item.confirmed_by, item.note = on, actor, note
    stamp(item, actor=actor, reason=item.inventory.title)
    item.save(update_fields=["result", "confirmed_on", "confirmed_by", "note", "updated_at"])
    return item


@transaction.atomic
def inventory_close(
    *, inventory: Inventory, actor, reason: str = "", on: dt.date | None = None
) -> Inventory:
    """Close an inventory; its unconfirmed cards stay listed in it as unconfirmed."""
    inventory = Inventory.objects.select_for_update().get(pk=inventory.pk)
    if inventory.closed_on:
        raise DomainError(_("This inventory is closed."))
    inventory.closed_on = _action_date(on, not_before=inventory.opened_on)
    stamp(inventory, actor=actor, reason=reason or _("Closed"))
    inventory.save(update_fields=["closed_on", "updated_at"])
    return inventory


# --- the reclaim watch ----------------------------------------------------------------------


def reclaim_watch_refresh(*, cards, actor, reason: str = "") -> tuple[int, int]:
    """Bring the reclaim periods (``ReclaimPeriod``) of the cards of the queryset ``cards``
    up to date with the cards, their holders and their offices' rosters (``cards.reclaim``).

    Every service that changes one of these calls it: card issue and the transitions into
    or out of use, roster acceptance, and (through ``settings.STAFF_CHANGE_HOOKS``) a
    change of a holder's status or office. Only periods that differ are written, with the
    actor and the reason in their history. The offices of the cards are locked first, so
    that two changes to the cards of one office are worked out one after the other.
    Returns (periods added, periods removed). A fixed number of queries, plus one per
    period added or removed."""
    with transaction.atomic():
        offices = sorted(
            {o for o in cards.order_by().values_list("office_id", flat=True) if o is not None}
        )
        if offices:
            list(
                Office.objects.select_for_update()
                .filter(pk__in=offices)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        wanted = {
            (card_id, p.cause, p.starts_on, p.ends_on)
            for card_id, periods in reclaim.compute(
                cards, Card=Card, Roster=Roster, Designation=Designation
            ).items()
            for p in periods
        }
        existing = {
            (p.card_id, p.cause, p.starts_on, p.ends_on): p
            for p in ReclaimPeriod.objects.filter(card__in=cards.order_by().values("pk"))
        }
        removed = [p for key, p in existing.items() if key not in wanted]
        for period in removed:
            stamp(period, actor=actor, reason=reason)
            period.delete()
        added = [
            ReclaimPeriod(card_id=card_id, cause=cause, starts_on=starts_on, ends_on=ends_on)
            for card_id, cause, starts_on, ends_on in sorted(wanted - set(existing))
        ]
        if added:
            bulk_create_with_history(
                added, ReclaimPeriod, default_user=actor, default_change_reason=reason
            )
        return len(added), len(removed)


def reclaim_watch_staff_changed(*, staff_ids, actor, reason: str = "") -> None:
    """``settings.STAFF_CHANGE_HOOKS``: a person's status or office changed (by a form, an
    admin action or an import): the periods of the cards they hold follow."""
    reclaim_watch_refresh(
        cards=Card.objects.filter(holder_id__in=list(staff_ids), status__in=IN_USE),
        actor=actor,
        reason=reason,
    )
