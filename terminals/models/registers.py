"""The registers an office keeps: daily checks (端末機管理日次点検), the room entry log and key
register, the registers of forms, documents and disks with their handovers
(帳票等の管理簿・受渡簿), and the record of retention purges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from juki_admin.models import (
    Office,
    OfficeScopedQuerySet,
    TrackedModel,
    choices_constraint,
)

from ..choices import (
    KEY_MACHINE,
    MEDIA_MACHINE,
    ROOM_MACHINE,
    KeyLoanStatus,
    MediaKind,
    MediaStatus,
    PresenceStatus,
)
from .terminals import Terminal


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
