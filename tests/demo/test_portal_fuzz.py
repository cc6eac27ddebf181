"""Property: whatever a user posts to any form of the portal, as any role, the answer is never
a server error (hypothesis draws the data; every portal URL of the access matrix is posted
to in each example, with the own office's records)."""

import inspect

from django import forms as django_forms
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .matrix import OTHER, ROLES
from .test_access_matrix import cases, fast_pdfs  # noqa: F401 - records, URLs, PDF stand-in


def _form_fields() -> list[str]:
    """The names of the fields of every form of the project, and a few the views read."""
    import cards.forms
    import juki_admin.forms
    import juki_admin.two_factor
    import terminals.forms
    import training.forms

    names = {"office", "next", "username", "password", "reason", "token", "point_0", "point_1"}
    for module in (cards.forms, terminals.forms, training.forms, juki_admin.forms):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, django_forms.BaseForm) and hasattr(cls, "base_fields"):
                names |= set(cls.base_fields)
    names |= set(juki_admin.two_factor.TokenForm.base_fields)
    return sorted(names)


FIELDS = _form_fields()
#: Values that have broken forms elsewhere: huge and negative numbers, dates out of range,
#: era dates, NUL, formulas, very long text, ids of another office.
TRICKY = [
    "",
    "0",
    "-1",
    "1",
    "99999999999999999999",
    "9" * 400,
    "²",
    "1e9",
    "on",
    "\x00",
    "2026-11-26",
    "0001-01-01",
    "9999-12-31",
    "令和8年11月26日",
    "R99.13.40",
    "2026-11-26T25:61",
    '=HYPERLINK("x")',
    "髙﨑塚𠮷",
    "x" * 5000,
]
values = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
payloads = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=12)),
    st.one_of(values, st.lists(values, max_size=3)),
    max_size=8,
)


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(role=st.sampled_from([r for r in ROLES if r != "anon"]), data=payloads)
def test_random_data_posted_to_every_portal_form_never_answers_500(
    client,
    cases,  # noqa: F811
    fast_pdfs,  # noqa: F811
    role,
    data,
):
    client.raise_request_exception = False
    client.force_login(get_user_model().objects.get(username=role))
    failures = []
    for case in cases:
        if case.route.is_admin or case.office == OTHER or "+" in case.key:
            continue  # the admin, another office's records, a page's downloads (same view)
        response = client.post(case.url, data)
        if response.status_code >= 500:
            failures.append(f"{case.url}: {response.status_code}")
    assert not failures, f"{role} posting {data!r}:\n" + "\n".join(failures)
