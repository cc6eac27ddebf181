"""Writes of the audits app: checklists, self-inspection campaigns, answer sheets, visits.

``<entity>_<verb>``, keyword-only, atomic, the acting user and reason in the history; a
refusal is a ``DomainError`` with a message for the user, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cards.selectors import operators_in_force
from juki_admin import fiscal, validation
from juki_admin.access import Role, has_role, office_of
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Office, Staff
from juki_admin.pdf import render_pdf

from .choices import (
    Audience,
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingStatus,
    NoticeKind,
    PlanStatus,
    Result,
    Review,
    SheetStatus,
)
from .models import (
    AccessFinding,
    AccessRecord,
    Answer,
    Audit,
    AuditPlan,
    Campaign,
    Checklist,
    ChecklistItem,
    Finding,
    ImprovementPlan,
    Notice,
    NoticeSequence,
    Sheet,
    SiteVisit,
)

# --- checklists ---------------------------------------------------------------------------


@transaction.atomic
def checklist_create(
    *,
    fiscal_year: int,
    audience: str,
    title: str,
    actor,
    items: Iterable[tuple[str, str, str]] = (),
    copy_from: Checklist | None = None,
) -> Checklist:
    """A new version of the office or operator checklist of ``fiscal_year``, with ``items``
    ((category, text, rule) each, numbered in order) or a copy of ``copy_from``'s."""
    if audience not in Audience.values:
        raise DomainError(_("Unknown audience: %(value)s") % {"value": audience})
    title = validation.required(title, _("Enter a title."))
    last = (
        Checklist.objects.select_for_update()
        .filter(fiscal_year=fiscal_year, audience=audience)
        .order_by("-version")
        .first()
    )
    checklist = Checklist(
        fiscal_year=fiscal_year,
        audience=audience,
        title=title,
        version=(last.version + 1) if last else 1,
    )
    stamp(checklist, actor=actor, reason=_("New checklist version"))
    try:
        with transaction.atomic():
            checklist.save()
    except IntegrityError as error:
        raise DomainError(_("A version was created at the same time; reload.")) from error
    if copy_from is not None:
        items = [(i.category, i.text, i.rule) for i in copy_from.items.order_by("number")]
    for number, (category, text, rule) in enumerate(items, start=1):
        item = ChecklistItem(
            checklist=checklist, number=number, category=category, text=text, rule=rule
        )
        stamp(item, actor=actor, reason=_("New checklist version"))
        item.full_clean()
        item.save()
    return checklist


def require_unfrozen(checklist: Checklist) -> None:
    """Refuse a change to a checklist a campaign uses (its answers refer to its items)."""
    if Checklist.objects.filter(pk=checklist.pk, frozen_on__isnull=False).exists():
        raise DomainError(
            _("%(checklist)s is used by a self-inspection: make a new version to change it.")
            % {"checklist": checklist}
        )


# --- campaigns ------------------------------------------------------------------------------


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
    if campaign.closed_on:
        raise DomainError(_("This self-inspection is closed."))
    campaign.closed_on = validation.past_date(on, not_before=campaign.opened_on)
    stamp(campaign, actor=actor, reason=reason or _("Closed"))
    campaign.save(update_fields=["closed_on", "updated_at"])
    return campaign


# --- answer sheets --------------------------------------------------------------------------


def _editable(sheet: Sheet) -> Sheet:
    sheet = (
        Sheet.objects.select_for_update(of=("self",))
        .select_related("campaign", "office", "staff")
        .get(pk=sheet.pk)
    )
    if not sheet.campaign.is_open:
        raise DomainError(_("This self-inspection is closed."))
    if sheet.status != SheetStatus.DRAFT:
        raise DomainError(
            _(
                "This sheet is submitted and can no longer be changed (ask the system "
                "administrator to reopen it)."
            )
        )
    return sheet


@transaction.atomic
def sheet_answer(*, sheet: Sheet, answers: Mapping[int, tuple[str, str]], actor) -> list[Answer]:
    """Record answers to items of ``sheet`` ({item id: (result, cause)}); a sheet may be
    answered in several sittings until it is submitted. Not compliant needs its cause."""
    sheet = _editable(sheet)
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
    sheet = _editable(sheet)
    at = validation.past_moment(at)
    missing = sheet.checklist.items.exclude(answers__sheet=sheet).order_by("number")
    if missing.exists():
        raise DomainError(
            _("Answer every item before submitting (not yet: %(numbers)s).")
            % {"numbers": "、".join(str(i.number) for i in missing[:20])}
        )
    sheet.status, sheet.submitted_at, sheet.submitted_by = SheetStatus.SUBMITTED, at, actor
    stamp(sheet, actor=actor, reason=_("Submitted"))
    sheet.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return sheet


