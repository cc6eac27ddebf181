"""What the audits app adds to the portal home page (gathered by ``juki_admin.portal``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from juki_admin import access
from juki_admin.home import Figure

from . import selectors
from .choices import AuditStatus, FindingStatus, SheetStatus


def audit_figures(user) -> list[Figure]:
    if not access.roles_of(user):
        return []
    open_sheets = selectors.visible_sheets(user).filter(campaign__closed_on__isnull=True)
    figures = []
    mine = [
        s
        for s in open_sheets.exclude(status=SheetStatus.SUBMITTED)
        if selectors.may_answer(user, s)
    ]
    if mine:
        figures.append(
            Figure(
                _("self-inspection sheets for you to answer"),
                len(mine),
                key="sheets_to_answer",
                url=reverse("audits:index"),
                alert=True,
            )
        )
    if access.has_role(user, access.Role.OFFICE_HEAD) or access.sees_all_offices(user):
        waiting = open_sheets.exclude(status=SheetStatus.SUBMITTED).count()
        figures.append(
            Figure(
                _("self-inspection sheets not yet submitted"),
                waiting,
                key="sheets_waiting",
                url=reverse("audits:index"),
            )
        )
    findings = selectors.visible_findings(user)
    if access.has_role(user, access.Role.OFFICE_HEAD) or access.sees_all_offices(user):
        overdue = selectors.overdue_findings(findings).count()
        figures.append(
            Figure(
                _("findings overdue"),
                overdue,
                key="findings_overdue",
                url=reverse("audits:findings"),
                alert=bool(overdue),
            )
        )
    if access.changes_all_offices(user):
        waiting = findings.filter(status=FindingStatus.PLAN_SUBMITTED).count()
        figures.append(
            Figure(
                _("improvement plans awaiting your decision"),
                waiting,
                key="plans_waiting",
                url=reverse("audits:findings") + "?status=plan_submitted",
                alert=bool(waiting),
            )
        )
    if access.has_role(user, access.Role.AUDITOR, access.Role.SECURITY_CHIEF):
        running = selectors.visible_audits(user).exclude(status=AuditStatus.NOTIFIED).count()
        figures.append(
            Figure(
                _("audits in progress"),
                running,
                key="audits_in_progress",
                url=reverse("audits:plans"),
            )
        )
    return figures
