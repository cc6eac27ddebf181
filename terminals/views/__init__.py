"""Portal views of the terminals app: the usage log, the placement plan and the registers
an office keeps. Every lookup is scoped (another office's id answers 404). One module per
sub-domain; ``terminals.urls`` names them from here."""

from .media import (
    media_approve_disposal,
    media_dispose,
    media_handover,
    media_new,
    media_request_disposal,
)
from .plan import placement_plan, terminal_label
from .registers import daily_check, key_return, key_take, registers, room_entry, room_exit
from .usage import usage_detail, usage_list, usage_new

__all__ = [
    "daily_check",
    "key_return",
    "key_take",
    "media_approve_disposal",
    "media_dispose",
    "media_handover",
    "media_new",
    "media_request_disposal",
    "placement_plan",
    "registers",
    "room_entry",
    "room_exit",
    "terminal_label",
    "usage_detail",
    "usage_list",
    "usage_new",
]
