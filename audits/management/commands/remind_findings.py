"""One summary per office head of findings due 30, 7 and 1 days ahead or overdue."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from audits import selectors
from juki_admin import fiscal


class Command(BaseCommand):
    help = _("Remind each office head of findings due soon or overdue (one mail each).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("As of this date; default today."))

    def handle(self, *args, **options):
        on = fiscal.parse_date(options["date"]) if options["date"] else fiscal.today()
        by_office = defaultdict(list)
        for finding in (
            selectors.findings_to_remind(on, settings.REMINDER_DAYS)
            .select_related("office", "office__head", "office__head__user", "audit", "audit__plan")
            .order_by("office__code", "due_on", "number")
        ):
            by_office[finding.office].append(finding)
        messages = []
        for office, findings in by_office.items():
            if not office.head_email:
                continue
            body = render_to_string(
                "audits/findings_mail.txt", {"office": office, "findings": findings, "on": on}
            )
            subject = _("[juki-admin] Findings to answer (%(office)s): %(count)d") % {
                "office": office.name,
                "count": len(findings),
            }
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [office.head_email]))
        if messages:
            send_mass_mail(messages, fail_silently=False)
        self.stdout.write(
            _("%(date)s: %(count)d finding(s) due or overdue; %(mails)d mail(s) sent.")
            % {
                "date": fiscal.format_era_date(on),
                "count": sum(len(f) for f in by_office.values()),
                "mails": len(messages),
            }
        )
