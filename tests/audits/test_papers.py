"""Papers in order and as the prefecture writes them (issue 20, points 3 and 4): audits in
fiscal order 4月 → 3月 on the plan page and in the year's report, the report saying when the
year has no placement plan, no era date broken across lines in a PDF, and notices dated and
punctuated by one setting each."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from audits import reports, services
from audits.models import Audit
from juki_admin import fiscal, official
from juki_admin.pdf import html_to_pdf

from ..factories import OfficeFactory

D = dt.date
ERA_DAY = re.compile(r"(?:令和|平成)(?:元|[0-9]+)年(?:（[0-9]+年）)?[0-9]+月[0-9]+日")


@pytest.fixture
def plan_in_four_months(auditor, set_today):
    set_today(D(2026, 5, 1))
    plan = services.audit_plan_create(fiscal_year=2026, title="令和8年度監査計画", actor=auditor)
    offices = {}
    for month, code in ((3, "A1"), (1, "A2"), (10, "A3"), (4, "A4")):  # added out of order
        offices[month] = OfficeFactory(code=code, name=f"{month}月の所属")
        services.audit_add(
            plan=plan, office=offices[month], kind="regular", planned_month=month,
            scope="カード管理", actor=auditor,
        )  # fmt: skip
    return plan


def test_fiscal_month_positions_run_from_april_to_march():
    assert fiscal.FISCAL_MONTHS == (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
    assert [fiscal.fiscal_month_position(m) for m in (4, 10, 1, 3)] == [1, 7, 10, 12]


def test_the_plan_page_and_the_report_list_audits_from_april_to_march(
    plan_in_four_months, client, chief
):
    expected = ["4月の所属", "10月の所属", "1月の所属", "3月の所属"]
    assert [a.office.name for a in Audit.objects.filter(plan=plan_in_four_months)] == expected
    client.force_login(chief)
    page = client.get(reverse("audits:plan", args=[plan_in_four_months.pk])).content.decode()
    assert [page.index(name) for name in expected] == sorted(page.index(n) for n in expected)
    context = reports.annual_context(2026, chief)
    assert [a.office.name for a in context["audits"]] == expected


def test_the_report_says_when_the_year_has_no_placement_plan(chief, client, pdf_text, db):
    context = reports.annual_context(2030, chief)
    assert context["plan"].has_plan is False
    client.force_login(chief)
    text = pdf_text(client.get(reverse("audits:annual_report") + "?fy=2030").content)
    flat = re.sub(r"\s", "", text)
    assert "この年度の配置計画はありません" in flat
    assert "この計画にあなたの所属の行はありません" not in flat


def _dates_split(text: str) -> list[str]:
    """Era dates found in the text read across line ends but on no single line: broken."""
    whole = ERA_DAY.findall(re.sub(r"[ \u3000]*\n[ \u3000]*", "", text))
    on_lines = [d for line in text.splitlines() for d in ERA_DAY.findall(line.replace(" ", ""))]
    return sorted(set(whole) - set(on_lines))


def test_a_narrow_column_breaks_no_era_date_and_no_short_header(pdf_text, db):
    days = [fiscal.format_era_date(D(2027, 1, 31) + dt.timedelta(days=n)) for n in range(8)]
    rows = "".join(f"<tr><td>{day}</td><td>x</td></tr>" for day in days)
    html = (
        "<html><head><style>table { width: 22mm; font-size: 10pt; } td, th "
        "{ border: 0.5pt solid; }</style></head><body><table><tr><th>所属</th><th>日付</th>"
        f"</tr>{rows}</table><p>令和8年（2026年）12月4日</p></body></html>"
    )
    text = pdf_text(html_to_pdf(html))
    assert _dates_split(text) == []
    assert "日付" in text and "令和9年1月31日" in text.replace(" ", "")  # 「日 付」 unbroken


def test_the_years_report_and_a_notice_break_no_era_date(
    done_audit, auditor, chief, client, pdf_text
):
    services.finding_add(
        audit=done_audit, kind="instruction", description="鍵管理簿の記入徹底",
        due_on=D(2027, 1, 31), actor=auditor,
    )  # fmt: skip
    notice = services.audit_notify_result(audit=done_audit, actor=auditor)
    client.force_login(chief)
    report = pdf_text(client.get(reverse("audits:annual_report") + "?fy=2026").content)
    for text in (report, pdf_text(bytes(notice.pdf))):
        assert ERA_DAY.search(text.replace(" ", "")) and _dates_split(text) == []


def test_the_letters_date_form_is_a_setting_with_full_width_brackets(settings):
    day = D(2026, 12, 4)
    assert official.letter_date(day) == "令和8年12月4日"
    settings.NOTICE_DATE_FORM = "era_western"
    assert official.letter_date(day) == "令和8年（2026年）12月4日"


def test_a_notice_uses_one_comma_throughout_and_numbers_its_items(
    done_audit, auditor, settings, pdf_text
):
    settings.NOTICE_COMMA = "，"
    settings.NOTICE_DATE_FORM = "era_western"
    services.finding_add(
        audit=done_audit, kind="instruction", description="鍵を借用し、返却を記録すること、毎日。",
        due_on=D(2026, 12, 1), actor=auditor,
    )  # fmt: skip
    services.finding_add(
        audit=done_audit, kind="nonconformity", description="入退室管理簿の未作成",
        due_on=D(2026, 12, 1), actor=auditor,
    )  # fmt: skip
    notice = services.audit_notify_result(audit=done_audit, actor=auditor)
    text = re.sub(r"[ \n]", "", pdf_text(bytes(notice.pdf)))
    assert "、" not in text and "，" in text
    assert all("、" not in item for item in notice.items) and "、" not in notice.body
    assert "令和8年（2026年）10月20日" in text
    assert "1\u3000【指示】鍵を借用し，返却を記録すること，毎日。" in text
    assert "2\u3000【不適事項】入退室管理簿の未作成" in text
    assert "1." not in text


# --- kinds of audit (issue 20, point 2) -------------------------------------------------


@pytest.fixture
def approved_plan(auditor, chief, headed_office, other_office, set_today):
    set_today(D(2026, 5, 1))
    plan = services.audit_plan_create(fiscal_year=2026, title="令和8年度監査計画", actor=auditor)
    external = services.audit_add(
        plan=plan, office=headed_office, kind="regular", planned_month=7, scope="運用全般",
        category="external", organisation="株式会社監査法人みらい", actor=auditor,
    )  # fmt: skip
    penetration = services.audit_add(
        plan=plan, office=other_office, kind="regular", planned_month=11, scope="端末機",
        category="penetration", organisation="情報セキュリティ検査機関", actor=auditor,
    )  # fmt: skip
    services.audit_plan_approve(plan=plan, actor=chief)
    return plan, external, penetration


def test_an_external_audit_needs_its_organisation_and_an_unknown_kind_is_refused(
    auditor, headed_office, set_today
):
    from juki_admin.errors import DomainError

    set_today(D(2026, 5, 1))
    plan = services.audit_plan_create(fiscal_year=2026, title="計画", actor=auditor)
    with pytest.raises(DomainError, match="監査機関"):
        services.audit_add(
            plan=plan, office=headed_office, kind="regular", planned_month=7, scope="全般",
            category="external", actor=auditor,
        )  # fmt: skip
    with pytest.raises(DomainError, match="不明"):
        services.audit_add(
            plan=plan, office=headed_office, kind="regular", planned_month=7, scope="全般",
            category="outsourced", actor=auditor,
        )  # fmt: skip
    assert not Audit.objects.exists()


def test_each_kind_of_audit_has_its_wording_in_the_notices_and_the_plan_shows_it(
    approved_plan, auditor, chief, client, set_today
):
    plan, external, penetration = approved_plan
    set_today(D(2026, 6, 1))
    announced = services.audit_announce(
        audit=external, starts_on=D(2026, 7, 10), ends_on=D(2026, 7, 11),
        auditors="公認会計士 山田", actor=auditor,
    )  # fmt: skip
    assert announced.subject == "外部監査の実施について（通知）"
    assert "外部の監査機関" in announced.body
    assert "実施機関　株式会社監査法人みらい" in announced.items
    services.audit_announce(
        audit=penetration, starts_on=D(2026, 11, 5), ends_on=D(2026, 11, 5),
        auditors="検査員2名", actor=auditor,
    )  # fmt: skip
    set_today(D(2026, 11, 10))
    services.audit_record_result(audit=penetration, result="侵入されなかった", actor=auditor)
    result = services.audit_notify_result(audit=penetration, actor=auditor)
    assert result.subject == "侵入検査の結果について（通知）"
    assert "侵入検査の結果" in result.body and "内部監査" not in result.body
    client.force_login(chief)
    page = client.get(reverse("audits:plan", args=[plan.pk])).content.decode()
    assert "外部監査" in page and "侵入検査" in page and "株式会社監査法人みらい" in page


def test_an_audit_lists_the_rules_it_checked_from_the_items_examined(
    done_audit, auditor, checklists, client
):
    items = list(checklists[0].items.order_by("number"))
    done_audit.items.set(items)
    assert done_audit.rules_checked == [
        "端末機設置室管理要領", "セキュリティ対策規程", "情報資産管理要領"
    ]  # fmt: skip
    done_audit.items.set([items[1], items[1]])
    assert done_audit.rules_checked == ["セキュリティ対策規程"]
    client.force_login(auditor)
    page = client.get(reverse("audits:audit", args=[done_audit.pk])).content.decode()
    assert "根拠規程" in page and "セキュリティ対策規程" in page
