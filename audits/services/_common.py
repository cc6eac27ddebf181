"""Private helpers shared by the audits services: the role checks of auditors' work."""

from __future__ import annotations

from django.utils.translation import gettext as _

from juki_admin.access import Role, has_role
from juki_admin.errors import DomainError

AUDIT_WRITERS = (Role.AUDITOR, Role.SYSTEM_ADMIN)


def _require_role(actor, *roles, message):
    if not has_role(actor, *roles):
        raise DomainError(message)


def _may_audit(actor):
    _require_role(
        actor, *AUDIT_WRITERS, message=_("Only auditors and the system administrator do this.")
    )
