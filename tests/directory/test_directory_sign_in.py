"""Directory sign-in against a real OpenLDAP server (slapd started by the fixtures): the
employee-number link, the required group, switched-off and removed accounts (at sign-in and
in an open session), a changed password, the lockout and the second factor as for local
logins, and local logins beside it."""

from __future__ import annotations

import itertools
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from juki_admin.access import Role, roles_of_record
from juki_admin.directory_config import directory_settings

from ..factories import StaffFactory, make_user
from .slapd import GROUP_DN, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, SUFFIX, Person

pytestmark = pytest.mark.django_db

#: Switched-off accounts (the password policy's lock) are left out by the user search.
OPENLDAP_FILTER = "(&(uid=%(user)s)(!(pwdAccountLockedTime=*)))"
_serial = itertools.count(1)


def configure(settings, uri: str) -> None:
    for name, value in directory_settings(
        server_uri=uri,
        bind_dn=SERVICE_DN,
        bind_password=SERVICE_PASSWORD,
        user_search_base=PEOPLE,
        user_filter=OPENLDAP_FILTER,
        require_group=GROUP_DN,
        group_search_base=f"ou=groups,{SUFFIX}",
        group_type="groupOfNames",
        timeout=2,
    ).items():
        setattr(settings, name, value)
    settings.LDAP_SERVER_URI = uri
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "juki_admin.directory.DirectoryBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


@pytest.fixture
def ldap_on(settings, directory):
    configure(settings, directory.uri)
    return directory


def person(directory, *, staff=True, **kwargs) -> Person:
    """A directory account with a new employee number (and its 職員 record unless told)."""
    n = next(_serial)
    entry = Person(
        uid=kwargs.pop("uid", f"user{n:03d}"),
        password=kwargs.pop("password", f"directory-pw-{n:03d}"),
        employee_number=kwargs.pop("employee_number", f"D{n:05d}"),
        surname="佐藤",
        given_name=f"花子{n}",
        **kwargs,
    )
    directory.add_person(entry)
    if staff:
        StaffFactory(employee_number=entry.employee_number, name=f"佐藤　花子{n}")
    return entry


