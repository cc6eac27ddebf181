"""One walk of the whole site per role, whose answers the site-wide checks read.

Every URL of the project (from the URL configuration, ``juki_admin.urlmap``) is requested
once per role: the page itself with a real record, malformed values in each path parameter
and in each query parameter the page reads, and, for the read-only roles, a POST of a
little of everything the forms ask for. The checks (no 500, Japanese only, read-only roles
write nothing) read the collected answers; each fails on its own with its own message. A new
URL is walked without anyone listing it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.test import Client

from juki_admin.urlmap import Route, admin_model_of, routes

__all__ = [
    "ADMIN_PARAMS",
    "BAD_IDS",
    "BAD_VALUES",
    "WALKS",
    "Answer",
    "Route",
    "Walk",
    "admin_model_of",
    "fingerprint",
    "routes",
    "walk",
]

#: Values a user can type where an id is expected.
BAD_IDS = ["abc", "1e9", "99999999999999999999", "%C2%B2", "0"]
#: Values a user can type into any query parameter.
BAD_VALUES = ["²", "99999999999999999999", "9999-12", "0001-01-01", "%00"]
#: The query parameters the admin reads on its lists (besides what each page is seen reading).
ADMIN_PARAMS = ["o", "p", "q", "e", "_to_field", "all"]

#: Who walks, and what: (the admin's pages too, malformed values, the read-only POSTs).
WALKS = {
    "sysadmin": (True, True, False),
    "chief": (True, False, True),
    "auditor": (False, True, True),
    "head": (False, True, False),
    "manager": (False, False, False),
    "operator": (False, True, False),
}

PROJECT_APPS = {"juki_admin", "cards", "training", "terminals", "audits", "auth"}

#: The audit work is the one thing the read-only roles write (DESIGN.md, Users): auditors
#: plan and perform audits, record findings and issue their notices; the security chief
#: approves the audit plan. Those pages are tested with their own rules in tests/audits;
#: the walk does not POST to them.
AUDIT_WORK = {
    "auditor": {
        "audits:plans",
        "audits:plan",
        "audits:audit_announce",
        "audits:audit_result",
        "audits:finding_add",
        "audits:audit_notify",
        "audits:finding_edit",
    },
    "chief": {"audits:plan_approve"},
}

#: What the read-only roles POST everywhere: a little of everything the forms ask for.
PAYLOAD = {
    "reason": "読取専用の役割からの書込み",
    "change_reason": "x",
    "name": "改ざん",
    "title": "改ざん",
    "office": "1",
    "room": "端末機室",
    "affiliation": "外部",
    "purpose": "侵入",
    "is_operator": "on",
    "key": "端末機室の鍵",
    "taken_by": "誰か",
    "kind": "form",
    "storage_place": "金庫",
    "serials": "X-ROGUE-1",
    "lookups": "1",
}


def fingerprint() -> dict[str, str]:
    """A digest of every row of every table of the project (history and many-to-many tables
    included): per table, an md5 over its rows in primary-key order, every column read. An
    INSERT, a DELETE and an UPDATE of any one field (``queryset.update()`` included, which
    writes no history) all change it."""
    digests = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in PROJECT_APPS:
            continue
        digest = hashlib.md5(usedforsecurity=False)
        for row in model._base_manager.order_by("pk").values_list().iterator():
            digest.update(repr(row).encode())
        digests[model._meta.label] = digest.hexdigest()
    return digests


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        label for label in before.keys() | after.keys() if before.get(label) != after.get(label)
    )


@dataclass(frozen=True)
class Answer:
    route: Route
    kind: str  # "page" (with a real record), "bad" (a malformed value), "post" (read-only)
    method: str
    url: str
    status: int
    content_type: str = ""
    body: str = ""  # the page's HTML ("page" answers only)
    #: a page of one record the Japanese check reads (or a page without parameters)
    japanese: bool = False


@dataclass
class Walk:
    username: str
    answers: list[Answer] = field(default_factory=list)
    before: dict[str, str] | None = None  # fingerprints around the walk (read-only roles)
    after: dict[str, str] | None = None


def _first_id(route) -> str | None:
    model = admin_model_of(route)
    if model is None:
        return None
    pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return None if pk is None else str(pk)


def _get_recording_params(client, url):
    """The response to ``url`` and the query parameters the page read: the request is made
    with ``QueryDict`` recording every key looked up, so that each is then tried with every
    bad value."""
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
        response = client.get(url)
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)
    return response, seen


def _bad_urls(route, base, names):
    """(method, url) pairs: bad values in each path parameter, GET and POST; bad values in
    each query parameter the page reads (the admin's lists: their parameters and filters)."""
    pairs = []
    if route.converters:
        # the admin's pages share one ScopedHistoryAdmin: the three kinds of bad id suffice
        for bad in BAD_IDS[1:4] if route.is_admin else BAD_IDS:
            pairs += [("get", route.with_ids(bad)), ("post", route.with_ids(bad))]
    if route.is_admin:
        # Django's own admin pages: the list's parameters (the rest is Django's code)
        names = set(ADMIN_PARAMS) if route.name.endswith("_changelist") else set()
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


def _answer(route, kind, method, url, response, **extra) -> Answer:
    return Answer(
        route, kind, method, url, response.status_code, response.get("Content-Type", ""), **extra
    )


def walk(username: str) -> Walk:
    """Every URL as ``username`` sees it (see ``WALKS``), every answer kept."""
    admin_too, bad_values, posts = WALKS[username]
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    result = Walk(username)
    if posts:
        result.before = fingerprint()
    for route in routes():
        if route.is_admin and not admin_too:
            continue
        first = _first_id(route)
        base = route.with_ids(first or "1") if route.converters else route.template
        response, names = _get_recording_params(client, base)
        html = response.get("Content-Type", "").startswith("text/html")
        result.answers.append(
            _answer(
                route,
                "page",
                "get",
                base,
                response,
                body=response.content.decode() if html and response.status_code == 200 else "",
                japanese=not route.converters or (first is not None and len(route.converters) == 1),
            )
        )
        if bad_values:
            for method, url in _bad_urls(route, base, names):
                result.answers.append(
                    _answer(route, "bad", method, url, getattr(client, method)(url))
                )
    if posts:
        for route in routes():
            if route.name == "portal:login" or route.name in AUDIT_WORK[username]:
                continue
            first = _first_id(route)
            url = route.with_ids(first or "1") if route.converters else route.template
            result.answers.append(_answer(route, "post", "post", url, client.post(url, PAYLOAD)))
        result.after = fingerprint()
    return result
