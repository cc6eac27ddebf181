"""Import the staff list from the personnel system (CSV, UTF-8 or Shift_JIS/CP932)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from juki_admin.csvio import check_size
from juki_admin.errors import DomainError
from juki_admin.management.base import ActorCommand
from juki_admin.staff_import import staff_import


class Command(ActorCommand):
    help = _(
        "Import staff from a CSV file (employee number, name, kana, office code, employment "
        "type, status, effective date). All rows or none."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show what would change; write nothing.")
        )

    def run(self, *args, actor, **options):
        try:
            check_size(options["file"].stat().st_size)  # before reading it
            data = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        except DomainError as error:
            raise CommandError(error.message) from error
        try:
            report = staff_import(data=data, actor=actor, dry_run=options["dry_run"])
        except DomainError as error:
            raise CommandError(error.message) from error
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)d error(s): nothing was imported.") % {"count": len(report.errors)}
            )
        prefix = _("(dry run, nothing written) ") if report.dry_run else ""
        for label in report.created:
            self.stdout.write(f"{prefix}+ {label}")
        for label in report.updated:
            self.stdout.write(f"{prefix}~ {label}")
        self.stdout.write(
            prefix
            + _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": report.unchanged,
            }
        )
