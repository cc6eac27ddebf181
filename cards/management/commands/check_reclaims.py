"""Report the cards due for reclaim: one summary per office head and one for the system
administrators, sent through Django's email backend (the console by default).

Run it daily (cron). Cards whose holder leaves in exactly 30, 7 or 1 days are announced
ahead; overdue cards are reported every day until reclaimed. Exit status 0; prints the count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cards import selectors
from cards.models import Card
from juki_admin import fiscal
from juki_admin.access import GROUP_NAMES, Role


class Command(BaseCommand):
    help = _("Report cards due for reclaim, one summary per office head.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("Report as of this date (YYYY-MM-DD); default today."))

    def handle(self, *args, **options):
        on = fiscal.today()
        if options["date"]:
            try:
                on = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    _("%(value)s is not a date (YYYY-MM-DD).") % {"value": options["date"]}
                ) from error
        due = [
            d
            for d in selectors.due_reclaims(
                Card.objects.all(), on, upcoming_days=max(settings.REMINDER_DAYS)
            )
            if d.days_overdue >= 0 or d.days_until in settings.REMINDER_DAYS
        ]
        by_office = defaultdict(list)
        for d in due:
            by_office[d.card.office].append(d)

        messages = []
        for office, items in by_office.items():
            if office.head_email:
                messages.append(self.message(on, items, office.name, [office.head_email]))
        admins = (
            get_user_model()
            .objects.filter(groups__name=GROUP_NAMES[Role.SYSTEM_ADMIN], is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if due and admins:
            messages.append(self.message(on, due, _("all offices"), sorted(set(admins))))
        if messages:
            send_mass_mail(messages, fail_silently=False)

        overdue = [d for d in due if d.days_overdue > 0]
        self.stdout.write(
            _(
                "%(date)s: %(overdue)d card(s) overdue for reclaim, %(due)d due in all; "
                "%(mails)d summary mail(s) sent."
            )
            % {
                "date": fiscal.format_era_date(on),
                "overdue": len(overdue),
                "due": len(due),
                "mails": len(messages),
            }
        )
        for d in due:
            self.stdout.write(
                f"  {d.card.serial}  {d.card.office.name}  {d.card.holder.name}  "
                f"{fiscal.format_era_date(d.due_on)}  {d.days_overdue:+d}"
            )

    def message(self, on, items, scope: str, recipients: list[str]):
        subject = _("[juki-admin] Cards due for reclaim (%(scope)s): %(count)d") % {
            "scope": scope,
            "count": len(items),
        }
        body = render_to_string(
            "cards/reclaim_mail.txt", {"on": on, "items": items, "scope": scope}
        )
        return (subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
