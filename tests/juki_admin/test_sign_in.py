"""Signing in: lockout after wrong passwords (by user name and address together), the
system administrator's unlock, password rules, two-factor sign-in with TOTP and recovery
codes, and the log lines each step leaves."""

import json
import logging
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from juki_admin import accounts
from juki_admin.access import Role
from juki_admin.logs import JsonLinesFormatter
from juki_admin.two_factor import recovery_code_digest

from ..factories import OfficeFactory, make_user
from .conftest import PASSWORD


@pytest.fixture
def colleague(office):
    user = make_user(Role.OPERATOR, office, username="colleague")
    user.set_password(PASSWORD)
    user.save()
    return user


def _try(client, username, password, *, address="10.1.2.3", url="/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_that_user_from_that_address_with_a_clear_message(
    client, clerk, colleague, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    answers = [_try(client, "clerk", "wrong").status_code for _ in range(5)]
    assert answers[:4] == [200, 200, 200, 200]  # the form again, with its error
    locked = _try(client, "clerk", PASSWORD)  # even the right password now
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "ログインがロックされました" in body and "システム管理者" in body
    # another user behind the same address (the same office) signs in
    assert _try(client, "colleague", PASSWORD).status_code == 302
    client.logout()
    # and the locked user from another address too
    assert _try(client, "clerk", PASSWORD, address="10.9.9.9").status_code == 302


def test_the_admin_sign_in_locks_out_the_same_way(client, sysadmin):
    sysadmin.set_password(PASSWORD)
    sysadmin.save()
    for _ in range(5):
        _try(client, "sysadmin", "wrong", url="/admin/login/")
    assert _try(client, "sysadmin", PASSWORD, url="/admin/login/").status_code == 429


def test_the_system_administrator_lifts_a_lock_with_a_reason_kept_in_the_history(
    client, clerk, sysadmin
):
    for _ in range(5):
        _try(client, "clerk", "wrong")
    assert accounts.is_locked_out(clerk)
    client.force_login(sysadmin)
    page = client.get(f"/admin/auth/user/{clerk.pk}/change/").content.decode()
    assert "ログインのロックを解除する" in page
    response = client.post(
        f"/admin/auth/user/{clerk.pk}/do/unlock/", {"reason": "本人確認の上で解除"}
    )
    assert response.status_code == 302
    assert not accounts.is_locked_out(clerk)
    assert "本人確認の上で解除" in clerk.history.latest().history_change_reason
    client.logout()
    assert _try(client, "clerk", PASSWORD).status_code == 302


def test_only_the_system_administrator_lifts_a_lock(client, clerk, office):
    head = make_user(Role.OFFICE_HEAD, office, username="head")
    from juki_admin.errors import DomainError

    with pytest.raises(DomainError, match="システム管理者"):
        accounts.user_unlock(user=clerk, actor=head, reason="x")


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("short-pw-11", "短すぎます"),  # 11 characters
        ("123456789012", "数字しか使われていません"),  # all digits
        ("password1234", "一般的すぎます"),  # common
        ("kanri-juki-2026-aki", None),
    ],
)
def test_passwords_need_twelve_characters_and_not_a_common_one(password, refused):
    if refused:
        with pytest.raises(ValidationError, match=refused):
            validate_password(password)
    else:
        validate_password(password)


# --- two-factor sign-in ------------------------------------------------------------------------


def _code(device, *, ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():06d}"


