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

from . import demo_evidence, services
from .checklists import OFFICE_ITEMS, OFFICES_2012, OPERATOR_ITEMS, VISIT_DAYS_2012
from .choices import Audience, Result, SheetStatus
from .models import Campaign, Checklist, Sheet

TITLE_2012 = "平成24年度 住基ネットセキュリティ対策の自己点検"
OPENED_2012 = dt.date(2012, 4, 24)  # requested by 市第308号
DUE_2012 = dt.date(2012, 5, 7)


def load(*, actor, users: dict) -> int:
    created = _notices_2012(actor) + _paper_incident(actor)
    office_list, operator_list = _checklists(2012, actor)
    if not Campaign.objects.filter(title=TITLE_2012).exists():
        _campaign_2012(office_list, operator_list, actor)
        created += 1
    year = demo_data.demo_fiscal_year()
    title = f"{fiscal.format_fiscal_year(year)} 住基ネットセキュリティ対策の自己点検"
    if not Campaign.objects.filter(title=title).exists():
        _campaign_this_year(year, title, office_list, operator_list, actor, users)
        created += 1
    created += _audits_this_year(year, actor, users)
    created += access_log_demo(actor)
    return created + demo_evidence.load(actor=actor, users=users)


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


# --- notices of 2012 and this year's audits ----------------------------------------------------

NOTICES_2012 = (
    (
        254,
        dt.date(2012, 4, 17),
        "セキュリティ統括責任者",
        "住民基本台帳ネットワークシステムのセキュリティ対策の徹底について",
        "東葛飾旅券事務所において、退職した職員に係る操作者識別カードの所在が不明となる事案が"
        "発生しました。ついては、各端末機設置機関においては、下記の事項を改めて徹底してください。",
        [
            "休職・退職・異動の際は、直ちに操作者識別カードを回収し、システム管理者へ返却すること。",
            "操作者識別カードを他者に貸与しないこと。",
            "操作者識別カードの管理簿を作成し、現物を確認すること。",
        ],
    ),
    (
        308,
        dt.date(2012, 4, 24),
        "市町村課長",
        "住民基本台帳ネットワークシステムのセキュリティ対策に係る点検の実施について",
        "標記について、下記のとおり自己点検を実施し、期限までに回答してください。"
        "なお、回答の内容及び運用状況を確認するため、後日、現地確認を実施します。",
        [
            "点検の対象　所属に係る自己点検（57項目）、操作者個人に係る自己点検（29項目）",
            "回答期限　平成24年5月7日",
            "現地確認　平成24年5月8日から5月16日まで（日程は別途連絡）",
        ],
    ),
)


def _notices_2012(actor) -> int:
    from .models import Notice

    created = 0
    for number, on, sender, subject, body, items in NOTICES_2012:
        if Notice.objects.filter(fiscal_year=2012, number=number).exists():
            continue
        services.notice_issue(
            kind="general",
            number=number,
            on=on,
            addressee="端末機設置機関の長",
            sender=sender,
            subject=subject,
            body=body,
            items=items,
            actor=actor,
        )
        created += 1
    return created


PAPER_CAUSES = (
    "東葛飾旅券事務所においては、正規職員に係る操作者識別カードの管理は、各職員の個人管理と"
    "していたが、所属長において休職開始時か退職時に操作者識別カードを回収し、システム管理者へ"
    "返却すべきところ、それを怠った。"
)
PAPER_MEASURES = (
    "操作者識別カードの個人貸与方式にグループ利用方式を併用し、操作者名簿を所属長の指定に基づき"
    "調製する。\n定期的な研修、自己点検及び事務監査を実施し、各種規程の遵守状況を確認する。"
)


def _paper_incident(actor) -> int:
    from cards.models import Incident
    from cards.services import incident_describe

    incident = Incident.objects.filter(card__serial="CS02900").first()
    if incident is None or incident.causes:
        return 0
    incident_describe(
        incident=incident,
        causes=PAPER_CAUSES,
        measures=PAPER_MEASURES,
        actor=actor,
        reason="事案報告の作成",
    )
    return 1


