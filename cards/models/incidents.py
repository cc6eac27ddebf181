"""Incidents (事案) and their timeline (経過)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from juki_admin.models import Office, OfficeScopedQuerySet, Staff, TrackedModel, choices_constraint

from ..choices import IncidentStatus
from .cards import Card


class Incident(TrackedModel):
    """事案: e.g. a lost card. Its timeline (経過) is the list of ``IncidentEntry``."""

    title = models.CharField(_("title"), max_length=200)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="incidents"
    )
    card = models.ForeignKey(
        Card,
        verbose_name=_("card"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    last_seen_on = models.DateField(_("last seen on"), null=True, blank=True)
    last_seen_place = models.CharField(_("last seen at"), max_length=200, blank=True)
    reported_by = models.ForeignKey(
        Staff,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    causes = models.TextField(_("causes (要因)"), blank=True)
    measures = models.TextField(_("measures (対策)"), blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["office", "status"])]
        constraints = [
            choices_constraint("status", IncidentStatus, "%(app_label)s_%(class)s_status_valid")
        ]

    def __str__(self) -> str:
        return self.title


class IncidentEntry(TrackedModel):
    """One step of an incident's timeline (経過)."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="entries"
    )
    occurred_on = models.DateField(_("date"))
    text = models.TextField(_("what happened"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    objects = OfficeScopedQuerySet.for_path("incident__office").as_manager()

    class Meta:
        verbose_name = _("incident timeline entry")
        verbose_name_plural = _("incident timeline")
        ordering = ["occurred_on", "pk"]
        indexes = [models.Index(fields=["incident", "occurred_on"])]

    def __str__(self) -> str:
        from juki_admin.fiscal import format_era_date

        return f"{format_era_date(self.occurred_on)} {self.text[:30]}"