def _sign_in(client, username):
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_system_administrator_enrols_then_signs_in_with_a_code_or_a_recovery_code(
    client, db, two_factor_on
):
    admin_user = make_user(
        Role.SYSTEM_ADMIN, OfficeFactory(code="H01"), username="kanri", is_staff=True
    )
    admin_user.set_password(PASSWORD)
    admin_user.save()

    # first sign-in: the password, then enrolment before anything else
    _sign_in(client, "kanri")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/?next=")
    page = client.get("/account/two-factor/?next=/admin/").content.decode()
    assert "<svg" in page and "二要素認証" in page  # the QR code, and the key to type
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    response = client.post("/account/two-factor/", {"token": "000000", "next": "/admin/"})
    assert "正しくありません" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # each wrong code makes the next one wait
    device.throttle_reset()
    response = client.post("/account/two-factor/", {"token": _code(device), "next": "/admin/"})
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200
    # kept as digests only: a copy of the database holds nothing that signs in
    kept = set(StaticToken.objects.filter(device__user=admin_user).values_list("token", flat=True))
    assert kept == {recovery_code_digest(c) for c in codes} and not kept & set(codes)

    # next sign-in: a code from the app
    client.logout()
    _sign_in(client, "kanri")
    response = client.get("/admin/")
    assert response["Location"].startswith("/account/two-factor/verify/?next=")
    device.refresh_from_db()
    response = client.post(
        "/account/two-factor/verify/", {"token": _code(device, ahead=1), "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    # and with a recovery code, once
    client.logout()
    _sign_in(client, "kanri")
    response = client.post("/account/two-factor/verify/", {"token": codes[0]})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.logout()
    _sign_in(client, "kanri")
    response = client.post("/account/two-factor/verify/", {"token": codes[0]})
    assert response.status_code == 200  # used up
    assert client.get("/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0  # a wrong recovery code is not the app's


def test_recovery_codes_issued_before_the_digests_go_on_working(client, db, two_factor_on):
    from importlib import import_module

    from django.apps import apps
    from django_otp.plugins.otp_static.models import StaticDevice

    user = make_user(Role.SYSTEM_ADMIN, OfficeFactory(code="H02"), username="kyu")
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    old = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    old.token_set.create(token="abcd2345")  # as django-otp kept it
    migration = import_module("juki_admin.migrations.0007_recovery_codes_as_digests")
    migration.to_digests(apps, None)
    migration.to_digests(apps, None)  # twice: digests are left alone
    assert old.token_set.get().token == recovery_code_digest("abcd2345")
    _sign_in(client, "kyu")
    response = client.post("/account/two-factor/verify/", {"token": "ABCD 2345"})
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_two_factor_is_optional_for_an_operator_until_they_enrol(client, clerk, two_factor_on):
    _sign_in(client, "clerk")
    assert client.get("/").status_code == 200  # no device, not required
    page = client.get("/account/two-factor/").content.decode()
    assert "任意" in page
    device = TOTPDevice.objects.get(user=clerk)
    client.post("/account/two-factor/", {"token": _code(device)})
    client.logout()
    _sign_in(client, "clerk")
    assert client.get("/").status_code == 302  # enrolled: the code is asked for


def test_the_system_administrator_resets_a_lost_phone_and_the_login_enrols_again(
    client, clerk, sysadmin, two_factor_on
):
    device = TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    accounts.user_reset_two_factor(user=clerk, actor=sysadmin, reason="携帯電話の紛失")
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    _sign_in(client, "clerk")
    assert client.get("/").status_code == 200


def test_each_sign_in_step_is_one_json_line_with_time_offset_user_and_address(
    client, clerk, caplog
):
    caplog.set_level(logging.INFO, logger="juki_admin.security")
    _try(client, "clerk", "wrong")
    _try(client, "clerk", PASSWORD)
    lines = [
        json.loads(JsonLinesFormatter().format(r))
        for r in caplog.records
        if r.name == "juki_admin.security"
    ]
    events = [(line["event"], line["user"], line["ip"]) for line in lines]
    assert ("sign_in_failed", "clerk", "10.1.2.3") in events
    assert ("sign_in", "clerk", "10.1.2.3") in events
    assert all(line["time"].endswith("+09:00") for line in lines)


def test_a_lockout_and_a_refused_page_are_logged(client, clerk, caplog):
    caplog.set_level(logging.INFO, logger="juki_admin.security")
    for _ in range(6):
        _try(client, "clerk", "wrong")
    client.force_login(clerk)
    client.post("/terminals/registers/media/1/approve/")  # an operator: 403
    events = {getattr(r, "event", None) for r in caplog.records}
    assert {"lockout", "access_refused", "sign_in_failed"} <= events


def test_a_user_never_locked_out_is_not_locked(db):
    assert not accounts.is_locked_out(get_user_model()(username="nobody"))


def test_the_recovery_codes_command_prints_codes_that_sign_in(client, db, two_factor_on, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    user = make_user(Role.SYSTEM_ADMIN, OfficeFactory(code="H03"), username="kanri2")
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    call_command("recovery_codes", "kanri2")
    codes = capsys.readouterr().out.split()
    assert len(codes) == 10
    _sign_in(client, "kanri2")
    response = client.post("/account/two-factor/verify/", {"token": codes[3]})
    assert response.status_code == 302 and client.get("/").status_code == 200
    with pytest.raises(CommandError, match="nobody|ログイン"):
        call_command("recovery_codes", "nobody")
