"""Writes of the registers of forms, documents and disks (帳票・ドキュメント・磁気ディスク
管理簿・受渡簿): register, hand over, and disposal after the office head's approval. Each step
is refused through ``choices.MEDIA_MACHINE``, with its one message."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from juki_admin import access
from juki_admin.errors import DomainError
from juki_admin.models import Office

from ..choices import MEDIA_MACHINE
from ..models import MediaHandover, MediaItem
from ._common import _past_date, _required, _save


@transaction.atomic
def media_register(
    *, office: Office, kind: str, title: str, storage_place: str, actor, on: dt.date | None = None
) -> MediaItem:
    item = MediaItem(
        office=office,
        kind=kind,
        title=_required(title, _("Enter the item.")),
        storage_place=_required(storage_place, _("Enter the locked storage place.")),
        registered_on=_past_date(on),
    )
    return _save(item, actor=actor, reason=_("Registered"))


def _taking(step: str, item: MediaItem) -> MediaItem:
    """The item, locked, if its status allows ``step`` (else the table's refusal)."""
    item = MediaItem.objects.select_for_update().select_related("office").get(pk=item.pk)
    MEDIA_MACHINE.check_record(step, item)
    return item


@transaction.atomic
def media_handover(
    *, item: MediaItem, from_person: str, to_person: str, actor, on: dt.date | None = None
) -> MediaHandover:
    item = _taking("handover", item)
    handover = MediaHandover(
        item=item,
        from_person=_required(from_person, _("Enter who hands it over.")),
        to_person=_required(to_person, _("Enter who receives it.")),
        handed_on=_past_date(on),
    )
    return _save(handover, actor=actor, reason=_("Handover"))


@transaction.atomic
def media_request_disposal(*, item: MediaItem, actor, reason: str) -> MediaItem:
    item = _taking("request_disposal", item)
    item.status, item.disposal_requested_by = MEDIA_MACHINE.steps["request_disposal"].to, actor
    return _save(item, actor=actor, reason=_required(reason, _("Enter the reason.")))


@transaction.atomic
def media_approve_disposal(*, item: MediaItem, actor, on: dt.date | None = None) -> MediaItem:
    """The office head of the item's office approves its disposal beforehand (事前承認)."""
    item = _taking("approve_disposal", item)
    if not access.is_head_of(actor, item.office):
        raise DomainError(
            _("Only the head of %(office)s approves its disposals.") % {"office": item.office.name}
        )
    item.status = MEDIA_MACHINE.steps["approve_disposal"].to
    item.disposal_approved_by, item.disposal_approved_on = actor, _past_date(on)
    return _save(item, actor=actor, reason=_("Disposal approved"))


@transaction.atomic
def media_dispose(*, item: MediaItem, method: str, actor, on: dt.date | None = None) -> MediaItem:
    item = _taking("dispose", item)
    on = _past_date(on)
    if on < item.disposal_approved_on:
        raise DomainError(_("The disposal cannot be before its approval."))
    item.status, item.disposed_on = MEDIA_MACHINE.steps["dispose"].to, on
    item.disposal_method = _required(method, _("Enter the disposal method."))
    return _save(item, actor=actor, reason=_("Disposed"))
