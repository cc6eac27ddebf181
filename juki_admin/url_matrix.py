"""The access matrix's URLs: every URL of the admin and the portal (exports and PDFs
included), with a record of the office of the office-scoped demo logins (東葛飾旅券事務所,
S02, "own") and one of another office (中央旅券事務所, S01, "other"), each as a ``Case``; and
what a role is answered (``answer``).

Read by the access-matrix test (tests/demo/test_access_matrix.py, whose table says what each
role must get) and by ``manage.py url_matrix``, which prints what each role does get, to write
the rows of a new URL. The top floor of juki_admin: it reads every app's records.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.contrib import admin

from . import fiscal
from .urlmap import Route, admin_model_of, routes

ROLES = ("anon", "sysadmin", "chief", "auditor", "head", "manager", "operator")
OWN, OTHER = "S02", "S01"


def answer(response) -> str:
    """A response as the matrix writes it: its status, ``L`` for a redirect to a sign-in
    page, ``302`` for any other redirect."""
    if response.status_code in (301, 302):
        location = response["Location"]
        return "L" if location.startswith(("/login/", "/admin/login/")) else "302"
    return str(response.status_code)


@dataclass(frozen=True)
class Case:
    """One URL to request: ``key`` names its row; ``office`` is OWN, OTHER or None."""

    key: str
    url: str
    office: str | None
    route: Route


def matches(pattern: str, key: str) -> bool:
    """``pattern`` is one or more fnmatch patterns separated by ``|``."""
    return any(fnmatchcase(key, p) for p in pattern.split("|"))


def _fill(template: str, values: list[str]) -> str:
    it = iter(values)
    return re.sub(r"<(?:\w+:)?\w+>", lambda m: str(next(it)), template)


def _admin_object(model, office):
    model_admin = admin.site._registry[model]
    path = getattr(model_admin, "office_path", None)
    qs = model._default_manager.order_by("pk")
    if path is None:
        return qs.first(), False
    if path == "pk":
        return qs.filter(pk=office.pk).first(), True
    return qs.filter(**{path: office}).first(), True


def _history_id(obj):
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first()


def admin_cases(route: Route, offices: dict) -> list[Case]:
    name = route.name
    convs = [c for _n, c in route.converters] or re.findall(r"<(\w+):\w+>", route.template)
    if not convs:
        return [Case(name or route.template, route.template, None, route)]
    if name == "admin:app_list":
        return [Case(name, _fill(route.template, ["cards"]), None, route)]
    if name == "admin:" and route.template == "/admin/<str:url>":
        return [Case("admin:catch_all", "/admin/no-such-page/", None, route)]
    model = admin_model_of(route)
    if model is None:  # an unnamed object redirect (/admin/app/model/<id>/)
        match = re.match(r"/admin/(\w+)/(\w+)/", route.template)
        model = next(
            m
            for m in admin.site._registry
            if (m._meta.app_label, m._meta.model_name) == match.groups()
        )
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_redirect"
    model_admin = admin.site._registry[model]
    if name.endswith("_list_action"):
        return [
            Case(f"{name}({a.key})", _fill(route.template, [a.key]), None, route)
            for a in getattr(model_admin, "list_actions", ())
        ]
    cases = []
    for code in (OWN, OTHER):
        obj, scoped = _admin_object(model, offices[code])
        assert obj is not None, f"no {model._meta.label} of {code} for {route.template}"
        office = code if scoped else None
        if name.endswith("_action"):
            for action in getattr(model_admin, "object_actions", ()):
                url = _fill(route.template, [obj.pk, action.key])
                cases.append(Case(f"{name}({action.key})", url, office, route))
        elif name.endswith("_simple_history"):
            cases.append(
                Case(name, _fill(route.template, [obj.pk, _history_id(obj)]), office, route)
            )
        else:
            cases.append(Case(name, _fill(route.template, [obj.pk]), office, route))
        if not scoped:
            break
    return cases


def portal_objects(code: str, offices: dict) -> dict[str, list]:
    """The values of each portal URL's parameters for a record of office ``code``."""
    from audits.models import (
        AccessFinding,
        AuditPlan,
        Campaign,
        Evidence,
        Finding,
        Notice,
        Sheet,
    )
    from cards.choices import CardStatus
    from cards.models import Card, CardEvent, Designation, Incident, InventoryItem, Roster
    from juki_admin.models import Staff
    from terminals.models import KeyLog, MediaItem, RoomEntry, Terminal, UsageLogEntry

    office = offices[code]
    campaign = Campaign.objects.filter(closed_on__isnull=True).get()
    finding = Finding.objects.filter(office=office).order_by("pk").first()
    audit = finding.audit
    incident = Incident.objects.filter(office=office, card__isnull=False).order_by("pk").first()
    card = Card.objects.filter(office=office, status=CardStatus.ISSUED).order_by("serial").first()
    roster = Roster.objects.filter(office=office).order_by("-fiscal_year", "-version").first()
    designated = Designation.objects.filter(roster=roster).order_by("pk").first()
    media = MediaItem.objects.filter(office=office).order_by("pk").first()
    return {
        "portal:staff_detail": [Staff.objects.filter(office=office).order_by("pk").first().pk],
        # nobody's key: each login may change only its own (tests/juki_admin/test_security_keys)
        "portal:security_key_change": [0],
        "cards:card_*": [card.pk],
        "cards:staff_reclaim_all": [card.holder_id],
        "cards:issue_receipt": [
            CardEvent.objects.filter(office=office, kind="issue").order_by("pk").first().pk
        ],
        "cards:roster_undesignate": [roster.pk, designated.staff_id],
        "cards:roster_*": [roster.pk],
        "cards:inventory_confirm": [
            InventoryItem.objects.filter(office=office).order_by("pk").first().pk
        ],
        "training:office_rate": [office.pk],
        "terminals:usage_detail": [
            UsageLogEntry.objects.filter(office=office).order_by("pk").first().pk
        ],
        "terminals:terminal_label": [Terminal.objects.filter(office=office).first().pk],
        "terminals:room_exit": [RoomEntry.objects.filter(office=office).first().pk],
        "terminals:key_return": [KeyLog.objects.filter(office=office).first().pk],
        "terminals:media_*": [media.pk],
        "audits:campaign|audits:results": [campaign.pk],
        "audits:item_detail": [campaign.pk, campaign.office_checklist.items.first().pk],
        "audits:sheet*": [
            Sheet.objects.get(campaign=campaign, office=office, audience="office").pk
        ],
        "audits:plan*": [AuditPlan.objects.order_by("-fiscal_year").first().pk],
        "audits:audit*|audits:finding_add": [audit.pk],
        "audits:finding*|audits:improvement_*": [finding.pk],
        "audits:notice_pdf": [Notice.objects.filter(office=office).order_by("pk").first().pk],
        "audits:access_finding": [AccessFinding.objects.order_by("pk").first().pk],
        "audits:lost_card_review|cards:incident_report": [incident.pk],
        "audits:evidence": ["finding", finding.pk],
        "audits:evidence_download": [
            Evidence.objects.filter(finding=finding).order_by("pk").first().pk
        ],
    }