def sign_in(client, username, password, address="10.1.2.3"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_directory_account_signs_in_and_is_linked_to_its_staff_member_by_employee_number(
    client, ldap_on
):
    entry = person(ldap_on)
    answer = sign_in(client, entry.uid, entry.password)
    assert answer.status_code == 302
    user = get_user_model().objects.get(username=entry.uid)
    assert user.staff.employee_number == entry.employee_number
    assert not user.has_usable_password()  # the directory's password, never a copy here
    assert (user.first_name, user.last_name) == (entry.given_name, "佐藤")
    assert roles_of_record(user) == set()  # roles are the application's to give
    assert "ディレクトリ" in user.staff.history.latest().history_change_reason
    assert client.get("/").status_code == 200


def test_an_existing_login_keeps_its_roles_and_its_local_password_stops_working(
    client, ldap_on, office
):
    local = make_user(Role.OFFICE_HEAD, office, username="sato-local")
    local.set_password("local-password-2026")
    local.save()
    entry = person(ldap_on, staff=False, uid="sato", employee_number=local.staff.employee_number)
    assert sign_in(client, entry.uid, entry.password).status_code == 302
    assert client.session["_auth_user_id"] == str(local.pk)  # the same login, by number
    local.refresh_from_db()
    assert roles_of_record(local) == {Role.OFFICE_HEAD}
    client.logout()
    assert sign_in(client, "sato-local", "local-password-2026").status_code == 200


def test_an_account_outside_the_required_group_is_refused(client, ldap_on):
    entry = person(ldap_on, in_group=False)
    answer = sign_in(client, entry.uid, entry.password)
    assert answer.status_code == 200 and "_auth_user_id" not in client.session


def test_a_switched_off_account_is_refused(client, ldap_on):
    entry = person(ldap_on, disabled=True)
    assert sign_in(client, entry.uid, entry.password).status_code == 200
    assert not get_user_model().objects.filter(username=entry.uid).exists()


def test_an_account_without_a_staff_member_is_refused(client, ldap_on):
    entry = person(ldap_on, staff=False)
    assert sign_in(client, entry.uid, entry.password).status_code == 200
    assert not get_user_model().objects.filter(username=entry.uid).exists()


def test_a_login_name_taken_by_someone_else_is_never_taken_over(client, ldap_on, office):
    other = make_user(Role.OPERATOR, office, username="takenname")
    entry = person(ldap_on, uid="takenname")
    assert sign_in(client, entry.uid, entry.password).status_code == 200
    other.refresh_from_db()
    assert other.staff.employee_number != entry.employee_number


def test_a_changed_directory_password_is_honoured(client, ldap_on):
    entry = person(ldap_on)
    assert sign_in(client, entry.uid, entry.password).status_code == 302
    client.logout()
    ldap_on.set_password(entry.uid, "the-new-directory-pw")
    assert sign_in(client, entry.uid, entry.password).status_code == 200
    assert sign_in(client, entry.uid, "the-new-directory-pw").status_code == 302


def test_wrong_directory_passwords_lock_the_sign_in_like_a_local_one(client, ldap_on, settings):
    entry = person(ldap_on)
    answers = [
        sign_in(client, entry.uid, "wrong-password").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert sign_in(client, entry.uid, entry.password).status_code == 429  # even the right one
    attempt = AccessAttempt.objects.get(username=entry.uid)
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
    assert sign_in(client, entry.uid, entry.password, address="10.9.9.9").status_code == 302


@pytest.mark.parametrize("how", ["disable", "remove_from_group", "delete"])
def test_the_session_of_an_account_switched_off_in_the_directory_ends_at_its_next_request(
    client, ldap_on, how
):
    entry = person(ldap_on)
    assert sign_in(client, entry.uid, entry.password).status_code == 302
    assert client.get("/").status_code == 200
    getattr(ldap_on, how)(entry.uid)
    answer = client.get("/")
    assert answer.status_code == 302 and "/login/" in answer["Location"]
    page = client.get(answer["Location"]).content.decode()
    assert "ディレクトリ" in page
    assert "_auth_user_id" not in client.session


def test_the_second_factor_applies_to_a_directory_sign_in(client, ldap_on, two_factor_on):
    entry = person(ldap_on)
    assert sign_in(client, entry.uid, entry.password).status_code == 302
    user = get_user_model().objects.get(username=entry.uid)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.logout()
    assert sign_in(client, entry.uid, entry.password).status_code == 302
    answer = client.get("/")
    assert answer.status_code == 302 and "/account/two-factor/verify/" in answer["Location"]
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    verified = client.post("/account/two-factor/verify/", {"token": f"{code:06d}"})
    assert verified.status_code == 302
    assert client.get("/").status_code == 200


def test_local_logins_keep_working_beside_the_directory(client, ldap_on, sysadmin):
    sysadmin.set_password("break-glass-password-2026")
    sysadmin.save()
    assert sign_in(client, sysadmin.username, "break-glass-password-2026").status_code == 302


def test_with_the_directory_unreachable_directory_logins_are_refused_and_local_ones_work(
    client, settings, directory, sysadmin
):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    configure(settings, f"ldap://127.0.0.1:{closed}")
    entry = person(directory)
    assert sign_in(client, entry.uid, entry.password).status_code == 200
    sysadmin.set_password("break-glass-password-2026")
    sysadmin.save()
    assert sign_in(client, sysadmin.username, "break-glass-password-2026").status_code == 302


def test_a_directory_session_ends_when_the_directory_is_switched_off_in_the_settings(
    client, ldap_on, settings
):
    entry = person(ldap_on)
    assert sign_in(client, entry.uid, entry.password).status_code == 302
    settings.LDAP_SERVER_URI = ""
    assert client.get("/").status_code == 302


def test_the_settings_ask_for_tls_with_the_ca_file():
    import ldap

    values = directory_settings(
        server_uri="ldap://dc1.pref.example",
        user_search_base="dc=pref,dc=example",
        start_tls=True,
        ca_file="/etc/ssl/pref-ca.pem",
    )
    options = values["AUTH_LDAP_CONNECTION_OPTIONS"]
    assert values["AUTH_LDAP_START_TLS"] is True
    assert options[ldap.OPT_X_TLS_CACERTFILE] == "/etc/ssl/pref-ca.pem"
    assert options[ldap.OPT_X_TLS_REQUIRE_CERT] == ldap.OPT_X_TLS_DEMAND
    assert list(options)[-1] == ldap.OPT_X_TLS_NEWCTX  # applied after the others
    ldaps = directory_settings(server_uri="ldaps://dc1", user_search_base="dc=x")
    assert ldaps["AUTH_LDAP_CONNECTION_OPTIONS"][ldap.OPT_X_TLS_REQUIRE_CERT]
    assert directory_settings(server_uri="") == {}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "LDAP_USER_SEARCH_BASE"),
        ({"user_search_base": "dc=x", "user_filter": "(uid=tanaka)"}, "%(user)s"),
        ({"user_search_base": "dc=x", "group_type": "nisNetgroup"}, "LDAP_GROUP_TYPE"),
    ],
)
def test_a_mistaken_directory_setting_stops_the_start_with_its_name(kwargs, message):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        directory_settings(server_uri="ldap://dc1", **kwargs)
