"""The ZIP of a year's audit plan: every notice of its audits as issued, and every evidence
file of its audits (working papers), their findings and the findings' improvement plans,
each digest rechecked. One function that takes the plan and returns the bytes (or writes
them to a file), so that a page or a background job can build it alike."""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from django.db.models import Q

from . import services
from .models import AuditPlan, Evidence, Notice

EVIDENCE_FOLDER = "証拠書類"


def _evidence_of(plan: AuditPlan):
    return (
        Evidence.objects.filter(
            Q(audit__plan=plan)
            | Q(finding__audit__plan=plan)
            | Q(improvement_plan__finding__audit__plan=plan)
        )
        .select_related(
            "audit__office", "finding__audit__office", "improvement_plan__finding__audit__office"
        )
        .order_by("created_at", "pk")
    )


def _evidence_name(evidence: Evidence) -> str:
    if evidence.audit_id:
        audit, where = evidence.audit, "監査調書"
    elif evidence.finding_id:
        audit, where = evidence.finding.audit, f"指摘{evidence.finding.number}"
    else:
        finding = evidence.improvement_plan.finding
        audit, where = finding.audit, f"指摘{finding.number}_改善計画"
    return f"{EVIDENCE_FOLDER}/{audit.office.name}/{where}/{evidence.pk}_{evidence.name}"


def write_plan_zip(plan: AuditPlan, target: BinaryIO) -> None:
    """Write the plan's ZIP to ``target``. A notice or a file whose bytes no longer match
    its digest refuses the whole ZIP (``DomainError``): nothing altered goes out."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for notice in Notice.objects.filter(audit__plan=plan).order_by("number"):
            data = services.notice_pdf_checked(notice)
            archive.writestr(f"{notice.document_number}_{notice.addressee}.pdf", data)
        for evidence in _evidence_of(plan):
            archive.writestr(_evidence_name(evidence), services.evidence_bytes_checked(evidence))


def plan_zip(plan: AuditPlan) -> bytes:
    buffer = io.BytesIO()
    write_plan_zip(plan, buffer)
    return buffer.getvalue()
