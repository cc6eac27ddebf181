"""The models of the audits app, one module per sub-domain: self-inspections (自己点検),
audits (監査) and the access log (アクセスログ). Every model is re-exported here."""

from .access import AccessFinding, AccessFindingRecord, AccessLogFile, AccessRecord
from .audits import Audit, AuditPlan, Finding, ImprovementPlan, Notice, NoticeSequence
from .evidence import Evidence
from .self_inspections import Answer, Campaign, Checklist, ChecklistItem, Sheet, SiteVisit

__all__ = [
    "AccessFinding",
    "AccessFindingRecord",
    "AccessLogFile",
    "AccessRecord",
    "Answer",
    "Audit",
    "AuditPlan",
    "Campaign",
    "Checklist",
    "Evidence",
    "ChecklistItem",
    "Finding",
    "ImprovementPlan",
    "Notice",
    "NoticeSequence",
    "Sheet",
    "SiteVisit",
]
