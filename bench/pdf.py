"""Benchmark: audit notices as PDF (WeasyPrint, IPAex fonts).

    DEBUG=True .venv/bin/python bench/pdf.py [OFFICES]        (default 21 offices)

In a throw-away test database, renders one audit result notice with five findings several
times and prints the median time per notice, then issues the result notices of an audit
plan of OFFICES offices (the paper's 21 terminal-hosting offices) one after another and
prints the time of the whole batch and of the ZIP of all of them. Prints numbers; asserts
nothing.
"""

import datetime as dt
import statistics
import sys
import time
from unittest import mock

import common  # noqa: F401  (sets up Django as tests/conftest.py has it)
from django.db import connection
from django.test.utils import setup_test_environment


def main(offices: int) -> None:
    from django.test import Client

    from audits import services
    from juki_admin import fiscal
    from juki_admin.access import Role
    from juki_admin.models import Office
    from juki_admin.pdf import render_pdf
    from juki_admin.services import office_set_head
    from tests.factories import StaffFactory, make_user

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    today = dt.date(2026, 10, 20)
    _patch = mock.patch.object(fiscal, "today", return_value=today)
    _patch.start()
    try:
        home = Office.objects.create(code="H01", name="市町村課", kind="hq_division")
        auditor = make_user(Role.AUDITOR, home, username="bench-auditor", is_staff=True)
        chief = make_user(Role.SECURITY_CHIEF, home, username="bench-chief", is_staff=True)
        plan = services.audit_plan_create(fiscal_year=2026, title="ベンチ監査計画", actor=auditor)
        audits = []
        for n in range(offices):
            office = Office.objects.create(
                code=f"B{n:02d}", name=f"ベンチ事務所{n}", kind="regional_office"
            )
            office_set_head(
                office=office, head=StaffFactory(office=office), actor=auditor, reason="bench"
            )
            audits.append(
                services.audit_add(
                    plan=plan,
                    office=office,
                    kind="regular",
                    planned_month=10,
                    scope="全般",
                    actor=auditor,
                )
            )
        services.audit_plan_approve(plan=plan, actor=chief)
        for audit in audits:
            services.audit_announce(
                audit=audit, starts_on=today, ends_on=today, auditors="監査担当2名", actor=auditor
            )
            services.audit_record_result(audit=audit, result="概ね良好", actor=auditor)
            for k in range(5):
                services.finding_add(
                    audit=audit,
                    kind="instruction",
                    description=f"管理簿の記入を徹底すること（{k + 1}）。",
                    due_on=today + dt.timedelta(days=30),
                    actor=auditor,
                )
        sample = audits[0].notices.get()
        times = []
        for _ in range(5):
            start = time.perf_counter()
            render_pdf("pdf/audits/notice.html", {"letter": sample})
            times.append(time.perf_counter() - start)
        print(
            f"one notice (render)                 median {statistics.median(times) * 1000:8.1f} ms"
        )
        start = time.perf_counter()
        for audit in audits:
            services.audit_notify_result(audit=audit, actor=auditor)
        batch = time.perf_counter() - start
        print(
            f"result notices of {offices} offices (issue) {batch * 1000:10.1f} ms"
            f"  ({batch / offices * 1000:.1f} ms each)"
        )
        client = Client()
        client.force_login(auditor)
        start = time.perf_counter()
        response = client.get(f"/audits/plans/{plan.pk}/?format=zip")
        took = (time.perf_counter() - start) * 1000
        size = len(response.content) // 1024
        print(f"ZIP of the plan's {2 * offices} notices      {took:10.1f} ms  ({size} KB)")
    finally:
        _patch.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
