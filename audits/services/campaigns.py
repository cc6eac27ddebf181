"""Writes of the self-inspection campaigns (自己点検の実施) and their answer sheets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from cards.selectors import operators_in_force
from juki_admin import validation
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Office, Staff

from ..choices import CAMPAIGN_MACHINE, Audience, Result
from ..models import Answer, Campaign, Checklist, Sheet


def operators_for(offices: Iterable[Office], on: dt.date) -> list[Staff]:
    """Everyone designated (individual or group use) on the rosters in force of ``offices``
    on ``on``: the operators who answer the operator checklist."""
    return list(
        operators_in_force(on, offices=[o.pk for o in offices])
        .exclude(Staff.left_by(on))
        .order_by("employee_number")
    )


@transaction.atomic
def campaign_open(
    *,
    title: str,
    fiscal_year: int,
    office_checklist: Checklist,
    operator_checklist: Checklist,
    due_on: dt.date,
    actor,
    on: dt.date | None = None,
    offices: Iterable[Office] | None = None,
    operators: Iterable[Staff] | None = None,
) -> Campaign:
    """Open a self-inspection: each terminal-hosting office gets the office checklist (its
    head answers and submits it), each operator on their roster in force the operator
    checklist. The checklist versions are frozen. ``offices``/``operators`` default to
    those; a campaign recorded from paper names them."""
    on = validation.past_date(on)
    title = validation.required(title, _("Enter a title."))
    if due_on < on:
        raise DomainError(_("The due date must not be before the opening date."))
    validation.date_in_range(due_on)
    for checklist, audience in (
        (office_checklist, Audience.OFFICE),
        (operator_checklist, Audience.OPERATOR),
    ):
        if checklist.audience != audience:
            raise DomainError(
                _("%(checklist)s is not a checklist for this audience.") % {"checklist": checklist}
            )
        if not checklist.items.exists():
            raise DomainError(_("%(checklist)s has no items.") % {"checklist": checklist})
    offices = list(
        offices
        if offices is not None
        else Office.objects.filter(active=True, hosts_terminals=True).order_by("code")
    )
    if not offices:
        raise DomainError(_("No office hosts terminals."))
    operators = list(operators) if operators is not None else operators_for(offices, on)
    campaign = Campaign(
        fiscal_year=fiscal_year,
        title=title,
        office_checklist=office_checklist,
        operator_checklist=operator_checklist,
        opened_on=on,
        due_on=due_on,
        owner=actor,
    )
    stamp(campaign, actor=actor, reason=title)
    campaign.full_clean()
    campaign.save()
    for checklist in (office_checklist, operator_checklist):
        if checklist.frozen_on is None:
            checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
            checklist.frozen_on = on
            stamp(checklist, actor=actor, reason=_("Used by %(title)s") % {"title": title})
            checklist.save(update_fields=["frozen_on", "updated_at"])
    sheets = [Sheet(campaign=campaign, audience=Audience.OFFICE, office=o) for o in offices]
    sheets += [
        Sheet(campaign=campaign, audience=Audience.OPERATOR, office_id=s.office_id, staff=s)
        for s in operators
    ]
    from simple_history.utils import bulk_create_with_history

    bulk_create_with_history(sheets, Sheet, default_user=actor, default_change_reason=title)
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor, reason: str = "", on: dt.date | None = None):
    """Close a campaign: no sheet can be answered or reopened any more."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    CAMPAIGN_MACHINE.check_record("close", campaign, field="state")
    campaign.closed_on = validation.past_date(on, not_before=campaign.opened_on)
    stamp(campaign, actor=actor, reason=reason or _("Closed"))
    campaign.save(update_fields=["closed_on", "updated_at"])
    return campaign


# --- answer sheets --------------------------------------------------------------------------


def _locked(sheet: Sheet) -> Sheet:
    return (
        Sheet.objects.select_for_update(of=("self",))
        .select_related("campaign", "office", "staff")
        .get(pk=sheet.pk)
    )


@transaction.atomic
def sheet_answer(*, sheet: Sheet, answers: Mapping[int, tuple[str, str]], actor) -> list[Answer]:
    """Record answers to items of ``sheet`` ({item id: (result, cause)}); a sheet may be
    answered in several sittings until it is submitted. Not compliant needs its cause."""
    sheet = _locked(sheet)
    sheet.check_step("answer")
    items = {i.pk: i for i in sheet.checklist.items.all()}
    existing = {a.item_id: a for a in sheet.answers.select_for_update().order_by("pk")}
    saved, new = [], []
    for item_id, (result, cause) in answers.items():
        item = items.get(item_id)
        if item is None:
            raise DomainError(_("The item is not on this checklist."))
        if result not in Result.values:
            raise DomainError(_("Unknown answer: %(value)s") % {"value": result})
        cause = (cause or "").strip()
        if result == Result.NONCOMPLIANT and not cause:
            raise DomainError(
                _("Item %(number)d is not complied with: give the cause.") % {"number": item.number}
            )
        if result != Result.NONCOMPLIANT:
            cause = ""
        answer = existing.get(item_id)
        if answer is None:
            new.append(Answer(sheet=sheet, item=item, result=result, cause=cause))
            continue
        if (answer.result, answer.cause) == (result, cause):
            continue
        answer.result, answer.cause = result, cause
        stamp(answer, actor=actor, reason=_("Self-inspection answer"))
        answer.save()
        saved.append(answer)
    if new:
        from simple_history.utils import bulk_create_with_history

        saved += bulk_create_with_history(
            new, Answer, default_user=actor, default_change_reason=_("Self-inspection answer")
        )
    return saved


@transaction.atomic
def sheet_submit(*, sheet: Sheet, actor, at: dt.datetime | None = None) -> Sheet:
    """Submit a sheet: every item answered. It can no longer change unless reopened.
    ``at`` (default now) records a sheet submitted on paper earlier."""
    sheet = _locked(sheet)
    step = sheet.check_step("submit")
    at = validation.past_moment(at)
    missing = sheet.checklist.items.exclude(answers__sheet=sheet).order_by("number")
    if missing.exists():
        raise DomainError(
            _("Answer every item before submitting (not yet: %(numbers)s).")
            % {"numbers": "、".join(str(i.number) for i in missing[:20])}
        )
    sheet.status, sheet.submitted_at, sheet.submitted_by = step.to, at, actor
    stamp(sheet, actor=actor, reason=_("Submitted"))
    sheet.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return sheet


@transaction.atomic
def sheet_reopen(*, sheet: Sheet, actor, reason: str) -> Sheet:
    """The campaign owner (the system administrator) reopens a submitted sheet, with the
    reason on record; it can then be changed and submitted again."""
    sheet = _locked(sheet)
    reason = validation.require_reason(reason)
    step = sheet.check_step("reopen")
    sheet.status, sheet.submitted_at, sheet.submitted_by = step.to, None, None
    sheet.reopened += 1
    stamp(sheet, actor=actor, reason=reason)
    sheet.save(update_fields=["status", "submitted_at", "submitted_by", "reopened", "updated_at"])
    return sheet
