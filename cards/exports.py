"""The card ledger and the operator roster as rows, for CSV and PDF exports."""

from __future__ import annotations

from django.db.models import QuerySet

from juki_admin.fiscal import format_fiscal_year

from .models import CardEvent, Designation, Roster

LEDGER_HEADER = ["日付", "所属", "カード番号", "種別", "事項", "貸与先", "理由・備考", "記録者"]
ROSTER_HEADER = [
    "職員番号",
    "氏名",
    "ふりがな",
    "雇用区分",
    "利用方式",
    "操作グループ",
    "利用事務",
    "指定日",
]


def ledger_events(user, office=None, start=None, end=None) -> QuerySet[CardEvent]:
    """The card ledger the user may see (of ``office``, from ``start`` to ``end`` included),
    in the order of its entries: by date, then as recorded. The indexes (office, date, id)
    and (date, id) serve that order, for one office and for all."""
    events = CardEvent.objects.select_related(
        "card", "office", "holder", "group", "actor"
    ).visible_to(user)
    if office is not None:
        events = events.filter(office=office)
    if start is not None:
        events = events.filter(occurred_on__gte=start)
    if end is not None:
        events = events.filter(occurred_on__lte=end)
    return events.order_by("occurred_on", "pk")


def ledger_rows(events):
    for e in events:
        yield [
            e.occurred_on.isoformat(),
            e.office.name if e.office_id else "",
            e.card.serial,
            e.card.get_kind_display(),
            e.get_kind_display(),
            e.holder.name if e.holder_id else (str(e.group) if e.group_id else ""),
            e.reason,
            e.actor.get_username() if e.actor_id else "",
        ]


def ledger_filename(office, ext: str, start=None, end=None) -> str:
    span = f"_{start:%Y%m%d}-{end:%Y%m%d}" if start and end else ""
    return f"操作者識別カード管理簿_{office.name if office else '全所属'}{span}.{ext}"


def roster_rows(designations: QuerySet[Designation]):
    for d in designations:
        yield [
            d.staff.employee_number,
            d.staff.name,
            d.staff.kana,
            d.staff.get_employment_type_display(),
            d.get_use_mode_display(),
            d.group.name if d.group_id else "",
            "・".join(a.name for a in d.affairs.all()),
            d.designated_on.isoformat(),
        ]


def roster_filename(roster: Roster, ext: str) -> str:
    return (
        f"操作者名簿_{roster.office.name}_{format_fiscal_year(roster.fiscal_year)}"
        f"_第{roster.version}版.{ext}"
    )


def incident_context(incident) -> dict:
    """What the incident report (laid out like section 1 of the source paper) prints."""
    card = incident.card
    return {
        "incident": incident,
        "entries": incident.entries.select_related("actor").order_by("occurred_on", "pk"),
        "card": card,
        "holder": card.holder if card else None,
        "staff_count": incident.office.staff.count(),
        "staff_regular": incident.office.staff.filter(employment_type="regular").count(),
        "cards_issued": incident.office.cards.count(),
    }
