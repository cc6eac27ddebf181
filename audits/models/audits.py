"""Audits (監査): the yearly plan, audits, their findings, notices and improvement plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin import fiscal
from juki_admin.models import (
    Office,
    OfficeScopedQuerySet,
    Staff,
    TrackedModel,
    choices_constraint,
)

from ..choices import (
    AUDIT_MACHINE,
    FINDING_MACHINE,
    FINDINGS_IN_PROGRESS,
    PLAN_MACHINE,
    AuditCategory,
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingStatus,
    NoticeKind,
    PlanStatus,
)
from .self_inspections import ChecklistItem


class AuditPlan(TrackedModel):
    """監査計画: the audits of a fiscal year, approved by the security chief."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit plan")
        verbose_name_plural = _("audit plans")
        ordering = ["-fiscal_year"]
        constraints = [
            choices_constraint("status", PlanStatus, "%(app_label)s_%(class)s_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.APPROVED)
                | Q(approved_by__isnull=False, approved_on__isnull=False),
                name="%(app_label)s_%(class)s_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("audits:plan", args=[self.pk])

    @property
    def allowed_steps(self) -> list[str]:
        return PLAN_MACHINE.allowed(self.status)


class Audit(TrackedModel):
    """An audit of one office: regular (定期, on the plan) or ad hoc (臨時)."""

    plan = models.ForeignKey(
        AuditPlan, verbose_name=_("audit plan"), on_delete=models.PROTECT, related_name="audits"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="audits"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AuditKind.choices)
    # Both nullable for the history's sake only: the history rows written before these
    # columns existed keep NULL, which the hash chain leaves out, so their hashes still
    # hold (juki_admin.history_chain). The audit itself always has a category (a constraint).
    category = models.CharField(  # noqa: DJ001
        _("kind of audit"),
        max_length=15,
        choices=AuditCategory.choices,
        default=AuditCategory.INTERNAL,
        null=True,
    )
    organisation = models.CharField(  # noqa: DJ001
        _("auditing organisation"),
        max_length=200,
        blank=True,
        null=True,
        default="",
        help_text=_("For an external audit or a penetration test: who performs it."),
    )
    planned_month = models.PositiveSmallIntegerField(_("planned month"))
    scope = models.TextField(_("scope"))
    status = models.CharField(
        _("status"), max_length=10, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    starts_on = models.DateField(_("first day of the audit"), null=True, blank=True)
    ends_on = models.DateField(_("last day of the audit"), null=True, blank=True)
    auditors = models.CharField(_("auditors"), max_length=300, blank=True)
    items = models.ManyToManyField(
        ChecklistItem, verbose_name=_("checklist items examined"), blank=True, related_name="+"
    )
    result = models.TextField(_("result"), blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        # fiscal order, 4月 to 3月, on every page, report and export that lists audits
        ordering = ["plan", fiscal.fiscal_month_order("planned_month"), "office__code"]
        indexes = [models.Index(fields=["office", "status"])]
        constraints = [
            choices_constraint("kind", AuditKind, "%(app_label)s_%(class)s_kind_valid"),
            choices_constraint("status", AuditStatus, "%(app_label)s_%(class)s_status_valid"),
            choices_constraint("category", AuditCategory, "%(app_label)s_%(class)s_category_valid"),
            models.CheckConstraint(  # a CHECK lets NULL through: say it
                condition=Q(category__isnull=False, organisation__isnull=False),
                name="%(app_label)s_%(class)s_category_given",
            ),
            models.CheckConstraint(
                condition=~Q(category=AuditCategory.EXTERNAL)
                | (Q(organisation__isnull=False) & ~Q(organisation="")),
                name="%(app_label)s_%(class)s_external_has_organisation",
            ),
            models.CheckConstraint(
                condition=Q(planned_month__gte=1, planned_month__lte=12),
                name="%(app_label)s_%(class)s_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=False, ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.plan.title} {self.office.name}"
            f"（{self.get_category_display()}・{self.get_kind_display()}）"
        )

    def get_absolute_url(self) -> str:
        return reverse("audits:audit", args=[self.pk])

    @property
    def rules_checked(self) -> list[str]:
        """The rules (根拠規程) the audit checked: those of the checklist items it examined,
        each once, in the order of the items."""
        rules = (item.rule.strip() for item in self.items.order_by("number"))
        return list(dict.fromkeys(r for r in rules if r))

    @property
    def allowed_steps(self) -> list[str]:
        """The steps of ``AUDIT_MACHINE`` the audit allows; it is announced only once its plan
        is approved (``PLAN_MACHINE``'s "announce_audit")."""
        steps = AUDIT_MACHINE.allowed(self.status)
        if not PLAN_MACHINE.allows("announce_audit", self.plan.status):
            steps = [s for s in steps if s != "announce"]
        return steps


class Notice(TrackedModel):
    """通知: a numbered official letter (e.g. 市第254号). Once issued its PDF is stored with
    its SHA-256 digest and never changes; a correction is a new notice referring to it."""

    kind = models.CharField(_("kind"), max_length=15, choices=NoticeKind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    prefix = models.CharField(_("document prefix"), max_length=10)
    number = models.PositiveIntegerField(_("document number"))
    issued_on = models.DateField(_("date"))
    audit = models.ForeignKey(
        Audit,
        verbose_name=_("audit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("addressed office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    addressee = models.CharField(_("addressee"), max_length=200)
    honorific = models.CharField(_("honorific"), max_length=5)
    sender = models.CharField(_("sender"), max_length=200)
    seal_omitted = models.BooleanField(_("official seal omitted (公印省略)"), default=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    items = models.JSONField(_("numbered items"), default=list, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    pdf = models.BinaryField(_("PDF"), editable=False)
    digest = models.CharField(_("SHA-256"), max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices sent")
        ordering = ["-fiscal_year", "-number"]
        indexes = [models.Index(fields=["office", "-issued_on"])]
        constraints = [
            choices_constraint("kind", NoticeKind, "%(app_label)s_%(class)s_kind_valid"),
            models.UniqueConstraint(
                fields=["fiscal_year", "prefix", "number"],
                name="%(app_label)s_%(class)s_number_once_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.subject}"

    @property
    def document_number(self) -> str:
        return f"{self.prefix}第{self.number}号"

    def get_absolute_url(self) -> str:
        return reverse("audits:notice_pdf", args=[self.pk])


class NoticeSequence(TrackedModel):
    """The last document number given per fiscal year and prefix (locked while a notice is
    numbered, so that two notices issued at once never get one number)."""

    fiscal_year = models.PositiveSmallIntegerField()
    prefix = models.CharField(max_length=10)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "prefix"], name="%(app_label)s_%(class)s_once"
            )
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_fiscal_year

        return f"{self.prefix} {format_fiscal_year(self.fiscal_year)}: {self.last_number}"


class Finding(TrackedModel):
    """指摘事項: an instruction (指示) or nonconformity (不適事項) of an audit, answered by
    the office head with an improvement plan and followed to closure. Frozen once the
    result notice that states it is issued."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="findings"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=15, choices=FindingKind.choices)
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"))
    due_on = models.DateField(_("due on"))
    owner = models.ForeignKey(
        Staff, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=15, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    notice = models.ForeignKey(
        Notice,
        verbose_name=_("result notice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["audit", "number"]
        indexes = [
            models.Index(fields=["office", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
        ]
        constraints = [
            choices_constraint("kind", FindingKind, "%(app_label)s_%(class)s_kind_valid"),
            choices_constraint("status", FindingStatus, "%(app_label)s_%(class)s_status_valid"),
            models.UniqueConstraint(
                fields=["audit", "number"], name="%(app_label)s_%(class)s_number_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audit.office.name} {self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("audits:finding", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        """The one definition of an open finding: the office head or the system
        administrator still has to act on it (``FINDINGS_IN_PROGRESS``)."""
        return self.status in FINDINGS_IN_PROGRESS

    @property
    def is_overdue(self) -> bool:
        """Still in progress after its due date (``fiscal.is_overdue``)."""
        return self.in_progress and fiscal.is_overdue(self.due_on)

    @property
    def allowed_steps(self) -> list[str]:
        return FINDING_MACHINE.allowed(self.status)


class ImprovementPlan(TrackedModel):
    """改善計画: the office head's answer to a finding; accepted or returned by the system
    administrator; completion reported. Each submission is a history row."""

    finding = models.OneToOneField(
        Finding,
        verbose_name=_("finding"),
        on_delete=models.PROTECT,
        related_name="improvement_plan",
    )
    measures = models.TextField(_("measures"))
    responsible = models.CharField(_("person responsible"), max_length=200)
    target_on = models.DateField(_("target date"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for return"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_report = models.TextField(_("completion report"), blank=True)

    objects = OfficeScopedQuerySet.for_path("finding__office").as_manager()

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["finding"]

    def __str__(self) -> str:
        return f"{self.finding}: {self.measures[:30]}"
