"""Training (研修): the yearly plan, its sessions, attendance, and rule violations that call
for re-education (再教育研修)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from juki_admin.models import OfficeScopedQuerySet, Staff, TrackedModel, choices_constraint

from .choices import (
    SESSION_MACHINE,
    AttendanceStatus,
    SessionKind,
    SessionStatus,
    ViolationSource,
)


class TrainingPlan(TrackedModel):
    """研修計画: the training plan of one fiscal year."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(TrackedModel):
    """One session of a plan: general (一般研修), new-operator (新人研修) or re-education."""

    plan = models.ForeignKey(
        TrainingPlan,
        verbose_name=_("training plan"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["kind", "held_on"])]
        constraints = [
            choices_constraint("kind", SessionKind, "%(app_label)s_%(class)s_kind_valid"),
            models.CheckConstraint(
                condition=Q(cancelled_on__isnull=True) | ~Q(cancel_reason=""),
                name="%(app_label)s_%(class)s_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date

        return f"{self.title}（{format_era_date(self.held_on)}）"

    @property
    def state(self) -> str:
        """``SessionStatus``, read from ``cancelled_on``: the state of ``SESSION_MACHINE``."""
        return SessionStatus.CANCELLED if self.cancelled_on else SessionStatus.SCHEDULED

    @property
    def steps(self) -> list[str]:
        return SESSION_MACHINE.allowed(self.state)

    @property
    def has_recorded_attendance(self) -> bool:
        """Attendance beyond invitations is recorded: kind and date are then frozen."""
        return self.attendances.exclude(status=AttendanceStatus.INVITED).exists()

    def clean(self):
        from django.core.exceptions import ValidationError

        from juki_admin import fiscal

        if self.plan_id and self.held_on:
            start, end = fiscal.fiscal_year_bounds(self.plan.fiscal_year)
            if not start <= self.held_on <= end:
                raise ValidationError(
                    {
                        "held_on": _("%(date)s is outside %(year)s.")
                        % {
                            "date": fiscal.format_era_date(self.held_on),
                            "year": fiscal.format_fiscal_year(self.plan.fiscal_year),
                        }
                    }
                )


class Attendance(TrackedModel):
    """受講状況: one person's invitation to, and attendance at, one session."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    status = models.CharField(
        _("attendance"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.INVITED,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OfficeScopedQuerySet.for_path("staff__office").as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session", "staff__employee_number"]
        indexes = [models.Index(fields=["staff", "status"])]
        constraints = [
            choices_constraint("status", AttendanceStatus, "%(app_label)s_%(class)s_status_valid"),
            models.UniqueConstraint(
                fields=["session", "staff"], name="%(app_label)s_%(class)s_once_per_session"
            ),
            models.CheckConstraint(
                condition=~Q(status=AttendanceStatus.EXCUSED) | ~Q(note=""),
                name="%(app_label)s_%(class)s_excused_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.staff}（{self.get_status_display()}）"


class Violation(TrackedModel):
    """A rule broken by a person, recorded by a self-inspection, an audit finding or an
    access-log review. It puts them on the re-education list until they attend re-education
    training held on or after the day it was recorded."""

    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="violations",
    )
    source = models.CharField(_("recorded by"), max_length=30, choices=ViolationSource.choices)
    description = models.TextField(_("description"))
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by (user)"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    objects = OfficeScopedQuerySet.for_path("staff__office").as_manager()

    class Meta:
        verbose_name = _("rule violation")
        verbose_name_plural = _("rule violations")
        ordering = ["-recorded_on", "-pk"]
        indexes = [models.Index(fields=["staff", "recorded_on"])]
        constraints = [
            choices_constraint("source", ViolationSource, "%(app_label)s_%(class)s_source_valid")
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.description[:30]}"