#: The downloads of a portal page: its key suffix → the query string that asks for it.
EXPORTS: dict[str, dict[str, str]] = {
    "cards:ledger": {
        "csv": "format=csv",
        "cp932": "format=csv&encoding=cp932",
        "pdf": "format=pdf",
    },
    "cards:roster_detail": {"csv": "format=csv", "pdf": "format=pdf"},
    "training:rates": {
        "csv": "format=csv",
        "cp932": "format=csv&encoding=cp932",
        "pdf": "format=pdf",
    },
    "terminals:placement_plan": {"csv": "format=csv", "pdf": "format=pdf"},
    "terminals:usage_list": {"pdf": "format=pdf&month=2026-11"},
    "audits:plan": {"zip": "format=zip"},
    "terminals:terminal_label": {"pdf": "format=pdf"},
}


def portal_cases(route: Route, offices: dict) -> list[Case]:
    """The page (for each office's record when it takes one), and each of its downloads as
    ``name+kind`` (``cards:ledger+csv``)."""
    if not route.converters:
        pages = [Case(route.name, route.template, None, route)]
    else:
        pages = []
        for code in (OWN, OTHER):
            values = next(
                (v for p, v in portal_objects(code, offices).items() if matches(p, route.name)),
                None,
            )
            assert values is not None, f"no parameters for {route.name} ({route.template})"
            pages.append(Case(route.name, _fill(route.template, values), code, route))
    downloads = [
        Case(f"{page.key}+{kind}", f"{page.url}?{query}", page.office, route)
        for page in pages
        for kind, query in EXPORTS.get(route.name, {}).items()
    ]
    return pages + downloads


def all_cases(offices: dict) -> list[Case]:
    cases = []
    for route in routes():
        if route.name in ("admin:login",):
            cases.append(Case(route.name, route.template, None, route))
        elif route.is_admin:
            cases += admin_cases(route, offices)
        else:
            cases += portal_cases(route, offices)
    return cases