@transaction.atomic
def sheet_reopen(*, sheet: Sheet, actor, reason: str) -> Sheet:
    """The campaign owner (the system administrator) reopens a submitted sheet, with the
    reason on record; it can then be changed and submitted again."""
    sheet = (
        Sheet.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=sheet.pk)
    )
    reason = validation.require_reason(reason)
    if not sheet.campaign.is_open:
        raise DomainError(_("This self-inspection is closed."))
    if sheet.status != SheetStatus.SUBMITTED:
        raise DomainError(_("Only a submitted sheet can be reopened."))
    sheet.status, sheet.submitted_at, sheet.submitted_by = SheetStatus.DRAFT, None, None
    sheet.reopened += 1
    stamp(sheet, actor=actor, reason=reason)
    sheet.save(update_fields=["status", "submitted_at", "submitted_by", "reopened", "updated_at"])
    return sheet


# --- site visits -----------------------------------------------------------------------------


@transaction.atomic
def site_visit_record(
    *,
    office: Office,
    visited_on: dt.date,
    visitor: str,
    confirmed: str,
    actor,
    to_improve: str = "",
    campaign: Campaign | None = None,
) -> SiteVisit:
    """Record an on-site visit (現地確認): what was confirmed and what must improve."""
    visit = SiteVisit(
        campaign=campaign,
        office=office,
        visited_on=validation.past_date(visited_on),
        visitor=validation.required(visitor, _("Enter who visited.")),
        confirmed=validation.required(confirmed, _("Enter what was confirmed.")),
        to_improve=to_improve.strip(),
    )
    stamp(visit, actor=actor, reason=_("Site visit"))
    visit.full_clean()
    visit.save()
    return visit


# --- audit plans and audits (監査) -----------------------------------------------------------

AUDIT_WRITERS = (Role.AUDITOR, Role.SYSTEM_ADMIN)


def _require_role(actor, *roles, message):
    if not has_role(actor, *roles):
        raise DomainError(message)


def _may_audit(actor):
    _require_role(
        actor, *AUDIT_WRITERS, message=_("Only auditors and the system administrator do this.")
    )


@transaction.atomic
def audit_plan_create(*, fiscal_year: int, title: str, actor) -> AuditPlan:
    """The audit plan (監査計画) of a fiscal year, as a draft to be approved."""
    _may_audit(actor)
    title = validation.required(title, _("Enter a title."))
    if AuditPlan.objects.filter(fiscal_year=fiscal_year).exists():
        raise DomainError(
            _("There is already an audit plan for %(year)s.")
            % {"year": fiscal.format_fiscal_year(fiscal_year)}
        )
    plan = AuditPlan(fiscal_year=fiscal_year, title=title)
    stamp(plan, actor=actor, reason=_("Audit plan"))
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:
        raise DomainError(_("The plan was created at the same time; reload.")) from error
    return plan


@transaction.atomic
def audit_add(
    *, plan: AuditPlan, office: Office, kind: str, planned_month: int, scope: str, actor
) -> Audit:
    """An office's audit on the plan. Regular audits are planned while the plan is a draft;
    an ad hoc audit (臨時監査) may be added to an approved plan."""
    _may_audit(actor)
    plan = AuditPlan.objects.select_for_update().get(pk=plan.pk)
    if kind not in AuditKind.values:
        raise DomainError(_("Unknown kind of audit: %(value)s") % {"value": kind})
    if plan.status == PlanStatus.APPROVED and kind == AuditKind.REGULAR:
        raise DomainError(
            _("The plan is approved: add an ad hoc audit, or a regular one to next year's plan.")
        )
    if not 1 <= int(planned_month) <= 12:
        raise DomainError(_("Choose a month."))
    audit = Audit(
        plan=plan,
        office=office,
        kind=kind,
        planned_month=planned_month,
        scope=validation.required(scope, _("Enter the scope of the audit.")),
    )
    stamp(audit, actor=actor, reason=_("Audit planned"))
    audit.full_clean()
    audit.save()
    return audit


