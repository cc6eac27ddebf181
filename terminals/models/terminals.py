"""Terminals (端末機), their leases (リース契約), moves (再配置) and the placement plan
(配置計画)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from juki_admin.models import (
    NormalizedCharField,
    Office,
    OfficeScopedQuerySet,
    TrackedModel,
    choices_constraint,
)

from ..choices import (
    TERMINAL_MACHINE,
    Authentication,
    TerminalStatus,
)


class Lease(TrackedModel):
    """リース契約: the lease of a batch of terminals (5 years, extendable)."""

    number = NormalizedCharField(_("contract number"), max_length=40, unique=True)
    lessor = models.CharField(_("lessor"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")
        ordering = ["ends_on", "number"]
        indexes = [models.Index(fields=["ends_on", "number"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.lessor}）"


class LeaseExtension(TrackedModel):
    """An extension of a lease (the paper's FY2007 lease was extended one year)."""

    lease = models.ForeignKey(
        Lease, verbose_name=_("lease"), on_delete=models.CASCADE, related_name="extensions"
    )
    previous_end = models.DateField(_("previous end"))
    new_end = models.DateField(_("new end"))
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("lease extension")
        verbose_name_plural = _("lease extensions")
        ordering = ["lease", "new_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end__gt=F("previous_end")),
                name="%(app_label)s_%(class)s_extends",
            )
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date as era

        return f"{self.lease}: {era(self.previous_end)} → {era(self.new_end)}"


class Terminal(TrackedModel):
    """端末機: a leased terminal placed in an office's room."""

    asset_number = NormalizedCharField(_("asset number"), max_length=40, unique=True)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="terminals"
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    dedicated = models.BooleanField(
        _("dedicated"), default=False, help_text=_("Used for one affair only (専用端末機).")
    )
    authentication = models.CharField(
        _("authentication"),
        max_length=10,
        choices=Authentication.choices,
        default=Authentication.CARD,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TerminalStatus.choices,
        default=TerminalStatus.IN_SERVICE,
    )
    lease = models.ForeignKey(
        Lease,
        verbose_name=_("lease"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="terminals",
    )
    installed_on = models.DateField(_("installed on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("terminal")
        verbose_name_plural = _("terminals")
        ordering = ["asset_number"]
        indexes = [models.Index(fields=["office", "status"])]
        constraints = [
            choices_constraint("status", TerminalStatus, "%(app_label)s_%(class)s_status_valid"),
            choices_constraint(
                "authentication", Authentication, "%(app_label)s_%(class)s_authentication_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=TerminalStatus.IN_SERVICE) | Q(removed_on__isnull=False),
                name="%(app_label)s_%(class)s_out_of_service_has_removal_date",
            ),
        ]

    def __str__(self) -> str:
        place = f"{self.office.name} {self.room}" if self.room else self.office.name
        return f"{self.asset_number}（{place}）"

    @property
    def steps(self) -> list[str]:
        """The steps of ``TERMINAL_MACHINE`` its status allows (the admin's actions)."""
        return TERMINAL_MACHINE.allowed(self.status)


class TerminalMove(TrackedModel):
    """再配置: a terminal moved from one office to another."""

    terminal = models.ForeignKey(
        Terminal, verbose_name=_("terminal"), on_delete=models.CASCADE, related_name="moves"
    )
    from_office = models.ForeignKey(
        Office, verbose_name=_("moved from"), on_delete=models.PROTECT, related_name="+"
    )
    to_office = models.ForeignKey(
        Office, verbose_name=_("moved to"), on_delete=models.PROTECT, related_name="+"
    )
    moved_on = models.DateField(_("moved on"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("terminal move")
        verbose_name_plural = _("terminal moves")
        ordering = ["terminal", "moved_on"]

    def __str__(self) -> str:
        return f"{self.terminal.asset_number}: {self.from_office} → {self.to_office}"


class PlacementPlan(TrackedModel):
    """配置計画: one office's line of the placement table of a fiscal year (seed 2(1))."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="placement_plans"
    )
    uses_last_year = models.PositiveIntegerField(_("uses last year"), null=True, blank=True)
    terminals_now = models.PositiveSmallIntegerField(_("terminals now"), null=True, blank=True)
    uses_added = models.PositiveIntegerField(_("expected additional uses"), null=True, blank=True)
    terminals_next_year = models.PositiveSmallIntegerField(
        _("terminals planned next year"), null=True, blank=True
    )
    terminals_year_after = models.PositiveSmallIntegerField(
        _("terminals planned the year after"), null=True, blank=True
    )

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement plan line")
        verbose_name_plural = _("placement plan")
        ordering = ["fiscal_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "office"], name="%(app_label)s_%(class)s_once_per_year"
            )
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_fiscal_year

        return f"{format_fiscal_year(self.fiscal_year)} {self.office}"
