"""Portal pages of the notices sent (通知) and the year's security report (年次報告)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from juki_admin import access, fiscal, params
from juki_admin.access import Role
from juki_admin.errors import DomainError
from juki_admin.pdf import pdf_response
from juki_admin.portal_utils import require_role

from .. import reports, selectors, services
from ..forms import GeneralNoticeForm
from ._common import _altered, _no_store, _post


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
    """The notice exactly as issued (its stored PDF, its digest rechecked)."""
    notice = get_object_or_404(selectors.visible_notices(request.user).defer(None), pk=pk)
    try:
        data = services.notice_pdf_checked(notice)
    except DomainError as error:
        return _altered(request, error, reverse("audits:notices"))
    response = HttpResponse(data, content_type="application/pdf")
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
