"""Terminals (端末機), their leases and placement plan, and the registers an office keeps:
the terminal usage log (端末機利用簿), the vein enrolment register (照合情報認証管理簿), daily
checks (端末機管理日次点検), the room entry log and key register, and the registers of forms,
documents and disks with their handovers and disposal (帳票等の管理簿・受渡簿)."""

from __future__ import annotations

from django.conf import settings
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
    choices_constraint,
)

from .choices import (
    KEY_MACHINE,
    MEDIA_MACHINE,
    ROOM_MACHINE,
    TERMINAL_MACHINE,
    VEIN_MACHINE,
    Authentication,
    EnrolmentStatus,
    KeyLoanStatus,
    MediaKind,
    MediaStatus,
    PresenceStatus,
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


class DailyCheck(TrackedModel):
    """端末機管理日次点検: one terminal's check on one working day."""

    terminal = models.ForeignKey(
        Terminal, verbose_name=_("terminal"), on_delete=models.PROTECT, related_name="checks"
    )
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    results = models.JSONField(_("results"), default=dict)
    notes = models.TextField(_("notes"), blank=True)

    objects = OfficeScopedQuerySet.for_path("terminal__office").as_manager()

    class Meta:
        verbose_name = _("daily check")
        verbose_name_plural = _("daily checks")
        ordering = ["-checked_on", "terminal"]
        constraints = [
            models.UniqueConstraint(
                fields=["terminal", "checked_on"], name="%(app_label)s_%(class)s_once_a_day"
            )
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date

        return f"{format_era_date(self.checked_on)} {self.terminal.asset_number}"

    @property
    def all_passed(self) -> bool:
        return all(self.results.values())


class RoomEntry(TrackedModel):
    """端末機設置室入退室管理簿: one entry into an office's terminal room. A person who is not
    an operator must be escorted (立会)."""

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT)
    room = models.CharField(_("room"), max_length=100)
    entered_at = models.DateTimeField(_("entered at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=100)
    affiliation = models.CharField(_("affiliation"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=200)
    is_operator = models.BooleanField(_("operator"), default=False)
    escort = models.CharField(_("escort (立会者)"), max_length=100, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("room entry")
        verbose_name_plural = _("room entry log")
        ordering = ["-entered_at", "-pk"]
        indexes = [models.Index(fields=["office", "-entered_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_operator=True) | ~Q(escort=""),
                name="%(app_label)s_%(class)s_non_operator_is_escorted",
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=F("entered_at")),
                name="%(app_label)s_%(class)s_leaves_after_entering",
            ),
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_datetime

        return f"{format_era_datetime(self.entered_at)} {self.name}"

    @property
    def state(self) -> str:
        """``PresenceStatus``, read from ``left_at``: the state of ``ROOM_MACHINE``."""
        return PresenceStatus.LEFT if self.left_at else PresenceStatus.IN_ROOM

    @property
    def steps(self) -> list[str]:
        return ROOM_MACHINE.allowed(self.state)


class KeyLog(TrackedModel):
    """鍵管理簿: who took the terminal-room key, when and why, and when it came back."""

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT)
    key = models.CharField(_("key"), max_length=100)
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.CharField(_("taken by"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=200)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("key log entry")
        verbose_name_plural = _("key register")
        ordering = ["-taken_at", "-pk"]
        indexes = [models.Index(fields=["office", "-taken_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("taken_at")),
                name="%(app_label)s_%(class)s_returned_after_taken",
            )
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_datetime

        return f"{format_era_datetime(self.taken_at)} {self.key} {self.taken_by}"

    @property
    def state(self) -> str:
        """``KeyLoanStatus``, read from ``returned_at``: the state of ``KEY_MACHINE``."""
        return KeyLoanStatus.RETURNED if self.returned_at else KeyLoanStatus.OUT

    @property
    def steps(self) -> list[str]:
        return KEY_MACHINE.allowed(self.state)


class MediaItem(TrackedModel):
    """A form, document or magnetic disk on an office's register (帳票・ドキュメント・磁気ディスク
    管理簿). Disposal needs the office head's approval first."""

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=20, choices=MediaKind.choices)
    title = models.CharField(_("item"), max_length=200)
    storage_place = models.CharField(_("locked storage place"), max_length=200)
    registered_on = models.DateField(_("registered on"))
    status = models.CharField(
        _("status"), max_length=30, choices=MediaStatus.choices, default=MediaStatus.KEPT
    )
    disposal_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disposal requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    disposal_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disposal approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    disposal_approved_on = models.DateField(_("disposal approved on"), null=True, blank=True)
    disposed_on = models.DateField(_("disposed on"), null=True, blank=True)
    disposal_method = models.CharField(_("disposal method"), max_length=100, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("form, document or disk")
        verbose_name_plural = _("forms, documents and disks")
        ordering = ["office", "kind", "registered_on", "pk"]
        indexes = [models.Index(fields=["office", "kind", "status"])]
        constraints = [
            choices_constraint("kind", MediaKind, "%(app_label)s_%(class)s_kind_valid"),
            choices_constraint("status", MediaStatus, "%(app_label)s_%(class)s_status_valid"),
            models.CheckConstraint(
                condition=~Q(status__in=[MediaStatus.DISPOSAL_APPROVED, MediaStatus.DISPOSED])
                | Q(disposal_approved_by__isnull=False, disposal_approved_on__isnull=False),
                name="%(app_label)s_%(class)s_disposal_is_approved_first",
            ),
            models.CheckConstraint(
                condition=~Q(status=MediaStatus.DISPOSED)
                | (Q(disposed_on__isnull=False) & ~Q(disposal_method="")),
                name="%(app_label)s_%(class)s_disposal_has_date_and_method",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"

    @property
    def steps(self) -> list[str]:
        """The steps of ``MEDIA_MACHINE`` its status allows (the registers page's buttons)."""
        return MEDIA_MACHINE.allowed(self.status)


class MediaHandover(TrackedModel):
    """受渡簿: an item handed from one person to another."""

    item = models.ForeignKey(
        MediaItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="handovers"
    )
    from_person = models.CharField(_("from"), max_length=100)
    to_person = models.CharField(_("to"), max_length=100)
    handed_on = models.DateField(_("handed on"))

    objects = OfficeScopedQuerySet.for_path("item__office").as_manager()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["item", "handed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.from_person} → {self.to_person}"


class PurgeRecord(TrackedModel):
    """What ``purge_expired --apply`` removed: kept so that a purge is itself on record."""

    register = models.CharField(_("register"), max_length=100)
    cutoff = models.DateField(_("removed what was older than"))
    removed = models.PositiveIntegerField(_("rows removed"))
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("purge record")
        verbose_name_plural = _("purge records")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date

        return f"{format_era_date(self.ran_at)} {self.register}: {self.removed}"