INTERNAL_SCOPE = "操作者識別カードの管理、端末機利用簿、端末機設置室の入退室管理、帳票等の管理"
EXTERNAL_AUDITS = {  # this year's outside audits: an external audit and a penetration test
    "P01": (9, "external", "一般社団法人 自治体情報監査協会", "セキュリティ対策の運用全般"),
    "H01": (12, "penetration", "株式会社 情報セキュリティ検査センター", "業務端末と県サーバ"),
}


def _audits_this_year(year: int, actor, users: dict) -> int:
    from .models import AuditPlan, Finding

    if AuditPlan.objects.filter(fiscal_year=year).exists():
        return 0
    auditor, chief = users.get("auditor") or actor, users.get("chief")
    head, sysadmin = users.get("head"), users.get("sysadmin") or actor
    plan = services.audit_plan_create(
        fiscal_year=year,
        title=f"{fiscal.format_fiscal_year(year)} 住基ネット事務監査計画",
        actor=auditor,
    )
    codes = ["S02", "S01", "R03", "T03", *EXTERNAL_AUDITS]
    offices = {o.code: o for o in Office.objects.filter(code__in=codes)}
    audits = {
        code: services.audit_add(
            plan=plan,
            office=offices[code],
            kind="regular",
            planned_month=month,
            scope=scope,
            category=category,
            organisation=by,
            actor=auditor,
        )
        for code, (month, category, by, scope) in {
            **{c: (m, "internal", "", INTERNAL_SCOPE) for c, m in (("S02", 10), ("S01", 11))},
            **{c: (m, "internal", "", INTERNAL_SCOPE) for c, m in (("R03", 1), ("T03", 2))},
            **EXTERNAL_AUDITS,
        }.items()
    }
    if chief is not None:
        services.audit_plan_approve(plan=plan, actor=chief, on=demo_data.demo_day(30))
    else:
        return 1
    today = fiscal.today()
    audit_day = demo_data.demo_day(190)
    s02 = audits["S02"]
    services.audit_announce(
        audit=s02,
        starts_on=audit_day,
        ends_on=audit_day,
        auditors="監査担当 2名",
        actor=auditor,
        on=demo_data.demo_day(175),
    )
    items = list(
        Checklist.objects.filter(fiscal_year=year, audience=Audience.OFFICE)
        .order_by("-version")
        .first()
        .items.order_by("number")
    )
    by_text = {i.text: i for i in items}
    services.audit_record_result(
        audit=s02,
        result="操作者識別カードの管理は改善されているが、入退室管理簿と帳票受渡簿に不備がある。",
        items=[
            by_text[t]
            for t in (
                "休職・退職・異動時の操作者識別カードの回収",
                "端末機設置室入退室管理簿の作成",
                "帳票管理簿・帳票受渡簿の作成・確認",
                "指定された操作者以外の操作",
                "鍵管理簿の作成",
            )
        ],
        actor=auditor,
    )
    specs = (
        (
            "nonconformity",
            "端末機設置室入退室管理簿に立会者の記入漏れがある。",
            60,
            "操作者以外の者が入室する場合の立会",
        ),
        (
            "instruction",
            "帳票受渡簿の受領者欄の記入を徹底すること。",
            45,
            "帳票管理簿・帳票受渡簿の作成・確認",
        ),
        (
            "nonconformity",
            "窓口混雑時に他の操作者のカードで操作した例があった。",
            30,
            "指定された操作者以外の操作",
        ),
        ("instruction", "鍵管理簿の返却時刻の記入を徹底すること。", 40, "鍵管理簿の作成"),
        (
            "instruction",
            "退職予定者のカード回収の手順を所属内で周知すること。",
            20,
            "休職・退職・異動時の操作者識別カードの回収",
        ),
    )
    for kind, text, days, item in specs:
        services.finding_add(
            audit=s02,
            kind=kind,
            description=text,
            due_on=today + dt.timedelta(days=days),
            item=by_text[item],
            actor=auditor,
        )
    services.audit_notify_result(audit=s02, actor=auditor)
    findings = list(Finding.objects.filter(audit=s02).order_by("number"))
    if head is not None:
        # 1: open (the head has to answer); 2: submitted; 3: accepted; 4: returned; 5: done
        for finding, measures in zip(
            findings[1:],
            (
                "受渡しの都度、受領者が記名する欄を設けた様式に改める。",
                "窓口にカード入替の手順を掲示し、朝礼で周知する。",
                "返却時刻の記入を鍵の返却時に確認する。",
                "退職予定者の一覧を毎月確認し、退職日に回収する。",
            ),
            strict=True,
        ):
            services.improvement_submit(
                finding=finding,
                measures=measures,
                responsible="庶務担当",
                target_on=finding.due_on,
                actor=head,
            )
        services.improvement_accept(finding=findings[2], actor=sysadmin)
        services.improvement_return(
            finding=findings[3], actor=sysadmin, reason="確認する者と頻度を明記してください。"
        )
        services.improvement_accept(finding=findings[4], actor=sysadmin)
        services.improvement_complete(
            finding=findings[4],
            report="退職予定者一覧の確認を月初の定例業務とし、今月分を実施した。",
            actor=head,
        )
    services.audit_announce(
        audit=audits["S01"],
        starts_on=max(today + dt.timedelta(days=14), audit_day),
        ends_on=max(today + dt.timedelta(days=14), audit_day),
        auditors="監査担当 2名",
        actor=auditor,
    )
    return 1


