"""Work out again the reclaim periods of every card (``cards.reclaim``) and correct those
that differ, with the reason in their history.

The services keep the periods up to date as they go; run this after data was written
without them (rows loaded by SQL, a bulk import that bypassed ``staff_changed``), or from
cron before ``check_reclaims`` as a safety net. Prints how many periods it added and
removed; 0 and 0 means the reclaim watch was up to date.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cards.models import Card
from cards.services import reclaim_watch_refresh


class Command(BaseCommand):
    help = _("Work out the reclaim periods of every card again and correct those that differ.")

    def handle(self, *args, **options):
        added, removed = reclaim_watch_refresh(
            cards=Card.objects.all(),
            actor=None,
            reason=_("Reclaim watch rebuilt (rebuild_reclaim_watch)"),
        )
        self.stdout.write(
            _("Reclaim periods added: %(added)d, removed: %(removed)d.")
            % {"added": added, "removed": removed}
        )
