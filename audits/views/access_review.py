"""Portal pages of the access-log review (アクセスログ照合) and of lost cards' look-ups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cards.models import Incident
from juki_admin import access, params
from juki_admin.access import Role
from juki_admin.portal_utils import require_role, run_service

from .. import selectors, services
from ..choices import AccessRule, Review
from ..forms import AccessReviewForm, ConclusionForm
from ..models import AccessFinding
from ._common import _post


def _access_reader(request):
    if not access.sees_all_offices(request.user):
        raise PermissionDenied


@login_required
def access_findings(request):
    """What the reconciliation raised, by review state, rule, office and period."""
    _access_reader(request)
    review = params.choice_param(request, "review", Review.values) or Review.NEW
    rule = params.choice_param(request, "rule", AccessRule.values)
    office_id = params.int_param(request, "office")
    start, end = params.date_param(request, "from"), params.date_param(request, "to")
    found = selectors.access_findings(
        review=review, rule=rule, office_id=office_id, start=start, end=end
    )
    page = Paginator(found, 50).get_page(params.page_param(request))
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
            "lost_cards": selectors.lost_card_incidents(),
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
    records = selectors.access_finding_records(found)
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
    records = selectors.lost_card_access(incident)
    page = Paginator(records, 100).get_page(params.page_param(request))
    return render(
        request,
        "audits/lost_card_review.html",
        {
            "incident": incident,
            "since": selectors.lost_card_access_since(incident),
            "page": page,
            "entries": incident.entries.order_by("occurred_on", "pk"),
            "form": ConclusionForm() if access.has_role(request.user, Role.SYSTEM_ADMIN) else None,
        },
    )
