"""Writes and checked reads of evidence files (証拠書類, 監査調書).

A file is added to one record by whoever may write that record; it is kept as received,
with its SHA-256, and never deleted or replaced (a correction is a new file with a note,
``corrects`` naming the old one). A read recomputes the digest and refuses bytes that no
longer match it.
"""

from __future__ import annotations

import hashlib
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cards.models import Incident
from juki_admin import access, filetypes
from juki_admin.errors import DomainError
from juki_admin.history import stamp

from .. import selectors
from ..models import Answer, Audit, Evidence, Finding, ImprovementPlan, SiteVisit
from ..models.evidence import OWNER_FIELDS
from ._common import AUDIT_WRITERS

#: The name of each kind of owner in URLs → its field on ``Evidence`` and its model.
OWNER_KINDS = {
    "answer": ("answer", Answer),
    "audit": ("audit", Audit),
    "finding": ("finding", Finding),
    "improvement": ("improvement_plan", ImprovementPlan),
    "visit": ("site_visit", SiteVisit),
    "incident": ("incident", Incident),
}
assert {field for field, _model in OWNER_KINDS.values()} == set(OWNER_FIELDS)


def owner_office(owner):
    """The office a record belongs to (its evidence is scoped by it)."""
    if isinstance(owner, Answer):
        return owner.sheet.office
    if isinstance(owner, ImprovementPlan):
        return owner.finding.office
    return owner.office


def visible_owners(user, kind: str):
    """The records of ``kind`` (a key of ``OWNER_KINDS``) that ``user`` may read, through
    the same scoping as their own pages."""
    findings = selectors.visible_findings(user)
    return {
        "answer": lambda: Answer.objects.select_related("sheet", "sheet__office", "item").filter(
            sheet__in=selectors.visible_sheets(user).values("pk")
        ),
        "audit": lambda: selectors.visible_audits(user),
        "finding": lambda: findings,
        "improvement": lambda: ImprovementPlan.objects.select_related(
            "finding", "finding__office", "finding__audit"
        ).filter(finding__in=findings.values("pk")),
        "visit": lambda: SiteVisit.objects.select_related("office").visible_to(user),
        "incident": lambda: Incident.objects.select_related("office").visible_to(user),
    }[kind]()


def owner_page(owner) -> str | None:
    """Where the record itself is shown in the portal (None: it has no page of its own)."""
    if isinstance(owner, Answer):
        return owner.sheet.get_absolute_url()
    if isinstance(owner, ImprovementPlan):
        return owner.finding.get_absolute_url()
    if isinstance(owner, SiteVisit):
        return owner.campaign.get_absolute_url() if owner.campaign_id else None
    if isinstance(owner, Audit | Finding):
        return owner.get_absolute_url()
    return None


def may_add_evidence(user, owner) -> bool:
    """Who may add a file to ``owner``: whoever writes the record. The answerer of a sheet;
    auditors on their audits and findings (working papers); the office head on the
    completion report of their office's improvement plan; the office's head or
    identity-data manager on its incidents; and the system administrator on all. The
    security chief, and auditors on what is not their work, add nothing."""
    if access.changes_all_offices(user):
        return True
    if isinstance(owner, Answer):
        return selectors.may_answer(user, owner.sheet)
    if isinstance(owner, Audit | Finding):
        return access.has_role(user, *AUDIT_WRITERS)
    if isinstance(owner, ImprovementPlan):
        return access.is_head_of(user, owner.finding.office_id)
    if isinstance(owner, Incident):
        return Incident.objects.changeable_by(user).filter(pk=owner.pk).exists()
    return False


def _refuse_unless_may_add(actor, owner) -> None:
    if not may_add_evidence(actor, owner):
        raise DomainError(_("You may not add files to this record."))


@transaction.atomic
def evidence_add(
    *, owner, upload, actor, note: str = "", corrects: Evidence | None = None
) -> Evidence:
    """Keep ``upload`` (a Django UploadedFile or File) as evidence of ``owner``. Refused:
    a file over ``UPLOAD_MAX_MB``, an empty one, one whose content is not an accepted kind
    (``juki_admin.filetypes``), a correction without a note or of another record's file."""
    field = next(f for f, model in OWNER_KINDS.values() if isinstance(owner, model))
    owner = type(owner).objects.select_for_update().get(pk=owner.pk)
    _refuse_unless_may_add(actor, owner)
    name = os.path.basename(getattr(upload, "name", "") or "").strip()[:255] or "file"
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("The file is larger than %(limit)d MB.")
            % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read()
    kind = filetypes.sniff(data, name)
    note = note.strip()
    if corrects is not None:
        if getattr(corrects, f"{field}_id") != owner.pk:
            raise DomainError(_("A correction replaces a file of the same record."))
        if not note:
            raise DomainError(_("Say in the note what the new file corrects."))
    evidence = Evidence(
        office=owner_office(owner),
        name=name,
        size=len(data),
        content_type=kind.content_type,
        digest=hashlib.sha256(data).hexdigest(),
        note=note,
        corrects=corrects,
        added_by=actor,
        **{field: owner},
    )
    evidence.file.save(name, ContentFile(data), save=False)
    stamp(evidence, actor=actor, reason=_("Evidence added: %(name)s") % {"name": name})
    try:
        evidence.full_clean()
        evidence.save()
    except Exception:
        evidence.file.storage.delete(evidence.file.name)  # no orphan file on a refusal
        raise
    return evidence


def _altered(evidence: Evidence) -> DomainError:
    return DomainError(
        _(
            "The stored file %(name)s no longer matches the digest recorded when it was added: "
            "it is not served. Tell the system administrator."
        )
        % {"name": evidence.name}
    )


def evidence_bytes_checked(evidence: Evidence) -> bytes:
    """The stored bytes of ``evidence`` after recomputing their SHA-256; a missing file, or
    one whose bytes changed on disk, is refused (``DomainError``), never served."""
    try:
        with evidence.file.storage.open(evidence.file.name, "rb") as stored:
            data = stored.read()
    except OSError:
        raise _altered(evidence) from None
    if len(data) != evidence.size or hashlib.sha256(data).hexdigest() != evidence.digest:
        raise _altered(evidence)
    return data


def visible_evidence(user):
    """The evidence files ``user`` may read: each scoped like its record (another office's
    file is absent; an operator sees the files of their own sheet, not a colleague's)."""
    if access.sees_all_offices(user):
        return Evidence.objects.select_related("added_by")
    findings = selectors.visible_findings(user).values("pk")
    return (
        Evidence.objects.select_related("added_by")
        .visible_to(user)
        .filter(
            Q(answer__sheet__in=selectors.visible_sheets(user).values("pk"))
            | Q(audit__in=selectors.visible_audits(user).values("pk"))
            | Q(finding__in=findings)
            | Q(improvement_plan__finding__in=findings)
            | Q(site_visit__in=SiteVisit.objects.visible_to(user).values("pk"))
            | Q(incident__in=Incident.objects.visible_to(user).values("pk"))
        )
    )
