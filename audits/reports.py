"""The printed reports of the audits app: an incident laid out like section 1 of the source
paper, and the year's security report (年次報告) built from the application's own data."""

from __future__ import annotations

from django.db.models import Count, Q

from cards.exports import incident_context
from cards.models import Incident
from juki_admin import fiscal, history_chain
from terminals.selectors import placement_table
from training.selectors import general_training_rates

from . import selectors
from .choices import Audience, FindingStatus
from .models import Audit, Campaign


def annual_context(year: int, user) -> dict:
    start, end = fiscal.fiscal_year_bounds(year)
    campaigns = [
        (c, selectors.results(c, Audience.OFFICE), selectors.results(c, Audience.OPERATOR))
        for c in Campaign.objects.filter(fiscal_year=year).order_by("opened_on")
    ]
    incidents = [
        incident_context(i)
        for i in Incident.objects.select_related("office", "card")
        .visible_to(user)
        .filter(opened_on__range=(start, end))
        .order_by("opened_on", "pk")
    ]
    audits = (
        Audit.objects.visible_to(user)
        .filter(plan__fiscal_year=year)
        .select_related("office", "plan")
        .annotate(
            findings_total=Count("findings"),
            findings_done=Count("findings", filter=Q(findings__status=FindingStatus.DONE)),
        )
        .order_by(fiscal.fiscal_month_order("planned_month"), "office__code")
    )
    findings = selectors.visible_findings(user).filter(audit__plan__fiscal_year=year)
    heads = history_chain.chain_heads()
    return {
        "year": year,
        "plan": placement_table(year, user),
        "campaigns": campaigns,
        "rates": general_training_rates(user, year),
        "incidents": incidents,
        "audits": audits,
        "findings": findings.order_by("office__code", "audit", "number"),
        "today": fiscal.today(),
        # the head of every history chain as of printing: a paper copy anchors the record
        "history_heads": heads,
        "history_digest": history_chain.heads_digest(heads),
    }
