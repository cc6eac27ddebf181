"""Operator ID cards (操作者識別カード) and group cards, their ledger (操作者識別カード管理簿),
operator groups and the reclaim periods.

A card's status never changes in a form: only the services in ``cards.services`` change
it, and the constraints below refuse impossible combinations in the database itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin.models import (
    NormalizedCharField,
    Office,
    OfficeScopedQuerySet,
    Staff,
    TrackedModel,
    choices_constraint,
)

from ..choices import (
    IN_USE,
    OUT_WITH_OFFICE,
    UNASSIGNED,
    CardEventKind,
    CardKind,
    CardStatus,
    GroupUnit,
    ReclaimCause,
)


class OperatorGroup(TrackedModel):
    """操作グループ: a team (班) or room (室) of an office that shares one group card.

    The custodian of its card is the office head (``office.head``).
    """

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="operator_groups"
    )
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10, choices=GroupUnit.choices)
    members = models.ManyToManyField(
        Staff, through="GroupMembership", related_name="operator_groups", blank=True
    )

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("operator group")
        verbose_name_plural = _("operator groups")
        ordering = ["office", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"], name="%(app_label)s_%(class)s_unique_name_per_office"
            ),
            choices_constraint("unit", GroupUnit, "%(app_label)s_%(class)s_unit_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.office.name} {self.name}"


class GroupMembership(TrackedModel):
    """A member of an operator group."""

    group = models.ForeignKey(
        OperatorGroup, verbose_name=_("operator group"), on_delete=models.CASCADE
    )
    staff = models.ForeignKey(Staff, verbose_name=_("staff member"), on_delete=models.PROTECT)

    objects = OfficeScopedQuerySet.for_path("group__office").as_manager()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "staff"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "staff"], name="%(app_label)s_%(class)s_unique_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.staff}"


class Card(TrackedModel):
    """An operator ID card (individual, lent to one person) or group card (lent to a group,
    held by its office head)."""

    serial = NormalizedCharField(_("serial number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CardKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=CardStatus.choices, default=CardStatus.STOCK
    )
    holder = models.ForeignKey(
        Staff,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cards",
    )
    group = models.ForeignKey(
        OperatorGroup,
        verbose_name=_("operator group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cards",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cards",
    )
    registered_on = models.DateField(_("registered on"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    last_confirmed_on = models.DateField(_("last confirmed in hand"), null=True, blank=True)
    password_changed_on = models.DateField(_("password last changed"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["serial"]
        indexes = [models.Index(fields=["office", "status"]), models.Index(fields=["status"])]
        constraints = [
            choices_constraint("kind", CardKind, "%(app_label)s_%(class)s_kind_valid"),
            choices_constraint("status", CardStatus, "%(app_label)s_%(class)s_status_valid"),
            models.CheckConstraint(
                condition=~Q(kind=CardKind.INDIVIDUAL) | Q(group__isnull=True),
                name="%(app_label)s_%(class)s_individual_card_has_no_group",
            ),
            models.CheckConstraint(
                condition=~Q(kind=CardKind.GROUP) | Q(holder__isnull=True),
                name="%(app_label)s_%(class)s_group_card_has_no_holder",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=OUT_WITH_OFFICE)
                | (
                    Q(office__isnull=False)
                    & (
                        Q(kind=CardKind.INDIVIDUAL, holder__isnull=False)
                        | Q(kind=CardKind.GROUP, group__isnull=False)
                    )
                ),
                name="%(app_label)s_%(class)s_card_out_has_holder_and_office",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=UNASSIGNED)
                | Q(holder__isnull=True, group__isnull=True, office__isnull=True),
                name="%(app_label)s_%(class)s_card_in_stock_belongs_to_nobody",
            ),
            models.UniqueConstraint(
                fields=["holder"],
                condition=Q(status__in=IN_USE),
                name="%(app_label)s_%(class)s_one_card_in_use_per_holder",
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(status__in=IN_USE),
                name="%(app_label)s_%(class)s_one_card_in_use_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.serial}（{self.get_kind_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("cards:card_detail", args=[self.pk])

    @property
    def custodian(self) -> Staff | None:
        """Who has the card: its holder, or for a group card the office head."""
        if self.kind == CardKind.GROUP:
            return self.office.head if self.office_id else None
        return self.holder


class ReclaimPeriod(TrackedModel):
    """A period in which a card in use is due for reclaim, and why (``cards.reclaim``).

    Written only by ``cards.services.reclaim_watch_refresh`` when a card, its holder or its
    office's rosters change, so that the reclaim watch finds the few due cards through an
    index (``selectors.due_cards``). A card that leaves use has none.
    """

    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.CASCADE, related_name="reclaim_periods"
    )
    cause = models.CharField(_("cause"), max_length=20, choices=ReclaimCause.choices)
    starts_on = models.DateField(_("due from"))
    ends_on = models.DateField(
        _("due until"),
        null=True,
        blank=True,
        help_text=_("The first day it is no longer due for this cause; empty: until reclaimed."),
    )

    objects = OfficeScopedQuerySet.for_path("card__office").as_manager()

    class Meta:
        verbose_name = _("reclaim period")
        verbose_name_plural = _("reclaim periods")
        ordering = ["starts_on", "card"]
        indexes = [models.Index(fields=["starts_on", "card"])]
        constraints = [
            choices_constraint("cause", ReclaimCause, "%(app_label)s_%(class)s_cause_valid"),
            models.UniqueConstraint(
                fields=["card", "cause", "starts_on"], name="%(app_label)s_%(class)s_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date

        return f"{self.card.serial} {self.get_cause_display()} {format_era_date(self.starts_on)}〜"


class CardEvent(TrackedModel):
    """An entry of the card ledger (操作者識別カード管理簿): one per lifecycle action."""

    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=CardEventKind.choices)
    occurred_on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    holder = models.ForeignKey(
        Staff, verbose_name=_("holder"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    group = models.ForeignKey(
        OperatorGroup,
        verbose_name=_("operator group"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("card ledger entry")
        verbose_name_plural = _("card ledger")
        ordering = ["occurred_on", "pk"]
        # the ledger's order (date, then as recorded), for one office and for all
        indexes = [
            models.Index(fields=["card", "occurred_on"]),
            models.Index(fields=["office", "occurred_on", "id"]),
            models.Index(fields=["occurred_on", "id"]),
        ]
        constraints = [
            choices_constraint("kind", CardEventKind, "%(app_label)s_%(class)s_kind_valid")
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date

        day = format_era_date(self.occurred_on)
        return f"{day} {self.card.serial} {self.get_kind_display()}"
