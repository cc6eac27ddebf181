"""Large lists: counts that never read a whole large table, searches that indexes answer."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from juki_admin import paging
from juki_admin.models import Office, Staff
from juki_admin.paging import LargeTablePaginator
from juki_admin.search import search

from ..factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twenty_staff(office):
    return Staff.objects.bulk_create(
        [Staff(employee_number=f"K{i:04d}", name=f"髙橋 {i}", office=office) for i in range(20)]
    )


def test_a_small_list_is_counted_exactly(twenty_staff):
    paginator = LargeTablePaginator(Staff.objects.order_by("pk"), 5)
    assert (paginator.count, paginator.num_pages, paginator.estimated) == (20, 4, False)


@pytest.mark.postgres
def test_a_large_list_shows_the_planners_estimate_and_the_first_pages_only(
    twenty_staff, monkeypatch
):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(paging, "MAX_PAGES", 2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE juki_admin_staff")
    paginator = LargeTablePaginator(Staff.objects.order_by("pk"), 3)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count
    assert paginator.estimated and count >= 6
    assert paginator.num_pages == 2 and paginator.truncated
    # two queries: a count that stops after 6 rows, and the planner's estimate
    assert len(queries) == 2
    assert "LIMIT 6" in queries[0]["sql"] and queries[1]["sql"].startswith("EXPLAIN")
    assert [s.employee_number for s in paginator.get_page(99)] == ["K0003", "K0004", "K0005"]


def test_search_matches_codes_from_their_start_and_names_anywhere(twenty_staff, office):
    staff = Staff.objects.filter(office=office).order_by("employee_number")
    numbers = lambda qs: [s.employee_number for s in qs]  # noqa: E731
    assert numbers(search(staff, "K001", codes=["employee_number"])) == [
        f"K{i:04d}" for i in range(10, 20)
    ]
    assert numbers(search(staff, "０００１", codes=["employee_number"])) == []  # not inside
    assert numbers(search(staff, "Ｋ０００１", codes=["employee_number"])) == [
        "K0001"
    ]  # typed full-width
    assert numbers(search(staff, "橋 17", names=["name"])) == ["K0017"]
    assert numbers(search(staff, "高橋", names=["name"])) == []  # 髙 is kept as registered


def test_search_through_a_relation_asks_the_related_table_first(twenty_staff, office):
    other = OfficeFactory(code="Z99", name="検索事務所")
    Staff.objects.create(employee_number="Z0001", name="別所 一郎", office=other)
    found = search(Staff.objects.all(), "検索", names=["office__name"])
    assert [s.name for s in found] == ["別所 一郎"]
    assert "JOIN" not in str(found.query)  # office_id IN (SELECT id FROM office WHERE ...)
    offices = search(Office.objects.all(), "別所", names=["staff__name"])
    assert list(offices) == [other]
    assert "JOIN" not in str(offices.query)


@pytest.mark.postgres
def test_names_have_trigram_indexes_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s ORDER BY 1", ["%_trgm"]
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == [
        "cards_cardevent_reason_trgm",
        "juki_admin_staff_kana_trgm",
        "juki_admin_staff_name_trgm",
    ]


def test_a_list_that_cannot_match_counts_zero(twenty_staff):
    nobody = search(Staff.objects.order_by("pk"), "nobody", codes=["office__code"])
    paginator = LargeTablePaginator(nobody, 5)
    assert (paginator.count, paginator.estimated) == (0, False)
    assert list(paginator.get_page(1)) == []


def test_a_list_given_as_parts_pages_as_the_whole_does(office):
    """An OR of two parts (each served by its own index) pages exactly like the OR itself:
    overlapping rows once, in the list's order, ties broken by the later key."""
    other = OfficeFactory(code="Y01", name="他事務所")
    Staff.objects.bulk_create(
        [
            Staff(employee_number=f"P{i:03d}", name=f"名{i % 4}", office=office if i % 3 else other)
            for i in range(23)
        ]
    )
    whole = Staff.objects.filter(Q(office=office) | Q(name="名1")).order_by("-name", "pk")
    parts = [
        Staff.objects.filter(office=office).order_by("-name", "pk"),
        Staff.objects.filter(name="名1").order_by("-name", "pk"),  # overlaps the first
    ]
    plain = LargeTablePaginator(whole, 4)
    merged = LargeTablePaginator(whole, 4, parts=parts)
    assert merged.count == plain.count == 17
    for number in range(1, plain.num_pages + 1):
        expected = [s.employee_number for s in plain.page(number)]
        with CaptureQueriesContext(connection) as queries:
            got = [s.employee_number for s in merged.page(number)]
        assert got == expected
        assert len(queries) == 3  # the first keys of each part, then the page's rows


