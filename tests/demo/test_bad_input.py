"""Malformed query strings never answer 500: a message, a 404, or the page without the filter."""

import pytest
from django.contrib.auth import get_user_model

#: Each URL and its one answer (head, system administrator): 200 the page (the bad value
#: ignored or explained), 404 a value that names nothing, 302 the admin's redirect (to its
#: sign-in for the office head, who has no admin; to the list without filters, ?e=1, for a
#: filter no column can hold).
URLS = [
    ("/staff/?page=abc", 200, 200),
    ("/cards/?status=nonsense&page=-1", 404, 404),
    ("/cards/ledger/?office=abc", 404, 404),
    ("/cards/ledger/?office=999999&format=csv", 404, 404),
    ("/cards/reclaims/", 200, 200),
    ("/cards/rosters/", 200, 200),
    ("/training/?fy=abc", 404, 404),
    ("/training/rates/?fy=99999", 404, 404),
    ("/training/rates/?fy=2026&format=unknown", 404, 404),
    ("/terminals/usage/?month=2022-13", 404, 404),
    ("/terminals/usage/?month=abc&day=2022-02-30&page=x", 404, 404),
    ("/terminals/usage/?day=0000-00-00", 404, 404),
    ("/terminals/plan/?fy=abc", 404, 404),
    ("/terminals/plan/?fy=1800", 404, 404),
    # what a clerk (or an attacker) may type: a month that does not exist, a superscript
    # digit, twenty digits, a date out of every era
    ("/cards/ledger/?start=9999-12-99&end=²", 200, 200),
    ("/cards/ledger/?fy=9999&start=令和99年13月1日", 200, 200),
    ("/cards/ledger/?page=" + "9" * 20, 200, 200),
    ("/cards/reclaims/?page=²", 200, 200),
    ("/cards/reclaims/?page=" + "9" * 20, 200, 200),
    ("/terminals/usage/?month=9999-12&page=" + "9" * 20, 404, 404),
    ("/terminals/usage/new/?terminal=²", 404, 404),
    ("/terminals/usage/new/?terminal=" + "9" * 20, 404, 404),
    ("/terminals/" + "9" * 20 + "/label/", 404, 404),
    ("/terminals/registers/?office=" + "9" * 20, 404, 404),
    ("/admin/terminals/usagelogentry/?started_at__gte=9999-99-99", 302, 302),
    ("/admin/terminals/usagelogentry/?q=%00", 302, 200),
    ("/admin/cards/card/?q=" + "９" * 300, 302, 200),
    ("/admin/cards/roster/?fiscal_year=²", 302, 200),
]


@pytest.mark.parametrize("username", ["head", "sysadmin"])
def test_malformed_parameters_do_not_break_a_page(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    wrong = []
    for url, head, sysadmin in URLS:
        want = head if username == "head" else sysadmin
        got = client.get(url).status_code
        if got != want:
            wrong.append(f"{url}: {got}, not {want}")
    assert wrong == [], "\n".join(wrong)
