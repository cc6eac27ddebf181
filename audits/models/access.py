"""The access log (アクセスログ): files imported, look-ups as logged, the findings of the
reconciliation and the look-ups behind them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin.models import Office, OfficeScopedQuerySet, Staff, TrackedModel, choices_constraint

from ..choices import AccessRule, Review


class AccessLogFile(TrackedModel):
    """One file of the network's access log, imported once (its SHA-256 is kept)."""

    name = models.CharField(_("file name"), max_length=255)
    digest = models.CharField(_("SHA-256"), max_length=64, unique=True)
    rows = models.PositiveIntegerField(_("rows"))
    first_at = models.DateTimeField(_("first look-up"), null=True, blank=True)
    last_at = models.DateTimeField(_("last look-up"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("access-log file")
        verbose_name_plural = _("access-log files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class AccessRecord(models.Model):
    """アクセスログ: one look-up as the network logged it. Append-only and itself the record:
    no history table (it would double millions of rows that never change); rows are only
    added by the import and removed by the retention purge."""

    # No database-level foreign keys on this table: each would cost a trigger call for
    # every one of millions of rows the import writes; the import resolves them itself.
    # Terminal, card and operator have no index of their own: the (x, at) indexes of Meta
    # serve every look-up by them, and each index less is work less on every row copied in.
    file = models.ForeignKey(
        AccessLogFile,
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="records",
        db_constraint=False,
    )
    line = models.PositiveIntegerField(_("line"))
    at = models.DateTimeField(_("time"))
    terminal_code = models.CharField(_("terminal asset number"), max_length=40)
    terminal = models.ForeignKey(
        "terminals.Terminal",
        verbose_name=_("terminal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    card_code = models.CharField(_("card serial"), max_length=30, blank=True)
    card = models.ForeignKey(
        "cards.Card",
        verbose_name=_("card"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    operator_code = models.CharField(_("operator ID"), max_length=40, blank=True)
    operator = models.ForeignKey(
        Staff,
        verbose_name=_("operator (vein)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    operation = models.CharField(_("operation"), max_length=40)
    records = models.PositiveIntegerField(_("records"))

    objects = OfficeScopedQuerySet.for_path("terminal__office").as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        # Look-ups by card, terminal or vein operator and time. The time alone is indexed
        # by the migration: BRIN on PostgreSQL (rows arrive in time order; a BRIN index costs
        # next to nothing to keep up as millions are copied in), a B-tree elsewhere.
        indexes = [
            models.Index(fields=["card", "at"], name="audits_access_card_at"),
            models.Index(fields=["terminal", "at"], name="audits_access_terminal_at"),
            # vein terminals only: card look-ups (nearly all) leave it untouched
            models.Index(
                fields=["operator", "at"],
                name="audits_access_operator_at",
                condition=models.Q(operator__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        who = self.card_code or self.operator_code
        from juki_admin.fiscal import format_era_datetime

        return f"{format_era_datetime(self.at)} {self.terminal_code} {who}"


class AccessFinding(TrackedModel):
    """A look-up (or the look-ups of one card, terminal and day) that nothing explains,
    raised by the reconciliation, reviewed by the system administrator."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    rule = models.CharField(_("rule"), max_length=20, choices=AccessRule.choices)
    day = models.DateField(_("day"))
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    card = models.ForeignKey(
        "cards.Card",
        verbose_name=_("card"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_findings",
    )
    terminal = models.ForeignKey(
        "terminals.Terminal",
        verbose_name=_("terminal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.CharField(_("code as logged"), max_length=40, blank=True)
    first_at = models.DateTimeField(_("first look-up"))
    last_at = models.DateTimeField(_("last look-up"))
    count = models.PositiveIntegerField(_("look-ups"))
    detail = models.CharField(_("detail"), max_length=300)
    records = models.ManyToManyField(AccessRecord, through="AccessFindingRecord", related_name="+")
    review = models.CharField(
        _("review"), max_length=15, choices=Review.choices, default=Review.NEW
    )
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    incident = models.ForeignKey(
        "cards.Incident",
        verbose_name=_("incident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("access-log finding")
        verbose_name_plural = _("access-log findings")
        ordering = ["-day", "rule", "pk"]
        indexes = [
            models.Index(fields=["review", "-day"]),
            models.Index(fields=["office", "-day"]),
        ]
        constraints = [
            choices_constraint("rule", AccessRule, "%(app_label)s_%(class)s_rule_valid"),
            choices_constraint("review", Review, "%(app_label)s_%(class)s_review_valid"),
            models.CheckConstraint(
                condition=Q(review=Review.NEW) | ~Q(note=""),
                name="%(app_label)s_%(class)s_reviewed_has_note",
            ),
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date

        return f"{format_era_date(self.day)} {self.get_rule_display()} {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("audits:access_finding", args=[self.pk])


class AccessFindingRecord(models.Model):
    """Which look-ups are behind a finding (append-only, like the records)."""

    finding = models.ForeignKey(AccessFinding, on_delete=models.CASCADE)
    record = models.ForeignKey(AccessRecord, on_delete=models.CASCADE, db_constraint=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "record"], name="%(app_label)s_%(class)s_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.record_id}"