def test_the_pager_keeps_the_lists_filters(rf):
    """One pager for every list: its links carry the address's filters, the page changed."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    request = rf.get("/terminals/usage/", {"q": "髙橋 一", "day": "2026-11-26", "page": "2"})
    page = Paginator(list(range(30)), 10).page(2)
    html = render_to_string("_pager.html", {"page": page}, request=request)
    assert "2 / 3" in html
    assert 'href="?q=%E9%AB%99%E6%A9%8B+%E4%B8%80&amp;day=2026-11-26&amp;page=1"' in html
    assert 'href="?q=%E9%AB%99%E6%A9%8B+%E4%B8%80&amp;day=2026-11-26&amp;page=3"' in html


@pytest.fixture
def named_staff(office):
    names = ["高橋 一郎", "髙橋 二郎", "橋本 三郎", "大橋 四郎", "高木 五郎", "Ann Lee", "Lee Ann"]
    kanas = ["タカハシ", "タカハシ", "ハシモト", "オオハシ", "タカギ", "アン", "リー"]
    return Staff.objects.bulk_create(
        [
            Staff(employee_number=f"N{i:04d}", name=name, kana=kana, office=office)
            for i, (name, kana) in enumerate(zip(names, kanas, strict=True))
        ]
    )


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("高橋", ["高橋 一郎"]),
        ("橋", ["高橋 一郎", "髙橋 二郎", "橋本 三郎", "大橋 四郎"]),
        ("高", ["高橋 一郎", "高木 五郎"]),
        ("ハシ", ["高橋 一郎", "髙橋 二郎", "橋本 三郎", "大橋 四郎"]),
        ("ee", ["Ann Lee", "Lee Ann"]),  # case-insensitive, as longer words are
        ("橋 郎", ["高橋 一郎", "髙橋 二郎", "橋本 三郎", "大橋 四郎"]),
        ("大橋 四", ["大橋 四郎"]),
        ("高橋一", []),  # three characters: the trigram path, and no name holds it
        ("タカハシ", ["高橋 一郎", "髙橋 二郎"]),
    ],
)
def test_short_and_long_name_searches_find_the_same_rows_on_every_database(
    named_staff, term, expected
):
    found = search(Staff.objects.order_by("employee_number"), term, names=["name", "kana"])
    assert [s.name for s in found] == expected


@pytest.mark.postgres
def test_a_two_character_name_search_reads_the_short_piece_index(office):
    """At 20,000 staff, ``高橋`` is found through ``juki_admin_staff_name_short`` (pg_trgm
    cannot serve two characters), not by reading the table."""
    surnames = ["佐藤", "鈴木", "田中", "伊藤", "渡辺"]
    Staff.objects.bulk_create(
        [
            Staff(employee_number=f"B{i:06d}", name=f"{surnames[i % 5]} {i}", office=office)
            for i in range(20000)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE juki_admin_staff")
    Staff.objects.create(employee_number="T0001", name="高橋 一郎", kana="タカハシ", office=office)
    found = search(Staff.objects.all(), "高橋", names=["name", "kana"])
    plan = found.explain()
    assert "juki_admin_staff_name_short" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert [s.employee_number for s in found] == ["T0001"]
