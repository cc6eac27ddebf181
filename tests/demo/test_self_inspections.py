"""The demo's 2012 self-inspection reproduces the source paper's two tables exactly."""

from django.urls import reverse

from audits import selectors
from audits.models import Campaign, SiteVisit


def _distribution(audience):
    campaign = Campaign.objects.get(fiscal_year=2012)
    table = selectors.results(campaign, audience)
    return [(row.bucket.label, row.items, str(row.percent)) for row in table.distribution]


def test_the_office_table_of_2012_is_the_papers():
    campaign = Campaign.objects.get(fiscal_year=2012)
    table = selectors.results(campaign, "office")
    assert (table.respondents, len(table.items)) == (11, 57)
    assert _distribution("office") == [
        ("0", 24, "42.1"),
        ("1〜2", 13, "22.8"),
        ("3〜5", 6, "10.5"),
        ("6〜", 14, "24.6"),
    ]


def test_the_operator_table_of_2012_is_the_papers():
    campaign = Campaign.objects.get(fiscal_year=2012)
    table = selectors.results(campaign, "operator")
    assert (table.respondents, len(table.items)) == (86, 29)
    assert _distribution("operator") == [
        ("0", 14, "48.3"),
        ("1〜10", 6, "20.7"),
        ("11〜20", 2, "6.9"),
        ("21〜40", 4, "13.8"),
        ("41〜", 3, "10.3"),
    ]


def test_the_results_page_shows_the_tables_the_causes_and_exports(client, login):
    login("auditor")
    campaign = Campaign.objects.get(fiscal_year=2012)
    url = reverse("audits:results", args=[campaign.pk])
    body = client.get(url).content.decode()
    assert "24（42.1%）" in body and "14（24.6%）" in body
    assert "指定された操作者以外の操作" in body
    assert "カードの入替に係る操作方法の未熟" in body  # a cause the paper gives
    body = client.get(url + "?audience=operator").content.decode()
    assert "3（10.3%）" in body and "離席する際の操作者識別カードの抜き出し" in body
    csv = client.get(url + "?audience=operator&format=csv").content.decode("utf-8-sig")
    assert "操作者識別カードの他者への貸与,52" in csv
    assert client.get(url + "?format=pdf").content.startswith(b"%PDF")


def test_this_year_beside_2012_and_the_drill_down_to_who(client, login):
    login("sysadmin")
    old = Campaign.objects.get(fiscal_year=2012)
    new = Campaign.objects.exclude(pk=old.pk).get()
    body = client.get(
        reverse("audits:results", args=[new.pk]) + f"?compare={old.pk}"
    ).content.decode()
    assert old.title in body and new.title in body
    item = old.office_checklist.items.get(text="写真機、カメラ付き携帯等の記録装置の使用禁止")
    body = client.get(reverse("audits:item_detail", args=[old.pk, item.pk])).content.decode()
    assert body.count("<tr>") == 12  # the header and the 11 offices
    assert "執務室内に設置" in body


def test_the_site_visits_of_may_2012_are_on_record():
    visits = SiteVisit.objects.filter(visited_on__year=2012)
    assert visits.count() == 14  # every terminal-hosting office
    assert {str(v.visited_on) for v in visits} == {
        "2012-05-08",
        "2012-05-09",
        "2012-05-15",
        "2012-05-16",
    }


def test_the_demo_operator_and_head_have_a_sheet_to_answer(client, login):
    from ..conftest import figure

    login("operator")
    assert figure(client.get("/").content.decode(), "sheets_to_answer") == "1"
    login("head")
    assert figure(client.get("/").content.decode(), "sheets_to_answer") == "1"
