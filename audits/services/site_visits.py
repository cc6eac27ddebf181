"""Writes of the site visits (現地確認)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import validation
from juki_admin.history import stamp
from juki_admin.models import Office

from ..models import Campaign, SiteVisit


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
