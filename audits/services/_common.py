"""Private helpers shared by the audits services: the role check of auditors' work."""

from __future__ import annotations

from django.utils.translation import gettext as _

from juki_admin.access import Role, require_role

AUDIT_WRITERS = (Role.AUDITOR, Role.SYSTEM_ADMIN)


def _may_audit(actor):
    require_role(
        actor, *AUDIT_WRITERS, message=_("Only auditors and the system administrator do this.")
    )
