"""Writes of the official letters (通知): numbered per fiscal year, rendered once, kept."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from juki_admin import fiscal, official, validation
from juki_admin.errors import DomainError
from juki_admin.history import stamp
from juki_admin.models import Office
from juki_admin.pdf import html_to_pdf

from ..choices import NoticeKind
from ..models import Audit, Notice, NoticeSequence


def notice_pdf_checked(notice: Notice) -> bytes:
    """The stored PDF of ``notice``, after recomputing its SHA-256: a notice whose bytes no
    longer match the digest recorded when it was issued is refused (DomainError), never
    served as if it were the letter sent."""
    data = bytes(notice.pdf)
    if hashlib.sha256(data).hexdigest() != notice.digest:
        raise DomainError(
            _(
                "The stored PDF of %(notice)s no longer matches the digest recorded when it "
                "was issued: it is not served. Tell the system administrator."
            )
            % {"notice": notice.document_number}
        )
    return data


def _next_number(fiscal_year: int, prefix: str, number: int | None) -> int:
    """The next document number of the year and prefix, from a row locked for the length of
    the transaction: two notices issued at the same moment never get one number."""
    NoticeSequence.objects.get_or_create(fiscal_year=fiscal_year, prefix=prefix)
    sequence = NoticeSequence.objects.select_for_update().get(
        fiscal_year=fiscal_year, prefix=prefix
    )
    if number is None:
        number = sequence.last_number + 1
    elif Notice.objects.filter(fiscal_year=fiscal_year, prefix=prefix, number=number).exists():
        raise DomainError(
            _("%(prefix)s第%(number)s号 is already used in %(year)s.")
            % {"prefix": prefix, "number": number, "year": fiscal.format_fiscal_year(fiscal_year)}
        )
    if number > sequence.last_number:
        sequence.last_number = number
        sequence.save(update_fields=["last_number", "updated_at"])
    return number


@transaction.atomic
def notice_issue(
    *,
    kind: str,
    subject: str,
    body: str,
    actor,
    items: Iterable[str] = (),
    office: Office | None = None,
    addressee: str = "",
    audit: Audit | None = None,
    corrects: Notice | None = None,
    number: int | None = None,
    sender: str = "",
    on: dt.date | None = None,
) -> Notice:
    """Number, render and store an official letter (通知). Its PDF and SHA-256 digest are
    kept and never change; a correction is a new notice that refers to the old one.
    ``number`` records a letter sent on paper with its own number."""
    on = validation.past_date(on)
    if kind not in NoticeKind.values:
        raise DomainError(_("Unknown kind of notice: %(value)s") % {"value": kind})
    subject = official.unify_commas(validation.required(subject, _("Enter the subject.")))
    if not subject.endswith("（通知）"):
        subject = f"{subject}（通知）"
    addressee = addressee.strip() or (f"{office.name}長" if office else "")
    if not addressee:
        raise DomainError(_("Name the addressee."))
    fiscal_year = fiscal.fiscal_year(on)
    prefix = settings.NOTICE_DOCUMENT_PREFIX
    notice = Notice(
        kind=kind,
        fiscal_year=fiscal_year,
        prefix=prefix,
        number=_next_number(fiscal_year, prefix, number),
        issued_on=on,
        audit=audit,
        office=office,
        addressee=addressee,
        honorific=settings.NOTICE_HONORIFIC,
        sender=sender.strip() or settings.NOTICE_SENDER,
        seal_omitted=settings.NOTICE_SEAL_OMITTED,
        subject=subject,
        body=official.unify_commas(validation.required(body, _("Enter the text of the notice."))),
        items=[official.unify_commas(str(i)) for i in items],
        corrects=corrects,
        issued_by=actor,
    )
    # one comma in the whole letter, the template's own words included (NOTICE_COMMA)
    html = official.unify_commas(render_to_string("pdf/audits/notice.html", {"letter": notice}))
    notice.pdf = html_to_pdf(html)
    notice.digest = hashlib.sha256(notice.pdf).hexdigest()
    stamp(notice, actor=actor, reason=notice.document_number)
    notice.full_clean(exclude=["pdf"])
    notice.save()
    return notice
