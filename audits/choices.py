"""Choices of the audits app: checklists, self-inspections and their results, audits, and
the lifecycles of sheets, campaigns, audit plans, audits and findings as tables."""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from juki_admin.states import StateMachine, Step


class Audience(models.TextChoices):
    """Who answers a checklist: the office (所属) or each operator (操作者個人)."""

    OFFICE = "office", _("office")
    OPERATOR = "operator", _("operator")


class Result(models.TextChoices):
    COMPLIANT = "compliant", _("compliant")  # 遵守
    NONCOMPLIANT = "noncompliant", _("not compliant")  # 遵守できていない
    NOT_APPLICABLE = "na", _("not applicable")  # 該当なし


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("being answered")
    SUBMITTED = "submitted", _("submitted")


#: The answer sheet's lifecycle: answered in several sittings, submitted, reopened by the
#: campaign owner (a closed campaign is refused before the table: see ``Sheet.is_editable``).
SHEET_MACHINE = StateMachine(
    {
        "answer": Step((SheetStatus.DRAFT,), None, pgettext_lazy("audits action", "answer")),
        "submit": Step(
            (SheetStatus.DRAFT,), SheetStatus.SUBMITTED, pgettext_lazy("audits action", "submit")
        ),
        "reopen": Step(
            (SheetStatus.SUBMITTED,), SheetStatus.DRAFT, pgettext_lazy("audits action", "reopen")
        ),
    },
    SheetStatus,
)


class CampaignState(models.TextChoices):
    """Whether a self-inspection is still answered (``Campaign.state``, from ``closed_on``)."""

    OPEN = "open", pgettext_lazy("self-inspection", "open")
    CLOSED = "closed", pgettext_lazy("self-inspection", "closed")


CAMPAIGN_MACHINE = StateMachine(
    {
        "close": Step(
            (CampaignState.OPEN,), CampaignState.CLOSED, pgettext_lazy("audits action", "close")
        ),
    },
    CampaignState,
)


class Bucket(NamedTuple):
    """A class of the results table: items failed by ``low`` to ``high`` (None: or more)."""

    low: int
    high: int | None

    @property
    def label(self) -> str:
        if self.low == self.high:
            return "0" if self.low == 0 else str(self.low)
        if self.high is None:
            return f"{self.low}〜"
        return f"{self.low}〜{self.high}"

    def holds(self, count: int) -> bool:
        return count >= self.low and (self.high is None or count <= self.high)


#: The classes of the source paper's tables (section 3(3)①): for each item, how many
#: offices (operators) did not comply, bucketed (DESIGN.md rule 6).
BUCKETS: dict[str, tuple[Bucket, ...]] = {
    Audience.OFFICE: (Bucket(0, 0), Bucket(1, 2), Bucket(3, 5), Bucket(6, None)),
    Audience.OPERATOR: (
        Bucket(0, 0),
        Bucket(1, 10),
        Bucket(11, 20),
        Bucket(21, 40),
        Bucket(41, None),
    ),
}


class AuditKind(models.TextChoices):
    REGULAR = "regular", _("regular audit")  # 定期監査
    AD_HOC = "ad_hoc", _("ad hoc audit")  # 臨時監査


class AuditCategory(models.TextChoices):
    """Who audits and how (municipal audit rules): 内部運用監査 by the prefecture's own
    auditors, 外部運用監査 by an outside organisation, 侵入検査 (simulated attacks)."""

    INTERNAL = "internal", _("internal audit")  # 内部運用監査
    EXTERNAL = "external", _("external audit")  # 外部運用監査
    PENETRATION = "penetration", _("penetration test")  # 侵入検査


#: The words of each kind of audit in its official letters (fixed Japanese: they are the
#: letter's text, not the interface's): the name, and the purpose stated in the announcement.
AUDIT_WORDING: dict[str, tuple[str, str]] = {
    AuditCategory.INTERNAL: (
        "内部監査",
        "住民基本台帳ネットワークシステムのセキュリティ対策の運用状況を確認するため",
    ),
    AuditCategory.EXTERNAL: (
        "外部監査",
        "住民基本台帳ネットワークシステムのセキュリティ対策の運用状況について、"
        "外部の監査機関による客観的な評価を受けるため",
    ),
    AuditCategory.PENETRATION: (
        "侵入検査",
        "住民基本台帳ネットワークシステムへの不正な侵入に対する対策の有効性を、"
        "模擬的な攻撃により確認するため",
    ),
}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved by the security chief")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ANNOUNCED = "announced", _("announced")  # 内部監査実施通知書 sent
    DONE = "done", _("performed")  # result recorded
    NOTIFIED = "notified", _("result notified")  # 内部監査実施結果通知書 issued


