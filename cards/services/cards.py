"""The card lifecycle (交付・資格停止・回収・返却・紛失・廃棄, パスワード変更の記録): register,
issue, suspend, reinstate, reclaim, return, lost and found, dispose, password changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from juki_admin import fiscal
from juki_admin.db import save_refusing_races
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Staff, normalize_code
from juki_admin.people import display_name

from .. import selectors
from ..choices import (
    IN_USE,
    TRANSITIONS,
    CardEventKind,
    CardKind,
    CardStatus,
    IncidentStatus,
    UseMode,
)
from ..models import Card, Incident, OperatorGroup
from ._common import (
    _action_date,
    _check_allowed,
    _last_event_date,
    _locked,
    _record,
    _require_reason,
    _save,
    _transition,
)
from .incidents import incident_add_entry
from .watch import reclaim_watch_refresh

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
        save_refusing_races(
            card,
            _("These serial numbers are already registered: %(serials)s")
            % {"serials": card.serial},
        )
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
    reporter = reported_by.name if reported_by else display_name(actor)
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