# --- the access log ---------------------------------------------------------------------------


def access_log_demo(actor) -> int:
    """A week of the access log of 東葛飾旅券事務所's terminals, generated from its usage log
    (one look-up per recorded use) with four look-ups nothing explains: a card used at night,
    the retired employee's card of the 2012 case, an unknown card and an unknown terminal.
    The 2012 lost card's review is recorded as the paper concludes."""
    import io

    from cards.models import Card, Incident
    from terminals.models import UsageLogEntry

    from .access_log import access_log_import, reconcile
    from .models import AccessLogFile

    if AccessLogFile.objects.filter(name="demo-access-log.csv").exists():
        return 0
    today = fiscal.today()
    start = today - dt.timedelta(days=7)
    lines = ["timestamp,terminal,card,operator_id,operation,records"]
    for started, terminal, card in (
        UsageLogEntry.objects.filter(started_at__gte=fiscal.day_start(start))
        .order_by("started_at")
        .values_list("started_at", "terminal__asset_number", "card__serial")
    ):
        moment = timezone.localtime(started) + dt.timedelta(minutes=2)
        lines.append(f"{moment.isoformat()},{terminal},{card},,検索,1")
    terminal = (
        UsageLogEntry.objects.filter(office__code="S02")
        .values_list("terminal__asset_number", flat=True)
        .first()
        or "T-S02-01"
    )
    card = Card.objects.filter(office__code="S02", status="issued", kind="individual").first()
    night = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=2), dt.time(22, 40)))
    noon = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=3), dt.time(11, 5)))
    if card is not None:
        lines.append(f"{night.isoformat()},{terminal},{card.serial},,検索,3")
    lines.append(f"{noon.isoformat()},{terminal},X-UNKNOWN,,照会,1")
    lines.append(f"{noon.isoformat()},T-UNKNOWN,{card.serial if card else 'CS02010'},,照会,1")
    data = io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))
    report = access_log_import(stream=data, name="demo-access-log.csv", actor=actor)
    if report.ok and report.file and report.file.first_at:
        reconcile(start=start, end=today, actor=actor)
    incident = Incident.objects.filter(card__serial="CS02900").first()
    if (
        incident is not None
        and not incident.entries.filter(text__startswith="アクセスログを確認").exists()
    ):
        services.incident_access_conclude(
            incident=incident,
            conclusion="不正アクセスは確認されなかった",
            actor=actor,
            on=incident.opened_on,
        )
    return 1
