"""Writes of the access-log review (アクセスログ照合): findings and lost cards."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from juki_admin import fiscal, validation
from juki_admin.access import Role, require_role
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Staff

from ..choices import Review
from ..models import AccessFinding
from ..selectors import lost_card_access, lost_card_access_since


@transaction.atomic
def access_finding_review(
    *,
    finding: AccessFinding,
    review: str,
    note: str,
    actor,
    open_incident: bool = False,
    reeducate: Staff | None = None,
) -> AccessFinding:
    """The system administrator's review of an access-log finding: explained, a violation or
    a false alarm, with a note. A violation may open an incident (事案) and put the person on
    the re-education list (``training.services.violation_record``)."""
    from cards.services import incident_open
    from training.choices import ViolationSource
    from training.services import violation_record

    require_role(
        actor, Role.SYSTEM_ADMIN, message=_("Only the system administrator reviews the access log.")
    )
    finding = (
        AccessFinding.objects.select_for_update(of=("self",))
        .select_related("card", "office")
        .get(pk=finding.pk)
    )
    if review not in (Review.EXPLAINED, Review.VIOLATION, Review.FALSE_ALARM):
        raise DomainError(_("Choose explained, violation or false alarm."))
    note = validation.required(note, _("Write a note on the review."))
    if (open_incident or reeducate) and review != Review.VIOLATION:
        raise DomainError(_("Only a violation opens an incident or calls for re-education."))
    finding.review, finding.note = review, note
    finding.reviewed_by, finding.reviewed_at = actor, timezone.now()
    if open_incident and finding.incident_id is None:
        if finding.office is None:
            raise DomainError(_("The finding names no office to open an incident for."))
        finding.incident = incident_open(
            office=finding.office,
            card=finding.card,
            title=_("Access-log finding: %(detail)s") % {"detail": finding.detail},
            description=note,
            actor=actor,
        )
    if reeducate is not None:
        violation_record(
            staff=reeducate,
            source=ViolationSource.ACCESS_LOG_REVIEW,
            description=f"{finding.get_rule_display()}：{finding.detail}（{note}）",
            actor=actor,
        )
    stamp(finding, actor=actor, reason=note)
    finding.save()
    return finding


@transaction.atomic
def incident_access_conclude(*, incident, conclusion: str, actor, on: dt.date | None = None):
    """Record on a lost card's incident the conclusion of the review of its access log
    (e.g. 不正アクセスは確認されなかった), with the period it examined (from the day the card
    was last seen, ``lost_card_access_since``, to the day of the conclusion) and the number
    of look-ups in that same period: the entry's date and its count agree."""
    from cards.services import incident_add_entry

    require_role(
        actor, Role.SYSTEM_ADMIN, message=_("Only the system administrator reviews the access log.")
    )
    conclusion = validation.required(conclusion, _("Write the conclusion."))
    on = validation.past_date(on)
    since = lost_card_access_since(incident)
    if on < since:
        raise DomainError(
            _(
                "The review cannot conclude on %(date)s, before the period it examines "
                "(from %(since)s)."
            )
            % {"date": fiscal.format_era_date(on), "since": fiscal.format_era_date(since)}
        )
    count = lost_card_access(incident, until=on).count()
    text = (
        f"アクセスログを確認（{fiscal.format_era_date(since)}から"
        f"{fiscal.format_era_date(on)}まで {count} 件）：{conclusion}"
    )
    return incident_add_entry(incident=incident, on=on, text=text, actor=actor)
