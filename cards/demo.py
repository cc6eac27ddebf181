"""Demo data of the cards app, loaded by ``manage.py seed_demo`` (idempotent).

Affairs, operator groups with group cards at the offices that use them, accepted rosters for
the current fiscal year, individual cards for the passport offices and HQ divisions, and the
paper's case: at 東葛飾旅券事務所 the card of an employee who retired on 2011-09-30 was never
reclaimed, was found missing on 2012-04-12 and suspended that day (section 1(1)④).
"""

from __future__ import annotations

import datetime as dt

from juki_admin import demo_data, fiscal
from juki_admin.choices import CardMode, StaffStatus
from juki_admin.errors import DomainError
from juki_admin.models import Office, Staff
from juki_admin.services import staff_change_status

from . import services
from .choices import IN_USE, CardKind, GroupUnit, UseMode
from .models import Affair, Card, GroupMembership, OperatorGroup, Roster

AFFAIRS = (
    ("PASS", "旅券の発給事務"),
    ("TAX", "県税の賦課徴収事務"),
    ("TRAFFIC", "運転免許・交通指導事務"),
    ("HEALTH", "保険指導事務"),
    ("JUKI", "住民基本台帳事務"),
    ("PUBLIC", "県民交流・文化事務"),
    ("ESTATE", "建設・不動産業免許事務"),
)
AFFAIR_OF_KIND = {
    "passport_office": "PASS",
    "tax_office": "TAX",
    "public_safety": "TRAFFIC",
    "regional_office": "PASS",
}
AFFAIR_OF_OFFICE = {
    "H01": "JUKI",
    "H02": "HEALTH",
    "H03": "PUBLIC",
    "H04": "PUBLIC",
    "H05": "ESTATE",
}

PAPER_CARD = "CS02900"
ISSUE_DAY = 9  # cards of the year are issued on 10 April (new-operator training on the 8th)
# The timeline of section 1(1)④ of the paper.
PAPER_TIMELINE = (
    (
        dt.date(2012, 4, 12),
        "市町村課職員1名を東葛飾旅券事務所に派遣し、関係職員から事情聴取・カードの捜索",
    ),
    (
        dt.date(2012, 4, 12),
        "市町村課において当該カードに係るアクセスログを確認（不正アクセスは確認されず）",
    ),
    (
        dt.date(2012, 4, 16),
        "過去に東葛飾旅券事務所に在籍していた職員に事情聴取（市町村課・東葛飾旅券事務所）",
    ),
    (dt.date(2012, 4, 17), "記者発表（国際課）"),
    (
        dt.date(2012, 4, 17),
        "セキュリティ対策の徹底について通知（セキュリティ統括責任者 市第254号）",
    ),
    (
        dt.date(2012, 4, 24),
        "端末機設置機関（14機関）の担当者を対象に研修会を実施し、改めて注意喚起",
    ),
    (dt.date(2012, 4, 24), "セキュリティ対策に係る点検の実施を依頼（市第308号）"),
    (dt.date(2012, 5, 16), "全端末機設置機関に現地確認を実施（5月8日、9日、15日、16日、市町村課）"),
)


def load(*, actor, users: dict) -> int:
    """Load the cards demo; returns how many things it created."""
    created = 0
    affairs = {}
    for code, name in AFFAIRS:
        affairs[code], new = Affair.objects.get_or_create(code=code, defaults={"name": name})
        created += new
    offices = {o.code: o for o in Office.objects.select_related("head")}
    head_users = {"S02": users.get("head"), "S01": users.get("head2")}
    created += _paper_case(offices["S02"], affairs["PASS"], actor)
    year = demo_data.demo_fiscal_year()
    for spec in demo_data.OFFICES:
        office = offices[spec.code]
        if (
            not office.hosts_terminals
            or Roster.objects.filter(office=office, fiscal_year=year).exists()
        ):
            continue
        affair = affairs[AFFAIR_OF_OFFICE.get(spec.code) or AFFAIR_OF_KIND.get(office.kind, "JUKI")]
        staff = list(
            Staff.objects.filter(office=office, status=StaffStatus.ACTIVE).order_by(
                "employee_number"
            )
        )
        operators = staff[1:] if len(staff) > 2 else staff  # the head designates, others operate
        group = None
        if office.card_mode == CardMode.GROUP:
            group, _ = OperatorGroup.objects.get_or_create(
                office=office, name="住基ネット利用班", defaults={"unit": GroupUnit.TEAM}
            )
            for person in operators[:3]:
                GroupMembership.objects.get_or_create(group=group, staff=person)
        roster = services.roster_open(office=office, fiscal_year=year, actor=actor)
        on = demo_data.demo_day(ISSUE_DAY)
        for person in operators if group is None else operators[:3]:
            services.roster_designate(
                roster=roster,
                staff=person,
                use_mode=UseMode.GROUP if group else UseMode.INDIVIDUAL,
                group=group,
                affairs=[affair],
                actor=head_users.get(spec.code) or actor,
                on=on,
            )
        services.roster_submit(roster=roster, actor=head_users.get(spec.code) or actor)
        services.roster_accept(roster=roster, actor=actor, on=on)
        created += 1
        if group is not None:
            card = _card(f"G{spec.code}001", CardKind.GROUP, actor)
            if card.status == "stock":
                services.card_issue(
                    card=card,
                    group=group,
                    actor=actor,
                    reason="グループ利用方式による貸与",
                    acknowledged_receipt=True,
                    pledged_not_to_lend=True,
                    on=on,
                )
                created += 1
        else:
            for person in operators:
                card = _card(f"C{person.employee_number}", CardKind.INDIVIDUAL, actor)
                created += issue_if_allowed(card, person, actor, on)
    created += current_departures(actor)
    for n in range(1, 11):
        if not Card.objects.filter(serial=f"CSTOCK{n:03d}").exists():
            services.card_register(
                serials=[f"CSTOCK{n:03d}"], kind=CardKind.INDIVIDUAL, actor=actor, reason="予備"
            )
            created += 1
    return created


