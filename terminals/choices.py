"""Choices of the terminals app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from juki_admin.states import StateMachine, Step


class Authentication(models.TextChoices):
    CARD = "card", _("operator ID card")
    VEIN = "vein", _("vein authentication")


class TerminalStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("in service")
    STORED = "stored", _("stored")
    RETURNED = "returned", _("returned to the lessor")


class MediaKind(models.TextChoices):
    FORM = "form", _("form (帳票)")
    DOCUMENT = "document", _("document (ドキュメント)")
    DISK = "disk", _("magnetic disk (磁気ディスク)")


class MediaStatus(models.TextChoices):
    KEPT = "kept", _("kept")
    DISPOSAL_REQUESTED = "disposal_requested", _("disposal requested")
    DISPOSAL_APPROVED = "disposal_approved", _("disposal approved by the office head")
    DISPOSED = "disposed", _("disposed")


# --- lifecycles (``juki_admin.states``): the services, the admin and the templates read these ---

#: 端末機: moved while in service; stored, returned to the lessor, or back into service.
TERMINAL_STEPS: dict[str, Step] = {
    "relocate": Step((TerminalStatus.IN_SERVICE,), None, pgettext_lazy("terminal action", "move")),
    "store": Step(
        (TerminalStatus.IN_SERVICE,),
        TerminalStatus.STORED,
        pgettext_lazy("terminal action", "store"),
    ),
    "return": Step(
        (TerminalStatus.IN_SERVICE, TerminalStatus.STORED),
        TerminalStatus.RETURNED,
        pgettext_lazy("terminal action", "return to the lessor"),
    ),
    "reinstate": Step(
        (TerminalStatus.STORED,),
        TerminalStatus.IN_SERVICE,
        pgettext_lazy("terminal action", "put back into service"),
    ),
}
TERMINAL_MACHINE = StateMachine(TERMINAL_STEPS, TerminalStatus)
#: The step that leads to each status (``terminal_set_status`` is asked for a status).
TERMINAL_STEP_TO = {step.to: key for key, step in TERMINAL_STEPS.items() if step.to}

_KEPT_SO_FAR = (
    MediaStatus.KEPT,
    MediaStatus.DISPOSAL_REQUESTED,
    MediaStatus.DISPOSAL_APPROVED,
)

#: 帳票・ドキュメント・磁気ディスク: handed over while kept; disposed of only after the office
#: head approved the request (事前承認).
MEDIA_STEPS: dict[str, Step] = {
    "handover": Step(_KEPT_SO_FAR, None, pgettext_lazy("media action", "hand over")),
    "request_disposal": Step(
        (MediaStatus.KEPT,),
        MediaStatus.DISPOSAL_REQUESTED,
        pgettext_lazy("media action", "request the disposal of"),
    ),
    "approve_disposal": Step(
        (MediaStatus.DISPOSAL_REQUESTED,),
        MediaStatus.DISPOSAL_APPROVED,
        pgettext_lazy("media action", "approve the disposal of"),
    ),
    "dispose": Step(
        (MediaStatus.DISPOSAL_APPROVED,),
        MediaStatus.DISPOSED,
        pgettext_lazy("media action", "dispose of"),
    ),
}
MEDIA_MACHINE = StateMachine(MEDIA_STEPS, MediaStatus)


# The registers' rows have no status column: their status is read from a date (``KeyLog.status``
# from ``returned_at``, ...), and the one step each allows is still in a table.


class KeyLoanStatus(models.TextChoices):
    OUT = "out", _("taken out")
    RETURNED = "returned", pgettext_lazy("key loan", "returned")


class PresenceStatus(models.TextChoices):
    IN_ROOM = "in_room", _("in the room")
    LEFT = "left", _("left the room")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    REMOVED = "removed", _("removed from the register")


#: 鍵管理簿: a key taken out is returned once.
KEY_MACHINE = StateMachine(
    {
        "return": Step(
            (KeyLoanStatus.OUT,), KeyLoanStatus.RETURNED, pgettext_lazy("key action", "return")
        )
    },
    KeyLoanStatus,
)
#: 入退室管理簿: an entry's exit is recorded once.
ROOM_MACHINE = StateMachine(
    {
        "exit": Step(
            (PresenceStatus.IN_ROOM,),
            PresenceStatus.LEFT,
            pgettext_lazy("room action", "record the exit of"),
        )
    },
    PresenceStatus,
)
#: 照合情報認証管理簿: an enrolment is removed once.
VEIN_MACHINE = StateMachine(
    {
        "remove": Step(
            (EnrolmentStatus.ENROLLED,),
            EnrolmentStatus.REMOVED,
            pgettext_lazy("enrolment action", "remove"),
        )
    },
    EnrolmentStatus,
)
