"""The reconciliation of the access log (``reconcile``).

Every look-up in a period is checked against the card's ledger (was it issued, to whom, for
which office), the holder's status, the usage log (group cards) and the working hours; what
nothing explains becomes a finding (one per rule, card or terminal, and day), linked to its
look-ups. Running it again raises nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from cards.choices import CardKind
from cards.models import Card
from juki_admin import fiscal
from juki_admin.choices import CardMode, OfficeKind
from juki_admin.errors import DomainError
from juki_admin.models import Office
from terminals.models import Terminal

from ..choices import AccessRule
from ..models import AccessRecord
from . import prefilter
from .facts import _business_hours, _covered, _group_usage, _Holders, _issued_periods, _period_on
from .findings import _Findings


@dataclass
class ReconcileReport:
    start: dt.date
    end: dt.date
    records: int = 0
    new_findings: int = 0
    by_rule: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def reconcile(*, start: dt.date, end: dt.date, actor) -> ReconcileReport:
    """Check every look-up from ``start`` to ``end`` (both included) and raise a finding
    for what nothing explains; findings already raised stay as they are."""
    if end < start:
        raise DomainError(_("The end of the period is before its start."))
    report = ReconcileReport(start, end)
    since, until = fiscal.day_start(start), fiscal.day_start(end, days=1)
    records = AccessRecord.objects.filter(at__gte=since, at__lt=until)
    cards = {
        c["pk"]: c
        for c in Card.objects.values("pk", "kind", "holder_id", "group_id", "office_id", "serial")
    }
    used_cards = set(
        records.exclude(card_id=None).order_by().values_list("card_id", flat=True).distinct()
    )  # order_by(): the default ordering would make DISTINCT return every look-up
    periods = _issued_periods(list(used_cards))
    holders = _Holders(used_cards)
    terminals = {
        t["pk"]: t
        for t in Terminal.objects.values("pk", "office_id", "office__kind", "asset_number")
    }
    offices = dict(Office.objects.values_list("pk", "card_mode"))
    usage = _group_usage(
        since, until, [c for c in used_cards if cards[c]["kind"] == CardKind.GROUP]
    )
    opens, closes = _business_hours()
    findings = _Findings(actor)
    local = timezone.get_current_timezone()
    prefiltered = connection.vendor == "postgresql" and prefilter.PREFILTER
    if connection.vendor == "postgresql":
        # seconds since the epoch parse far faster than timestamps, a million times over
        records = records.annotate(epoch=RawSQL("EXTRACT(EPOCH FROM at)::float8", []))
        when = "epoch"
    else:
        when = "at"
    if prefiltered:
        report.records = records.count()
        records = prefilter._suspects(records, start, end, periods, cards, holders, terminals)
    for row in (
        records.order_by("at", "pk")
        .values_list(
            "pk",
            when,
            "terminal_id",
            "terminal_code",
            "card_id",
            "card_code",
            "operator_id",
            "operator_code",
        )
        .iterator(chunk_size=20000)
    ):
        pk, at, terminal_id, terminal_code, card_id, card_code, operator_id, operator_code = row
        if not prefiltered:
            report.records += 1
        if isinstance(at, float):
            at = dt.datetime.fromtimestamp(at, dt.UTC)
        moment = at.astimezone(local)
        day = moment.date()
        findings.day_begins(day, report)  # a day's findings are complete: written, forgotten
        terminal = terminals.get(terminal_id)
        if terminal is None:
            findings.add(
                AccessRule.UNKNOWN_TERMINAL,
                day,
                pk,
                moment,
                code=terminal_code,
                detail=_("terminal %(code)s is not registered") % {"code": terminal_code},
            )
        if card_id is None and operator_id is None:
            code = card_code or operator_code
            findings.add(
                AccessRule.UNKNOWN_CARD,
                day,
                pk,
                moment,
                code=code,
                terminal=terminal_id,
                office=terminal["office_id"] if terminal else None,
                detail=_("%(code)s is no registered card or operator ID") % {"code": code},
            )
        if not fiscal.is_working_day(day) or not opens <= moment.time() <= closes:
            findings.add(
                AccessRule.OUTSIDE_HOURS,
                day,
                pk,
                moment,
                card=card_id,
                terminal=terminal_id,
                staff=operator_id,
                code=card_code or operator_code,
                office=terminal["office_id"] if terminal else None,
                detail=_("used at %(time)s on %(date)s")
                % {"time": f"{moment:%H:%M}", "date": fiscal.format_era_date(day)},
            )
        if card_id is None:
            continue
        card = cards[card_id]
        period = _period_on(periods.get(card_id, ()), day)
        if period is None:
            findings.add(
                AccessRule.CARD_NOT_ISSUED,
                day,
                pk,
                moment,
                card=card_id,
                terminal=terminal_id,
                code=card_code,
                office=terminal["office_id"] if terminal else card["office_id"],
                detail=_("card %(serial)s was not issued that day") % {"serial": card["serial"]},
            )
            continue
        office_id = period[2]
        if card["kind"] == CardKind.INDIVIDUAL:
            holder = holders.of(card)
            if holder is not None and holders.away_on(holder, day):
                findings.add(
                    AccessRule.HOLDER_AWAY,
                    day,
                    pk,
                    moment,
                    card=card_id,
                    terminal=terminal_id,
                    staff=holder.pk,
                    code=card_code,
                    office=office_id,
                    detail=_("%(name)s had left (from %(date)s)")
                    % {"name": holder.name, "date": fiscal.format_era_date(holder.status_date)},
                )
        elif not _covered(usage.get((terminal_id, card_id), ()), at):
            findings.add(
                AccessRule.GROUP_WITHOUT_USAGE_LOG,
                day,
                pk,
                moment,
                card=card_id,
                terminal=terminal_id,
                code=card_code,
                office=office_id,
                detail=_("no usage-log entry covers %(time)s") % {"time": f"{moment:%H:%M}"},
            )
        if terminal is not None and terminal["office_id"] != office_id:
            hq_shared = (
                offices.get(office_id) == CardMode.HQ_SHARED
                and terminal["office__kind"] == OfficeKind.HQ_DIVISION
            )
            if not hq_shared:
                findings.add(
                    AccessRule.OTHER_OFFICE,
                    day,
                    pk,
                    moment,
                    card=card_id,
                    terminal=terminal_id,
                    code=card_code,
                    office=office_id,
                    detail=_("card of another office used on %(terminal)s")
                    % {"terminal": terminal["asset_number"]},
                )
    findings.save(report)
    if prefiltered:
        prefilter._drop_suspects_table()
    return report