@transaction.atomic
def audit_plan_approve(*, plan: AuditPlan, actor, on: dt.date | None = None) -> AuditPlan:
    """The security chief approves the plan (it can then no longer take regular audits)."""
    _require_role(
        actor, Role.SECURITY_CHIEF, message=_("Only the security chief approves the audit plan.")
    )
    plan = AuditPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == PlanStatus.APPROVED:
        raise DomainError(_("The plan is already approved."))
    if not plan.audits.exists():
        raise DomainError(_("The plan has no audit."))
    plan.status, plan.approved_by = PlanStatus.APPROVED, actor
    plan.approved_on = validation.past_date(on)
    stamp(plan, actor=actor, reason=_("Approved"))
    plan.save(update_fields=["status", "approved_by", "approved_on", "updated_at"])
    return plan


def _audit(audit: Audit) -> Audit:
    return (
        Audit.objects.select_for_update(of=("self",))
        .select_related("plan", "office")
        .get(pk=audit.pk)
    )


@transaction.atomic
def audit_announce(
    *,
    audit: Audit,
    starts_on: dt.date,
    ends_on: dt.date,
    auditors: str,
    actor,
    on: dt.date | None = None,
) -> Notice:
    """Schedule the audit and send the office head the announcement (内部監査実施通知書)."""
    _may_audit(actor)
    audit = _audit(audit)
    if audit.plan.status != PlanStatus.APPROVED:
        raise DomainError(_("The audit plan is not approved yet."))
    if audit.status != AuditStatus.PLANNED:
        raise DomainError(_("The audit is already announced."))
    if ends_on < starts_on:
        raise DomainError(_("The audit cannot end before it starts."))
    validation.date_in_range(starts_on)
    audit.starts_on, audit.ends_on = starts_on, ends_on
    audit.auditors = validation.required(auditors, _("Enter the auditors."))
    on = validation.past_date(on)
    period = fiscal.format_era_date(starts_on)
    if ends_on != starts_on:
        period = f"{period}から{fiscal.format_era_date(ends_on)}まで"
    with translation.override(settings.LANGUAGE_CODE):
        kind_label = audit.get_kind_display()
    notice = notice_issue(
        kind=NoticeKind.ANNOUNCEMENT,
        office=audit.office,
        audit=audit,
        subject="内部監査の実施について（通知）",
        body=(
            "住民基本台帳ネットワークシステムのセキュリティ対策の運用状況を確認するため、"
            "下記のとおり内部監査を実施しますので通知します。"
        ),
        items=[
            f"実施日　{period}",
            f"監査の種別　{kind_label}",
            f"監査の範囲　{audit.scope}",
            f"監査担当者　{audit.auditors}",
            "準備いただくもの　操作者名簿、操作者識別カード管理簿、端末機利用簿、各種管理簿",
        ],
        actor=actor,
        on=on,
    )
    audit.status = AuditStatus.ANNOUNCED
    stamp(audit, actor=actor, reason=notice.document_number)
    audit.save()
    return notice


@transaction.atomic
def audit_record_result(
    *, audit: Audit, result: str, items: Iterable[ChecklistItem] = (), actor
) -> Audit:
    """Record what the audit found and which checklist items it examined."""
    _may_audit(actor)
    audit = _audit(audit)
    if audit.status not in (AuditStatus.ANNOUNCED, AuditStatus.DONE):
        raise DomainError(
            _("The audit is %(status)s: its result cannot be recorded now.")
            % {"status": audit.get_status_display()}
        )
    if audit.starts_on and audit.starts_on > fiscal.today():
        raise DomainError(_("The audit has not taken place yet."))
    audit.result = validation.required(result, _("Enter the result."))
    audit.status = AuditStatus.DONE
    stamp(audit, actor=actor, reason=_("Result recorded"))
    audit.save()
    audit.items.set(items)
    return audit


def _open_audit(audit: Audit) -> Audit:
    audit = _audit(audit)
    if audit.status != AuditStatus.DONE:
        raise DomainError(
            _(
                "Findings are recorded after the audit and before its result notice (the audit "
                "is %(status)s)."
            )
            % {"status": audit.get_status_display()}
        )
    return audit


