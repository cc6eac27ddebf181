"""Incidents (事案): opening, the timeline (経過), causes and measures, closing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import fiscal, validation
from juki_admin.errors import DomainError
from juki_admin.history import stamp

from ..choices import INCIDENT_MACHINE
from ..models import Card, Incident, IncidentEntry
from ._common import _action_date, _require_reason

# --- incidents ----------------------------------------------------------------------------


@transaction.atomic
def incident_add_entry(*, incident: Incident, on: dt.date, text: str, actor) -> IncidentEntry:
    """Add a step to an incident's timeline (経過)."""
    if not text.strip():
        raise DomainError(_("Describe what happened."))
    if on < incident.opened_on - dt.timedelta(days=366 * 5) or on > fiscal.today():
        raise DomainError(_("The date %(date)s is out of range.") % {"date": on})
    entry = IncidentEntry(incident=incident, occurred_on=on, text=text.strip(), actor=actor)
    stamp(entry, actor=actor, reason="")
    entry.save()
    return entry


@transaction.atomic
def incident_open(
    *,
    office,
    title: str,
    description: str,
    actor,
    card: Card | None = None,
    on: dt.date | None = None,
) -> Incident:
    """Open an incident (事案) found otherwise than by a lost card (e.g. an access-log
    review), with the first step of its timeline."""
    on = _action_date(on)
    incident = Incident(
        title=validation.required(title, _("Enter a title.")),
        office=office,
        card=card,
        opened_on=on,
        description=description.strip(),
    )
    stamp(incident, actor=actor, reason=incident.title)
    incident.full_clean()
    incident.save()
    incident_add_entry(incident=incident, on=on, actor=actor, text=description or title)
    return incident


@transaction.atomic
def incident_describe(*, incident: Incident, causes: str, measures: str, actor, reason: str):
    """Record an incident's causes (要因) and measures (対策), as its report prints them."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    incident.causes, incident.measures = causes.strip(), measures.strip()
    stamp(incident, actor=actor, reason=_require_reason(reason))
    incident.save(update_fields=["causes", "measures", "updated_at"])
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, actor, reason: str, on: dt.date | None = None):
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    step = INCIDENT_MACHINE.check_record("close", incident)
    on = _action_date(on, not_before=incident.opened_on)
    incident.status, incident.closed_on = step.to, on
    stamp(incident, actor=actor, reason=_require_reason(reason))
    incident.save(update_fields=["status", "closed_on", "updated_at"])
    incident_add_entry(incident=incident, on=on, actor=actor, text=reason)
    return incident
