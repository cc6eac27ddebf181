"""Writes of leases and terminals: extending a lease, moving a terminal, its status
(``choices.TERMINAL_MACHINE``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import fiscal
from juki_admin.errors import DomainError
from juki_admin.models import Office

from ..choices import TERMINAL_MACHINE, TERMINAL_STEP_TO, TerminalStatus
from ..models import Lease, LeaseExtension, Terminal, TerminalMove
from ._common import _past_date, _required, _save


@transaction.atomic
def lease_extend(*, lease: Lease, new_end: dt.date, actor, reason: str) -> Lease:
    """Extend a lease (the paper: the FY2007 five-year lease extended by one year)."""
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    reason = _required(reason, _("Enter the reason."))
    if new_end <= lease.ends_on:
        raise DomainError(
            _("The new end must be after the present end, %(date)s.")
            % {"date": fiscal.format_era_date(lease.ends_on)}
        )
    _save(
        LeaseExtension(
            lease=lease,
            previous_end=lease.ends_on,
            new_end=new_end,
            decided_on=fiscal.today(),
            reason=reason,
        ),
        actor=actor,
        reason=reason,
    )
    lease.ends_on = new_end
    return _save(lease, actor=actor, reason=reason)


@transaction.atomic
def terminal_relocate(
    *,
    terminal: Terminal,
    office: Office,
    actor,
    reason: str,
    room: str = "",
    on: dt.date | None = None,
) -> Terminal:
    """再配置: move a terminal to another office, with the date and reason on record."""
    terminal = Terminal.objects.select_for_update().get(pk=terminal.pk)
    reason = _required(reason, _("Enter the reason."))
    on = _past_date(on)
    TERMINAL_MACHINE.check_record("relocate", terminal)
    if office.pk == terminal.office_id:
        raise DomainError(_("The terminal is already at %(office)s.") % {"office": office.name})
    _save(
        TerminalMove(
            terminal=terminal,
            from_office_id=terminal.office_id,
            to_office=office,
            moved_on=on,
            reason=reason,
        ),
        actor=actor,
        reason=reason,
    )
    terminal.office, terminal.room = office, room
    return _save(terminal, actor=actor, reason=reason)


@transaction.atomic
def terminal_set_status(
    *, terminal: Terminal, status: str, actor, reason: str, on: dt.date | None = None
) -> Terminal:
    """Take a terminal out of service (stored, returned to the lessor) or back into it: the
    step of ``TERMINAL_MACHINE`` that leads to ``status``."""
    terminal = Terminal.objects.select_for_update().get(pk=terminal.pk)
    reason = _required(reason, _("Enter the reason."))
    if status not in TerminalStatus.values:
        raise DomainError(_("Unknown status: %(value)s") % {"value": status})
    TERMINAL_MACHINE.check_record(TERMINAL_STEP_TO[status], terminal)
    on = _past_date(on)
    terminal.status = status
    terminal.removed_on = None if status == TerminalStatus.IN_SERVICE else on
    return _save(terminal, actor=actor, reason=reason)
