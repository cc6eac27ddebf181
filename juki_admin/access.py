"""Roles, and the one place that answers "what may this user see and change".

Every view, export and admin queryset scopes its records through the functions here.
Office heads, identity-data managers and operators are held to their own office; the
system administrator, the security chief and auditors see every office; only the system
administrator changes other offices' records. A record outside the user's scope is
simply absent from the queryset, so ``get_object_or_404(visible_...(user), pk=...)``
answers 404 for another office's id.

This module is on the ground floor of ``juki_admin``: it imports no other app. Apps pass
their querysets to ``scope_to_offices`` with the path to the office field.
"""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Office, Staff


class Role(models.TextChoices):
    """The six roles of DESIGN.md, each a Django group named in Japanese."""

    SYSTEM_ADMIN = "system_admin", _("system administrator")
    SECURITY_CHIEF = "security_chief", _("security chief")
    IDENTITY_MANAGER = "identity_manager", _("identity-data manager")
    OFFICE_HEAD = "office_head", _("office head")
    AUDITOR = "auditor", _("auditor")
    OPERATOR = "operator", _("operator")


#: Group names in the database. Fixed strings (not translated): they are data.
GROUP_NAMES: dict[str, str] = {
    Role.SYSTEM_ADMIN: "システム管理者",
    Role.SECURITY_CHIEF: "セキュリティ統括責任者",
    Role.IDENTITY_MANAGER: "本人確認情報管理責任者",
    Role.OFFICE_HEAD: "所属長",
    Role.AUDITOR: "監査担当",
    Role.OPERATOR: "操作者",
}
ROLE_BY_GROUP_NAME = {name: role for role, name in GROUP_NAMES.items()}

#: Roles that read every office's records.
ALL_OFFICES_READERS = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_CHIEF, Role.AUDITOR})
#: Roles that read and never write (DESIGN.md rule 9), history pages included.
READ_ONLY_ROLES = frozenset({Role.SECURITY_CHIEF, Role.AUDITOR})
#: Roles that keep an office's registers (room entries, keys, forms and disks, daily checks,
#: the usage log): the office's own people, and the system administrator for any office.
REGISTER_KEEPERS = frozenset(
    {Role.OPERATOR, Role.IDENTITY_MANAGER, Role.OFFICE_HEAD, Role.SYSTEM_ADMIN}
)
#: Roles that work in the Django admin (the others use the portal only).
ADMIN_SITE_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_CHIEF, Role.AUDITOR})

#: Model permissions per role, as "app_label.codename" or "app_label.*" / "*.view_*"
#: patterns; kept in step by ``juki_admin.roles.sync_role_permissions`` after each migrate.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.SYSTEM_ADMIN: (
        "juki_admin.*",
        "cards.*",
        "training.*",
        "terminals.*",
        "audits.*",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
    ),
    Role.SECURITY_CHIEF: ("*.view_*",),
    Role.AUDITOR: ("*.view_*",),
    Role.IDENTITY_MANAGER: ("juki_admin.view_office", "juki_admin.view_staff"),
    Role.OFFICE_HEAD: ("juki_admin.view_office", "juki_admin.view_staff"),
    Role.OPERATOR: ("juki_admin.view_office",),
}


def roles_of(user) -> frozenset[str]:
    """The roles of ``user`` (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_juki_roles", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = frozenset(ROLE_BY_GROUP_NAME[n] for n in names if n in ROLE_BY_GROUP_NAME)
        if user.is_superuser:
            cached = cached | {Role.SYSTEM_ADMIN}
        user._juki_roles = cached
    return cached


def roles_of_record(user) -> frozenset[str]:
    """The roles a login is given (its role groups), whether or not it is active."""
    names = user.groups.values_list("name", flat=True) if user.pk else []
    return frozenset(ROLE_BY_GROUP_NAME[n] for n in names if n in ROLE_BY_GROUP_NAME)


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def staff_of(user) -> Staff | None:
    """The ``Staff`` record linked to ``user`` (cached), or None."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_juki_staff"):
        user._juki_staff = Staff.objects.select_related("office").filter(user_id=user.pk).first()
    return user._juki_staff


def office_of(user) -> Office | None:
    """A user's office is their ``Staff`` record's office."""
    staff = staff_of(user)
    return staff.office if staff else None


def is_head_of(user, office) -> bool:
    """The one rule of "``user`` acts as the head of ``office``": the office-head role, and
    ``office`` is their own office (``office`` may be an Office or its pk)."""
    if office is None or not has_role(user, Role.OFFICE_HEAD):
        return False
    own = office_of(user)
    return own is not None and own.pk == getattr(office, "pk", office)


def require_role(actor, *roles: str, message) -> None:
    """The services' one role check: ``DomainError(message)`` unless ``actor`` holds one of
    ``roles`` (the views answer 403 for whole pages through ``portal_utils.require_role``)."""
    if not has_role(actor, *roles):
        from .errors import DomainError

        raise DomainError(message)


def sees_all_offices(user) -> bool:
    return bool(roles_of(user) & ALL_OFFICES_READERS)


def changes_all_offices(user) -> bool:
    return has_role(user, Role.SYSTEM_ADMIN)


def only_operator(user) -> bool:
    """The user has no role beyond operator: office-wide alarms and figures, which they
    cannot act on, are not shown to them (their own records are)."""
    return not roles_of(user) - {Role.OPERATOR}


def scope_to_offices(queryset: QuerySet, user, office_path: str = "office") -> QuerySet:
    """``queryset`` cut to the records ``user`` may see; ``office_path`` leads to an Office.

    Everyone sees nothing unless they have a role; the all-office readers see all; the
    others see their own office's records, and nothing when they have no office.
    """
    if sees_all_offices(user):
        return queryset
    if not roles_of(user):
        return queryset.none()
    office = office_of(user)
    if office is None:
        return queryset.none()
    return queryset.filter(**{office_path: office.pk})


def scope_to_changeable(queryset: QuerySet, user, office_path: str = "office") -> QuerySet:
    """``queryset`` cut to the records ``user`` may change.

    The system administrator changes every office's records; an office head or an
    identity-data manager their own office's; the security chief, auditors and operators
    change none here (their own actions have their own checks).
    """
    if changes_all_offices(user):
        return queryset
    if has_role(user, Role.OFFICE_HEAD, Role.IDENTITY_MANAGER):
        office = office_of(user)
        if office is not None:
            return queryset.filter(**{office_path: office.pk})
    return queryset.none()


def register_offices(user) -> QuerySet[Office]:
    """The offices whose registers ``user`` writes: every office for the system
    administrator; their own office for its operators, identity-data manager and office
    head; none for the read-only roles."""
    if changes_all_offices(user):
        return Office.objects.all()
    if has_role(user, *REGISTER_KEEPERS):
        office = office_of(user)
        if office is not None:
            return Office.objects.filter(pk=office.pk)
    return Office.objects.none()


def visible_offices(user) -> QuerySet[Office]:
    return Office.objects.visible_to(user)


def visible_staff(user) -> QuerySet[Staff]:
    return Staff.objects.select_related("office").visible_to(user)


def changeable_staff(user) -> QuerySet[Staff]:
    return Staff.objects.select_related("office").changeable_by(user)
