"""Card inventories (現物確認): a check, card by card, that every card out is in hand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from juki_admin import fiscal
from juki_admin.models import Office, OfficeScopedQuerySet, TrackedModel, choices_constraint

from ..choices import INVENTORY_ITEM_MACHINE, InventoryResult
from .cards import Card


class Inventory(TrackedModel):
    """現物確認: a check, card by card, that every card out with an office is in hand."""

    title = models.CharField(_("title"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("due on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("card inventory")
        verbose_name_plural = _("card inventories")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opened_on")),
                name="%(app_label)s_%(class)s_due_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        """Still open after its due date (``fiscal.is_overdue``, the one "overdue" rule)."""
        return self.closed_on is None and fiscal.is_overdue(self.due_on)


class InventoryItem(TrackedModel):
    """One card to confirm in an inventory."""

    inventory = models.ForeignKey(
        Inventory, verbose_name=_("inventory"), on_delete=models.CASCADE, related_name="items"
    )
    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.PROTECT, related_name="inventory_items"
    )
    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT)
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=InventoryResult.choices,
        default=InventoryResult.PENDING,
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inventory item")
        verbose_name_plural = _("inventory items")
        ordering = ["inventory", "office", "card__serial"]
        indexes = [models.Index(fields=["inventory", "office", "result"])]
        constraints = [
            choices_constraint("result", InventoryResult, "%(app_label)s_%(class)s_result_valid"),
            models.UniqueConstraint(
                fields=["inventory", "card"], name="%(app_label)s_%(class)s_card_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inventory}: {self.card.serial}"

    @property
    def is_pending(self) -> bool:
        """Still to confirm: the item table (``INVENTORY_ITEM_TRANSITIONS``) allows a step."""
        return bool(INVENTORY_ITEM_MACHINE.allowed(self.result))

    @property
    def is_overdue(self) -> bool:
        """Unconfirmed after its inventory's due date (``selectors.overdue_inventory_items``
        as a property, for the inventory page)."""
        return self.is_pending and self.inventory.is_overdue