@transaction.atomic
def finding_add(
    *,
    audit: Audit,
    kind: str,
    description: str,
    due_on: dt.date,
    actor,
    item: ChecklistItem | None = None,
) -> Finding:
    """A finding (指摘事項) of the audit: instruction (指示) or nonconformity (不適事項), owned
    by the office head, with its due date."""
    _may_audit(actor)
    audit = _open_audit(audit)
    if kind not in FindingKind.values:
        raise DomainError(_("Unknown kind of finding: %(value)s") % {"value": kind})
    owner = audit.office.head
    if owner is None:
        raise DomainError(
            _("%(office)s has no office head to answer the finding.") % {"office": audit.office}
        )
    validation.date_in_range(due_on, earliest=fiscal.today())
    last = audit.findings.order_by("-number").values_list("number", flat=True).first() or 0
    finding = Finding(
        audit=audit,
        office=audit.office,
        number=last + 1,
        kind=kind,
        item=item,
        description=validation.required(description, _("Describe the finding.")),
        due_on=due_on,
        owner=owner,
    )
    stamp(finding, actor=actor, reason=_("Finding"))
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    actor,
    reason: str,
    kind: str | None = None,
    description: str | None = None,
    due_on: dt.date | None = None,
    item: ChecklistItem | None = None,
) -> Finding:
    """Change a finding before the result notice that states it is issued; after, never
    (a correction is a new notice)."""
    _may_audit(actor)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.notice_id:
        raise DomainError(
            _("The finding was notified by %(notice)s and can no longer change.")
            % {"notice": finding.notice.document_number}
        )
    _open_audit(finding.audit)
    reason = validation.require_reason(reason)
    if kind is not None:
        if kind not in FindingKind.values:
            raise DomainError(_("Unknown kind of finding: %(value)s") % {"value": kind})
        finding.kind = kind
    if description is not None:
        finding.description = validation.required(description, _("Describe the finding."))
    if due_on is not None:
        finding.due_on = validation.date_in_range(due_on, earliest=fiscal.today())
    if item is not None:
        finding.item = item
    stamp(finding, actor=actor, reason=reason)
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def audit_notify_result(*, audit: Audit, actor, on: dt.date | None = None) -> Notice:
    """Issue the result notice (内部監査実施結果通知書) to the office head, stating every
    finding; the findings are frozen from then on."""
    _may_audit(actor)
    audit = _open_audit(audit)
    findings = list(audit.findings.select_for_update().order_by("number"))
    on = validation.past_date(on)
    with translation.override(settings.LANGUAGE_CODE):  # an official letter is in Japanese
        items = [
            f"【{f.get_kind_display()}】{f.description}"
            f"（改善期限　{fiscal.format_era_date(f.due_on)}）"
            for f in findings
        ] or ["指摘事項はありません。"]
    body = (
        f"{fiscal.format_era_date(audit.starts_on or on)}に実施した内部監査の結果について、"
        "下記のとおり通知します。"
    )
    if findings:
        body += "指摘事項については、改善計画を作成し、改善期限までに報告してください。"
    notice = notice_issue(
        kind=NoticeKind.RESULT,
        office=audit.office,
        audit=audit,
        subject="内部監査の結果について（通知）",
        body=body,
        items=items,
        actor=actor,
        on=on,
    )
    for finding in findings:
        finding.notice = notice
        stamp(finding, actor=actor, reason=notice.document_number)
        finding.save(update_fields=["notice", "updated_at"])
    audit.status = AuditStatus.NOTIFIED
    stamp(audit, actor=actor, reason=notice.document_number)
    audit.save(update_fields=["status", "updated_at"])
    return notice


# --- notices (通知) --------------------------------------------------------------------------


def _next_number(fiscal_year: int, prefix: str, number: int | None) -> int:
    """The next document number of the year and prefix, from a row locked for the length of
    the transaction: two notices issued at the same moment never get one number."""
    NoticeSequence.objects.get_or_create(fiscal_year=fiscal_year, prefix=prefix)
    sequence = NoticeSequence.objects.select_for_update().get(
        fiscal_year=fiscal_year, prefix=prefix
    )
    if number is None:
        number = sequence.last_number + 1
    elif Notice.objects.filter(fiscal_year=fiscal_year, prefix=prefix, number=number).exists():
        raise DomainError(
            _("%(prefix)s第%(number)s号 is already used in %(year)s.")
            % {"prefix": prefix, "number": number, "year": fiscal.format_fiscal_year(fiscal_year)}
        )
    if number > sequence.last_number:
        sequence.last_number = number
        sequence.save(update_fields=["last_number", "updated_at"])
    return number


