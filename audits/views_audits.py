"""Portal pages of audits (監査): the yearly plan, audits with their findings and notices,
improvement plans answered by office heads, the register of notices sent, incident reports
and the year's security report.

Who does what (DESIGN.md, Users): auditors and the system administrator plan and perform
audits, record findings and issue notices; the security chief approves the plan; office
heads answer their office's findings; the system administrator accepts or returns their
plans. Everyone reads what their scope allows; another office's id answers 404.
"""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cards.models import Incident
from juki_admin import access, fiscal, params
from juki_admin.access import Role
from juki_admin.forms import ReasonForm
from juki_admin.pdf import pdf_response
from juki_admin.portal_utils import require_role, run_service

from . import reports, selectors, services
from .choices import AccessRule, AuditStatus, FindingStatus, PlanStatus, Review
from .forms import (
    AccessReviewForm,
    AnnounceForm,
    AuditAddForm,
    AuditPlanForm,
    AuditResultForm,
    CompletionForm,
    ConclusionForm,
    FindingEditForm,
    FindingForm,
    GeneralNoticeForm,
    ImprovementForm,
)
from .models import AccessFinding, AccessRecord, AuditPlan, ChecklistItem, Notice

AUDIT_WRITERS = services.AUDIT_WRITERS


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _post(request, form, call, success, back):
    """Validate ``form``, call the service, say what happened, go ``back``."""
    if form.is_valid():
        run_service(request, lambda: call(form.cleaned_data), success)
    else:
        messages.error(request, form.errors.as_text())
    return redirect(back)


# --- the plan -------------------------------------------------------------------------------


@login_required
def plans(request):
    """The audit plans; auditors and the system administrator start a year's plan here."""
    if not access.sees_all_offices(request.user):
        raise PermissionDenied
    if request.method == "POST":
        require_role(request.user, *AUDIT_WRITERS)
        form = AuditPlanForm(request.POST)
        created = {}
        if form.is_valid() and run_service(
            request,
            lambda: created.setdefault(
                "plan", services.audit_plan_create(actor=request.user, **form.cleaned_data)
            ),
            _("The audit plan was created. Add the audits of the year."),
        ):
            return redirect(created["plan"])
        if not form.is_valid():
            messages.error(request, form.errors.as_text())
    return render(
        request,
        "audits/plans.html",
        {
            "plans": AuditPlan.objects.all(),
            "form": AuditPlanForm(initial={"fiscal_year": fiscal.current_fiscal_year()}),
            "may_plan": access.has_role(request.user, *AUDIT_WRITERS),
        },
    )


def _plan(request, pk):
    if not access.sees_all_offices(request.user):
        raise PermissionDenied
    return get_object_or_404(AuditPlan.objects.all(), pk=pk)


@login_required
def plan(request, pk: int):
    found = _plan(request, pk)
    if request.method == "POST":
        require_role(request.user, *AUDIT_WRITERS)
        return _post(
            request,
            AuditAddForm(request.POST),
            lambda d: services.audit_add(plan=found, actor=request.user, **d),
            _("The audit was added to the plan."),
            found,
        )
    if params.choice_param(request, "format", ["zip"]) == "zip":
        return _notices_zip(found)
    audits = found.audits.select_related("office").prefetch_related("notices")
    return render(
        request,
        "audits/plan.html",
        {
            "plan": found,
            "audits": audits,
            "form": AuditAddForm(),
            "may_plan": access.has_role(request.user, *AUDIT_WRITERS),
            "may_approve": access.has_role(request.user, Role.SECURITY_CHIEF)
            and found.status == PlanStatus.DRAFT,
        },
    )


