"""Choices of the audits app: checklists, self-inspections and their results."""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved by the security chief")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ANNOUNCED = "announced", _("announced")  # 内部監査実施通知書 sent
    DONE = "done", _("performed")  # result recorded
    NOTIFIED = "notified", _("result notified")  # 内部監査実施結果通知書 issued


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
