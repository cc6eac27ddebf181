"""Portal views of incidents (事案): the report laid out like the source paper."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from juki_admin.pdf import pdf_response

from .. import exports
from ..models import Incident


@login_required
def incident_report(request, pk: int):
    """An incident laid out like section 1 of the source paper: what happened, the office,
    causes, the timeline (経過), measures."""
    incident = get_object_or_404(
        Incident.objects.select_related("office", "card").visible_to(request.user), pk=pk
    )
    return pdf_response(
        "pdf/cards/incident.html",
        exports.incident_context(incident),
        filename=f"事案報告_{incident.pk}.pdf",
        request=request,
    )
