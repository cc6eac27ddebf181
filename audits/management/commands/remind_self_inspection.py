"""One reminder per office head listing who has not answered an open self-inspection."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from audits import selectors
from audits.models import Campaign


class Command(BaseCommand):
    help = _("Send each office head one reminder listing who has not answered.")

    def handle(self, *args, **options):
        messages, waiting = [], 0
        for campaign in Campaign.objects.filter(closed_on__isnull=True).order_by("opened_on"):
            for sheets in selectors.unanswered(campaign).values():
                waiting += len(sheets)
                office = sheets[0].office
                if not office.head_email:
                    continue
                subject = _(
                    "[juki-admin] Self-inspection not yet answered (%(office)s): %(count)d"
                ) % {
                    "office": office.name,
                    "count": len(sheets),
                }
                body = render_to_string(
                    "audits/reminder_mail.txt",
                    {"campaign": campaign, "office": office, "sheets": sheets},
                )
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [office.head_email]))
        if messages:
            send_mass_mail(messages, fail_silently=False)
        self.stdout.write(
            _("%(waiting)d sheet(s) not yet submitted; %(mails)d reminder(s) sent.")
            % {"waiting": waiting, "mails": len(messages)}
        )
