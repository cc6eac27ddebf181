"""Read-only roles write nothing, anywhere (DESIGN.md rule 9): a POST from the security chief
or an auditor to every URL of the portal and the admin changes no row of any table, and each
office register refuses it with 403. Generated from the URL configuration; reads each
role's one walk of the site (``urlwalk.walk``), and a fingerprint of every row of every table
(``urlwalk.fingerprint``) that sees an UPDATE as well as an INSERT."""

import pytest
from django.urls import reverse

from audits.models import AccessRecord
from juki_admin.models import Staff
from terminals.models import KeyLog, MediaItem, RoomEntry

from .urlwalk import changed_tables, fingerprint


@pytest.mark.parametrize("username", ["chief", "auditor"])
def test_a_post_from_a_read_only_role_to_any_url_changes_nothing(site_walk, username):
    walk = site_walk(username)
    assert walk.before is not None, f"{username} does not POST in its walk (urlwalk.WALKS)"
    assert changed_tables(walk.before, walk.after) == [], (
        f"a walk of the site as {username} changed these tables"
    )
    failures = [a for a in walk.answers if a.kind == "post" and a.status == 500]
    assert failures == [], "\n".join(f"POST {a.url} 500" for a in failures)


def test_the_fingerprint_sees_a_single_field_update():
    """An UPDATE of one field of one row, written around the history (``queryset.update``),
    changes the fingerprint of that table and of no other."""
    before = fingerprint()
    staff = Staff.objects.order_by("pk").first()
    Staff.objects.filter(pk=staff.pk).update(kana=staff.kana + "ア")
    assert changed_tables(before, fingerprint()) == ["juki_admin.Staff"]
    record = AccessRecord.objects.order_by("pk").first()
    before = fingerprint()
    AccessRecord.objects.filter(pk=record.pk).update(records=record.records + 1)
    assert changed_tables(before, fingerprint()) == ["audits.AccessRecord"]


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
    assert changed_tables(before, fingerprint()) == []


def test_the_registers_page_shows_a_read_only_role_no_form(client, login):
    login("chief")
    body = client.get(reverse("terminals:registers")).content.decode()
    assert "閲覧のみ" in body
    assert 'action="/terminals/registers/room/"' not in body
