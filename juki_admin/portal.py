"""The portal home page's content: what each role may do, and its figures.

This is the top floor of ``juki_admin``: each app's read functions are listed in
``_figure_providers`` and ``_section_providers`` (an import from the apps is allowed on this
floor; the imports sit in the functions so that the ground floor stays free of them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import access, fiscal
from .access import Role
from .home import Figure, Section
from .models import Office, Staff

#: What each role does here (DESIGN.md, Users); shown on the home page.
ROLE_TASKS: dict[str, tuple[str, ...]] = {
    Role.SYSTEM_ADMIN: (
        _("Issue, suspend and reclaim cards; keep terminals, rosters and registers"),
        _("Run self-inspections, audits and training"),
    ),
    Role.SECURITY_CHIEF: (_("Read every record; sign off audit notices"),),
    Role.IDENTITY_MANAGER: (
        _("Keep the operator roster and the terminal usage log of your office's terminals"),
    ),
    Role.OFFICE_HEAD: (
        _("Designate and approve the operators of your office"),
        _("Hold the group card; reclaim cards when staff leave"),
        _("Answer audit findings with improvement plans; approve disposal of forms"),
    ),
    Role.AUDITOR: (_("Plan and perform audits, record findings, export audit notices"),),
    Role.OPERATOR: (
        _("Record terminal use in the usage log"),
        _("Answer the personal self-inspection; attend training"),
    ),
}


def staff_figures(user) -> list[Figure]:
    """Head counts of the staff the user may see, in one query."""
    today = fiscal.today()
    counts = access.visible_staff(user).aggregate(
        total=Count("pk"), left=Count("pk", filter=Staff.left_by(today))
    )
    counts["active"] = counts["total"] - counts["left"]  # in post: everyone who has not left
    return [
        Figure(_("staff"), counts["total"], key="staff"),
        Figure(_("staff in post"), counts["active"], key="staff_in_post"),
        Figure(
            _("staff who have left (on leave, retired, transferred)"),
            counts["left"],
            key="staff_left",
        ),
    ]


def office_figures(user) -> list[Figure]:
    """For readers of every office: how many offices, and how many host terminals."""
    if not access.sees_all_offices(user):
        return []
    counts = Office.objects.filter(active=True).aggregate(
        total=Count("pk"), hosting=Count("pk", filter=Q(hosts_terminals=True))
    )
    return [
        Figure(_("offices"), counts["total"], key="offices"),
        Figure(_("offices hosting terminals"), counts["hosting"], key="offices_hosting"),
    ]


def lockout_figures(user) -> list[Figure]:
    """For the system administrator: how many logins are locked out of signing in now."""
    if not access.has_role(user, Role.SYSTEM_ADMIN):
        return []
    from .lockouts import lockout_count

    count = lockout_count()
    url = reverse("admin:auth_user_changelist") + "?locked=yes"
    return [Figure(_("logins locked out"), count, url=url, alert=count > 0, key="lockouts")]


def _figure_providers() -> list[Callable[[object], list[Figure]]]:
    from audits.portal import audit_figures
    from cards.portal import card_figures
    from terminals.portal import terminal_figures
    from training.portal import training_figures

    return [
        office_figures,
        staff_figures,
        lockout_figures,
        card_figures,
        training_figures,
        terminal_figures,
        audit_figures,
    ]


def _section_providers() -> list[Callable[[object], Section | None]]:
    from cards.portal import reclaim_section

    return [reclaim_section]


def home_context(user) -> dict:
    roles = sorted(access.roles_of(user), key=list(Role.values).index)
    return {
        "roles": [Role(r).label for r in roles],
        "tasks": [task for r in roles for task in ROLE_TASKS.get(r, ())],
        "office": access.office_of(user),
        "staff_record": access.staff_of(user),
        "figures": [f for provider in _figure_providers() for f in provider(user)],
        "sections": [s for provider in _section_providers() if (s := provider(user))],
        "today": fiscal.today(),
        "sees_all": access.sees_all_offices(user),
        "uses_admin_site": bool(access.roles_of(user) & access.ADMIN_SITE_ROLES) and user.is_staff,
    }


def visible_staff_for_list(user):
    return access.visible_staff(user).order_by("office__code", "employee_number")


#: The portal menu: (label, URL name, roles that see it). Each role sees what it does
#: (DESIGN.md, Users); the pages themselves check the roles again.
_ALL = tuple(Role.values)
_READERS = (Role.SYSTEM_ADMIN, Role.SECURITY_CHIEF, Role.AUDITOR)
_OFFICE = (Role.OFFICE_HEAD, Role.IDENTITY_MANAGER)
MENU: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (_("Home"), "portal:home", _ALL),
    (_("Staff"), "portal:staff_list", (*_READERS, *_OFFICE)),
    (_("Cards"), "cards:card_list", (*_READERS, *_OFFICE)),
    (_("Reclaims"), "cards:reclaims", (*_READERS, Role.OFFICE_HEAD)),
    (_("Rosters"), "cards:roster_list", (*_READERS, *_OFFICE)),
    (_("Inventory"), "cards:inventory", (Role.SYSTEM_ADMIN, Role.OFFICE_HEAD)),
    (_("Card ledger"), "cards:ledger", (*_READERS, *_OFFICE)),
    (_("Usage log"), "terminals:usage_list", _ALL),
    (_("Registers"), "terminals:registers", _ALL),
    (_("Placement plan"), "terminals:placement_plan", (*_READERS, *_OFFICE)),
    (_("Training"), "training:index", _ALL),
    (_("Self-inspections"), "audits:index", _ALL),
    (_("Audits"), "audits:plans", _READERS),
    (_("Access log"), "audits:access_findings", _READERS),
    (_("Findings"), "audits:findings", (Role.OFFICE_HEAD, Role.IDENTITY_MANAGER)),
)


def menu(user) -> list[tuple[str, str]]:
    """(label, URL) of the menu entries ``user``'s roles see."""
    from django.urls import reverse

    roles = access.roles_of(user)
    return [(label, reverse(name)) for label, name, who in MENU if roles & set(who)]
