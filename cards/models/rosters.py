"""Affairs (利用事務), operator rosters (操作者名簿) and designations (操作者の指定)."""

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

from ..choices import ROSTER_EDITABLE, ROSTER_MACHINE, ROSTER_OPEN, RosterStatus, UseMode
from .cards import OperatorGroup


class Affair(TrackedModel):
    """利用事務: the business a look-up serves (passport, tax, traffic, ...)."""

    code = NormalizedCharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("affair")
        verbose_name_plural = _("affairs")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Roster(TrackedModel):
    """操作者名簿: one version of an office's operator list for a fiscal year.

    The office head prepares a draft and approves (submits) it; the system administrator
    accepts it or returns it with a reason. Every version is kept; the accepted version
    with the highest number is the office's roster in force.
    """

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="rosters"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=RosterStatus.choices, default=RosterStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by (office head)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted or returned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("accepted or returned at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for return or withdrawal"), blank=True)
    effective_on = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("The later of its acceptance and the first day of its fiscal year."),
    )

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("operator roster")
        verbose_name_plural = _("operator rosters")
        ordering = ["office", "-fiscal_year", "-version"]
        indexes = [
            models.Index(fields=["office", "status", "-fiscal_year", "-version"]),
            models.Index(fields=["status", "effective_on"]),
        ]
        constraints = [
            choices_constraint("status", RosterStatus, "%(app_label)s_%(class)s_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=RosterStatus.ACCEPTED) | Q(effective_on__isnull=False),
                name="%(app_label)s_%(class)s_accepted_has_effective_date",
            ),
            models.UniqueConstraint(
                fields=["office", "fiscal_year", "version"],
                name="%(app_label)s_%(class)s_unique_version",
            ),
            models.UniqueConstraint(
                fields=["office", "fiscal_year"],
                condition=Q(status__in=list(ROSTER_OPEN)),
                name="%(app_label)s_%(class)s_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_fiscal_year

        return f"{self.office.name} {format_fiscal_year(self.fiscal_year)} 第{self.version}版"

    def get_absolute_url(self) -> str:
        return reverse("cards:roster_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """The office head may still change it: the statuses ``ROSTER_EDITABLE``, from which
        the roster table (``ROSTER_TRANSITIONS``) allows designate, undesignate, submit and
        withdraw, the steps the services check."""
        return self.status in ROSTER_EDITABLE

    def allowed_steps(self) -> list[str]:
        """The steps of ``ROSTER_TRANSITIONS`` its status allows (the roster page's buttons)."""
        return ROSTER_MACHINE.allowed(self.status)


class Designation(TrackedModel):
    """操作者の指定: a person designated as an operator on one roster version."""

    roster = models.ForeignKey(
        Roster, verbose_name=_("roster"), on_delete=models.CASCADE, related_name="designations"
    )
    staff = models.ForeignKey(
        Staff, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="designations"
    )
    use_mode = models.CharField(_("use"), max_length=20, choices=UseMode.choices)
    group = models.ForeignKey(
        OperatorGroup,
        verbose_name=_("operator group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="designations",
    )
    affairs = models.ManyToManyField(Affair, verbose_name=_("affairs"), related_name="+")
    designated_on = models.DateField(_("designated on"))

    # the affairs an operator was designated for are part of the record (DESIGN.md: every
    # change kept): each historical designation keeps them as they stood
    # (read by the HistoricalRecords inherited from TrackedModel)
    _history_m2m_fields = ["affairs"]

    objects = OfficeScopedQuerySet.for_path("roster__office").as_manager()

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["roster", "staff__employee_number"]
        constraints = [
            choices_constraint("use_mode", UseMode, "%(app_label)s_%(class)s_use_mode_valid"),
            models.UniqueConstraint(
                fields=["roster", "staff"], name="%(app_label)s_%(class)s_once_per_roster"
            ),
            models.CheckConstraint(
                condition=~Q(use_mode=UseMode.INDIVIDUAL) | Q(group__isnull=True),
                name="%(app_label)s_%(class)s_individual_use_has_no_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff}（{self.get_use_mode_display()}）"
