"""Demo data taken from the source paper (shared/seed): offices and the placement table 2(1).

Shared by ``seed_demo`` and the tests; later apps read ``PLACEMENT`` for the placement plan.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from .choices import CardMode, OfficeKind


class DemoOffice(NamedTuple):
    code: str
    name: str
    kind: str
    card_mode: str
    staff: int  # how many staff the demo gives the office
    # Section 2(1) of the paper: uses in FY2010, terminals then, added uses expected,
    # terminals planned for FY2013 and FY2014 (None where the table is blank).
    uses_fy2010: int | None
    terminals_now: int | None
    uses_added: int | None
    terminals_fy2013: int | None
    terminals_fy2014: int | None

    @property
    def hosts_terminals(self) -> bool:
        return bool(self.terminals_fy2014)


HQ, REG, TAX, PASS, SAFE = (
    OfficeKind.HQ_DIVISION,
    OfficeKind.REGIONAL_OFFICE,
    OfficeKind.TAX_OFFICE,
    OfficeKind.PASSPORT_OFFICE,
    OfficeKind.PUBLIC_SAFETY,
)
IND, GRP, SHR = CardMode.INDIVIDUAL, CardMode.GROUP, CardMode.HQ_SHARED

#: The 24 offices of the placement table, in the paper's order.
OFFICES: tuple[DemoOffice, ...] = (
    DemoOffice("H01", "市町村課", HQ, IND, 8, 2147, 1, 7749, 1, 2),
    DemoOffice("H02", "保険指導課", HQ, IND, 4, None, None, 3000, 1, 1),
    DemoOffice("H03", "県民交流・文化課", HQ, SHR, 4, 778, 1, 90, 0, 0),
    DemoOffice("H04", "保安課", HQ, SHR, 3, 1, 1, 57, 0, 0),
    DemoOffice("H05", "建設・不動産課", HQ, SHR, 3, 1, 1, 0, 1, 1),
    DemoOffice("P01", "公安委員会（交通指導課）", SAFE, IND, 5, None, None, 15671, 1, 1),
    DemoOffice("R01", "葛南地域振興事務所", REG, GRP, 4, 12, 1, 10, 0, 0),
    DemoOffice("R02", "東葛飾地域振興事務所", REG, GRP, 5, None, None, 6608, 1, 1),
    DemoOffice("R03", "印旛地域振興事務所", REG, GRP, 6, 17238, 1, 7134, 2, 2),
    DemoOffice("R04", "香取地域振興事務所", REG, GRP, 4, 3161, 1, 728, 1, 1),
    DemoOffice("R05", "海匝地域振興事務所", REG, GRP, 4, 4496, 1, 1174, 1, 1),
    DemoOffice("R06", "山武地域振興事務所", REG, GRP, 4, 3975, 1, 2187, 1, 1),
    DemoOffice("R07", "長生地域振興事務所", REG, GRP, 4, 4234, 1, 1512, 1, 1),
    DemoOffice("R08", "夷隅地域振興事務所", REG, GRP, 4, 1351, 1, 10, 1, 1),
    DemoOffice("R09", "安房地域振興事務所", REG, GRP, 4, 2662, 1, 766, 1, 1),
    DemoOffice("R10", "君津地域振興事務所", REG, GRP, 5, 7893, 1, 3435, 1, 1),
    DemoOffice("T01", "中央県税事務所", TAX, GRP, 5, None, None, 7630, 1, 1),
    DemoOffice("T02", "千葉西県税事務所", TAX, GRP, 4, None, None, 6279, None, 1),
    DemoOffice("T03", "船橋県税事務所", TAX, GRP, 5, None, None, 11207, 1, 1),
    DemoOffice("T04", "柏県税事務所", TAX, GRP, 4, None, None, 5912, None, 1),
    DemoOffice("T05", "市原県税事務所", TAX, GRP, 4, None, None, 3215, None, 1),
    DemoOffice("T06", "自動車税事務所", TAX, GRP, 5, None, None, 24658, 1, 1),
    DemoOffice("S01", "中央旅券事務所", PASS, IND, 30, 115915, 14, 0, 12, 12),
    DemoOffice("S02", "東葛飾旅券事務所", PASS, IND, 28, 80909, 10, 0, 9, 9),
)

SYSTEM_ADMIN_OFFICE = "H01"
INCIDENT_OFFICE = "S02"  # 東葛飾旅券事務所, where the card went missing in 2012
#: At 東葛飾旅券事務所: 28 staff, 7 regular and 21 part-time (paper, 1(1)②ウ).
INCIDENT_OFFICE_REGULAR = 7
#: The employee whose card was never reclaimed: retired in September 2011.
RETIRED_EMPLOYEE_NUMBER = "S02900"
RETIRED_ON = dt.date(2011, 9, 30)

SURNAMES = (
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("斎藤", "サイトウ"),
    ("清水", "シミズ"),
)
GIVEN_NAMES = (
    ("太郎", "タロウ"),
    ("花子", "ハナコ"),
    ("一郎", "イチロウ"),
    ("美咲", "ミサキ"),
    ("健", "ケン"),
    ("由美", "ユミ"),
    ("翔太", "ショウタ"),
    ("陽子", "ヨウコ"),
    ("大輔", "ダイスケ"),
    ("恵", "メグミ"),
    ("誠", "マコト"),
    ("直子", "ナオコ"),
    ("浩二", "コウジ"),
    ("彩", "アヤ"),
    ("拓也", "タクヤ"),
)


def demo_name(index: int) -> tuple[str, str]:
    """A deterministic Japanese name and its kana for the ``index``-th demo person."""
    surname, surname_kana = SURNAMES[index % len(SURNAMES)]
    given, given_kana = GIVEN_NAMES[(index * 7 + index // len(SURNAMES)) % len(GIVEN_NAMES)]
    return f"{surname} {given}", f"{surname_kana} {given_kana}"


def employee_number(office_code: str, n: int) -> str:
    return f"{office_code}{n:03d}"


def demo_fiscal_year() -> int:
    """The fiscal year the demo fills: the current one, or the last one during the first two
    weeks of April (so that its sessions and issues can lie in the past)."""
    from . import fiscal

    return fiscal.fiscal_year(fiscal.today() - dt.timedelta(days=14))


def demo_day(offset: int) -> dt.date:
    """``offset`` days into the demo fiscal year, but never later than yesterday."""
    from . import fiscal

    start = fiscal.fiscal_year_bounds(demo_fiscal_year())[0]
    return min(start + dt.timedelta(days=offset), fiscal.today() - dt.timedelta(days=1))
