"""Self-inspections (自己点検) and audits (監査).

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
from django.utils.translation import gettext_lazy as _

from juki_admin.models import Office, Staff, TrackedModel, choices_constraint

from .choices import (
    AccessRule,
    Audience,
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingStatus,
    NoticeKind,
    PlanStatus,
    Result,
    Review,
    SheetStatus,
)


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
    def is_editable(self) -> bool:
        return self.status == SheetStatus.DRAFT and self.campaign.is_open


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

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["-visited_on", "office__code"]
        indexes = [models.Index(fields=["office", "-visited_on"])]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date

        return f"{format_era_date(self.visited_on)} {self.office.name}"


# --- audits (監査) ----------------------------------------------------------------------------


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


class Audit(TrackedModel):
    """An audit of one office: regular (定期, on the plan) or ad hoc (臨時)."""

    plan = models.ForeignKey(
        AuditPlan, verbose_name=_("audit plan"), on_delete=models.PROTECT, related_name="audits"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="audits"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AuditKind.choices)
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

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["plan", "planned_month", "office__code"]
        indexes = [models.Index(fields=["office", "status"])]
        constraints = [
            choices_constraint("kind", AuditKind, "%(app_label)s_%(class)s_kind_valid"),
            choices_constraint("status", AuditStatus, "%(app_label)s_%(class)s_status_valid"),
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
        return f"{self.plan.title} {self.office.name}（{self.get_kind_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("audits:audit", args=[self.pk])


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

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["finding"]

    def __str__(self) -> str:
        return f"{self.finding}: {self.measures[:30]}"


# --- the access log (アクセスログ) -------------------------------------------------------------


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
