"""Choices of the cards app: card kinds and states, ledger events, rosters, inventories.

Beside the enumerations, the lifecycles' tables (``TRANSITIONS`` for cards,
``ROSTER_TRANSITIONS``, ``INCIDENT_TRANSITIONS``) and their ``StateMachine``: the one place
that says which step a status allows, read by the services, the admin and the templates.
"""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from juki_admin.states import StateMachine, Step


class CardKind(models.TextChoices):
    INDIVIDUAL = "individual", _("operator ID card")  # 操作者識別カード
    GROUP = "group", _("operator group ID card")  # 操作グループ識別カード


class CardStatus(models.TextChoices):
    STOCK = "stock", _("in stock (not issued)")  # 未交付
    ISSUED = "issued", _("issued")  # 交付中
    SUSPENDED = "suspended", _("suspended")  # 資格停止
    RECLAIMED = "reclaimed", _("reclaimed by the office head")  # 回収
    RETURNED = "returned", _("returned to the system administrator")  # 返却
    LOST = "lost", _("lost")  # 紛失
    DISPOSED = "disposed", _("disposed")  # 廃棄


#: A card "in use": lent out and able to be used, or suspended but still out.
IN_USE = (CardStatus.ISSUED, CardStatus.SUSPENDED)
#: A card that is out with an office (its holder or group and office are known).
OUT_WITH_OFFICE = (CardStatus.ISSUED, CardStatus.SUSPENDED, CardStatus.RECLAIMED, CardStatus.LOST)
#: A card with the system administrator, belonging to nobody.
UNASSIGNED = (CardStatus.STOCK, CardStatus.RETURNED, CardStatus.DISPOSED)


class CardEventKind(models.TextChoices):
    """Entries of the card ledger (操作者識別カード管理簿)."""

    REGISTER = "register", _("registered into stock")
    ISSUE = "issue", _("issued")
    SUSPEND = "suspend", _("suspended")
    REINSTATE = "reinstate", _("reinstated")
    RECLAIM = "reclaim", _("reclaimed")
    RETURN = "return", _("returned")
    REPORT_LOST = "report_lost", _("reported lost")
    MARK_FOUND = "mark_found", _("found")
    DISPOSE = "dispose", _("disposed")
    PASSWORD_CHANGE = "password_change", _("password changed")
    CONFIRM = "confirm", _("confirmed in hand")


class GroupUnit(models.TextChoices):
    TEAM = "team", _("team (班)")
    ROOM = "room", _("room (室)")


class UseMode(models.TextChoices):
    INDIVIDUAL = "individual", _("individual card")
    GROUP = "group", _("group use")


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("draft")  # the office head is preparing it
    SUBMITTED = "submitted", _("approved by the office head, awaiting acceptance")
    ACCEPTED = "accepted", _("accepted by the system administrator")
    RETURNED = "returned", _("returned to the office head")
    WITHDRAWN = "withdrawn", _("withdrawn by the office head")  # 取下げ


#: A roster version the office head may still change (designate, undesignate, submit or
#: withdraw): ``Roster.is_editable`` and the steps of ``ROSTER_TRANSITIONS`` read it.
ROSTER_EDITABLE = (RosterStatus.DRAFT, RosterStatus.RETURNED)
#: A roster version still open (not yet accepted or withdrawn): an office has at most one
#: per fiscal year (the constraint ``one_open_version``), and ``roster_open`` resumes it.
ROSTER_OPEN = (RosterStatus.DRAFT, RosterStatus.SUBMITTED, RosterStatus.RETURNED)


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class InventoryResult(models.TextChoices):
    PENDING = "pending", _("not yet confirmed")
    IN_HAND = "in_hand", _("in hand")
    NOT_FOUND = "not_found", _("not found")


class ReclaimCause(models.TextChoices):
    """Why a card is due for reclaim (``cards.selectors.due_reclaims``)."""

    STATUS = "status", _("holder has left")
    TRANSFER = "transfer", _("holder moved to another office")
    ROSTER = "roster", _("no longer on the roster")


class Transition(NamedTuple):
    """A lifecycle action: from which statuses it may be taken, the status it leads to
    (None: the status stays), the ledger entry it writes, and its name in messages."""

    allowed: tuple[str, ...]
    to: str | None
    event: str
    verb: str


