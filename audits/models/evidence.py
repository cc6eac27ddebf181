"""Evidence files (証拠書類): the working papers of an audit (監査調書) and the files kept on
a self-inspection answer, a finding, an improvement plan's completion report, a site visit
or an incident. Never deleted or replaced: a correction is a new file with a note."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cards.models import Incident
from juki_admin.models import Office, OfficeScopedQuerySet, TrackedModel

from .audits import Audit, Finding, ImprovementPlan
from .self_inspections import Answer, SiteVisit

#: The records a file may belong to: the owner field → the name used in URLs and forms.
OWNER_FIELDS = ("answer", "audit", "finding", "improvement_plan", "site_visit", "incident")


def _exactly_one_owner() -> Q:
    condition = Q()
    for field in OWNER_FIELDS:
        one = Q(**{f"{field}__isnull": False})
        for other in OWNER_FIELDS:
            if other != field:
                one &= Q(**{f"{other}__isnull": True})
        condition |= one
    return condition


def evidence_path(instance: Evidence, filename: str) -> str:
    """Where a file is stored under MEDIA_ROOT: a new name every time (never overwritten);
    the name the user gave is kept in the row."""
    return f"evidence/{instance.office_id}/{uuid.uuid4().hex}"


class Evidence(TrackedModel):
    """One evidence file: its name, size, type and SHA-256 as received, who added it and
    when (``created_at``). It belongs to exactly one record; its office is that record's."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="evidence",
    )  # fmt: skip
    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="evidence",
    )  # fmt: skip
    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="evidence",
    )  # fmt: skip
    improvement_plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("improvement plan"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="evidence",
    )  # fmt: skip
    site_visit = models.ForeignKey(
        SiteVisit, verbose_name=_("site visit"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="evidence",
    )  # fmt: skip
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="evidence",
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200, editable=False)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    digest = models.CharField(_("SHA-256"), max_length=64)
    note = models.TextField(_("note"), blank=True)
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="corrections",
    )  # fmt: skip
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["office", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_owner(), name="%(app_label)s_%(class)s_one_owner"
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(note=""),
                name="%(app_label)s_%(class)s_correction_has_note",
            ),
            models.UniqueConstraint(fields=["file"], name="%(app_label)s_%(class)s_file_once"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("audits:evidence_download", args=[self.pk])

    @property
    def owner_field(self) -> str:
        return next(f for f in OWNER_FIELDS if getattr(self, f"{f}_id") is not None)

    @property
    def owner(self):
        return getattr(self, self.owner_field)
