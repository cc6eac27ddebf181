"""Choices of the training app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    GENERAL = "general", _("general training")  # 一般研修
    NEW_OPERATOR = "new_operator", _("new-operator training")  # 新人研修
    REEDUCATION = "reeducation", _("re-education training")  # 再教育研修


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    PRESENT = "present", _("present")
    LATE = "late", _("late")
    ABSENT = "absent", _("absent")
    EXCUSED = "excused", _("excused")


#: Attendances that count as having attended.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class ViolationSource(models.TextChoices):
    SELF_INSPECTION = "self_inspection", _("self-inspection")
    AUDIT_FINDING = "audit_finding", _("audit finding")
    ACCESS_LOG_REVIEW = "access_log_review", _("access-log review")
    OTHER = "other", _("other")


class NewOperatorRule(models.TextChoices):
    REFUSE = "refuse", _("refuse the card issue")
    WARN = "warn", _("warn and record the warning")
