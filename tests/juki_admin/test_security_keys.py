"""Security keys beside the authenticator app: several per login, renamed and removed by
their owner only (the removal with a reason), each step in the login's history; the second
step offers them; the system administrator's reset removes them. The browser ceremony itself
is tested in tests/e2e/test_security_keys.py."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from juki_admin import accounts
from juki_admin.access import Role
from juki_admin.errors import DomainError
from juki_admin.security_keys import (
    keys_of,
    security_key_registered,
    security_key_remove,
    security_key_rename,
)

from ..factories import make_user
from .conftest import PASSWORD

_ids = itertools.count(1)


def key_of(user) -> WebAuthnCredential:
    """A key as django-otp-webauthn stores one after the browser's ceremony."""
    raw = f"credential-{next(_ids)}".encode()
    key = WebAuthnCredential.objects.create(
        user=user,
        name="",
        confirmed=True,
        credential_id=raw,
        credential_id_sha256=hashlib.sha256(raw).hexdigest(),
        public_key=b"cose-public-key",
        aaguid="00000000-0000-0000-0000-000000000000",
    )
    return security_key_registered(key=key)


def test_keys_are_numbered_as_they_come_and_kept_in_the_logins_history(clerk):
    first, second = key_of(clerk), key_of(clerk)
    assert [k.name for k in keys_of(clerk)] == ["セキュリティキー1", "セキュリティキー2"]
    assert (
        "セキュリティキーを登録：セキュリティキー2" in clerk.history.latest().history_change_reason
    )
    security_key_rename(key_id=first.pk, user=clerk, name="  青い　キー ")
    first.refresh_from_db()
    assert first.name == "青い キー"
    assert "セキュリティキー1 → 青い キー" in clerk.history.latest().history_change_reason
    security_key_remove(key_id=second.pk, user=clerk, reason="紛失")
    assert list(keys_of(clerk)) == [first]
    assert "セキュリティキーを削除：セキュリティキー2（紛失）" in (
        clerk.history.latest().history_change_reason
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda key, user: security_key_remove(key_id=key.pk, user=user, reason=""), "理由"),
        (lambda key, user: security_key_rename(key_id=key.pk, user=user, name="  "), "名前"),
        (lambda key, user: security_key_rename(key_id=key.pk, user=user, name="x" * 65), "64"),
    ],
)
def test_a_removal_needs_a_reason_and_a_name_is_needed_and_short(clerk, change, message):
    key = key_of(clerk)
    with pytest.raises(DomainError, match=message):
        change(key, clerk)
    key.refresh_from_db()
    assert key.name == "セキュリティキー1"


def test_nobody_changes_someone_elses_key(client, clerk, office):
    other = make_user(Role.OPERATOR, office, username="other")
    key = key_of(other)
    with pytest.raises(DomainError, match="登録されていません"):
        security_key_remove(key_id=key.pk, user=clerk, reason="いたずら")
    client.force_login(clerk)
    url = f"/account/security-keys/{key.pk}/"
    answer = client.post(url, {"action": "remove", "reason": "いたずら"}, follow=True)
    assert "登録されていません" in answer.content.decode()
    assert WebAuthnCredential.objects.filter(pk=key.pk).exists()


def _verified_with(client, key) -> None:
    """The session past the second step with ``key`` (as ``django_otp.login`` leaves it)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(key.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = key.persistent_id
    session.save()


def test_the_owner_renames_and_removes_a_key_on_the_two_factor_page(client, clerk):
    key = key_of(clerk)
    _verified_with(client, key)
    page = client.get("/account/two-factor/").content.decode()
    assert "セキュリティキー1" in page and "passkey-register-button" in page
    assert "otp_webauthn_register.js" in page and "<script>" not in page  # a static file
    url = f"/account/security-keys/{key.pk}/"
    client.post(url, {"action": "rename", "name": "予備のキー"})
    assert "予備のキー" in client.get("/account/two-factor/").content.decode()
    answer = client.post(url, {"action": "remove", "reason": "返却"}, follow=True)
    assert "セキュリティキーを削除しました" in answer.content.decode()
    assert not keys_of(clerk).exists()


def test_the_second_step_offers_the_keys_and_a_new_key_waits_for_it(client, clerk, two_factor_on):
    key_of(clerk)
    client.post("/login/", {"username": "clerk", "password": PASSWORD})
    answer = client.get("/")
    assert answer.status_code == 302 and "/account/two-factor/verify/" in answer["Location"]
    page = client.get(answer["Location"]).content.decode()
    assert "passkey-verification-button" in page and "otp_webauthn_auth.js" in page
    setup = client.get("/account/two-factor/").content.decode()
    assert "passkey-register-button" not in setup  # another key only after the second step
    assert "先に二要素認証" in setup
    # and the ceremony itself refuses it too (django-otp-webauthn)
    begin = client.post("/webauthn/registration/begin/", content_type="application/json")
    assert begin.status_code == 403


def test_the_system_administrators_reset_removes_the_keys(clerk, sysadmin):
    key_of(clerk)
    key_of(clerk)
    accounts.user_reset_two_factor(user=clerk, actor=sysadmin, reason="キー紛失")
    assert not WebAuthnCredential.objects.filter(user=clerk).exists()


def test_a_login_with_a_key_only_is_offered_the_reset_in_the_admin(client, clerk, sysadmin):
    key_of(clerk)
    client.force_login(sysadmin)
    page = client.get(f"/admin/auth/user/{clerk.pk}/change/").content.decode()
    assert "二要素認証をリセットする" in page


def test_a_key_is_changed_only_after_the_second_step(client, clerk):
    key = key_of(clerk)
    client.force_login(clerk)  # the password only
    answer = client.post(f"/account/security-keys/{key.pk}/", {"action": "remove", "reason": "x"})
    assert answer.status_code == 302 and answer["Location"] == "/account/two-factor/verify/"
    assert keys_of(clerk).exists()
