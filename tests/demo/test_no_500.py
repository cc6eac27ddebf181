"""No page answers 500, whatever a user puts in its URL: every URL of the portal and the
admin (from the URL configuration) with malformed values in each path parameter, and every
page with malformed values in each query parameter it reads, as each kind of user. A value
out of range answers 404 or a message, never a server error."""

import pytest
from django.contrib import admin
from django.http import QueryDict

from .urlwalk import ADMIN_PARAMS, BAD_IDS, BAD_VALUES, admin_model_of, routes


def _real_id(route):
    model = admin_model_of(route)
    if model is None:
        return "1"
    return str(model._default_manager.order_by("pk").values_list("pk", flat=True).first() or 1)


def _params_read(client, url) -> set[str]:
    """The query parameters a page reads: its baseline request is made with ``QueryDict``
    recording every key looked up, so that each is then tried with every bad value."""
    seen: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "__getitem__", "getlist")}

    def recording(name):
        def lookup(self, key, *args, **kwargs):
            seen.add(key)
            return originals[name](self, key, *args, **kwargs)

        return lookup

    for name in originals:
        setattr(QueryDict, name, recording(name))
    try:
        client.get(url)
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)
    return seen


def _urls(client, route):
    """(method, url) pairs for one route: bad values in each path parameter, GET and POST;
    bad values in each query parameter the page reads (and the portal's usual ones)."""
    pairs = []
    if route.converters:
        # the admin's pages share one ScopedHistoryAdmin: the three kinds of bad id suffice
        for bad in BAD_IDS[1:4] if route.is_admin else BAD_IDS:
            pairs += [("get", route.with_ids(bad)), ("post", route.with_ids(bad))]
        base = route.with_ids(_real_id(route))
    else:
        base = route.template
    if route.is_admin:
        # Django's own admin pages: the list's parameters (the rest is Django's code)
        names = set(ADMIN_PARAMS) if route.name.endswith("_changelist") else set()
    else:
        names = _params_read(client, base)
    pairs += [("get", f"{base}?{n}={v}") for n in sorted(names) for v in BAD_VALUES]
    if route.is_admin and route.name.endswith("_changelist"):
        model_admin = admin.site._registry[admin_model_of(route)]
        for name in model_admin.list_filter:
            if isinstance(name, str):
                pairs += [
                    ("get", f"{base}?{name}__exact=99999999999999999999"),
                    ("get", f"{base}?{name}__id__exact=%C2%B2"),
                ]
    return pairs


@pytest.mark.parametrize(
    ("username", "admin_too"),
    [("sysadmin", True), ("head", False), ("operator", False), ("auditor", False)],
)
def test_no_url_answers_500_for_any_value(client, login, username, admin_too):
    login(username)
    client.raise_request_exception = False
    failures = []
    for route in routes():
        if route.is_admin and not admin_too:
            continue
        for method, url in _urls(client, route):
            response = getattr(client, method)(url)
            if response.status_code >= 500:
                failures.append((method, url, response.status_code))
    assert failures == [], "\n".join(f"{m} {u} {c}" for m, u, c in failures)
