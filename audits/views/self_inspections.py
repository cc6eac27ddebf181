"""Portal pages of self-inspections (自己点検): the campaigns, their progress, and the
results tabulated as in the source paper."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from juki_admin import access, params
from juki_admin.csvio import csv_response
from juki_admin.pdf import pdf_response

from .. import selectors
from ..choices import Audience
from ..models import Campaign, ChecklistItem
from ._common import _all_offices


@login_required
def index(request):
    """Self-inspections: the user's own sheets to answer, and the campaigns."""
    sheets = (
        selectors.visible_sheets(request.user)
        .filter(campaign__closed_on__isnull=True)
        .order_by("-campaign__opened_on", "office__code", "audience", "staff__employee_number")
    )
    mine = [s for s in sheets if selectors.may_answer(request.user, s)]
    campaigns = selectors.campaigns_for(request.user)
    return render(
        request,
        "audits/index.html",
        {"mine": mine, "campaigns": campaigns, "sees_all": access.sees_all_offices(request.user)},
    )


@login_required
def campaign(request, pk: int):
    """Progress per office (the user's own office for office-scoped roles), site visits."""
    found = get_object_or_404(Campaign.objects.all(), pk=pk)
    if not selectors.visible_sheets(request.user).filter(campaign=found).exists() and not (
        access.sees_all_offices(request.user)
    ):
        raise Http404
    rows = selectors.progress(found, request.user)
    visits = found.visits.select_related("office").visible_to(request.user)
    office_operators = None
    if not access.sees_all_offices(request.user):
        office_operators = (
            selectors.visible_sheets(request.user)
            .filter(campaign=found, audience=Audience.OPERATOR)
            .order_by("staff__employee_number")
        )
    return render(
        request,
        "audits/campaign.html",
        {
            "campaign": found,
            "rows": rows,
            "visits": visits,
            "office_operators": office_operators,
            "sees_all": access.sees_all_offices(request.user),
        },
    )


RESULT_HEADER = ["番号", "区分", "項目", "遵守できていない数", "該当なし", "要因"]


@login_required
def results(request, pk: int):
    """The results as the paper tabulates them: per item how many did not comply, the
    distribution of the items over the buckets, the causes; beside another campaign."""
    _all_offices(request)
    found = get_object_or_404(Campaign.objects.all(), pk=pk)
    audience = params.choice_param(request, "audience", Audience.values) or Audience.OFFICE
    compare_id = params.int_param(request, "compare")
    other = None
    if compare_id is not None:
        other = get_object_or_404(Campaign.objects.exclude(pk=found.pk), pk=compare_id)
    table = selectors.results(found, audience)
    before = selectors.results(other, audience) if other else None
    fmt = params.choice_param(request, "format", ["csv", "pdf"])
    label = Audience(audience).label
    if fmt == "csv":
        return csv_response(
            f"自己点検結果_{found.title}_{label}.csv",
            RESULT_HEADER,
            (
                [
                    r.item.number,
                    r.item.category,
                    r.item.text,
                    r.failed,
                    r.not_applicable,
                    " / ".join(f"{c}（{n}）" for c, n in r.causes),
                ]
                for r in table.items
            ),
        )
    paired = None
    if before is not None:
        by_text = {r.item.text: r for r in before.items}
        paired = [(r, by_text.get(r.item.text)) for r in table.items]
        distribution = list(zip(table.distribution, before.distribution, strict=True))
    else:
        distribution = [(row, None) for row in table.distribution]
    context = {
        "campaign": found,
        "other": other,
        "audience": audience,
        "audience_label": label,
        "table": table,
        "before": before,
        "paired": paired or [(r, None) for r in table.items],
        "distribution": distribution,
        "campaigns": Campaign.objects.exclude(pk=found.pk),
    }
    if fmt == "pdf":
        return pdf_response(
            "pdf/audits/results.html",
            context,
            filename=f"自己点検結果_{found.title}_{label}.pdf",
            request=request,
        )
    return render(request, "audits/results.html", context)


@login_required
def item_detail(request, pk: int, item_pk: int):
    """Who did not comply with one item, and why."""
    _all_offices(request)
    found = get_object_or_404(Campaign.objects.all(), pk=pk)
    item = get_object_or_404(
        ChecklistItem.objects.filter(
            checklist_id__in=[found.office_checklist_id, found.operator_checklist_id]
        ),
        pk=item_pk,
    )
    return render(
        request,
        "audits/item_detail.html",
        {
            "campaign": found,
            "item": item,
            "answers": selectors.who_did_not_comply(found, item),
        },
    )
