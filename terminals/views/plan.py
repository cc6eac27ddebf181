"""Portal views of the terminals themselves: a terminal's QR label and the placement plan
(配置計画)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from juki_admin import fiscal, params
from juki_admin.csvio import csv_response
from juki_admin.pdf import pdf_response
from juki_admin.qr import qr_svg

from .. import selectors

PLAN_HEADER = [
    "所属",
    "利用件数（前年度）",
    "端末機設置台数（現在）",
    "想定利用件数（追加分）",
    "端末機設置台数（翌年度）",
    "端末機設置台数（翌々年度）",
    "稼働中の端末機",
    "利用簿による前年度利用件数",
]


@login_required
def terminal_label(request, pk: int):
    """A printable label for a terminal: its QR code opens the usage-log form with this
    terminal chosen, so that recording a use on a phone is a scan and two taps."""
    terminal = get_object_or_404(selectors.labelled_terminals(request.user), pk=pk)
    url = request.build_absolute_uri(reverse("terminals:usage_new") + f"?terminal={terminal.pk}")
    context = {
        "terminal": terminal,
        "url": url,
        "qr": qr_svg(url, scale=5),
    }
    if params.choice_param(request, "format", ["pdf"]) == "pdf":
        filename = f"端末機ラベル_{terminal.asset_number}.pdf"
        return pdf_response("pdf/terminals/label.html", context, filename=filename)
    return render(request, "terminals/label.html", context)


@login_required
def placement_plan(request):
    """The prefecture's placement plan. Office-scoped roles see their own office's line and
    the prefecture totals, not other offices' figures (DESIGN.md rule 9)."""
    years = selectors.placement_years()
    year = params.fiscal_year_param(request, years[0] if years else fiscal.current_fiscal_year())
    table = selectors.placement_table(year, request.user)
    fmt = params.choice_param(request, "format", ["csv", "pdf"])
    if fmt == "csv":
        rows = [
            [
                line.office.name,
                line.uses_last_year,
                line.terminals_now,
                line.uses_added,
                line.terminals_next_year,
                line.terminals_year_after,
                table.in_service.get(line.office_id, 0),
                table.recorded_uses.get(line.office_id, ""),
            ]
            for line in table.lines
        ]
        rows.append(
            [
                "合計",
                *[table.totals[c] for c in selectors.PLAN_COLUMNS],
                table.total_in_service,
                "",
            ]
        )
        return csv_response(
            f"配置計画_{fiscal.format_fiscal_year(year)}.csv", PLAN_HEADER, rows, request=request
        )
    context = {"table": table, "year": year, "years": years}
    if fmt == "pdf":
        return pdf_response(
            "pdf/terminals/plan.html",
            context,
            filename=f"配置計画_{fiscal.format_fiscal_year(year)}.pdf",
            request=request,
        )
    return render(request, "terminals/plan.html", context)