@transaction.atomic
def notice_issue(
    *,
    kind: str,
    subject: str,
    body: str,
    actor,
    items: Iterable[str] = (),
    office: Office | None = None,
    addressee: str = "",
    audit: Audit | None = None,
    corrects: Notice | None = None,
    number: int | None = None,
    sender: str = "",
    on: dt.date | None = None,
) -> Notice:
    """Number, render and store an official letter (通知). Its PDF and SHA-256 digest are
    kept and never change; a correction is a new notice that refers to the old one.
    ``number`` records a letter sent on paper with its own number."""
    on = validation.past_date(on)
    if kind not in NoticeKind.values:
        raise DomainError(_("Unknown kind of notice: %(value)s") % {"value": kind})
    subject = validation.required(subject, _("Enter the subject."))
    if not subject.endswith("（通知）"):
        subject = f"{subject}（通知）"
    addressee = addressee.strip() or (f"{office.name}長" if office else "")
    if not addressee:
        raise DomainError(_("Name the addressee."))
    fiscal_year = fiscal.fiscal_year(on)
    prefix = settings.NOTICE_DOCUMENT_PREFIX
    notice = Notice(
        kind=kind,
        fiscal_year=fiscal_year,
        prefix=prefix,
        number=_next_number(fiscal_year, prefix, number),
        issued_on=on,
        audit=audit,
        office=office,
        addressee=addressee,
        honorific=settings.NOTICE_HONORIFIC,
        sender=sender.strip() or settings.NOTICE_SENDER,
        seal_omitted=settings.NOTICE_SEAL_OMITTED,
        subject=subject,
        body=validation.required(body, _("Enter the text of the notice.")),
        items=[str(i) for i in items],
        corrects=corrects,
        issued_by=actor,
    )
    notice.pdf = render_pdf("pdf/audits/notice.html", {"letter": notice})
    notice.digest = hashlib.sha256(notice.pdf).hexdigest()
    stamp(notice, actor=actor, reason=notice.document_number)
    notice.full_clean(exclude=["pdf"])
    notice.save()
    return notice


# --- improvement plans (改善計画) --------------------------------------------------------------


def _finding(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update(of=("self",)).select_related("office").get(pk=finding.pk)
    )


@transaction.atomic
def improvement_submit(
    *, finding: Finding, measures: str, responsible: str, target_on: dt.date, actor
) -> ImprovementPlan:
    """The office head answers a notified finding with an improvement plan (or a new one
    after it was returned)."""
    finding = _finding(finding)
    if not (has_role(actor, Role.OFFICE_HEAD) and office_of(actor) == finding.office):
        raise DomainError(
            _("Only the head of %(office)s answers its findings.") % {"office": finding.office}
        )
    if finding.notice_id is None:
        raise DomainError(_("The finding has not been notified yet."))
    if finding.status not in (FindingStatus.OPEN, FindingStatus.RETURNED):
        raise DomainError(
            _("The finding is %(status)s: no plan is expected now.")
            % {"status": finding.get_status_display()}
        )
    validation.date_in_range(target_on, earliest=fiscal.today())
    plan = ImprovementPlan.objects.filter(finding=finding).first() or ImprovementPlan(
        finding=finding
    )
    plan.measures = validation.required(measures, _("Describe the measures."))
    plan.responsible = validation.required(responsible, _("Name the person responsible."))
    plan.target_on, plan.submitted_by, plan.decision_reason = target_on, actor, ""
    stamp(plan, actor=actor, reason=_("Improvement plan submitted"))
    plan.full_clean()
    plan.save()
    _set_status(finding, FindingStatus.PLAN_SUBMITTED, actor, _("Improvement plan submitted"))
    return plan


def _set_status(finding: Finding, status: str, actor, reason: str) -> None:
    finding.status = status
    stamp(finding, actor=actor, reason=reason)
    finding.save(update_fields=["status", "updated_at"])


def _submitted_plan(finding: Finding, actor) -> tuple[Finding, ImprovementPlan]:
    _require_role(
        actor,
        Role.SYSTEM_ADMIN,
        message=_("Only the system administrator accepts or returns improvement plans."),
    )
    finding = _finding(finding)
    if finding.status != FindingStatus.PLAN_SUBMITTED:
        raise DomainError(
            _("The finding is %(status)s: there is no plan to decide on.")
            % {"status": finding.get_status_display()}
        )
    return finding, ImprovementPlan.objects.select_for_update().get(finding=finding)


@transaction.atomic
def improvement_accept(*, finding: Finding, actor) -> Finding:
    finding, _plan = _submitted_plan(finding, actor)
    _set_status(finding, FindingStatus.PLAN_ACCEPTED, actor, _("Improvement plan accepted"))
    return finding


@transaction.atomic
def improvement_return(*, finding: Finding, actor, reason: str) -> Finding:
    finding, plan = _submitted_plan(finding, actor)
    plan.decision_reason = validation.require_reason(reason)
    stamp(plan, actor=actor, reason=plan.decision_reason)
    plan.save(update_fields=["decision_reason", "updated_at"])
    _set_status(finding, FindingStatus.RETURNED, actor, plan.decision_reason)
    return finding