def issue_if_allowed(card: Card, person: Staff, actor, on: dt.date) -> int:
    """Issue a demo card unless a check refuses it (e.g. new-operator training not yet
    attended: the training demo records the training, then calls this again)."""
    if card.status != "stock":
        return 0
    try:
        services.card_issue(
            card=card,
            holder=person,
            actor=actor,
            reason="操作者の指定による交付",
            acknowledged_receipt=True,
            pledged_not_to_lend=True,
            on=on,
        )
    except DomainError:
        return 0
    return 1


def issue_pending(actor) -> int:
    """Issue the demo cards still in stock whose holder is known by their serial."""
    issued = 0
    on = demo_data.demo_day(ISSUE_DAY)
    for card in Card.objects.filter(status="stock", serial__regex=r"^C[A-Z]\d{5}$"):
        person = Staff.objects.filter(employee_number=card.serial[1:]).first()
        if person is not None:
            issued += issue_if_allowed(card, person, actor, on)
    return issued


def _card(serial: str, kind: str, actor) -> Card:
    card = Card.objects.filter(serial=serial).first()
    if card is None:
        (card,) = services.card_register(
            serials=[serial],
            kind=kind,
            actor=actor,
            reason="デモ用カードの登録",
            on=demo_data.demo_day(1),
        )
    return card


def _paper_case(office: Office, affair: Affair, actor) -> int:
    """The card of the employee who retired on 2011-09-30: never reclaimed, found missing."""
    if Card.objects.filter(serial=PAPER_CARD).exists():
        return 0
    retired = Staff.objects.get(employee_number=demo_data.RETIRED_EMPLOYEE_NUMBER)
    roster = services.roster_open(office=office, fiscal_year=2007, actor=actor)
    services.roster_designate(
        roster=roster,
        staff=retired,
        use_mode=UseMode.INDIVIDUAL,
        affairs=[affair],
        actor=actor,
        on=dt.date(2007, 4, 2),
    )
    services.roster_submit(roster=roster, actor=actor)
    services.roster_accept(roster=roster, actor=actor, on=dt.date(2007, 4, 2))
    (card,) = services.card_register(
        serials=[PAPER_CARD],
        kind=CardKind.INDIVIDUAL,
        actor=actor,
        reason="平成19年度端末機更新",
        on=dt.date(2007, 4, 1),
    )
    services.card_issue(
        card=card,
        holder=retired,
        actor=actor,
        reason="操作者の指定による交付",
        acknowledged_receipt=True,
        pledged_not_to_lend=True,
        on=dt.date(2007, 4, 2),
    )
    incident = services.card_report_lost(
        card=card,
        actor=actor,
        reason="退職者に係る操作者識別カードを返却のため確認したところ、所在不明が判明",
        last_seen_on=dt.date(2011, 9, 30),
        last_seen_place="事務室内（机・金庫・ロッカーを捜索したが発見されず）",
        on=dt.date(2012, 4, 12),
    )
    for on, text in PAPER_TIMELINE:
        services.incident_add_entry(incident=incident, on=on, text=text, actor=actor)
    return 1


def current_departures(actor) -> int:
    """Today's version of the 2012 case: a retirement last month whose card is still out,
    and a planned transfer next month (shown ahead on the home pages). Runs once their
    cards are out (after new-operator training, when the training app holds them back)."""
    today = fiscal.today()
    changes = (
        ("S02010", StaffStatus.RETIRED, today - dt.timedelta(days=26), "自己都合退職"),
        ("S02011", StaffStatus.TRANSFERRED, today + dt.timedelta(days=19), "人事異動（内示）"),
    )
    done = 0
    for number, status, on, reason in changes:
        staff = Staff.objects.filter(employee_number=number).first()
        if staff is None or staff.status != StaffStatus.ACTIVE:
            continue
        if not Card.objects.filter(holder=staff, status__in=IN_USE).exists():
            continue
        staff_change_status(
            staff=staff, status=status, effective_date=on, actor=actor, reason=reason
        )
        done += 1
    return done
