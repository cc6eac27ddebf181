"""Report every record whose current state differs from its latest history row, and every
record with no history at all: a write that went around the history (``queryset.update``,
raw SQL, a restored dump) shows up here. Exits with status 1 when anything is found."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

BATCH = 2000


def tracked_models():
    """Every model with django-simple-history (``<model>.history``)."""
    for model in apps.get_models():
        if getattr(model._meta, "simple_history_manager_attribute", None) == "history":
            yield model


def compare(model, limit: int | None = None):
    """(pk, field, current, in history) for each difference; field None: no history row."""
    fields = [f.attname for f in model._meta.concrete_fields]
    pk_name = model._meta.pk.attname
    ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
    found = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        current = {
            row[pk_name]: row for row in model._default_manager.filter(pk__in=batch).values(*fields)
        }
        latest = {}
        for row in (
            model.history.filter(**{f"{pk_name}__in": batch})
            .order_by(pk_name, "-history_date", "-history_id")
            .values(*fields)
        ):
            latest.setdefault(row[pk_name], row)
        for pk in batch:
            if pk not in latest:
                found += 1
                yield pk, None, None, None
            else:
                for name in fields:
                    if current[pk][name] != latest[pk][name]:
                        found += 1
                        yield pk, name, current[pk][name], latest[pk][name]
            if limit is not None and found >= limit:
                return


class Command(BaseCommand):
    help = _("Check that every record matches its latest history row.")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help=_("Stop after this many."))

    def handle(self, *args, limit, **options):
        total = 0
        for model in tracked_models():
            label = model._meta.label
            for pk, field, now, then in compare(model, limit=limit - total if limit else None):
                total += 1
                if field is None:
                    self.stdout.write(
                        _("%(model)s %(pk)s: no history") % {"model": label, "pk": pk}
                    )
                else:
                    self.stdout.write(
                        _("%(model)s %(pk)s: %(field)s is %(now)r, its history says %(then)r")
                        % {"model": label, "pk": pk, "field": field, "now": now, "then": then}
                    )
            if limit and total >= limit:
                break
        if total:
            raise CommandError(
                _("%(count)d difference(s) between records and their history.") % {"count": total}
            )
        self.stdout.write(_("Every record matches its latest history row."))
