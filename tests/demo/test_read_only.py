"""Read-only roles write nothing, anywhere (DESIGN.md rule 9): a POST from the security chief
or an auditor to every URL of the portal and the admin changes no row of any table, and each
office register refuses it with 403. Generated from the URL configuration."""

import pytest
from django.apps import apps
from django.urls import reverse

from terminals.models import KeyLog, MediaItem, RoomEntry

from .urlwalk import admin_model_of, routes

PROJECT_APPS = {"juki_admin", "cards", "training", "terminals", "audits", "auth"}

#: The audit work is the one thing the read-only roles write (DESIGN.md, Users): auditors
#: plan and perform audits, record findings and issue their notices; the security chief
#: approves the audit plan. Those pages are tested with their own rules in tests/audits;
#: everything else must refuse them.
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


def fingerprint():
    """The number of rows of every table of the project (history tables included): any
    write leaves a history row, so a changed count is a write."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS
    }


def _url(route):
    model = admin_model_of(route)
    pk = 1
    if model is not None:
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first() or 1
    return route.with_ids(str(pk)) if route.converters else route.template


@pytest.mark.parametrize("username", ["chief", "auditor"])
def test_a_post_from_a_read_only_role_to_any_url_changes_nothing(client, login, username):
    login(username)
    client.raise_request_exception = False
    before = fingerprint()
    payload = {
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
    answered = {}
    for route in routes():
        if route.name == "portal:login" or route.name in AUDIT_WORK[username]:
            continue
        url = _url(route)
        answered[url] = client.post(url, payload).status_code
    assert fingerprint() == before
    assert all(code != 500 for code in answered.values()), {
        u: c for u, c in answered.items() if c == 500
    }


@pytest.mark.parametrize("username", ["chief", "auditor"])
def test_each_office_register_refuses_a_read_only_role_with_403(client, login, username):
    login(username)
    entry = RoomEntry.objects.first()
    key = KeyLog.objects.filter(returned_at__isnull=True).first() or KeyLog.objects.first()
    item = MediaItem.objects.first()
    posts = [
        (
            reverse("terminals:room_entry"),
            {"room": "r", "name": "n", "affiliation": "a", "purpose": "p", "is_operator": "on"},
        ),
        (reverse("terminals:key_take"), {"key": "k", "taken_by": "t", "purpose": "p"}),
        (reverse("terminals:media_new"), {"kind": "form", "title": "t", "storage_place": "s"}),
        (reverse("terminals:daily_check"), {}),
        (reverse("terminals:usage_new"), {}),
    ]
    if entry:
        posts.append((reverse("terminals:room_exit", args=[entry.pk]), {}))
    if key:
        posts.append((reverse("terminals:key_return", args=[key.pk]), {}))
    if item:
        for name in ("media_handover", "media_request_disposal", "media_dispose"):
            posts.append((reverse(f"terminals:{name}", args=[item.pk]), {"reason": "x"}))
    before = fingerprint()
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert fingerprint() == before


def test_the_registers_page_shows_a_read_only_role_no_form(client, login):
    login("chief")
    body = client.get(reverse("terminals:registers")).content.decode()
    assert "閲覧のみ" in body
    assert 'action="/terminals/registers/room/"' not in body
