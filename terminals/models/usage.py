"""The terminal usage log (端末機利用簿) and the vein enrolment register (照合情報認証管理簿)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cards.models import Affair, Card
from juki_admin.models import (
    NormalizedCharField,
    Office,
    OfficeScopedQuerySet,
    Staff,
    TrackedModel,
)

from ..choices import (
    VEIN_MACHINE,
    EnrolmentStatus,
)
from .terminals import Terminal


class UsageLogEntry(TrackedModel):
    """端末機利用簿: who used which terminal, when, with which card, for what.

    Recorded before each use under group or HQ-shared use; the end time and the number of
    look-ups after. Never deleted (only retention purges it); corrections keep history.
    """

    terminal = models.ForeignKey(
        Terminal, verbose_name=_("terminal"), on_delete=models.PROTECT, related_name="usage"
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The terminal's office at the time of use."),
    )
    operator = models.ForeignKey(
        Staff, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="usage"
    )
    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.PROTECT, related_name="usage"
    )
    affair = models.ForeignKey(
        Affair, verbose_name=_("affair"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    lookups = models.PositiveIntegerField(_("number of look-ups"), null=True, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("usage log entry")
        verbose_name_plural = _("terminal usage log")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["office", "-started_at"]),
            models.Index(fields=["operator", "-started_at"]),
            models.Index(fields=["terminal", "-started_at"]),
            models.Index(fields=["-started_at", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_datetime

        started = format_era_datetime(self.started_at)
        return f"{started} {self.terminal.asset_number} {self.operator}"

    def get_absolute_url(self) -> str:
        return reverse("terminals:usage_detail", args=[self.pk])


class VeinEnrolment(TrackedModel):
    """照合情報認証管理簿: who is enrolled for vein authentication. No biometric data here."""

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT)
    operator = models.ForeignKey(Staff, verbose_name=_("operator"), on_delete=models.PROTECT)
    operator_code = NormalizedCharField(_("operator ID"), max_length=40)
    collation_id = NormalizedCharField(_("collation ID (照合ID)"), max_length=40)
    enrolled_on = models.DateField(_("enrolled on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("vein enrolment")
        verbose_name_plural = _("vein enrolment register")
        ordering = ["office", "operator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["collation_id"],
                condition=Q(removed_on__isnull=True),
                name="%(app_label)s_%(class)s_one_active_collation_id",
            ),
            models.UniqueConstraint(
                fields=["operator"],
                condition=Q(removed_on__isnull=True),
                name="%(app_label)s_%(class)s_one_active_enrolment_per_operator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator}（{self.operator_code}）"

    @property
    def state(self) -> str:
        """``EnrolmentStatus``, read from ``removed_on``: the state of ``VEIN_MACHINE``."""
        return EnrolmentStatus.REMOVED if self.removed_on else EnrolmentStatus.ENROLLED

    @property
    def steps(self) -> list[str]:
        return VEIN_MACHINE.allowed(self.state)