def _notices_zip(found: AuditPlan) -> HttpResponse:
    """Every notice of the plan's audits, as issued (the stored PDFs), in one ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for notice in Notice.objects.filter(audit__plan=found).order_by("number"):
            archive.writestr(f"{notice.document_number}_{notice.addressee}.pdf", bytes(notice.pdf))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"{found.title}_通知.zip")
    return _no_store(response)


@login_required
@require_POST
def plan_approve(request, pk: int):
    found = _plan(request, pk)
    require_role(request.user, Role.SECURITY_CHIEF)
    run_service(
        request,
        lambda: services.audit_plan_approve(plan=found, actor=request.user),
        _("The audit plan was approved."),
    )
    return redirect(found)


# --- audits ---------------------------------------------------------------------------------


def _office_items(audit):
    """The office checklist items an audit examines: the latest version up to its year."""
    from .choices import Audience
    from .models import Checklist

    checklist = (
        Checklist.objects.filter(audience=Audience.OFFICE, fiscal_year__lte=audit.plan.fiscal_year)
        .order_by("-fiscal_year", "-version")
        .first()
    )
    if checklist is None:
        return ChecklistItem.objects.none()
    return checklist.items.order_by("number")


@login_required
def audit(request, pk: int):
    found = get_object_or_404(selectors.visible_audits(request.user), pk=pk)
    writer = access.has_role(request.user, *AUDIT_WRITERS)
    items = _office_items(found)
    return render(
        request,
        "audits/audit.html",
        {
            "audit": found,
            "findings": found.findings.select_related("item", "notice").order_by("number"),
            "notices": found.notices.defer("pdf").order_by("number"),
            "writer": writer,
            "announce_form": AnnounceForm() if writer else None,
            "result_form": AuditResultForm(
                items=items, initial={"result": found.result, "items": found.items.all()}
            )
            if writer
            else None,
            "finding_form": FindingForm(items=items) if writer else None,
            "statuses": AuditStatus,
        },
    )


def _writer_audit(request, pk):
    require_role(request.user, *AUDIT_WRITERS)
    return get_object_or_404(selectors.visible_audits(request.user), pk=pk)


@login_required
@require_POST
def audit_announce(request, pk: int):
    found = _writer_audit(request, pk)
    return _post(
        request,
        AnnounceForm(request.POST),
        lambda d: services.audit_announce(audit=found, actor=request.user, **d),
        _("The audit was announced: the announcement letter is issued."),
        found,
    )


@login_required
@require_POST
def audit_result(request, pk: int):
    found = _writer_audit(request, pk)
    return _post(
        request,
        AuditResultForm(request.POST, items=_office_items(found)),
        lambda d: services.audit_record_result(audit=found, actor=request.user, **d),
        _("The result of the audit was recorded. Record its findings, then notify it."),
        found,
    )


@login_required
@require_POST
def finding_add(request, pk: int):
    found = _writer_audit(request, pk)
    return _post(
        request,
        FindingForm(request.POST, items=_office_items(found)),
        lambda d: services.finding_add(audit=found, actor=request.user, **d),
        _("The finding was recorded."),
        found,
    )


@login_required
@require_POST
def audit_notify(request, pk: int):
    found = _writer_audit(request, pk)
    run_service(
        request,
        lambda: services.audit_notify_result(audit=found, actor=request.user),
        _("The result notice was issued to the office head; the findings are now fixed."),
    )
    return redirect(found)


# --- findings and improvement plans ----------------------------------------------------------


@login_required
def findings(request):
    """Findings by state and due date (the user's office for office-scoped roles)."""
    status = params.choice_param(request, "status", FindingStatus.values)
    found = selectors.visible_findings(request.user).order_by("due_on", "office__code", "number")
    if status:
        found = found.filter(status=status)
    return render(
        request,
        "audits/findings.html",
        {
            "findings": found[:500],
            "status": status,
            "statuses": FindingStatus.choices,
            "today": fiscal.today(),
        },
    )


@login_required
def finding(request, pk: int):
    found = get_object_or_404(selectors.visible_findings(request.user), pk=pk)
    plan_record = getattr(found, "improvement_plan", None)
    is_head = access.has_role(request.user, Role.OFFICE_HEAD) and (
        access.office_of(request.user) == found.office
    )
    writer = access.has_role(request.user, *AUDIT_WRITERS) and found.notice_id is None
    history = []
    if plan_record is not None:
        history = plan_record.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "audits/finding.html",
        {
            "finding": found,
            "plan": plan_record,
            "history": history,
            "edit_form": FindingEditForm(
                items=_office_items(found.audit),
                initial={
                    "kind": found.kind,
                    "description": found.description,
                    "due_on": found.due_on,
                    "item": found.item_id,
                },
            )
            if writer
            else None,
            "plan_form": ImprovementForm(
                initial={
                    "measures": getattr(plan_record, "measures", ""),
                    "responsible": getattr(plan_record, "responsible", ""),
                    "target_on": getattr(plan_record, "target_on", found.due_on),
                }
            )
            if is_head and found.status in (FindingStatus.OPEN, FindingStatus.RETURNED)
            else None,
            "complete_form": CompletionForm()
            if is_head and found.status == FindingStatus.PLAN_ACCEPTED
            else None,
            "may_decide": access.has_role(request.user, Role.SYSTEM_ADMIN)
            and found.status == FindingStatus.PLAN_SUBMITTED,
            "return_form": ReasonForm(),
            "today": fiscal.today(),
        },
    )


