"""Demo data of the terminals app (``manage.py seed_demo``): the placement table of section
2(1) of the paper exactly (FY2012), the FY2007 lease extended by one year, today's leases and
terminals (vein authentication since 2014), and a few days of each office register."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from cards.choices import CardKind, CardStatus
from cards.models import Card
from cards.selectors import designation_in_force
from juki_admin import demo_data, fiscal
from juki_admin.models import Office

from . import services
from .choices import Authentication, MediaKind, TerminalStatus
from .models import Lease, MediaItem, PlacementPlan, RoomEntry, Terminal

PLAN_YEAR = 2012  # the paper's year: "現在" is FY2012, the plan is for FY2013 and FY2014


def load(*, actor, users: dict) -> int:
    if Lease.objects.exists():
        return 0
    offices = {o.code: o for o in Office.objects.all()}
    for spec in demo_data.OFFICES:
        PlacementPlan.objects.create(
            fiscal_year=PLAN_YEAR,
            office=offices[spec.code],
            uses_last_year=spec.uses_fy2010,
            terminals_now=spec.terminals_now,
            uses_added=spec.uses_added,
            terminals_next_year=spec.terminals_fy2013,
            terminals_year_after=spec.terminals_fy2014,
        )
    old = Lease.objects.create(
        number="H19-住基-001",
        lessor="千葉リース株式会社",
        starts_on=dt.date(2008, 3, 1),
        ends_on=dt.date(2013, 2, 28),
        notes="平成19年度からの5年リース",
    )
    services.lease_extend(
        lease=old,
        new_end=dt.date(2014, 2, 28),
        actor=actor,
        reason="生体認証（静脈）導入まで現在の端末機を再配置して1年延長（説明資料2(1)）",
    )
    today = fiscal.today()
    current = Lease.objects.create(
        number="R06-住基-001",
        lessor="千葉リース株式会社",
        starts_on=dt.date(2024, 3, 1),
        ends_on=dt.date(2029, 2, 28),
    )
    passports = Lease.objects.create(
        number="R01-住基-007",
        lessor="房総オフィス機器株式会社",
        starts_on=dt.date(2019, 6, 1),
        ends_on=today + dt.timedelta(days=125),
        notes="旅券事務所増設分（延長済）",
    )
    for spec in demo_data.OFFICES:
        for n in range(1, (spec.terminals_fy2014 or 0) + 1):
            Terminal.objects.create(
                asset_number=f"T-{spec.code}-{n:02d}",
                office=offices[spec.code],
                room="旅券窓口" if spec.kind == "passport_office" else "執務室",
                dedicated=spec.code in ("H02", "P01"),
                authentication=Authentication.VEIN,
                lease=passports if spec.kind == "passport_office" and n > 6 else current,
                installed_on=dt.date(2024, 3, 1),
            )
    _registers(offices[demo_data.INCIDENT_OFFICE], actor, today)
    return 1


def _registers(office: Office, actor, today: dt.date) -> None:
    terminals = list(Terminal.objects.filter(office=office, status=TerminalStatus.IN_SERVICE))
    operators = [
        c.holder
        for c in Card.objects.filter(
            office=office, kind=CardKind.INDIVIDUAL, status=CardStatus.ISSUED
        ).select_related("holder", "holder__office")[:6]
    ]
    for i, person in enumerate(operators):
        services.vein_enrol(
            operator=person,
            operator_code=f"OP{person.employee_number}",
            collation_id=f"VC-{2024}{i + 1:04d}",
            actor=actor,
            on=dt.date(2024, 3, 1),
        )
    days = fiscal.working_days(today - dt.timedelta(days=14), today - dt.timedelta(days=1))
    for d_index, day in enumerate(days):
        for t_index, terminal in enumerate(terminals):
            if (d_index + t_index) % 9 == 8:
                continue  # a few days nobody checked: they show as missing
            services.daily_check_record(
                terminal=terminal,
                results=dict.fromkeys(settings.TERMINAL_DAILY_CHECK_POINTS, True),
                actor=actor,
                on=day,
            )
        for o_index, person in enumerate(operators):
            card = Card.objects.get(holder=person, status=CardStatus.ISSUED)
            designation = designation_in_force(person, day)
            start = timezone.make_aware(
                dt.datetime.combine(day, dt.time(9 + o_index, 10 * (d_index % 5)))
            )
            entry = services.usage_start(
                operator=person,
                terminal=terminals[o_index % len(terminals)],
                card=card,
                affair=designation.affairs.first(),
                actor=actor,
                started_at=start,
            )
            services.usage_finish(
                entry=entry,
                lookups=3 + (d_index * 7 + o_index) % 11,
                actor=actor,
                ended_at=start + dt.timedelta(minutes=25),
            )
    if days:
        moment = timezone.make_aware(dt.datetime.combine(days[-1], dt.time(10, 0)))
        services.room_entry_record(
            office=office,
            room="旅券窓口",
            name="保守 一郎",
            affiliation="千葉リース株式会社",
            purpose="端末機の定期保守",
            is_operator=False,
            escort=operators[0].name if operators else "所長",
            actor=actor,
            entered_at=moment,
        )
        services.room_exit_record(
            entry=RoomEntry.objects.latest("pk"),
            actor=actor,
            left_at=moment + dt.timedelta(hours=1),
        )
        services.key_take(
            office=office,
            key="端末機設置室",
            taken_by=operators[0].name if operators else "所長",
            purpose="始業時の開錠",
            actor=actor,
            taken_at=moment - dt.timedelta(hours=2),
        )
    for kind, title, place in (
        (MediaKind.FORM, "本人確認情報照会結果（出力帳票）", "書庫A 施錠キャビネット"),
        (MediaKind.DOCUMENT, "住基ネット操作手引書（令和6年版）", "所長室 金庫"),
        (MediaKind.DISK, "端末機バックアップ媒体", "所長室 金庫"),
    ):
        services.media_register(
            office=office, kind=kind, title=title, storage_place=place, actor=actor
        )
    form = MediaItem.objects.filter(office=office, kind=MediaKind.FORM).first()
    services.media_request_disposal(item=form, actor=actor, reason="保存期間満了")
