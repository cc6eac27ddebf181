"""Restore a backup made by backup_db into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from juki_admin.backup import restore
from juki_admin.errors import DomainError


class Command(BaseCommand):
    help = _(
        "Restore a backup into an empty database (the configured one, or --database-url). "
        "A database holding tables is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--database-url",
            help=_("The database to restore into (default: DATABASE_URL)."),
        )

    def handle(self, *args, **options):
        try:
            restore(options["file"], url=options["database_url"])
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(_("Restored %(path)s.") % {"path": options["file"]})
