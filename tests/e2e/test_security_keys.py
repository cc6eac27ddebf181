"""Security keys in a real browser: Chromium with a virtual FIDO2 authenticator (Chrome
DevTools Protocol, ``WebAuthn.addVirtualAuthenticator``) registers a key on the two-factor
page, names it, and signs in with it at the second step; a key that is not the registered one
(the same credential ID, another private key) is refused. WebAuthn needs a secure context:
the live server is ``http://localhost``, and the relying party is ``localhost``."""

from __future__ import annotations

import base64
import re

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth import get_user_model
from django_otp_webauthn.models import WebAuthnCredential

from .conftest import DEMO_PASSWORD
from .helpers import expect

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "usb",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


@pytest.fixture
def webauthn_site(settings, live_server, two_factor_on):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    return live_server


def _sign_in(page, username):
    page.goto("/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()


def _sign_out(page):
    page.goto("/account/two-factor/verify/")  # reachable before and after the second step
    page.locator("form[action='/logout/'] button").click()
    expect(page.locator("#id_username")).to_be_visible()


def test_a_security_key_is_registered_named_and_signs_in_and_a_wrong_key_is_refused(
    open_page, webauthn_site, _pages
):
    user = get_user_model().objects.get(username="auditor")
    WebAuthnCredential.objects.filter(user=user).delete()
    page = open_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    first = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})[
        "authenticatorId"
    ]

    # register: the browser's ceremony, then the page lists the key
    _sign_in(page, "auditor")
    page.goto("/account/two-factor/")
    page.get_by_role("button", name="セキュリティキーを登録する").click()
    expect(page.locator("table.keys input[name=name]")).to_have_value("セキュリティキー1")
    key = WebAuthnCredential.objects.get(user=user)
    assert "セキュリティキーを登録" in user.history.latest().history_change_reason

    # name it
    page.locator("table.keys input[name=name]").fill("青いキー")
    page.get_by_role("button", name="名前を変える").click()
    expect(page.locator("table.keys input[name=name]")).to_have_value("青いキー")

    # sign in again: the second step asks for the key, which opens the way
    _sign_out(page)
    _sign_in(page, "auditor")
    expect(page).to_have_url(re.compile(r"/account/two-factor/verify/"))
    page.get_by_role("button", name="セキュリティキーを使う").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("main")).not_to_contain_text("二要素認証")
    key.refresh_from_db()
    assert key.last_used_at is not None

    # a wrong key: the registered credential's ID on another authenticator, another secret
    (credential,) = cdp.send("WebAuthn.getCredentials", {"authenticatorId": first})["credentials"]
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": first})
    other = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})[
        "authenticatorId"
    ]
    forged = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    cdp.send(
        "WebAuthn.addCredential",
        {
            "authenticatorId": other,
            "credential": {
                "credentialId": credential["credentialId"],
                "isResidentCredential": credential["isResidentCredential"],
                "rpId": "localhost",
                "privateKey": base64.b64encode(forged).decode(),
                "userHandle": credential.get("userHandle"),
                "signCount": credential["signCount"] + 10,
            },
        },
    )
    _sign_out(page)
    _sign_in(page, "auditor")
    page.get_by_role("button", name="セキュリティキーを使う").click()
    expect(page.locator("#passkey-verification-status-message")).not_to_be_empty()
    # the refusal is the server's answer to the forged signature, the only console error
    refused = [e for e in _pages.console_errors if "status of 422" in e]
    assert len(refused) == 1 and refused == _pages.console_errors
    _pages.console_errors.clear()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/two-factor/verify/"))  # still not through