def other_office_records(offices: dict, actor) -> None:
    """Records the demo keeps for one office only, made for the other one too (and an
    inventory and an operator group, which the demo has none of), through the services."""
    from cards import services as card_services
    from cards.choices import CardStatus
    from cards.models import Card, OperatorGroup
    from juki_admin.models import Staff
    from terminals import services as terminal_services
    from terminals.models import PurgeRecord, Terminal, UsageLogEntry
    from training import services as training_services

    other = offices[OTHER]
    terminal_services.room_entry_record(
        office=other, room="端末機室", name="来訪 太郎", affiliation="保守業者",
        purpose="点検", is_operator=False, escort="立会 花子", actor=actor,
    )  # fmt: skip
    terminal_services.key_take(
        office=other, key="端末機室の鍵", taken_by="鍵 次郎", purpose="点検", actor=actor
    )
    terminal_services.media_register(
        office=other, kind="form", title="帳票", storage_place="金庫", actor=actor
    )
    staff = Staff.objects.filter(office=other).order_by("pk")
    terminal_services.vein_enrol(
        operator=staff[1], operator_code="OP-S01-2", collation_id="COL-S01-2", actor=actor
    )
    training_services.violation_record(
        staff=staff[1], source="other", description="カードの貸し借り", actor=actor
    )
    terminal = Terminal.objects.filter(office=other, status="in_service").first()
    from django.conf import settings

    terminal_services.daily_check_record(
        terminal=terminal,
        results={point: True for point in settings.TERMINAL_DAILY_CHECK_POINTS},
        actor=actor,
    )
    lost = Card.objects.filter(office=other, status=CardStatus.ISSUED).order_by("-serial").first()
    card_services.card_report_lost(
        card=lost, actor=actor, reason="紛失", reported_by=lost.holder,
        last_seen_on=fiscal.today(), last_seen_place="窓口",
    )  # fmt: skip
    card_services.inventory_open(
        title="現物確認", due_on=fiscal.today() + dt.timedelta(days=30), actor=actor
    )
    for code in (OWN, OTHER):
        OperatorGroup.objects.create(office=offices[code], name="第1班", unit="team")
    PurgeRecord.objects.create(register="terminals.RoomEntry", cutoff=fiscal.today(), removed=0,
                               actor=actor)  # fmt: skip
    _other_office_audit(offices, actor)
    # a usage-log entry of the other office, copied from one of the own office
    source = UsageLogEntry.objects.filter(office=offices[OWN]).order_by("pk").first()
    source.pk = None
    source.office, source.terminal, source.operator = other, terminal, staff[2]
    source.save()


def _other_office_audit(offices: dict, actor) -> None:
    """An ad hoc audit of the other office, performed today, with a notified finding its
    head has answered; and an access record and access-log finding of its own."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from audits import services as audit_services
    from audits.models import AccessFinding, AccessLogFile, AccessRecord, AuditPlan
    from terminals.models import Terminal

    other = offices[OTHER]
    users = get_user_model().objects
    auditor, head2 = users.get(username="auditor"), users.get(username="head2")
    plan = AuditPlan.objects.order_by("-fiscal_year").first()
    today = fiscal.today()
    audit = audit_services.audit_add(
        plan=plan, office=other, kind="ad_hoc", planned_month=today.month, scope="臨時",
        actor=auditor,
    )  # fmt: skip
    audit_services.audit_announce(
        audit=audit, starts_on=today, ends_on=today, auditors="監査担当", actor=auditor
    )
    audit_services.audit_record_result(audit=audit, result="指摘1件", actor=auditor)
    finding = audit_services.finding_add(
        audit=audit, kind="instruction", description="鍵管理簿の記入漏れ",
        due_on=today + dt.timedelta(days=30), actor=auditor,
    )  # fmt: skip
    audit_services.audit_notify_result(audit=audit, actor=auditor)
    audit_services.improvement_submit(
        finding=finding, measures="返却時に確認", responsible="庶務",
        target_on=today + dt.timedelta(days=30), actor=head2,
    )  # fmt: skip
    audit_services.evidence_add(
        owner=finding, upload=ContentFile(b"%PDF-1.4\n%%EOF\n", name="調書.pdf"), actor=auditor
    )
    terminal = Terminal.objects.filter(office=other).first()
    log = AccessLogFile.objects.first()
    record = AccessRecord.objects.create(
        file=log, line=999, at=fiscal.day_start(today), terminal_code=terminal.asset_number,
        terminal=terminal, card_code="X-S01", operation="検索", records=1,
    )  # fmt: skip
    AccessFinding.objects.create(
        key=f"unknown_card:{today}:xX-S01", rule="unknown_card", day=today, office=other,
        terminal=terminal, code="X-S01", first_at=record.at, last_at=record.at, count=1,
        detail="X-S01",
    )  # fmt: skip
