"""List what is past its retention period; with --apply, remove it and record the purge."""

from django.utils.translation import gettext as _

from juki_admin.fiscal import format_era_date
from juki_admin.management.base import ActorCommand
from terminals import services


class Command(ActorCommand):
    help = _("List (or with --apply remove) register rows past their retention period.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--apply", action="store_true", help=_("Remove them."))

    def run(self, *args, actor, **options):
        total = 0
        for label, cutoff, queryset in services.expired():
            count = queryset.count()
            total += count
            self.stdout.write(
                _("%(register)s: %(count)d row(s) older than %(date)s")
                % {"register": label, "count": count, "date": format_era_date(cutoff)}
            )
        if options["apply"] and total:
            records = services.purge_expired(actor=actor)
            self.stdout.write(
                _("Removed %(count)d row(s); the purge is recorded.")
                % {"count": sum(r.removed for r in records)}
            )
        elif total:
            self.stdout.write(_("Nothing removed: run again with --apply to remove them."))
