"""Report every record whose current state differs from its latest history row, every record
with no history at all, and every history whose record is gone without a deletion row: a write
that went around the history (``queryset.update``, raw SQL, a restored dump) shows up here.
Each record is compared on the fields its history keeps (``User``'s leaves out ``password`` and
``last_login``).

``--chain`` also recomputes the hash chain of every history table
(``juki_admin.history_chain``) and names the first broken row of each, then prints the head of
every chain. Exits with status 1 when anything is found."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from juki_admin import history_chain

BATCH = 2000


def tracked_models():
    """Every model with django-simple-history (``<model>.history``)."""
    for model in apps.get_models():
        if getattr(model._meta, "simple_history_manager_attribute", None) == "history":
            yield model


def kept_fields(model) -> list[str]:
    """The attnames of the fields the history of ``model`` keeps."""
    return [field.attname for field in model.history.model.tracked_fields]


def compare(model, limit: int | None = None):
    """(pk, field, current, in history) for each difference; field None: no history row;
    current None and field "-": a history whose record is gone without a deletion row."""
    fields = kept_fields(model)
    pk_name = model._meta.pk.attname
    history = model.history.model._base_manager
    ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    found = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        current = {
            row[pk_name]: row for row in model._base_manager.filter(pk__in=batch).values(*fields)
        }
        latest = {}
        for row in (
            history.filter(**{f"{pk_name}__in": batch})
            .order_by(pk_name, "-history_date", "-history_id")
            .values("history_type", *fields)
        ):
            latest.setdefault(row[pk_name], row)
        for pk in batch:
            if pk not in latest:
                found += 1
                yield pk, None, None, None
            elif latest[pk]["history_type"] == "-":
                found += 1
                yield pk, "history_type", "", "-"
            else:
                for name in fields:
                    if current[pk][name] != latest[pk][name]:
                        found += 1
                        yield pk, name, current[pk][name], latest[pk][name]
            if limit is not None and found >= limit:
                return
    gone = set(history.values_list(pk_name, flat=True).distinct()) - set(ids)
    for pk in sorted(gone):
        last = (
            history.filter(**{pk_name: pk})
            .order_by("-history_date", "-history_id")
            .values_list("history_type", flat=True)
            .first()
        )
        if last != "-":
            found += 1
            yield pk, "-", None, last
            if limit is not None and found >= limit:
                return


class Command(BaseCommand):
    help = _("Check that every record matches its latest history row.")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help=_("Stop after this many."))
        parser.add_argument(
            "--chain",
            action="store_true",
            help=_("Recompute the hash chain of every history table and print its head."),
        )

    def handle(self, *args, limit, chain, **options):
        total = self.check_records(limit)
        if chain:
            total += self.check_chains()
        if total:
            raise CommandError(
                _("%(count)d difference(s) between records and their history.") % {"count": total}
            )
        self.stdout.write(_("Every record matches its latest history row."))
        if chain:
            self.stdout.write(_("Every history chain is intact."))

    def check_records(self, limit) -> int:
        total = 0
        for model in tracked_models():
            label = model._meta.label
            for pk, field, now, then in compare(model, limit=limit - total if limit else None):
                total += 1
                names = {"model": label, "pk": pk, "field": field, "now": now, "then": then}
                if field is None:
                    self.stdout.write(_("%(model)s %(pk)s: no history") % names)
                elif field == "-":
                    self.stdout.write(
                        _(
                            "%(model)s %(pk)s: the record is gone, but its history ends in "
                            "%(then)r, not in a deletion"
                        )
                        % names
                    )
                else:
                    self.stdout.write(
                        _("%(model)s %(pk)s: %(field)s is %(now)r, its history says %(then)r")
                        % names
                    )
            if limit and total >= limit:
                break
        return total

    def check_chains(self) -> int:
        broken = 0
        for model in history_chain.chained_history_models():
            found = history_chain.verify_chain(model)
            if found is not None:
                broken += 1
                self.stdout.write(
                    _("%(table)s history_id %(id)s: the history chain is broken here")
                    % {"table": found.table, "id": found.history_id}
                )
        heads = history_chain.chain_heads()
        for head in heads:
            self.stdout.write(f"{head.table} {head.history_id or '-'} {head.hash or '-'}")
        self.stdout.write(
            _("Digest of every chain head: %(digest)s")
            % {"digest": history_chain.heads_digest(heads)}
        )
        return broken
