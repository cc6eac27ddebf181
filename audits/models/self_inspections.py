"""Self-inspections (自己点検): checklists, campaigns, answer sheets, site visits.

A checklist (自己点検表) is versioned per fiscal year, for offices or for operators; a
campaign (自己点検の実施) freezes the versions it uses and gives each terminal-hosting office
and each operator a sheet to answer; the results are counted per item and bucketed as in the
source paper. On-site visits (現地確認) check what the sheets say.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from juki_admin.errors import DomainError
from juki_admin.models import (
    Office,
    OfficeScopedQuerySet,
    Staff,
    TrackedModel,
    choices_constraint,
)

from ..choices import CAMPAIGN_MACHINE, SHEET_MACHINE, Audience, CampaignState, Result, SheetStatus


class Checklist(TrackedModel):
    """自己点検表: one version of the office or operator checklist of a fiscal year. Frozen
    once a campaign uses it; a change is a new version."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    audience = models.CharField(_("answered by"), max_length=10, choices=Audience.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    frozen_on = models.DateField(_("frozen on"), null=True, blank=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["-fiscal_year", "audience", "-version"]
        constraints = [
            choices_constraint("audience", Audience, "%(app_label)s_%(class)s_audience_valid"),
            models.UniqueConstraint(
                fields=["fiscal_year", "audience", "version"],
                name="%(app_label)s_%(class)s_unique_version",
            ),
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_fiscal_year

        return f"{format_fiscal_year(self.fiscal_year)} {self.title} 第{self.version}版"


class ChecklistItem(TrackedModel):
    """One numbered item of a checklist: its category, what is asked, the rule behind it."""

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    category = models.CharField(_("category"), max_length=100)
    text = models.CharField(_("item"), max_length=300)
    rule = models.CharField(_("rule it comes from"), max_length=300)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "number"], name="%(app_label)s_%(class)s_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Campaign(TrackedModel):
    """自己点検の実施: a fiscal year's self-inspection, answered in the portal."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    title = models.CharField(_("title"), max_length=200)
    office_checklist = models.ForeignKey(
        Checklist,
        verbose_name=_("office checklist"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    operator_checklist = models.ForeignKey(
        Checklist,
        verbose_name=_("operator checklist"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("due on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("campaign owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("self-inspection")
        verbose_name_plural = _("self-inspections")
        ordering = ["-fiscal_year", "-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opened_on")),
                name="%(app_label)s_%(class)s_due_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("audits:campaign", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def state(self) -> str:
        """Open or closed, for the campaign's lifecycle table (``CAMPAIGN_MACHINE``)."""
        return CampaignState.OPEN if self.is_open else CampaignState.CLOSED

    @property
    def allowed_steps(self) -> list[str]:
        return CAMPAIGN_MACHINE.allowed(self.state)


class Sheet(TrackedModel):
    """One answer sheet of a campaign: an office's (answered and submitted by its office
    head) or an operator's own. Frozen once submitted, unless the campaign owner reopens
    it (recorded)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("self-inspection"), on_delete=models.PROTECT, related_name="sheets"
    )
    audience = models.CharField(_("answered by"), max_length=10, choices=Audience.choices)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_sheets",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer sheet")
        verbose_name_plural = _("answer sheets")
        ordering = ["campaign", "office__code", "audience", "staff__employee_number"]
        indexes = [models.Index(fields=["campaign", "office", "status"])]
        constraints = [
            choices_constraint("audience", Audience, "%(app_label)s_%(class)s_audience_valid"),
            choices_constraint("status", SheetStatus, "%(app_label)s_%(class)s_status_valid"),
            models.CheckConstraint(
                condition=(Q(audience=Audience.OFFICE) & Q(staff__isnull=True))
                | (Q(audience=Audience.OPERATOR) & Q(staff__isnull=False)),
                name="%(app_label)s_%(class)s_operator_sheet_has_its_operator",
            ),
            models.UniqueConstraint(
                fields=["campaign", "office"],
                condition=Q(audience=Audience.OFFICE),
                name="%(app_label)s_%(class)s_one_office_sheet",
            ),
            models.UniqueConstraint(
                fields=["campaign", "staff"],
                condition=Q(audience=Audience.OPERATOR),
                name="%(app_label)s_%(class)s_one_operator_sheet",
            ),
            models.CheckConstraint(
                condition=~Q(status=SheetStatus.SUBMITTED) | Q(submitted_at__isnull=False),
                name="%(app_label)s_%(class)s_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        whose = self.staff.name if self.staff_id else self.office.name
        return f"{self.campaign}: {whose}"

    def get_absolute_url(self) -> str:
        return reverse("audits:sheet", args=[self.pk])

    @property
    def checklist(self) -> Checklist:
        if self.audience == Audience.OFFICE:
            return self.campaign.office_checklist
        return self.campaign.operator_checklist

    @property
    def allowed_steps(self) -> list[str]:
        """The steps of ``SHEET_MACHINE`` the sheet allows: none once its campaign is closed."""
        return SHEET_MACHINE.allowed(self.status) if self.campaign.is_open else []

    @property
    def is_editable(self) -> bool:
        """The one rule of "the sheet can be answered": a draft of an open campaign."""
        return "answer" in self.allowed_steps

    def check_step(self, step: str):
        """``step`` of ``SHEET_MACHINE``, or the refusal: the campaign is closed, or the
        sheet's status does not allow it (the rule ``allowed_steps`` answers)."""
        if not self.campaign.is_open:
            raise DomainError(gettext("This self-inspection is closed."))
        return SHEET_MACHINE.check_record(step, self)


class Answer(TrackedModel):
    """The answer to one item on one sheet, with the cause when not compliant."""

    sheet = models.ForeignKey(
        Sheet, verbose_name=_("answer sheet"), on_delete=models.PROTECT, related_name="answers"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="answers"
    )
    result = models.CharField(_("result"), max_length=15, choices=Result.choices)
    cause = models.TextField(_("cause"), blank=True)

    objects = OfficeScopedQuerySet.for_path("sheet__office").as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["sheet", "item__number"]
        indexes = [models.Index(fields=["item", "result"])]
        constraints = [
            choices_constraint("result", Result, "%(app_label)s_%(class)s_result_valid"),
            models.UniqueConstraint(
                fields=["sheet", "item"], name="%(app_label)s_%(class)s_once_per_item"
            ),
            models.CheckConstraint(
                condition=~Q(result=Result.NONCOMPLIANT) | ~Q(cause=""),
                name="%(app_label)s_%(class)s_noncompliance_has_cause",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet}: {self.item.number} {self.get_result_display()}"


class SiteVisit(TrackedModel):
    """現地確認: the system administrator's visit to an office, checking what its sheets say."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("self-inspection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("visited on"))
    visitor = models.CharField(_("visited by"), max_length=200)
    confirmed = models.TextField(_("what was confirmed"))
    to_improve = models.TextField(_("what must improve"), blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["-visited_on", "office__code"]
        indexes = [models.Index(fields=["office", "-visited_on"])]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date

        return f"{format_era_date(self.visited_on)} {self.office.name}"
