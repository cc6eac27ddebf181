"""Terminals (端末機), their leases and placement plan, and the registers an office keeps:
the terminal usage log (端末機利用簿), the vein enrolment register (照合情報認証管理簿), daily
checks (端末機管理日次点検), the room entry log and key register, and the registers of forms,
documents and disks with their handovers and disposal (帳票等の管理簿・受渡簿)."""

from .registers import DailyCheck, KeyLog, MediaHandover, MediaItem, PurgeRecord, RoomEntry
from .terminals import Lease, LeaseExtension, PlacementPlan, Terminal, TerminalMove
from .usage import UsageLogEntry, VeinEnrolment

__all__ = [
    "DailyCheck",
    "KeyLog",
    "Lease",
    "LeaseExtension",
    "MediaHandover",
    "MediaItem",
    "PlacementPlan",
    "PurgeRecord",
    "RoomEntry",
    "Terminal",
    "TerminalMove",
    "UsageLogEntry",
    "VeinEnrolment",
]