def _finding(request, pk):
    return get_object_or_404(selectors.visible_findings(request.user), pk=pk)


@login_required
@require_POST
def finding_edit(request, pk: int):
    require_role(request.user, *AUDIT_WRITERS)
    found = _finding(request, pk)
    return _post(
        request,
        FindingEditForm(request.POST, items=_office_items(found.audit)),
        lambda d: services.finding_update(finding=found, actor=request.user, **d),
        _("The finding was changed."),
        found,
    )


@login_required
@require_POST
def improvement_submit(request, pk: int):
    require_role(request.user, Role.OFFICE_HEAD)
    found = _finding(request, pk)
    return _post(
        request,
        ImprovementForm(request.POST),
        lambda d: services.improvement_submit(finding=found, actor=request.user, **d),
        _("The improvement plan was sent to the system administrator."),
        found,
    )


@login_required
@require_POST
def improvement_accept(request, pk: int):
    require_role(request.user, Role.SYSTEM_ADMIN)
    found = _finding(request, pk)
    run_service(
        request,
        lambda: services.improvement_accept(finding=found, actor=request.user),
        _("The improvement plan was accepted."),
    )
    return redirect(found)


@login_required
@require_POST
def improvement_return(request, pk: int):
    require_role(request.user, Role.SYSTEM_ADMIN)
    found = _finding(request, pk)
    return _post(
        request,
        ReasonForm(request.POST),
        lambda d: services.improvement_return(finding=found, actor=request.user, **d),
        _("The improvement plan was returned to the office head."),
        found,
    )


@login_required
@require_POST
def improvement_complete(request, pk: int):
    require_role(request.user, Role.OFFICE_HEAD)
    found = _finding(request, pk)
    return _post(
        request,
        CompletionForm(request.POST),
        lambda d: services.improvement_complete(finding=found, actor=request.user, **d),
        _("The completion was reported: the finding is closed."),
        found,
    )


# --- notices, reports --------------------------------------------------------------------------


@login_required
def notices(request):
    """The register of notices sent (文書の発送簿); the system administrator issues a notice."""
    if request.method == "POST":
        require_role(request.user, Role.SYSTEM_ADMIN)
        return _post(
            request,
            GeneralNoticeForm(request.POST),
            lambda d: services.notice_issue(kind="general", actor=request.user, **d),
            _("The notice was issued and numbered."),
            "audits:notices",
        )
    year = params.fiscal_year_param(request, fiscal.current_fiscal_year())
    return render(
        request,
        "audits/notices.html",
        {
            "notices": selectors.visible_notices(request.user).filter(fiscal_year=year),
            "year": year,
            "years": fiscal.fiscal_year_menu(chosen=year, before=15),
            "form": GeneralNoticeForm()
            if access.has_role(request.user, Role.SYSTEM_ADMIN)
            else None,
        },
    )


@login_required
def notice_pdf(request, pk: int):
    """The notice exactly as issued (its stored PDF)."""
    notice = get_object_or_404(selectors.visible_notices(request.user).defer(None), pk=pk)
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{notice.document_number}.pdf"
    )
    response["X-Content-SHA256"] = notice.digest
    return _no_store(response)


