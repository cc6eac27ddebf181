"""Writes of the terminals app: leases, terminals, the usage log and the office registers.

Each is ``<entity>_<verb>``, keyword-only, atomic, with the acting user and reason in the
history; a refusal is a ``DomainError`` with a message for the user. One module per
sub-domain; every name callers use is here.
"""

from .media import (
    media_approve_disposal,
    media_dispose,
    media_handover,
    media_register,
    media_request_disposal,
)
from .registers import (
    daily_check_record,
    key_return,
    key_take,
    room_entry_record,
    room_exit_record,
    vein_enrol,
    vein_remove,
)
from .retention import TIME_FIELDS, expired, purge_expired
from .terminals import lease_extend, terminal_relocate, terminal_set_status
from .usage import usage_finish, usage_start

__all__ = [
    "TIME_FIELDS",
    "daily_check_record",
    "expired",
    "key_return",
    "key_take",
    "lease_extend",
    "media_approve_disposal",
    "media_dispose",
    "media_handover",
    "media_register",
    "media_request_disposal",
    "purge_expired",
    "room_entry_record",
    "room_exit_record",
    "terminal_relocate",
    "terminal_set_status",
    "usage_finish",
    "usage_start",
    "vein_enrol",
    "vein_remove",
]
