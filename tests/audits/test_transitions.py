"""Every lifecycle of the audits app is a table (audits/choices.py), and the services refuse
what it does not allow: for every machine, every step and every status its table does not
allow that step from, the service refuses with the one message and changes nothing.

The cases are generated from the tables themselves: a step added to a table without a
service call here fails ``test_every_step_of_every_table_has_its_service_here``.
"""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from audits import services
from audits.choices import (
    AUDIT_MACHINE,
    CAMPAIGN_MACHINE,
    FINDING_MACHINE,
    PLAN_MACHINE,
    SHEET_MACHINE,
    Audience,
    CampaignState,
    PlanStatus,
    Result,
    SheetStatus,
)
from audits.models import Answer, Audit, AuditPlan, Finding, ImprovementPlan, Notice, Sheet
from juki_admin.states import TransitionError

D = dt.date

MACHINES = {
    "sheet": SHEET_MACHINE,
    "campaign": CAMPAIGN_MACHINE,
    "plan": PLAN_MACHINE,
    "audit": AUDIT_MACHINE,
    "finding": FINDING_MACHINE,
}

#: The service call of each step, given the world and the record in the refused status.
CALLS = {
    "sheet": {
        "answer": lambda w, sheet: services.sheet_answer(
            sheet=sheet,
            answers={w.items[0].pk: (Result.COMPLIANT, "")},
            actor=w.office_head,
        ),
        "submit": lambda w, sheet: services.sheet_submit(sheet=sheet, actor=w.office_head),
        "reopen": lambda w, sheet: services.sheet_reopen(
            sheet=sheet, actor=w.sysadmin, reason="記入漏れの訂正"
        ),
    },
    "campaign": {
        "close": lambda w, campaign: services.campaign_close(
            campaign=campaign, actor=w.sysadmin, reason="期限到来"
        ),
    },
    "plan": {
        "add_regular": lambda w, plan: services.audit_add(
            plan=plan,
            office=w.office,
            kind="regular",
            planned_month=11,
            scope="全般",
            actor=w.auditor,
        ),
        "approve": lambda w, plan: services.audit_plan_approve(plan=plan, actor=w.chief),
        "announce_audit": lambda w, plan: services.audit_announce(
            audit=w.audit,
            starts_on=D(2026, 10, 25),
            ends_on=D(2026, 10, 25),
            auditors="監査担当2名",
            actor=w.auditor,
        ),
    },
    "audit": {
        "announce": lambda w, audit: services.audit_announce(
            audit=audit,
            starts_on=D(2026, 10, 25),
            ends_on=D(2026, 10, 25),
            auditors="監査担当2名",
            actor=w.auditor,
        ),
        "record_result": lambda w, audit: services.audit_record_result(
            audit=audit, result="概ね良好", actor=w.auditor
        ),
        "record_findings": lambda w, audit: services.finding_add(
            audit=audit,
            kind="instruction",
            description="鍵管理簿の記入徹底",
            due_on=D(2026, 12, 1),
            actor=w.auditor,
        ),
        "notify": lambda w, audit: services.audit_notify_result(audit=audit, actor=w.auditor),
    },
    "finding": {
        "submit": lambda w, finding: services.improvement_submit(
            finding=finding,
            measures="返却時に確認",
            responsible="庶務担当",
            target_on=D(2026, 11, 30),
            actor=w.office_head,
        ),
        "accept": lambda w, finding: services.improvement_accept(finding=finding, actor=w.sysadmin),
        "return": lambda w, finding: services.improvement_return(
            finding=finding, actor=w.sysadmin, reason="頻度を明記"
        ),
        "complete": lambda w, finding: services.improvement_complete(
            finding=finding, report="実施した", actor=w.office_head
        ),
    },
}

REFUSALS = [
    pytest.param(name, key, status, id=f"{name}-{key}-from-{status}")
    for name, machine in MACHINES.items()
    for key, step in machine.steps.items()
    for status in machine.labels
    if status not in step.allowed
]


def test_every_step_of_every_table_has_its_service_here():
    assert {name: set(calls) for name, calls in CALLS.items()} == {
        name: set(machine.steps) for name, machine in MACHINES.items()
    }


def test_every_table_refuses_something():
    """A table that allowed every step from every status would test nothing here."""
    assert {case.values[0] for case in REFUSALS} == set(MACHINES)


@pytest.fixture
def world(request, sysadmin, office, office_head, auditor, chief):
    """The records each lifecycle's refusals need, built only for the machine under test."""
    name = request.node.callspec.params["name"]
    w = SimpleNamespace(
        sysadmin=sysadmin, office=office, office_head=office_head, auditor=auditor, chief=chief
    )
    if name in ("sheet", "campaign"):
        w.campaign = request.getfixturevalue("campaign")
        w.sheet = Sheet.objects.get(campaign=w.campaign, audience=Audience.OFFICE, office=office)
        w.items = list(w.campaign.office_checklist.items.order_by("number"))
    else:
        w.audit = request.getfixturevalue("done_audit")
        w.plan = w.audit.plan
        if name == "finding":
            w.finding = services.finding_add(
                audit=w.audit,
                kind="instruction",
                description="鍵管理簿の記入徹底",
                due_on=D(2026, 12, 1),
                actor=auditor,
            )
            services.audit_notify_result(audit=w.audit, actor=auditor)
            w.finding.refresh_from_db()
    return w


def _record(name, w):
    return {
        "sheet": lambda: w.sheet,
        "campaign": lambda: w.campaign,
        "plan": lambda: w.plan,
        "audit": lambda: w.audit,
        "finding": lambda: w.finding,
    }[name]()


def _force(name, record, status, w) -> None:
    """Put ``record`` in ``status`` directly (test set-up, not a transition)."""
    fields = {"status": status}
    if name == "campaign":
        fields = {"closed_on": None if status == CampaignState.OPEN else D(2026, 10, 20)}
    elif name == "sheet" and status == SheetStatus.SUBMITTED:
        fields["submitted_at"] = timezone.now()
    elif name == "plan" and status == PlanStatus.APPROVED:
        fields.update(approved_by=w.chief, approved_on=D(2026, 5, 1))
    type(record).objects.filter(pk=record.pk).update(**fields)
    record.refresh_from_db()


def _snapshot(record) -> dict:
    fresh = type(record).objects.get(pk=record.pk)
    return {
        "fields": {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields},
        "history": fresh.history.count(),
        "rows": [
            model.objects.count()
            for model in (Answer, Audit, AuditPlan, Finding, ImprovementPlan, Notice, Sheet)
        ],
    }


@pytest.mark.parametrize(("name", "key", "status"), REFUSALS)
def test_the_service_refuses_a_step_its_table_does_not_allow(world, name, key, status):
    machine = MACHINES[name]
    record = _record(name, world)
    _force(name, record, status, world)
    subject = world.plan if key == "announce_audit" else record
    expected = str(TransitionError(subject, machine.labels[status], machine.steps[key].verb))
    assert "できません" in expected  # the one message, in Japanese
    before = _snapshot(record)
    with pytest.raises(TransitionError, match=f"^{re.escape(expected)}$"):
        CALLS[name][key](world, record)
    assert _snapshot(record) == before