@login_required
def annual_report(request):
    """The year's security report (年次報告), built from the application's own data."""
    if not access.sees_all_offices(request.user):
        raise PermissionDenied
    year = params.fiscal_year_param(request, fiscal.current_fiscal_year())
    return _no_store(
        pdf_response(
            "pdf/audits/annual_report.html",
            reports.annual_context(year, request.user),
            filename=f"住基ネットセキュリティ年次報告_{fiscal.format_fiscal_year(year)}.pdf",
            request=request,
        )
    )


# --- the access log ---------------------------------------------------------------------------


def _access_reader(request):
    if not access.sees_all_offices(request.user):
        raise PermissionDenied


@login_required
def access_findings(request):
    """What the reconciliation raised, by review state, rule, office and period."""
    _access_reader(request)
    found = AccessFinding.objects.select_related("office", "card", "terminal", "staff")
    review = params.choice_param(request, "review", Review.values) or Review.NEW
    rule = params.choice_param(request, "rule", AccessRule.values)
    office_id = params.int_param(request, "office")
    start, end = params.date_param(request, "from"), params.date_param(request, "to")
    found = found.filter(review=review)
    if rule:
        found = found.filter(rule=rule)
    if office_id is not None:
        found = found.filter(office_id=office_id)
    if start:
        found = found.filter(day__gte=start)
    if end:
        found = found.filter(day__lte=end)
    page = Paginator(found.order_by("-day", "rule", "pk"), 50).get_page(params.page_param(request))
    return render(
        request,
        "audits/access_findings.html",
        {
            "page": page,
            "review": review,
            "rule": rule,
            "office_id": office_id,
            "start": start,
            "end": end,
            "reviews": Review.choices,
            "rules": AccessRule.choices,
            "offices": access.visible_offices(request.user).order_by("code"),
            "lost_cards": Incident.objects.filter(card__status="lost")
            .select_related("card", "office")
            .order_by("-opened_on"),
        },
    )


@login_required
def access_finding(request, pk: int):
    _access_reader(request)
    found = get_object_or_404(
        AccessFinding.objects.select_related("office", "card", "terminal", "staff", "incident"),
        pk=pk,
    )
    if request.method == "POST":
        require_role(request.user, Role.SYSTEM_ADMIN)
        form = AccessReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            person = found.staff or (found.card.holder if found.card_id else None)
            if run_service(
                request,
                lambda: services.access_finding_review(
                    finding=found,
                    review=data["review"],
                    note=data["note"],
                    open_incident=data["open_incident"],
                    reeducate=person if data["reeducate"] else None,
                    actor=request.user,
                ),
                _("The review was recorded."),
            ):
                return redirect("audits:access_findings")
        else:
            messages.error(request, form.errors.as_text())
    records = AccessRecord.objects.filter(accessfindingrecord__finding=found).order_by("at")
    return render(
        request,
        "audits/access_finding.html",
        {
            "finding": found,
            "records": records[:200],
            "total": found.count,
            "form": AccessReviewForm()
            if access.has_role(request.user, Role.SYSTEM_ADMIN)
            else None,
        },
    )


@login_required
def lost_card_review(request, incident_pk: int):
    """Every look-up with a lost card since it was last seen, and the conclusion recorded on
    its incident (e.g. 不正アクセスは確認されなかった)."""
    _access_reader(request)
    incident = get_object_or_404(
        Incident.objects.select_related("card", "office").filter(card__isnull=False),
        pk=incident_pk,
    )
    if request.method == "POST":
        require_role(request.user, Role.SYSTEM_ADMIN)
        return _post(
            request,
            ConclusionForm(request.POST),
            lambda d: services.incident_access_conclude(
                incident=incident, conclusion=d["conclusion"], actor=request.user
            ),
            _("The conclusion was recorded on the incident's timeline."),
            reverse("audits:lost_card_review", args=[incident.pk]),
        )
    records = services.lost_card_access(incident)
    page = Paginator(records, 100).get_page(params.page_param(request))
    return render(
        request,
        "audits/lost_card_review.html",
        {
            "incident": incident,
            "page": page,
            "entries": incident.entries.order_by("occurred_on", "pk"),
            "form": ConclusionForm() if access.has_role(request.user, Role.SYSTEM_ADMIN) else None,
        },
    )
