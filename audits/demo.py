"""Demo data of the audits app, loaded by ``manage.py seed_demo`` (idempotent).

The 2012 self-inspection of the source paper: its two checklists (57 and 29 items), the
answers of the 11 offices and 86 operators that reproduce the paper's two tables, and the
on-site visits of May 2012; then this year's self-inspection, open, partly answered.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from juki_admin import demo_data, fiscal
from juki_admin.models import Office, Staff

from . import services
from .checklists import OFFICE_ITEMS, OFFICES_2012, OPERATOR_ITEMS, VISIT_DAYS_2012
from .choices import Audience, Result, SheetStatus
from .models import Campaign, Checklist, Sheet

TITLE_2012 = "平成24年度 住基ネットセキュリティ対策の自己点検"
OPENED_2012 = dt.date(2012, 4, 24)  # requested by 市第308号
DUE_2012 = dt.date(2012, 5, 7)


def load(*, actor, users: dict) -> int:
    created = 0
    office_list, operator_list = _checklists(2012, actor)
    if not Campaign.objects.filter(title=TITLE_2012).exists():
        _campaign_2012(office_list, operator_list, actor)
        created += 1
    year = demo_data.demo_fiscal_year()
    title = f"{fiscal.format_fiscal_year(year)} 住基ネットセキュリティ対策の自己点検"
    if not Campaign.objects.filter(title=title).exists():
        _campaign_this_year(year, title, office_list, operator_list, actor, users)
        created += 1
    return created


def _checklists(year: int, actor) -> tuple[Checklist, Checklist]:
    found = []
    for audience, items, title in (
        (Audience.OFFICE, OFFICE_ITEMS, "所属に係る自己点検表"),
        (Audience.OPERATOR, OPERATOR_ITEMS, "操作者個人に係る自己点検表"),
    ):
        checklist = Checklist.objects.filter(fiscal_year=year, audience=audience).first()
        if checklist is None:
            checklist = services.checklist_create(
                fiscal_year=year,
                audience=audience,
                title=title,
                actor=actor,
                items=[(i.category, i.text, i.rule) for i in items],
            )
        found.append(checklist)
    return found[0], found[1]


def _answers(items, checklist, position: int, population: int, rotate: int):
    """The answers of the ``position``-th respondent of ``population``: item j is failed by
    ``failed_2012`` respondents, taken in turn from a starting point that moves with j."""
    result = {}
    for j, (spec, item) in enumerate(zip(items, checklist.items.order_by("number"), strict=True)):
        offset = (position - j * rotate) % population
        if offset < spec.failed_2012:
            result[item.pk] = (Result.NONCOMPLIANT, spec.cause)
        else:
            result[item.pk] = (Result.COMPLIANT, "")
    return result


def _campaign_2012(office_list, operator_list, actor) -> Campaign:
    offices = list(Office.objects.filter(code__in=OFFICES_2012).order_by("code"))
    operators = []
    for office in offices:
        operators += list(
            Staff.objects.filter(office=office)
            .exclude(employee_number=demo_data.RETIRED_EMPLOYEE_NUMBER)
            .order_by("employee_number")[1 : 1 + OFFICES_2012[office.code]]
        )
    campaign = services.campaign_open(
        title=TITLE_2012,
        fiscal_year=2012,
        office_checklist=office_list,
        operator_checklist=operator_list,
        due_on=DUE_2012,
        actor=actor,
        on=OPENED_2012,
        offices=offices,
        operators=operators,
    )
    submitted = timezone.make_aware(dt.datetime.combine(DUE_2012, dt.time(17)))
    for audience, items, checklist, rotate in (
        (Audience.OFFICE, OFFICE_ITEMS, office_list, 3),
        (Audience.OPERATOR, OPERATOR_ITEMS, operator_list, 7),
    ):
        sheets = list(
            Sheet.objects.filter(campaign=campaign, audience=audience).order_by(
                "office__code", "staff__employee_number"
            )
        )
        for position, sheet in enumerate(sheets):
            services.sheet_answer(
                sheet=sheet,
                answers=_answers(items, checklist, position, len(sheets), rotate),
                actor=actor,
            )
            services.sheet_submit(sheet=sheet, actor=actor, at=submitted)
    _visits_2012(campaign, office_list, actor)
    services.campaign_close(campaign=campaign, actor=actor, on=dt.date(2012, 5, 31))
    return campaign


def _visits_2012(campaign, office_list, actor) -> None:
    hosting = list(
        Office.objects.filter(code__in=[*OFFICES_2012, "H04", "H05", "R01"]).order_by("code")
    )
    failed = {
        sheet.office_id: [a.item.text for a in sheet.answers.filter(result=Result.NONCOMPLIANT)]
        for sheet in Sheet.objects.filter(
            campaign=campaign, audience=Audience.OFFICE
        ).prefetch_related("answers__item")
    }
    for n, office in enumerate(hosting):
        day = dt.date.fromisoformat(VISIT_DAYS_2012[n % len(VISIT_DAYS_2012)])
        items = failed.get(office.pk)
        services.site_visit_record(
            campaign=campaign if items is not None else None,
            office=office,
            visited_on=day,
            visitor="市町村課 住基ネット担当",
            confirmed=(
                "自己点検結果の内容と端末機・帳票等の運用状況を確認した。"
                if items is not None
                else "端末機の利用がないことと、端末機・帳票の保管状況を確認した。"
            ),
            to_improve="、".join(items[:5]) if items else "",
            actor=actor,
        )


def _campaign_this_year(year, title, office_list, operator_list, actor, users) -> Campaign:
    office_now = services.checklist_create(
        fiscal_year=year,
        audience=Audience.OFFICE,
        title=office_list.title,
        actor=actor,
        copy_from=office_list,
    )
    operator_now = services.checklist_create(
        fiscal_year=year,
        audience=Audience.OPERATOR,
        title=operator_list.title,
        actor=actor,
        copy_from=operator_list,
    )
    opened = demo_data.demo_day(200)
    campaign = services.campaign_open(
        title=title,
        fiscal_year=year,
        office_checklist=office_now,
        operator_checklist=operator_now,
        due_on=max(fiscal.today() + dt.timedelta(days=21), opened),
        actor=actor,
        on=opened,
    )
    # 中央旅券事務所 has answered and submitted; 東葛飾旅券事務所 is part way through.
    head2, head = users.get("head2"), users.get("head")
    for sheet in Sheet.objects.filter(
        campaign=campaign, audience=Audience.OFFICE, office__code="S01"
    ):
        services.sheet_answer(
            sheet=sheet,
            answers=_answers(OFFICE_ITEMS, office_now, 1, 11, 3),
            actor=head2 or actor,
        )
        services.sheet_submit(sheet=sheet, actor=head2 or actor)
    for sheet in Sheet.objects.filter(
        campaign=campaign, audience=Audience.OFFICE, office__code="S02"
    ):
        partial = dict(list(_answers(OFFICE_ITEMS, office_now, 4, 11, 3).items())[:20])
        services.sheet_answer(sheet=sheet, answers=partial, actor=head or actor)
    operator_staff = getattr(users.get("operator"), "staff", None)
    for position, sheet in enumerate(
        Sheet.objects.filter(campaign=campaign, audience=Audience.OPERATOR, office__code="S01")
        .exclude(staff=operator_staff)
        .order_by("staff__employee_number")[:10]
    ):
        services.sheet_answer(
            sheet=sheet,
            answers=_answers(OPERATOR_ITEMS, operator_now, position, 29, 7),
            actor=actor,
        )
        if sheet.status == SheetStatus.DRAFT:
            services.sheet_submit(sheet=sheet, actor=actor)
    return campaign
