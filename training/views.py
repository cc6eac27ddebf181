"""Portal views of the training app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from juki_admin import access, fiscal, params
from juki_admin.csvio import csv_response
from juki_admin.pdf import pdf_response

from . import selectors
from .models import TrainingPlan


def _fiscal_year(request) -> int:
    return params.fiscal_year_param(request, fiscal.current_fiscal_year())


@login_required
def index(request):
    """The year's plan and sessions, and the user's own attendance record."""
    year = _fiscal_year(request)
    plan = TrainingPlan.objects.filter(fiscal_year=year).first()
    sessions = plan.sessions.all() if plan else []
    return render(
        request,
        "training/index.html",
        {
            "year": year,
            "plan": plan,
            "sessions": sessions,
            "own": selectors.own_attendance(request.user),
            "years": fiscal.fiscal_year_menu(chosen=year),
        },
    )


RATE_HEADER = ["所属", "対象者数", "受講者数", "受講率(%)", "未受講者"]


@login_required
def rates(request):
    """Attendance rate at general training per office, with a chart, CSV and PDF."""
    year = _fiscal_year(request)
    fmt = params.choice_param(request, "format", ["csv", "pdf"])
    # the names of those yet to attend only in the downloads; the page shows their number
    rows = selectors.general_training_rates(request.user, year, names="missing" if fmt else "")
    label = fiscal.format_fiscal_year(year)
    if fmt == "csv":
        return csv_response(
            f"研修受講状況_{label}.csv",
            RATE_HEADER,
            (
                [
                    r.office.name,
                    r.required,
                    r.attended,
                    "" if r.percent is None else r.percent,
                    "・".join(m.name for m in r.missing_people),
                ]
                for r in rows
            ),
            request=request,
        )
    context = {
        "year": year,
        "rows": rows,
        "today": fiscal.today(),
        "threshold": round(settings.TRAINING_LOW_RATE_THRESHOLD * 100),
    }
    if fmt == "pdf":
        return pdf_response(
            "pdf/training/rates.html",
            context,
            filename=f"研修受講状況_{label}.pdf",
            request=request,
        )
    context["years"] = fiscal.fiscal_year_menu(chosen=context.get("year"))
    return render(request, "training/rates.html", context)


@login_required
def office_rate(request, office_pk: int):
    """One office: its operators, who attended and who is missing (404 for another office)."""
    office = get_object_or_404(access.visible_offices(request.user), pk=office_pk)
    year = _fiscal_year(request)
    row = next(
        iter(selectors.general_training_rates(request.user, year, office=office, names="all")),
        None,
    )
    return render(
        request, "training/office_rate.html", {"office": office, "row": row, "year": year}
    )


@login_required
def reeducation(request):
    return render(
        request,
        "training/reeducation.html",
        {"violations": selectors.reeducation_due(request.user)},
    )
