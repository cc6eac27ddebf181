"""Import access-log files (all rows of a file or none), then reconcile their period."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from audits.access_log import access_log_import, reconcile
from juki_admin import fiscal
from juki_admin.management.base import ActorCommand


class Command(ActorCommand):
    help = _("Import access-log CSV files and reconcile the days they cover.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--no-reconcile", action="store_true", help=_("Import only; reconcile later.")
        )

    def run(self, *args, actor, files, no_reconcile=False, **options):
        failed = False
        for path in files:
            try:
                stream = path.open("rb")
            except OSError as error:
                raise CommandError(str(error)) from error
            with stream:
                report = access_log_import(stream=stream, name=path.name, actor=actor)
            if report.duplicate_of is not None:
                self.stdout.write(
                    _("%(name)s: already imported (as %(other)s); nothing added.")
                    % {"name": path.name, "other": report.duplicate_of.name}
                )
                continue
            if not report.ok:
                failed = True
                self.stderr.write(
                    _("%(name)s: %(count)d bad row(s); nothing was imported.")
                    % {"name": path.name, "count": report.bad_rows or len(report.errors)}
                )
                for error in report.errors:
                    self.stderr.write(f"  {error}")
                continue
            self.stdout.write(
                _("%(name)s: %(rows)d row(s) imported.") % {"name": path.name, "rows": report.rows}
            )
            if not no_reconcile and report.file.first_at:
                result = reconcile(
                    start=fiscal.as_date(report.file.first_at),
                    end=fiscal.as_date(report.file.last_at),
                    actor=actor,
                )
                self.stdout.write(
                    _("Reconciled: %(records)d look-up(s), %(new)d new finding(s).")
                    % {"records": result.records, "new": result.new_findings}
                )
        if failed:
            raise CommandError(_("Some files were not imported."))
