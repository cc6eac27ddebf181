"""The reclaim watch (回収漏れ防止): keeping the reclaim periods of cards up to date."""

from __future__ import annotations

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from juki_admin.history import stamp
from juki_admin.models import Office

from .. import reclaim
from ..choices import IN_USE
from ..models import Card, Designation, ReclaimPeriod, Roster

# --- the reclaim watch ----------------------------------------------------------------------


def reclaim_watch_refresh(*, cards, actor, reason: str = "") -> tuple[int, int]:
    """Bring the reclaim periods (``ReclaimPeriod``) of the cards of the queryset ``cards``
    up to date with the cards, their holders and their offices' rosters (``cards.reclaim``).

    Every service that changes one of these calls it: card issue and the transitions into
    or out of use, roster acceptance, and (through ``settings.STAFF_CHANGE_HOOKS``) a
    change of a holder's status or office. Only periods that differ are written, with the
    actor and the reason in their history. The offices of the cards are locked first, so
    that two changes to the cards of one office are worked out one after the other.
    Returns (periods added, periods removed). A fixed number of queries, plus one per
    period added or removed."""
    with transaction.atomic():
        offices = sorted(
            {o for o in cards.order_by().values_list("office_id", flat=True) if o is not None}
        )
        if offices:
            list(
                Office.objects.select_for_update()
                .filter(pk__in=offices)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        wanted = {
            (card_id, p.cause, p.starts_on, p.ends_on)
            for card_id, periods in reclaim.compute(
                cards, Card=Card, Roster=Roster, Designation=Designation
            ).items()
            for p in periods
        }
        existing = {
            (p.card_id, p.cause, p.starts_on, p.ends_on): p
            for p in ReclaimPeriod.objects.filter(card__in=cards.order_by().values("pk"))
        }
        removed = [p for key, p in existing.items() if key not in wanted]
        for period in removed:
            stamp(period, actor=actor, reason=reason)
            period.delete()
        added = [
            ReclaimPeriod(card_id=card_id, cause=cause, starts_on=starts_on, ends_on=ends_on)
            for card_id, cause, starts_on, ends_on in sorted(wanted - set(existing))
        ]
        if added:
            bulk_create_with_history(
                added, ReclaimPeriod, default_user=actor, default_change_reason=reason
            )
        return len(added), len(removed)


def reclaim_watch_staff_changed(*, staff_ids, actor, reason: str = "") -> None:
    """``settings.STAFF_CHANGE_HOOKS``: a person's status or office changed (by a form, an
    admin action or an import): the periods of the cards they hold follow."""
    reclaim_watch_refresh(
        cards=Card.objects.filter(holder_id__in=list(staff_ids), status__in=IN_USE),
        actor=actor,
        reason=reason,
    )
