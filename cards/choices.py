"""Choices of the cards app: card kinds and states, ledger events, rosters, inventories."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class InventoryResult(models.TextChoices):
    PENDING = "pending", _("not yet confirmed")
    IN_HAND = "in_hand", _("in hand")
    NOT_FOUND = "not_found", _("not found")
