"""Sign-in locks in sight: the login list says who is locked, since when, after how many
failures and from which address; the unlock is offered only where a lock holds; the system
administrator's home counts the locks; a used recovery code says how many remain."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from juki_admin import accounts, lockouts
from juki_admin.access import Role
from juki_admin.two_factor import recovery_codes_issue

from ..factories import make_user
from .conftest import PASSWORD

LIST = "/admin/auth/user/"


def _fail(client, username, times, address="10.1.2.3"):
    for _ in range(times):
        client.post("/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=address)


def _row(body: str, username: str) -> str:
    start = body.index(f">{username}</a>")
    return body[start : body.index("</tr>", start)]


def test_the_login_list_shows_who_is_locked_since_when_how_often_and_from_where(
    client, clerk, sysadmin, settings
):
    _fail(client, "clerk", settings.AXES_FAILURE_LIMIT - 1)
    before_lock = timezone.now()
    _fail(client, "clerk", 3)  # the lock, then two more tries while locked
    locks = lockouts.current_locks()["clerk"]
    assert [(lock.address, lock.failures) for lock in locks] == [("10.1.2.3", 7)]
    assert before_lock <= locks[0].since <= locks[0].last_failure  # from the fifth failure
    client.force_login(sysadmin)
    body = client.get(LIST).content.decode()
    row = _row(body, "clerk")
    assert "10.1.2.3" in row and "失敗7回" in row and "自動解除" in row
    since = timezone.localtime(locks[0].since)
    assert f"{since:%Y/%m/%d} {since.hour}:{since:%M}から" in row
    assert "失敗" not in _row(body, "sysadmin")
    locked_only = client.get(LIST + "?locked=yes").content.decode()
    assert ">clerk</a>" in locked_only and ">sysadmin</a>" not in locked_only


def test_fewer_failures_than_the_limit_are_no_lock(client, clerk, settings):
    _fail(client, "clerk", settings.AXES_FAILURE_LIMIT - 1)
    assert lockouts.current_locks() == {} and not accounts.is_locked_out(clerk)


def test_a_lock_past_its_cool_off_is_no_lock_and_offers_no_unlock(
    client, clerk, sysadmin, settings
):
    _fail(client, "clerk", settings.AXES_FAILURE_LIMIT)
    client.force_login(sysadmin)
    page = reverse("admin:auth_user_change", args=[clerk.pk])
    assert "ログインのロックを解除する" in client.get(page).content.decode()
    AccessAttempt.objects.filter(username="clerk").update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1)
    )
    assert not accounts.is_locked_out(clerk)
    body = client.get(page).content.decode()
    assert "ログインのロックを解除する" not in body
    assert client.get(page + "do/unlock/").status_code != 200  # nor by its address


def test_without_a_cool_off_a_lock_holds_until_it_is_lifted(client, clerk, settings):
    settings.AXES_COOLOFF_TIME = None
    _fail(client, "clerk", settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.filter(username="clerk").update(
        attempt_time=timezone.now() - dt.timedelta(days=30)
    )
    (lock,) = lockouts.current_locks()["clerk"]
    assert lock.lifts_at is None and accounts.is_locked_out(clerk)


def test_a_lock_lifted_and_reached_again_shows_its_new_start(client, clerk, sysadmin, settings):
    _fail(client, "clerk", settings.AXES_FAILURE_LIMIT)
    first = lockouts.current_locks()["clerk"][0].since
    accounts.user_unlock(user=clerk, actor=sysadmin, reason="本人確認の上で解除")
    assert lockouts.current_locks() == {}
    _fail(client, "clerk", settings.AXES_FAILURE_LIMIT)
    again = lockouts.current_locks()["clerk"][0]
    assert again.since > first and again.failures == settings.AXES_FAILURE_LIMIT


def test_the_system_administrators_home_counts_the_current_lockouts(
    client, clerk, sysadmin, office, settings
):
    other = make_user(Role.OPERATOR, office, username="other")
    _fail(client, "clerk", settings.AXES_FAILURE_LIMIT)
    _fail(client, "clerk", settings.AXES_FAILURE_LIMIT, address="10.7.7.7")  # one login, twice
    _fail(client, "other", settings.AXES_FAILURE_LIMIT - 1)  # not locked
    client.force_login(sysadmin)
    response = client.get("/")
    figure = next(f for f in response.context["figures"] if f.key == "lockouts")
    assert figure.value == 1 and figure.alert and figure.url.endswith("?locked=yes")
    assert "ロック中のログイン" in response.content.decode()
    client.force_login(other)
    figures = client.get("/").context["figures"]
    assert not [f for f in figures if f.key == "lockouts"]


def test_the_login_list_makes_the_same_number_of_queries_for_few_and_many_locks(
    client, sysadmin, office, settings, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(sysadmin)

    def lock(names):
        for name in names:
            make_user(Role.OPERATOR, office, username=name)
            _fail(client, name, settings.AXES_FAILURE_LIMIT)
        client.force_login(sysadmin)

    lock([f"few{i}" for i in range(2)])
    client.get(LIST)  # warm caches (content types)
    with django_assert_max_num_queries(20) as small:
        assert client.get(LIST).status_code == 200
    few = len(small)  # now: the connection's query log is a bounded queue
    lock([f"many{i}" for i in range(30)])
    with django_assert_num_queries(few):
        assert client.get(LIST).status_code == 200


def test_a_used_recovery_code_says_how_many_remain(client, clerk, two_factor_on):
    codes = recovery_codes_issue(user=clerk)
    client.post("/login/", {"username": "clerk", "password": PASSWORD})
    response = client.post("/account/two-factor/verify/", {"token": codes[0]}, follow=True)
    body = response.content.decode()
    assert "リカバリーコード" in body and "残り9件" in body
    for code in codes[1:8]:
        client.logout()
        client.post("/login/", {"username": "clerk", "password": PASSWORD})
        response = client.post("/account/two-factor/verify/", {"token": code}, follow=True)
    body = response.content.decode()
    assert "残り2件" in body and "/account/two-factor/" in body  # few left: where to get more
    assert StaticDevice.objects.get(user=clerk).token_set.count() == 2
