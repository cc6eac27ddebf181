"""Signing in with the prefecture's directory (LDAP or Active Directory, django-auth-ldap).

Off unless ``LDAP_SERVER_URI`` is set (README, "Directory sign-in"). A directory account is
the 職員 whose employee number its ``LDAP_EMPLOYEE_NUMBER_ATTRIBUTE`` holds: the first sign-in
links that person's login (made then, without roles, when they have none); roles stay in the
application and are given by the system administrator as for any login. The directory says
only who may sign in: an account that is switched off, gone, or out of the required group
cannot, and ``DirectorySessionMiddleware`` ends its sessions at their next request. Local
logins keep working beside it (the break-glass system administrator). The lockout
(django-axes, the backend before this one) and the second factor (``TwoFactorMiddleware``)
apply to directory sign-ins as to local ones: a refused directory password is a failed
sign-in like any other.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model, logout
from django.db import transaction
from django.utils.translation import gettext as _
from django_auth_ldap.backend import LDAPBackend, _LDAPUser

from .history import stamp
from .logs import security_event
from .middleware import TIMED_OUT
from .models import Staff, normalize_code

logger = logging.getLogger("juki_admin.directory")

BACKEND = "juki_admin.directory.DirectoryBackend"
#: Session keys: the account's name in the directory, and when it was last found there.
DIRECTORY_USERNAME = "juki_directory_username"
CHECKED_AT = "juki_directory_checked_at"
#: Why a session ended, for the sign-in page (the same key as the timeouts').
ENDED_BY_DIRECTORY = "directory"


def _employee_number(ldap_user) -> str:
    wanted = settings.LDAP_EMPLOYEE_NUMBER_ATTRIBUTE.lower()
    for name, values in (ldap_user.attrs or {}).items():
        if name.lower() == wanted and values:
            return normalize_code(values[0]) or ""
    return ""


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend, with the login found through the employee number."""

    def get_or_build_user(self, username, ldap_user):
        number = _employee_number(ldap_user)
        if not number:
            raise ldap_user.AuthenticationFailed("the directory account has no employee number")
        staff = Staff.objects.select_related("user").filter(employee_number=number).first()
        if staff is None:
            raise ldap_user.AuthenticationFailed(f"no staff member has employee number {number}")
        if staff.user is not None:
            return staff.user, False
        model = get_user_model()
        if model.objects.filter(username__iexact=username).exists():
            # another person's login, or one not linked to anybody: never taken over by name
            raise ldap_user.AuthenticationFailed(f"the login {username} belongs to someone else")
        user = model(username=username)
        stamp(user, actor=None, reason=_("Created at the first directory sign-in"))
        user._juki_link_staff = staff
        return user, True

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is None or not user.is_active:
            return None  # a failed sign-in: django-axes counts it
        staff = getattr(user, "_juki_link_staff", None)
        if staff is not None:
            staff_link_login(staff=staff, user=user)
        if user.has_usable_password():  # from now on the directory's password, not ours
            user.set_unusable_password()
            stamp(user, actor=user, reason=_("Signs in with the directory from now on"))
            user.save()
        return user


@transaction.atomic
def staff_link_login(*, staff, user) -> Staff:
    """Link the login made at a first directory sign-in to its 職員 record (history kept)."""
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if staff.user_id is None:
        staff.user = user
        stamp(staff, actor=user, reason=_("Login linked at the first directory sign-in"))
        staff.save(update_fields=["user"])
    return staff


def directory_account_active(username: str) -> bool:
    """Whether the directory still lets ``username`` sign in: found by the user search (whose
    filter leaves out switched-off accounts), and in the required group. An unreachable
    directory answers False: a session it cannot vouch for ends."""
    import ldap

    ldap_user = _LDAPUser(DirectoryBackend(), username=username)
    try:
        if ldap_user.attrs is None:
            return False
        ldap_user._check_requirements()
    except ldap_user.AuthenticationFailed:
        return False
    except ldap.LDAPError as error:
        logger.warning("directory unreachable while checking %s: %s", username, error)
        return False
    return True


def remember_directory_sign_in(sender, request, user, **kwargs):
    """``user_logged_in``: note the directory account of a directory sign-in."""
    if request is not None and hasattr(user, "ldap_username"):
        request.session[DIRECTORY_USERNAME] = user.ldap_username
        request.session[CHECKED_AT] = time.time()


class DirectorySessionMiddleware:
    """Ends the session of a directory login at its first request after the directory stopped
    letting it sign in (checked at most every ``LDAP_RECHECK_SECONDS``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(BACKEND_SESSION_KEY) == BACKEND
            and request.user.is_authenticated
        ):
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request):
        session, now = request.session, time.time()
        checked_at = session.get(CHECKED_AT) or 0
        if now - checked_at < settings.LDAP_RECHECK_SECONDS:
            return
        username = session.get(DIRECTORY_USERNAME) or request.user.get_username()
        if settings.LDAP_SERVER_URI and directory_account_active(username):
            session[CHECKED_AT] = now
            return
        security_event("directory_session_ended", request=request, target=username)
        logout(request)
        request.session[TIMED_OUT] = ENDED_BY_DIRECTORY
