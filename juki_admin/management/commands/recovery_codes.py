"""New recovery codes for a login, printed once, from the server: for a system administrator
who lost both their phone and their codes and has no other administrator to reset their
two-factor sign-in. The earlier codes stop working. (django-otp's ``addstatictoken`` would
store a code as typed, which never matches: codes are kept as digests.)"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from juki_admin.logs import security_event
from juki_admin.two_factor import recovery_codes_issue


class Command(BaseCommand):
    help = _("Print new two-factor recovery codes for a login (the earlier ones stop working).")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No login is named %(name)s.") % {"name": username})
        for code in recovery_codes_issue(user=user):
            self.stdout.write(code)
        security_event("two_factor_recovery_codes", username=username, source="command")
