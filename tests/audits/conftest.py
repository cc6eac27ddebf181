"""Fixtures of the audits tests: two small checklists and an open self-inspection."""

import datetime as dt

import pytest

from audits import services
from audits.choices import Audience

from ..factories import StaffFactory, accepted_roster, make_user
from ..terminals.conftest import affair, operator_user, terminal  # noqa: F401 - fixtures

D = dt.date


@pytest.fixture
def checklists(sysadmin):
    office = services.checklist_create(
        fiscal_year=2026,
        audience=Audience.OFFICE,
        title="所属に係る自己点検表",
        actor=sysadmin,
        items=[
            ("端末機設置室", "端末機設置室入退室管理簿の作成", "端末機設置室管理要領"),
            ("体制", "指定された操作者以外の操作", "セキュリティ対策規程"),
            ("帳票", "帳票等の廃棄前の所属長の承認", "情報資産管理要領"),
        ],
    )
    operator = services.checklist_create(
        fiscal_year=2026,
        audience=Audience.OPERATOR,
        title="操作者個人に係る自己点検表",
        actor=sysadmin,
        items=[
            ("カード", "操作者識別カードの他者への貸与", "カード管理要領"),
            ("操作", "離席の際の電源の切断", "セキュリティ対策規程"),
        ],
    )
    return office, operator


@pytest.fixture
def campaign(checklists, sysadmin, office, other_office, office_head, set_today):
    """Open on 2026-10-01 for the two offices; the office has two operators with logins."""
    set_today(D(2026, 10, 1))
    first = make_user("operator", office, username="op-a").staff
    second = make_user("operator", office, username="op-b").staff
    theirs = StaffFactory(office=other_office)
    accepted_roster(office, individual=[first, second], fiscal_year=2026)
    accepted_roster(other_office, individual=[theirs], fiscal_year=2026)
    return services.campaign_open(
        title="令和8年度自己点検",
        fiscal_year=2026,
        office_checklist=checklists[0],
        operator_checklist=checklists[1],
        due_on=D(2026, 10, 31),
        actor=sysadmin,
    )


@pytest.fixture
def auditor(db):
    from juki_admin.access import Role

    from ..factories import OfficeFactory

    return make_user(
        Role.AUDITOR, OfficeFactory(code="H01", name="市町村課"), username="kansa", is_staff=True
    )


@pytest.fixture
def chief(db):
    from juki_admin.access import Role

    from ..factories import OfficeFactory

    return make_user(
        Role.SECURITY_CHIEF,
        OfficeFactory(code="H01", name="市町村課"),
        username="tokatsu",
        is_staff=True,
    )


@pytest.fixture
def done_audit(headed_office, auditor, chief, set_today):
    """An approved plan of 令和8年度 and the office's audit, performed on 2026-10-15."""
    set_today(D(2026, 10, 20))
    plan = services.audit_plan_create(fiscal_year=2026, title="令和8年度監査計画", actor=auditor)
    audit = services.audit_add(
        plan=plan,
        office=headed_office,
        kind="regular",
        planned_month=10,
        scope="操作者識別カードの管理",
        actor=auditor,
    )
    services.audit_plan_approve(plan=plan, actor=chief)
    services.audit_announce(
        audit=audit,
        starts_on=D(2026, 10, 15),
        ends_on=D(2026, 10, 15),
        auditors="監査担当2名",
        actor=auditor,
        on=D(2026, 10, 1),
    )
    return services.audit_record_result(audit=audit, result="概ね良好", actor=auditor)
