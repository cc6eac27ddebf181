"""Choices of the training app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from juki_admin.states import StateMachine, Step


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


class SessionStatus(models.TextChoices):
    """A session's state, read from ``cancelled_on`` (``TrainingSession.state``)."""

    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


#: 研修: what a session allows while scheduled and refuses once cancelled (中止). The services,
#: the admin's actions and links read this one table.
SESSION_MACHINE = StateMachine(
    {
        "change": Step((SessionStatus.SCHEDULED,), None, pgettext_lazy("session action", "change")),
        "cancel": Step(
            (SessionStatus.SCHEDULED,),
            SessionStatus.CANCELLED,
            pgettext_lazy("session action", "cancel"),
        ),
        "invite": Step(
            (SessionStatus.SCHEDULED,), None, pgettext_lazy("session action", "invite people to")
        ),
        "record_attendance": Step(
            (SessionStatus.SCHEDULED,),
            None,
            pgettext_lazy("session action", "record attendance at"),
        ),
    },
    SessionStatus,
)
