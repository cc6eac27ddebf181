"""The findings of a reconciliation: look-ups that nothing explains, grouped by rule, what
they are about (card, terminal or code) and day, each group one ``AccessFinding`` linked to
its look-ups. A finding already raised is left as it is, so running again raises nothing new.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import AccessRule
from ..models import AccessFinding, AccessFindingRecord


class _Findings:
    """Findings grouped by rule, what they are about and day. The look-ups come in time
    order, so a day's findings are written as soon as the next day begins: memory holds one
    day of findings, whatever the number of look-ups."""

    def __init__(self, actor):
        self.actor = actor
        self.groups: dict[str, dict] = {}
        self.day: dt.date | None = None

    def day_begins(self, day: dt.date, report) -> None:
        if day != self.day:
            self.save(report)
            self.day = day

    def add(
        self,
        rule,
        day,
        record_id,
        moment,
        *,
        detail,
        code="",
        card=None,
        terminal=None,
        staff=None,
        office=None,
    ):
        about = f"c{card}" if card else (f"t{terminal}" if terminal else f"x{code}")
        if rule == AccessRule.UNKNOWN_TERMINAL:
            about = f"x{code}"
        key = f"{rule}:{day.isoformat()}:{about}"
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = {
                "rule": rule,
                "day": day,
                "card_id": card,
                "terminal_id": terminal,
                "staff_id": staff,
                "office_id": office,
                "code": code[:40],
                "first_at": moment,
                "last_at": moment,
                "count": 0,
                "detail": str(detail)[:300],
                "records": [],
            }
        group["count"] += 1
        group["last_at"] = max(group["last_at"], moment)
        group["records"].append(record_id)

    @transaction.atomic
    def save(self, report) -> None:
        """Write the findings gathered so far (those already raised are left as they are,
        only their look-ups linked) and forget them."""
        if not self.groups:
            return
        existing = set(
            AccessFinding.objects.filter(key__in=list(self.groups)).values_list("key", flat=True)
        )
        new = []
        for key, g in self.groups.items():
            if key in existing:
                continue
            new.append(AccessFinding(key=key, **{k: v for k, v in g.items() if k != "records"}))
            report.by_rule[g["rule"]] += 1
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(
            new,
            AccessFinding,
            default_user=self.actor,
            default_change_reason=_("Access-log reconciliation"),
            batch_size=2000,
        )
        report.new_findings += len(new)
        ids = dict(AccessFinding.objects.filter(key__in=list(self.groups)).values_list("key", "pk"))
        links = [
            AccessFindingRecord(finding_id=ids[key], record_id=r)
            for key, g in self.groups.items()
            for r in g["records"]
        ]
        AccessFindingRecord.objects.bulk_create(links, ignore_conflicts=True, batch_size=5000)
        self.groups = {}
