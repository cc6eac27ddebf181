"""Portal views of operator rosters (操作者名簿): the office head prepares, designates,
approves or withdraws a version; everyone in scope reads it (page, CSV, PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from juki_admin import access, fiscal, params
from juki_admin.access import Role
from juki_admin.csvio import csv_response
from juki_admin.errors import DomainError
from juki_admin.forms import ReasonForm
from juki_admin.pdf import pdf_response
from juki_admin.portal_utils import require_role, run_service

from .. import exports, selectors, services
from ..forms import DesignateForm

# --- rosters ---------------------------------------------------------------------------------


#: The steps of ``ROSTER_TRANSITIONS`` the office head takes on the roster page (the system
#: administrator accepts or returns in the admin).
OFFICE_HEAD_STEPS = ("designate", "undesignate", "submit", "withdraw")


@login_required
def roster_list(request):
    """The rosters the user may see, newest first, by fiscal year if chosen, a hundred a page
    (a thousand offices' rosters a year at national scale)."""
    rosters = (
        selectors.visible_rosters(request.user)
        .select_related("submitted_by", "decided_by")
        .order_by("-fiscal_year", "office__code", "-version")
    )
    year = params.fiscal_year_param(request, default=None)
    years = fiscal.fiscal_year_menu(chosen=year)
    if year is not None:
        rosters = rosters.filter(fiscal_year=year)
    # an exact count: a thousand offices' rosters a year stay a small table
    page = Paginator(rosters, 100).get_page(params.page_param(request))
    return render(
        request,
        "cards/roster_list.html",
        {
            "page": page,
            "year": year,
            "years": years,
            "can_open": access.has_role(request.user, Role.OFFICE_HEAD)
            and access.office_of(request.user) is not None,
            "fiscal_year": fiscal.current_fiscal_year(),
        },
    )


@login_required
@require_POST
def roster_open(request):
    require_role(request.user, Role.OFFICE_HEAD)
    office = access.office_of(request.user)
    if office is None:
        return redirect("cards:roster_list")
    try:
        roster = services.roster_open(
            office=office, fiscal_year=fiscal.current_fiscal_year(), actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.html)
        return redirect("cards:roster_list")
    return redirect(roster)


def _own_roster(request, pk):
    """A roster of the office head's own office (404 for any other)."""
    require_role(request.user, Role.OFFICE_HEAD)
    return get_object_or_404(
        selectors.visible_rosters(request.user).changeable_by(request.user), pk=pk
    )


@login_required
def roster_detail(request, pk: int):
    roster = get_object_or_404(selectors.visible_rosters(request.user), pk=pk)
    designations = selectors.roster_designations(roster)
    fmt = params.choice_param(request, "format", ["csv", "pdf"])
    if fmt == "csv":
        return csv_response(
            exports.roster_filename(roster, "csv"),
            exports.ROSTER_HEADER,
            exports.roster_rows(designations),
            request=request,
        )
    if fmt == "pdf":
        return pdf_response(
            "pdf/cards/roster.html",
            {"roster": roster, "designations": designations},
            filename=exports.roster_filename(roster, "pdf"),
            request=request,
        )
    # the office head's buttons: the steps of the roster table that its status allows
    steps = (
        [s for s in roster.allowed_steps() if s in OFFICE_HEAD_STEPS]
        if access.is_head_of(request.user, roster.office_id)
        else []
    )
    return render(
        request,
        "cards/roster_detail.html",
        {
            "roster": roster,
            "designations": designations,
            "steps": steps,
            "form": DesignateForm(roster=roster) if "designate" in steps else None,
            "withdraw_form": ReasonForm() if "withdraw" in steps else None,
            "versions": selectors.roster_versions(request.user, roster),
        },
    )


@login_required
@require_POST
def roster_designate(request, pk: int):
    roster = _own_roster(request, pk)
    form = DesignateForm(request.POST, roster=roster)
    if form.is_valid():
        data = form.cleaned_data
        run_service(
            request,
            lambda: services.roster_designate(
                roster=roster,
                staff=data["staff"],
                use_mode=data["use_mode"],
                group=data["group"],
                affairs=data["affairs"],
                actor=request.user,
            ),
            _("%(name)s designated.") % {"name": data["staff"].name},
        )
    else:
        messages.error(request, form.errors.as_text())
    return redirect(roster)


@login_required
@require_POST
def roster_undesignate(request, pk: int, staff_pk: int):
    roster = _own_roster(request, pk)
    staff = get_object_or_404(access.changeable_staff(request.user), pk=staff_pk)
    run_service(
        request,
        lambda: services.roster_undesignate(
            roster=roster,
            staff=staff,
            actor=request.user,
            reason=request.POST.get("reason") or _("Removed from the roster"),
        ),
        _("%(name)s removed from the roster.") % {"name": staff.name},
    )
    return redirect(roster)


@login_required
@require_POST
def roster_withdraw(request, pk: int):
    roster = _own_roster(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.roster_withdraw(
                roster=roster, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            _("The roster version was withdrawn. You can open a new one."),
        )
    else:
        messages.error(request, form.errors.as_text())
    return redirect(roster)


@login_required
@require_POST
def roster_submit(request, pk: int):
    roster = _own_roster(request, pk)
    run_service(
        request,
        lambda: services.roster_submit(roster=roster, actor=request.user),
        _("The roster was approved and sent to the system administrator."),
    )
    return redirect(roster)
