"""Writes to logins: the system administrator gives a login its roles (one or more of the
six), turns it on or off, and sets a new password. Nothing else is granted here: superuser
status and permissions one by one are not part of this application."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from . import access, validation
from .access import ADMIN_SITE_ROLES, GROUP_NAMES, Role
from .errors import DomainError
from .history import stamp


@transaction.atomic
def user_save(*, user, roles: Iterable[str], actor, reason: str = ""):
    """Create or change a login with exactly ``roles``. The admin site is opened to the roles
    that work there (``access.ADMIN_SITE_ROLES``); the history row names the roles."""
    if not access.has_role(actor, Role.SYSTEM_ADMIN):
        raise DomainError(_("Only the system administrator manages logins."))
    roles = sorted(set(roles), key=list(Role.values).index)
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise DomainError(_("Unknown role: %(role)s") % {"role": unknown[0]})
    was_active = False
    if user.pk:
        was_active = type(user).objects.filter(pk=user.pk, is_active=True).exists()
        reason = validation.require_reason(reason)
        if user.pk == actor.pk and Role.SYSTEM_ADMIN not in roles:
            raise DomainError(_("You cannot take the system administrator role from yourself."))
        if user.pk == actor.pk and not user.is_active:
            raise DomainError(_("You cannot turn off your own login."))
    else:
        user.set_unusable_password()
    names = [GROUP_NAMES[r] for r in roles]
    user.is_staff = bool(set(roles) & ADMIN_SITE_ROLES)
    summary = _("roles: %(roles)s") % {"roles": "、".join(names) or "—"}
    stamp(user, actor=actor, reason=f"{reason}（{summary}）" if reason else summary)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=names))
    user.__dict__.pop("_juki_roles", None)
    if was_active and not user.is_active:
        user_end_sessions(user=user, actor=actor)
    return user


def user_end_sessions(*, user, actor=None) -> int:
    """Sign ``user`` out everywhere: delete every session of theirs (a disabled login's
    open pages stop working at their next request). Returns how many ended."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from .logs import security_event

    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    security_event("sessions_ended", user=actor, target=user.get_username(), count=len(ended))
    return len(ended)


def is_locked_out(user) -> bool:
    """Whether some address is locked out of signing in as ``user`` now (django-axes; a lock
    past its cool-off time is no lock)."""
    from .lockouts import locked_usernames

    return user.get_username() in locked_usernames(usernames=[user.get_username()])


@transaction.atomic
def user_unlock(*, user, actor, reason: str):
    """Lift the sign-in lock of ``user`` from every address; kept in the login's history."""
    from axes.utils import reset

    from .logs import security_event

    if not access.has_role(actor, Role.SYSTEM_ADMIN):
        raise DomainError(_("Only the system administrator manages logins."))
    reason = validation.require_reason(reason)
    reset(username=user.get_username())
    stamp(user, actor=actor, reason=_("Sign-in lock lifted: %(reason)s") % {"reason": reason})
    user.save()
    security_event("unlock", user=actor, target=user.get_username())
    return user


@transaction.atomic
def user_reset_two_factor(*, user, actor, reason: str):
    """Remove the authenticator, the security keys and the recovery codes of ``user`` (a lost
    phone or key): they enrol again at their next sign-in; kept in the login's history."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    from .logs import security_event

    if not access.has_role(actor, Role.SYSTEM_ADMIN):
        raise DomainError(_("Only the system administrator manages logins."))
    reason = validation.require_reason(reason)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    stamp(user, actor=actor, reason=_("Two-factor sign-in reset: %(reason)s") % {"reason": reason})
    user.save()
    user_end_sessions(user=user, actor=actor)
    security_event("two_factor_reset", user=actor, target=user.get_username())
    return user


@transaction.atomic
def user_set_password(*, user, password: str, actor):
    """Set a new password (never kept in the history; the change itself is)."""
    if not access.has_role(actor, Role.SYSTEM_ADMIN):
        raise DomainError(_("Only the system administrator manages logins."))
    user.set_password(password)
    stamp(user, actor=actor, reason=_("New password set by the system administrator"))
    user.save()
    return user