@transaction.atomic
def improvement_complete(
    *, finding: Finding, report: str, actor, on: dt.date | None = None
) -> Finding:
    """The office head reports the accepted plan carried out: the finding is closed."""
    finding = _finding(finding)
    if not (has_role(actor, Role.OFFICE_HEAD) and office_of(actor) == finding.office):
        raise DomainError(
            _("Only the head of %(office)s answers its findings.") % {"office": finding.office}
        )
    if finding.status != FindingStatus.PLAN_ACCEPTED:
        raise DomainError(_("Report completion once the improvement plan is accepted."))
    plan = ImprovementPlan.objects.select_for_update().get(finding=finding)
    plan.completion_report = validation.required(report, _("Describe what was done."))
    plan.completed_on = validation.past_date(on)
    stamp(plan, actor=actor, reason=_("Completion reported"))
    plan.save(update_fields=["completion_report", "completed_on", "updated_at"])
    _set_status(finding, FindingStatus.DONE, actor, _("Completion reported"))
    return finding


# --- access-log review ----------------------------------------------------------------------


@transaction.atomic
def access_finding_review(
    *,
    finding: AccessFinding,
    review: str,
    note: str,
    actor,
    open_incident: bool = False,
    reeducate: Staff | None = None,
) -> AccessFinding:
    """The system administrator's review of an access-log finding: explained, a violation or
    a false alarm, with a note. A violation may open an incident (事案) and put the person on
    the re-education list (``training.services.violation_record``)."""
    from cards.services import incident_open
    from training.choices import ViolationSource
    from training.services import violation_record

    _require_role(
        actor, Role.SYSTEM_ADMIN, message=_("Only the system administrator reviews the access log.")
    )
    finding = (
        AccessFinding.objects.select_for_update(of=("self",))
        .select_related("card", "office")
        .get(pk=finding.pk)
    )
    if review not in (Review.EXPLAINED, Review.VIOLATION, Review.FALSE_ALARM):
        raise DomainError(_("Choose explained, violation or false alarm."))
    note = validation.required(note, _("Write a note on the review."))
    if (open_incident or reeducate) and review != Review.VIOLATION:
        raise DomainError(_("Only a violation opens an incident or calls for re-education."))
    finding.review, finding.note = review, note
    finding.reviewed_by, finding.reviewed_at = actor, timezone.now()
    if open_incident and finding.incident_id is None:
        if finding.office is None:
            raise DomainError(_("The finding names no office to open an incident for."))
        finding.incident = incident_open(
            office=finding.office,
            card=finding.card,
            title=_("Access-log finding: %(detail)s") % {"detail": finding.detail},
            description=note,
            actor=actor,
        )
    if reeducate is not None:
        violation_record(
            staff=reeducate,
            source=ViolationSource.ACCESS_LOG_REVIEW,
            description=f"{finding.get_rule_display()}：{finding.detail}（{note}）",
            actor=actor,
        )
    stamp(finding, actor=actor, reason=note)
    finding.save()
    return finding


def lost_card_access(incident):
    """Every look-up with the incident's card since it was last confirmed in hand (or last
    seen, or issued): what the review of a lost card goes through."""
    card = incident.card
    if card is None:
        return AccessRecord.objects.none()
    since = incident.last_seen_on or card.last_confirmed_on or card.issued_on or incident.opened_on
    return (
        AccessRecord.objects.filter(card=card, at__gte=fiscal.day_start(since))
        .select_related("terminal")
        .order_by("at")
    )


@transaction.atomic
def incident_access_conclude(*, incident, conclusion: str, actor, on: dt.date | None = None):
    """Record on a lost card's incident the conclusion of the review of its access log
    (e.g. 不正アクセスは確認されなかった), with how many look-ups were checked."""
    from cards.services import incident_add_entry

    _require_role(
        actor, Role.SYSTEM_ADMIN, message=_("Only the system administrator reviews the access log.")
    )
    conclusion = validation.required(conclusion, _("Write the conclusion."))
    records = lost_card_access(incident)
    count = records.count()
    since = incident.last_seen_on or incident.opened_on
    text = f"アクセスログを確認（{fiscal.format_era_date(since)}以降 {count} 件）：{conclusion}"
    return incident_add_entry(
        incident=incident, on=validation.past_date(on), text=text, actor=actor
    )
