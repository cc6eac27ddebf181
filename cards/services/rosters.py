"""Operator rosters (操作者名簿): the office head prepares, designates, approves or withdraws a
version; the system administrator accepts or returns it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from juki_admin import fiscal
from juki_admin.db import save_refusing_races
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Staff

from .. import selectors
from ..choices import IN_USE, ROSTER_MACHINE, ROSTER_OPEN, ROSTER_TRANSITIONS, RosterStatus, UseMode
from ..models import Affair, Card, Designation, OperatorGroup, Roster
from ._common import _action_date, _require_reason
from .watch import reclaim_watch_refresh

# --- rosters ------------------------------------------------------------------------------


@transaction.atomic
def roster_open(*, office, fiscal_year: int, actor) -> Roster:
    """Open the office's draft roster for ``fiscal_year``, starting from the roster in force
    without those who have left (a change during the year follows the same path as the
    yearly list)."""
    open_version = Roster.objects.filter(
        office=office, fiscal_year=fiscal_year, status__in=ROSTER_OPEN
    ).first()
    if open_version:
        return open_version
    last = (
        Roster.objects.select_for_update()
        .filter(office=office, fiscal_year=fiscal_year)
        .order_by("-version")
        .first()
    )
    source = selectors.roster_in_force(office, fiscal.fiscal_year_bounds(fiscal_year)[1])
    roster = Roster(
        office=office, fiscal_year=fiscal_year, version=(last.version + 1) if last else 1
    )
    stamp(roster, actor=actor, reason=_("New roster version"))
    save_refusing_races(roster, _("A roster version was opened at the same time; reload."))
    if source:
        today = fiscal.today()
        for d in source.designations.select_related("staff").prefetch_related("affairs"):
            if d.staff.has_left(today) or d.staff.office_id != office.pk:
                continue  # who has left or moved is not carried over
            copy = Designation(
                roster=roster,
                staff_id=d.staff_id,
                use_mode=d.use_mode,
                group_id=d.group_id,
                designated_on=d.designated_on,
            )
            stamp(copy, actor=actor, reason=_("Carried over from %(roster)s") % {"roster": source})
            copy.save()
            copy.affairs.set(d.affairs.all())
    return roster


def _locked_for(roster: Roster, step: str) -> Roster:
    """Lock ``roster`` and refuse ``step`` unless the roster table (``ROSTER_MACHINE``) allows
    it from its status: one message for every step refused. The editing steps (designate,
    undesignate, submit, withdraw) are allowed exactly while ``Roster.is_editable``."""
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    ROSTER_MACHINE.check_record(step, roster)
    return roster


@transaction.atomic
def roster_designate(
    *,
    roster: Roster,
    staff: Staff,
    use_mode: str,
    affairs: Iterable[Affair],
    actor,
    group: OperatorGroup | None = None,
    on: dt.date | None = None,
) -> Designation:
    """Designate (指定) ``staff`` as an operator on a draft roster, or change their designation."""
    roster = _locked_for(roster, "designate")
    on = _action_date(on)
    affairs = list(affairs)
    if staff.office_id != roster.office_id:
        raise DomainError(
            _("%(name)s is not on the staff of %(office)s.")
            % {"name": staff.name, "office": roster.office.name}
        )
    if staff.has_left(on):
        raise DomainError(_("%(name)s has left and cannot be designated.") % {"name": staff.name})
    if use_mode not in UseMode.values:
        raise DomainError(_("Choose individual card or group use."))
    if use_mode == UseMode.INDIVIDUAL:
        group = None
    elif group is not None and group.office_id != roster.office_id:
        raise DomainError(_("The operator group belongs to another office."))
    if not affairs:
        raise DomainError(_("Choose at least one affair."))
    designation = Designation.objects.filter(roster=roster, staff=staff).first() or Designation(
        roster=roster, staff=staff
    )
    designation.use_mode, designation.group, designation.designated_on = use_mode, group, on
    stamp(designation, actor=actor, reason=_("Designation"))
    designation.save()
    designation.affairs.set(affairs)
    return designation


@transaction.atomic
def roster_undesignate(*, roster: Roster, staff: Staff, actor, reason: str) -> None:
    roster = _locked_for(roster, "undesignate")
    designation = Designation.objects.filter(roster=roster, staff=staff).first()
    if designation is None:
        raise DomainError(_("%(name)s is not on this roster.") % {"name": staff.name})
    designation._history_user, designation._change_reason = actor, _require_reason(reason)
    designation.delete()


@transaction.atomic
def roster_withdraw(*, roster: Roster, actor, reason: str) -> Roster:
    """The office head withdraws a draft or returned version (取下げ): it is kept, with its
    designations and the reason, and a new version can be opened."""
    roster = _locked_for(roster, "withdraw")
    roster.status = ROSTER_TRANSITIONS["withdraw"].to
    roster.decision_reason = _require_reason(reason)
    stamp(roster, actor=actor, reason=roster.decision_reason)
    roster.save(update_fields=["status", "decision_reason", "updated_at"])
    return roster


@transaction.atomic
def roster_submit(*, roster: Roster, actor) -> Roster:
    """The office head approves the list and sends it to the system administrator."""
    roster = _locked_for(roster, "submit")
    if not roster.designations.exists():
        raise DomainError(_("The roster has no operators."))
    roster.status, roster.submitted_by, roster.submitted_at = (
        ROSTER_TRANSITIONS["submit"].to,
        actor,
        timezone.now(),
    )
    stamp(roster, actor=actor, reason=_("Approved by the office head"))
    roster.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    return roster


def _decide(roster: Roster, *, actor, step: str, reason: str, on: dt.date | None = None) -> Roster:
    """The system administrator's answer (``step``: accept or return) to a roster the office
    head approved, as the roster table allows it."""
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    on = _action_date(on)
    status = ROSTER_MACHINE.check_record(step, roster).to
    roster.status, roster.decided_by, roster.decided_at = status, actor, timezone.now()
    roster.decision_reason = reason
    if status == RosterStatus.ACCEPTED:
        roster.effective_on = max(on, fiscal.fiscal_year_bounds(roster.fiscal_year)[0])
    stamp(roster, actor=actor, reason=reason or _("Accepted"))
    roster.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "effective_on",
            "updated_at",
        ]
    )
    if status == RosterStatus.ACCEPTED:
        reclaim_watch_refresh(
            cards=Card.objects.filter(office_id=roster.office_id, status__in=IN_USE),
            actor=actor,
            reason=_("Roster accepted: %(roster)s") % {"roster": roster},
        )
    return roster


@transaction.atomic
def roster_accept(*, roster: Roster, actor, on: dt.date | None = None) -> Roster:
    """The system administrator accepts the roster on ``on`` (default today; an earlier date
    records an acceptance from the paper registers). It takes effect on the later of that
    day and the first day of its fiscal year (``Roster.effective_on``), and is from then on
    the office's roster in force (``selectors.rosters_in_force``); holders of individual
    cards it leaves out are due for reclaim from that day."""
    return _decide(
        roster,
        actor=actor,
        step="accept",
        reason="",
        on=on,
    )


@transaction.atomic
def roster_return(*, roster: Roster, actor, reason: str) -> Roster:
    """The system administrator returns the roster to the office head with a reason."""
    return _decide(
        roster,
        actor=actor,
        step="return",
        reason=_require_reason(reason),
    )