#: The card transition table: the one place that says which action a status allows. The
#: services, the admin's action list and the card pages all read it.
TRANSITIONS: dict[str, Transition] = {
    "issue": Transition(
        (CardStatus.STOCK, CardStatus.RETURNED),
        CardStatus.ISSUED,
        CardEventKind.ISSUE,
        pgettext_lazy("card action", "issue"),
    ),
    "suspend": Transition(
        (CardStatus.ISSUED,),
        CardStatus.SUSPENDED,
        CardEventKind.SUSPEND,
        pgettext_lazy("card action", "suspend"),
    ),
    "reinstate": Transition(
        (CardStatus.SUSPENDED,),
        CardStatus.ISSUED,
        CardEventKind.REINSTATE,
        pgettext_lazy("card action", "reinstate"),
    ),
    "reclaim": Transition(
        IN_USE,
        CardStatus.RECLAIMED,
        CardEventKind.RECLAIM,
        pgettext_lazy("card action", "reclaim"),
    ),
    "return": Transition(
        (CardStatus.RECLAIMED, *IN_USE),
        CardStatus.RETURNED,
        CardEventKind.RETURN,
        pgettext_lazy("card action", "return"),
    ),
    "lost": Transition(
        (*IN_USE, CardStatus.RECLAIMED),
        CardStatus.LOST,
        CardEventKind.REPORT_LOST,
        pgettext_lazy("card action", "report lost"),
    ),
    "found": Transition(
        (CardStatus.LOST,),
        CardStatus.SUSPENDED,
        CardEventKind.MARK_FOUND,
        pgettext_lazy("card action", "record as found"),
    ),
    "dispose": Transition(
        (CardStatus.STOCK, CardStatus.RETURNED, CardStatus.LOST),
        CardStatus.DISPOSED,
        CardEventKind.DISPOSE,
        pgettext_lazy("card action", "dispose of"),
    ),
    "password": Transition(
        IN_USE,
        None,
        CardEventKind.PASSWORD_CHANGE,
        pgettext_lazy("card action", "record a password change for"),
    ),
}


#: The card lifecycle as a state machine over ``TRANSITIONS`` (its refusal keeps the card's
#: own message: ``cards.services.CardTransitionError``).
CARD_MACHINE = StateMachine(TRANSITIONS, CardStatus)


def actions_allowed(status: str) -> list[str]:
    """The actions (keys of ``TRANSITIONS``) a card in ``status`` allows, in table order."""
    return CARD_MACHINE.allowed(status)


#: The roster lifecycle (操作者名簿): the office head edits a draft (or a returned version),
#: approves and sends it (submit) or withdraws it; the system administrator accepts or
#: returns what was sent. The services refuse through ``ROSTER_MACHINE``, the admin offers
#: and the roster page shows only the steps it allows.
ROSTER_TRANSITIONS: dict[str, Step] = {
    "designate": Step(ROSTER_EDITABLE, None, pgettext_lazy("roster action", "designate on")),
    "undesignate": Step(
        ROSTER_EDITABLE, None, pgettext_lazy("roster action", "remove an operator from")
    ),
    "submit": Step(
        ROSTER_EDITABLE, RosterStatus.SUBMITTED, pgettext_lazy("roster action", "approve and send")
    ),
    "withdraw": Step(
        ROSTER_EDITABLE, RosterStatus.WITHDRAWN, pgettext_lazy("roster action", "withdraw")
    ),
    "accept": Step(
        (RosterStatus.SUBMITTED,), RosterStatus.ACCEPTED, pgettext_lazy("roster action", "accept")
    ),
    "return": Step(
        (RosterStatus.SUBMITTED,), RosterStatus.RETURNED, pgettext_lazy("roster action", "return")
    ),
}
ROSTER_MACHINE = StateMachine(ROSTER_TRANSITIONS, RosterStatus)

#: The incident lifecycle (事案): open until closed.
INCIDENT_TRANSITIONS: dict[str, Step] = {
    "close": Step(
        (IncidentStatus.OPEN,), IncidentStatus.CLOSED, pgettext_lazy("incident action", "close")
    ),
}
INCIDENT_MACHINE = StateMachine(INCIDENT_TRANSITIONS, IncidentStatus)

#: A card of an inventory (its ``result``): confirmed once, in hand or not found.
INVENTORY_ITEM_TRANSITIONS: dict[str, Step] = {
    "in_hand": Step(
        (InventoryResult.PENDING,),
        InventoryResult.IN_HAND,
        pgettext_lazy("inventory action", "confirm in hand"),
    ),
    "not_found": Step(
        (InventoryResult.PENDING,),
        InventoryResult.NOT_FOUND,
        pgettext_lazy("inventory action", "record as not found"),
    ),
}
INVENTORY_ITEM_MACHINE = StateMachine(INVENTORY_ITEM_TRANSITIONS, InventoryResult)
