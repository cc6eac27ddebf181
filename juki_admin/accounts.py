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
    if user.pk:
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