#: The audit plan's lifecycle: regular audits are added while it is a draft; once the
#: security chief approves it, its audits can be announced.
PLAN_MACHINE = StateMachine(
    {
        "add_regular": Step(
            (PlanStatus.DRAFT,), None, pgettext_lazy("audits action", "add a regular audit to")
        ),
        "approve": Step(
            (PlanStatus.DRAFT,), PlanStatus.APPROVED, pgettext_lazy("audits action", "approve")
        ),
        "announce_audit": Step(
            (PlanStatus.APPROVED,), None, pgettext_lazy("audits action", "announce an audit of")
        ),
    },
    PlanStatus,
)

#: The audit's lifecycle: announced (内部監査実施通知書), performed (its result recorded, then
#: its findings), notified (内部監査実施結果通知書: the findings are fixed from then on).
AUDIT_MACHINE = StateMachine(
    {
        "announce": Step(
            (AuditStatus.PLANNED,),
            AuditStatus.ANNOUNCED,
            pgettext_lazy("audits action", "announce"),
        ),
        "record_result": Step(
            (AuditStatus.ANNOUNCED, AuditStatus.DONE),
            AuditStatus.DONE,
            pgettext_lazy("audits action", "record the result of"),
        ),
        "record_findings": Step(
            (AuditStatus.DONE,), None, pgettext_lazy("audits action", "record findings on")
        ),
        "notify": Step(
            (AuditStatus.DONE,),
            AuditStatus.NOTIFIED,
            pgettext_lazy("audits action", "notify the result of"),
        ),
    },
    AuditStatus,
)


class FindingKind(models.TextChoices):
    INSTRUCTION = "instruction", _("instruction")  # 指示
    NONCONFORMITY = "nonconformity", _("nonconformity")  # 不適事項


class FindingStatus(models.TextChoices):
    OPEN = "open", _("open")
    PLAN_SUBMITTED = "plan_submitted", _("improvement plan submitted")
    PLAN_ACCEPTED = "plan_accepted", _("improvement plan accepted")
    RETURNED = "returned", _("improvement plan returned")
    DONE = "done", _("improvement completed")


#: Findings on which the office head still has to act, or the system administrator to follow.
FINDINGS_IN_PROGRESS = (
    FindingStatus.OPEN,
    FindingStatus.PLAN_SUBMITTED,
    FindingStatus.PLAN_ACCEPTED,
    FindingStatus.RETURNED,
)


#: The finding's lifecycle: the office head answers with an improvement plan, the system
#: administrator accepts or returns it, the office head reports it carried out.
FINDING_MACHINE = StateMachine(
    {
        "submit": Step(
            (FindingStatus.OPEN, FindingStatus.RETURNED),
            FindingStatus.PLAN_SUBMITTED,
            pgettext_lazy("audits action", "answer with an improvement plan"),
        ),
        "accept": Step(
            (FindingStatus.PLAN_SUBMITTED,),
            FindingStatus.PLAN_ACCEPTED,
            pgettext_lazy("audits action", "accept the improvement plan of"),
        ),
        "return": Step(
            (FindingStatus.PLAN_SUBMITTED,),
            FindingStatus.RETURNED,
            pgettext_lazy("audits action", "return the improvement plan of"),
        ),
        "complete": Step(
            (FindingStatus.PLAN_ACCEPTED,),
            FindingStatus.DONE,
            pgettext_lazy("audits action", "report the completion of"),
        ),
    },
    FindingStatus,
)


class NoticeKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("audit announcement")  # 内部監査実施通知書
    RESULT = "result", _("audit result notice")  # 内部監査実施結果通知書 / 監査結果通知
    GENERAL = "general", _("notice")  # 通知 (e.g. 市第254号)


class AccessRule(models.TextChoices):
    """What the reconciliation of the access log looks for (each look-up that no card,
    roster or usage log can explain)."""

    CARD_NOT_ISSUED = "card_not_issued", _("card used while not issued")
    HOLDER_AWAY = "holder_away", _("card used after its holder left or while on leave")
    GROUP_WITHOUT_USAGE_LOG = "group_no_usage", _("group card used without a usage-log entry")
    OTHER_OFFICE = "other_office", _("card used on a terminal of another office")
    OUTSIDE_HOURS = "outside_hours", _("use outside business hours or on a holiday")
    UNKNOWN_CARD = "unknown_card", _("unknown card or operator ID")
    UNKNOWN_TERMINAL = "unknown_terminal", _("unknown terminal")


class Review(models.TextChoices):
    NEW = "new", _("to be reviewed")
    EXPLAINED = "explained", _("explained")
    VIOLATION = "violation", _("violation")
    FALSE_ALARM = "false_alarm", _("false alarm")
