"""Base class for management commands that change tracked records."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from juki_admin.history import acting_as


class ActorCommand(BaseCommand):
    """A command whose history rows name the person who ran it (``--actor USERNAME``).

    Subclasses implement ``run(*args, actor, **options)``. ``default_actor()`` may supply
    the user when ``--actor`` is not given; without either the command refuses to run.
    """

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor",
            metavar="USERNAME",
            help=_("The user recorded in the history as having made these changes."),
        )

    def default_actor(self):
        return None

    def resolve_actor(self, username: str | None):
        if username:
            try:
                return get_user_model().objects.get_by_natural_key(username)
            except get_user_model().DoesNotExist as error:
                raise CommandError(
                    _("No user with the user name %(name)s.") % {"name": username}
                ) from error
        actor = self.default_actor()
        if actor is None:
            raise CommandError(_("Name the acting user with --actor USERNAME."))
        return actor

    def handle(self, *args, **options):
        actor = self.resolve_actor(options.pop("actor", None))
        with acting_as(actor):
            return self.run(*args, actor=actor, **options)

    def run(self, *args, actor, **options):  # pragma: no cover - abstract
        raise NotImplementedError
