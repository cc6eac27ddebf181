import datetime as dt

import pytest
from django.template import Context, Template

from juki_admin import fiscal


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 26), "令和8年11月26日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2020, 1, 1), "令和2年1月1日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(2012, 4, 12), "平成24年4月12日"),
    ],
)
def test_dates_are_written_in_the_japanese_era(day, expected):
    assert fiscal.format_era_date(day) == expected


def test_era_date_can_carry_the_western_year():
    assert fiscal.format_era_date(dt.date(2026, 11, 26), western=True) == "令和8年(2026年)11月26日"


@pytest.mark.parametrize(
    ("day", "year", "label"),
    [
        (dt.date(2026, 11, 26), 2026, "令和8年度"),
        (dt.date(2013, 3, 31), 2012, "平成24年度"),
        (dt.date(2013, 4, 1), 2013, "平成25年度"),
        (dt.date(2019, 4, 1), 2019, "令和元年度"),
        (dt.date(2020, 3, 31), 2019, "令和元年度"),
        (dt.date(2027, 3, 31), 2026, "令和8年度"),
    ],
)
def test_fiscal_year_runs_from_april_to_march(day, year, label):
    assert fiscal.fiscal_year(day) == year
    assert fiscal.format_fiscal_year(fiscal.fiscal_year(day)) == label


def test_fiscal_year_bounds():
    assert fiscal.fiscal_year_bounds(2012) == (dt.date(2012, 4, 1), dt.date(2013, 3, 31))


def test_an_aware_datetime_is_read_in_tokyo_time():
    # 2019-04-30 15:30 UTC is 2019-05-01 00:30 in Tokyo: the first day of 令和.
    moment = dt.datetime(2019, 4, 30, 15, 30, tzinfo=dt.UTC)
    assert fiscal.format_era_date(moment) == "令和元年5月1日"


def test_template_filters_are_available_everywhere():
    rendered = Template(
        "{{ d|wareki }} {{ d|wareki_western }} {{ d|fiscal_year_label }} {{ y|fiscal_year_label }}"
    ).render(Context({"d": dt.date(2013, 3, 31), "y": 2026}))
    assert rendered == "平成25年3月31日 平成25年(2013年)3月31日 平成24年度 令和8年度"


def test_filters_leave_empty_values_empty():
    assert Template("[{{ d|wareki }}]").render(Context({"d": None})) == "[]"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(1890, 11, 29), "明治23年11月29日"),
        (dt.date(1868, 10, 23), "明治元年10月23日"),
        (dt.date(1912, 7, 30), "大正元年7月30日"),
        (dt.date(1926, 12, 25), "昭和元年12月25日"),
        (dt.date(1867, 5, 1), "1867年5月1日"),  # before 明治: the Western form
    ],
)
def test_every_era_back_to_meiji_and_western_before_it(day, expected):
    assert fiscal.format_era_date(day) == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("令和8年11月26日", dt.date(2026, 11, 26)),
        ("R8.11.26", dt.date(2026, 11, 26)),
        ("r8/11/26", dt.date(2026, 11, 26)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("H23.9.30", dt.date(2011, 9, 30)),
        ("2026/11/26", dt.date(2026, 11, 26)),
        ("２０２６－１１－２６", dt.date(2026, 11, 26)),
        ("2026年11月26日", dt.date(2026, 11, 26)),
    ],
)
def test_dates_are_read_as_a_clerk_types_them(text, day):
    assert fiscal.parse_date(text) == day


@pytest.mark.parametrize("text", ["平成32年1月1日", "令和元年4月30日", "2026/2/30", "R8", "昨日"])
def test_a_date_no_calendar_holds_is_refused(text):
    with pytest.raises(ValueError, match="is not a date|out of range"):
        fiscal.parse_date(text)
