"""Reconcile the access log of a period: raise a finding for each look-up nothing explains."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from audits.access_log import reconcile
from juki_admin import fiscal
from juki_admin.errors import DomainError
from juki_admin.management.base import ActorCommand


def _date(value: str):
    try:
        return fiscal.parse_date(value)
    except ValueError as error:
        raise CommandError(_("%(value)s is not a date.") % {"value": value}) from error


class Command(ActorCommand):
    help = _("Reconcile the access log from one date to another (both included).")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)

    def run(self, *args, actor, start, end, **options):
        try:
            result = reconcile(start=_date(start), end=_date(end), actor=actor)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Reconciled: %(records)d look-up(s), %(new)d new finding(s).")
            % {"records": result.records, "new": result.new_findings}
        )
        for rule, count in sorted(result.by_rule.items()):
            self.stdout.write(f"  {rule}: {count}")
