"""Writes of the checklists (自己点検表): versions, and the freeze once a campaign uses one."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import validation
from juki_admin.db import save_refusing_races
from juki_admin.errors import DomainError
from juki_admin.history import stamp

from ..choices import Audience
from ..models import Checklist, ChecklistItem


@transaction.atomic
def checklist_create(
    *,
    fiscal_year: int,
    audience: str,
    title: str,
    actor,
    items: Iterable[tuple[str, str, str]] = (),
    copy_from: Checklist | None = None,
) -> Checklist:
    """A new version of the office or operator checklist of ``fiscal_year``, with ``items``
    ((category, text, rule) each, numbered in order) or a copy of ``copy_from``'s."""
    if audience not in Audience.values:
        raise DomainError(_("Unknown audience: %(value)s") % {"value": audience})
    title = validation.required(title, _("Enter a title."))
    last = (
        Checklist.objects.select_for_update()
        .filter(fiscal_year=fiscal_year, audience=audience)
        .order_by("-version")
        .first()
    )
    checklist = Checklist(
        fiscal_year=fiscal_year,
        audience=audience,
        title=title,
        version=(last.version + 1) if last else 1,
    )
    stamp(checklist, actor=actor, reason=_("New checklist version"))
    save_refusing_races(checklist, _("A version was created at the same time; reload."))
    if copy_from is not None:
        items = [(i.category, i.text, i.rule) for i in copy_from.items.order_by("number")]
    for number, (category, text, rule) in enumerate(items, start=1):
        item = ChecklistItem(
            checklist=checklist, number=number, category=category, text=text, rule=rule
        )
        stamp(item, actor=actor, reason=_("New checklist version"))
        item.full_clean()
        item.save()
    return checklist


def require_unfrozen(checklist: Checklist) -> None:
    """Refuse a change to a checklist a campaign uses (its answers refer to its items)."""
    if Checklist.objects.filter(pk=checklist.pk, frozen_on__isnull=False).exists():
        raise DomainError(
            _("%(checklist)s is used by a self-inspection: make a new version to change it.")
            % {"checklist": checklist}
        )
