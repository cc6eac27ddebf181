"""Writes of the audits app: checklists, self-inspection campaigns, answer sheets, visits,
audit plans and audits, notices, improvement plans and the access-log review.

``<entity>_<verb>``, keyword-only, atomic, the acting user and reason in the history; a
refusal is a ``DomainError`` with a message for the user, and changes nothing. One module
per sub-domain; every name callers import is re-exported here.
"""

from ._common import AUDIT_WRITERS
from .access_review import access_finding_review, incident_access_conclude, lost_card_access
from .audits import (
    audit_add,
    audit_announce,
    audit_notify_result,
    audit_plan_approve,
    audit_plan_create,
    audit_record_result,
    finding_add,
    finding_update,
)
from .campaigns import (
    campaign_close,
    campaign_open,
    operators_for,
    sheet_answer,
    sheet_reopen,
    sheet_submit,
)
from .checklists import checklist_create, require_unfrozen
from .evidence import (
    OWNER_KINDS,
    evidence_add,
    evidence_bytes_checked,
    may_add_evidence,
    owner_page,
    visible_evidence,
    visible_owners,
)
from .improvements import (
    improvement_accept,
    improvement_complete,
    improvement_return,
    improvement_submit,
)
from .notices import notice_issue, notice_pdf_checked
from .site_visits import site_visit_record

__all__ = [
    "AUDIT_WRITERS",
    "OWNER_KINDS",
    "evidence_add",
    "evidence_bytes_checked",
    "may_add_evidence",
    "owner_page",
    "visible_evidence",
    "visible_owners",
    "access_finding_review",
    "audit_add",
    "audit_announce",
    "audit_notify_result",
    "audit_plan_approve",
    "audit_plan_create",
    "audit_record_result",
    "campaign_close",
    "campaign_open",
    "checklist_create",
    "finding_add",
    "finding_update",
    "improvement_accept",
    "improvement_complete",
    "improvement_return",
    "improvement_submit",
    "incident_access_conclude",
    "lost_card_access",
    "notice_issue",
    "notice_pdf_checked",
    "operators_for",
    "require_unfrozen",
    "sheet_answer",
    "sheet_reopen",
    "sheet_submit",
    "site_visit_record",
]
