"""Back up the whole database (every table, history included) to a file."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from juki_admin.backup import backup, media_archive
from juki_admin.errors import DomainError


class Command(BaseCommand):
    help = _("Back up the whole database to a file (pg_dump on PostgreSQL).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help=_("The file to write (default: backups/juki_admin-<date and time>.dump)."),
        )

    def handle(self, *args, **options):
        path = options["output"] or (
            Path(settings.BASE_DIR)
            / "backups"
            / f"juki_admin-{dt.datetime.now():%Y%m%d-%H%M%S}.dump"
        )
        try:
            backup(path)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(_("Backup written to %(path)s.") % {"path": path})
        self.stdout.write(
            _("Files of MEDIA_ROOT written to %(path)s.") % {"path": media_archive(path)}
        )
