"""Access control, proven by the matrix of ``matrix.py``: every URL of the admin and the
portal (exports and PDFs included) × every role × a record of the own office / of another
office → the expected answer; and the database unchanged after every refused POST. Built
from the URL configuration: a URL that no row of ``matrix.EXPECTED`` covers fails. What each
role does get, to write a new row: ``manage.py url_matrix``."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from juki_admin.models import Office

from .matrix import (
    EXPECTED,
    OTHER,
    OWN,
    REFUSED,
    ROLES,
    all_cases,
    answer,
    expectation,
    matches,
    other_office_records,
)
from .urlwalk import fingerprint

#: What a POST carries: a little of everything the forms ask for.
PAYLOAD = {"reason": "権限のない書込み", "change_reason": "x", "name": "改ざん", "office": "1"}


@pytest.fixture(scope="module")
def cases(demo_data, django_db_blocker):
    """Every URL case, with the records the matrix needs in both offices (rolled back)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            offices = {o.code: o for o in Office.objects.filter(code__in=[OWN, OTHER])}
            actor = get_user_model().objects.get(username="sysadmin")
            other_office_records(offices, actor)
            yield all_cases(offices)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _sign_in(client, role):
    if role != "anon":
        client.force_login(get_user_model().objects.get(username=role))
    client.raise_request_exception = False


def _wanted(answers, role, case):
    own, other = answers[ROLES.index(role)]
    return other if case.office == OTHER else own


def test_every_url_has_a_row_in_the_matrix(cases):
    missing = sorted({f"{c.key}  ({c.route.template})" for c in cases if not expectation(c.key)})
    assert not missing, "URLs without an expected answer in tests/demo/matrix.py:\n" + "\n".join(
        missing
    )


def test_every_row_of_the_matrix_matches_a_url(cases):
    keys = {c.key for c in cases}
    unused = [
        p for row in EXPECTED for p in row[0].split("|") if not any(matches(p, k) for k in keys)
    ]
    assert not unused, f"patterns that match no URL (renamed or removed?): {unused}"


@pytest.fixture
def fast_pdfs(monkeypatch):
    """PDFs are drawn by a stand-in: who may have one is decided before it is drawn, and
    drawing each of them for every role would double the time of the matrix."""
    monkeypatch.setattr("juki_admin.pdf.render_pdf", lambda *args, **kwargs: b"%PDF-1.7 stand-in")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_and_a_refused_post_changes_nothing(
    client, role, cases, fast_pdfs
):
    _sign_in(client, role)
    wrong, allowed_posts = [], []
    before = fingerprint()
    for case in cases:
        found = expectation(case.key)
        if found is None:
            continue  # reported by test_every_url_has_a_row_in_the_matrix
        gets, posts = found
        want = _wanted(gets, role, case)
        response = client.get(case.url)
        got = answer(response)
        if got != want:
            wrong.append(f"GET  {case.url} [{case.key}, {case.office or '-'}]: {got}, not {want}")
        elif "attachment" in response.get("Content-Disposition", "") and (
            response.get("Cache-Control") != "no-store"
        ):
            wrong.append(f"GET  {case.url}: a download that a cache may keep")
        post_want = _wanted(posts, role, case) if posts else want
        if post_want in REFUSED:
            got = answer(client.post(case.url, PAYLOAD))
            if got != post_want:
                wrong.append(
                    f"POST {case.url} [{case.key}, {case.office or '-'}]: {got}, not {post_want}"
                )
        elif posts:
            allowed_posts.append((case, post_want))
    assert fingerprint() == before, "a refused POST changed the database"
    for case, post_want in allowed_posts:  # answered, not refused: may write
        got = answer(client.post(case.url, {}))
        if got != post_want:
            wrong.append(
                f"POST {case.url} [{case.key}, {case.office or '-'}]: {got}, not {post_want}"
            )
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
