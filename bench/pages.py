"""Benchmark: every main page, as each role sees it, on a database filled by bench/generate.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/juki_admin_bench DEBUG=True \\
        .venv/bin/python bench/pages.py [RUNS] [TEXT]    (default 10 runs a page; TEXT: only
                                                          the pages whose role or label has it)

Signs in as each generated role login (``bench-sysadmin``, ``bench-head``, ...) with the
test client in this process, and prints for every page the median and 95th-percentile
server time (from the request entering Django to the response, rendering included; no
network) and the number of queries of one request; a page over 150 ms names its slowest
query. Then the PDFs (the office ledger and the roster of one office). The database is
read, not changed (sessions apart). Prints numbers; asserts nothing. Import throughput:
bench/staff_import.py; audit notices: bench/pdf.py.
"""

import sys
import time

import common
from django.db import connection

#: Pages slower than this (the issue's goal) also print their slowest query.
SLOW_MS = 150
#: Pages whose warm-up takes longer than this are timed three times only.
SLOW_WARMUP_S = 5


def pages(office, head_office, card, staff_number, holder_name):
    """(role login, label, url): the pages of the issue's list, per role."""
    o, h = office.pk, head_office.pk
    return [
        ("bench-sysadmin", "portal home", "/"),
        ("bench-sysadmin", "admin: card list", "/admin/cards/card/"),
        ("bench-sysadmin", "admin: card search (serial)", f"/admin/cards/card/?q={card}"),
        ("bench-sysadmin", "admin: card search (name)", f"/admin/cards/card/?q={holder_name}"),
        (
            "bench-sysadmin",
            "admin: card list, one office",
            f"/admin/cards/card/?office__id__exact={o}",
        ),
        ("bench-sysadmin", "admin: staff list", "/admin/juki_admin/staff/"),
        (
            "bench-sysadmin",
            "admin: staff search (number)",
            f"/admin/juki_admin/staff/?q={staff_number}",
        ),
        ("bench-sysadmin", "admin: card ledger entries", "/admin/cards/cardevent/"),
        ("bench-sysadmin", "admin: rosters", "/admin/cards/roster/"),
        ("bench-sysadmin", "admin: terminals", "/admin/terminals/terminal/"),
        ("bench-sysadmin", "admin: usage log", "/admin/terminals/usagelogentry/"),
        ("bench-sysadmin", "admin: access records", "/admin/audits/accessrecord/"),
        ("bench-sysadmin", "portal: cards", "/cards/"),
        ("bench-sysadmin", "reclaim watch", "/cards/reclaims/"),
        ("bench-sysadmin", "card ledger, all offices", "/cards/ledger/"),
        ("bench-sysadmin", "card ledger, one office", f"/cards/ledger/?office={o}"),
        ("bench-sysadmin", "rosters", "/cards/rosters/"),
        ("bench-sysadmin", "staff", "/staff/"),
        ("bench-sysadmin", "usage log list", "/terminals/usage/"),
        ("bench-sysadmin", "usage log search (number)", f"/terminals/usage/?q={staff_number}"),
        ("bench-sysadmin", "usage log search (name)", f"/terminals/usage/?q={holder_name}"),
        ("bench-sysadmin", "usage log, one day", "/terminals/usage/?day=2025-06-10"),
        ("bench-sysadmin", "training rates", "/training/rates/"),
        ("bench-sysadmin", "self-inspections", "/audits/self-inspections/"),
        ("bench-sysadmin", "audit plans", "/audits/plans/"),
        ("bench-sysadmin", "audit findings", "/audits/findings/"),
        ("bench-sysadmin", "access-log findings", "/audits/access/"),
        ("bench-chief", "portal home", "/"),
        ("bench-auditor", "portal home", "/"),
        ("bench-auditor", "audit plans", "/audits/plans/"),
        ("bench-head", "portal home", "/"),
        ("bench-head", "portal: cards", "/cards/"),
        ("bench-head", "reclaim watch", "/cards/reclaims/"),
        ("bench-head", "card ledger", f"/cards/ledger/?office={h}"),
        ("bench-head", "rosters", "/cards/rosters/"),
        ("bench-head", "usage log list", "/terminals/usage/"),
        ("bench-head", "usage log search (number)", f"/terminals/usage/?q={staff_number}"),
        ("bench-head", "usage log search (name)", f"/terminals/usage/?q={holder_name}"),
        ("bench-head", "training rates", "/training/rates/"),
        ("bench-manager", "portal home", "/"),
        ("bench-manager", "usage log list", "/terminals/usage/"),
        ("bench-operator", "portal home", "/"),
        ("bench-operator", "usage log: record a use (form)", "/terminals/usage/new/"),
    ]


def main(runs: int, only: str = "") -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from cards.models import Card, Roster
    from juki_admin.models import Office, Staff
    from terminals.models import UsageLogEntry

    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL filled by bench/generate.py (DATABASE_URL=...).")
    setup_test_environment()  # DEBUG off, the test host allowed
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="bench-")}
    if "bench-sysadmin" not in users:
        sys.exit("No bench logins here: fill the database with bench/generate.py first.")
    head_office = Office.objects.get(head__user=users["bench-head"])
    office = Office.objects.filter(hosts_terminals=True).order_by("-code").first()
    card = Card.objects.filter(status="issued").order_by("-serial").first()
    holder = Staff.objects.filter(usage__isnull=False).order_by("employee_number").first()
    with connection.cursor() as cursor:  # an estimate: the size is printed, not counted
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
            [UsageLogEntry._meta.db_table],
        )
        usage = cursor.fetchone()[0]
    print(
        f"{connection.settings_dict['NAME']}: {Office.objects.count():,} offices, "
        f"{Card.objects.count():,} cards, {Staff.objects.count():,} staff, "
        f"~{usage:,} usage-log entries; {runs} runs a page (the first warms up)"
    )
    print(f"{'role':16} {'page':36} {'median':>9} {'p95':>9} {'queries':>7}")
    clients = {}
    for username, label, url in pages(
        office, head_office, card.serial, holder.employee_number, holder.name
    ):
        if only not in f"{username} {label}":
            continue
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(users[username])
        client = clients[username]
        start = time.perf_counter()
        client.get(url)  # warm-up: caches, the first plan
        # a page that takes seconds is timed three times, not RUNS (its p95 is then its max)
        n = runs if time.perf_counter() - start < SLOW_WARMUP_S else min(runs, 3)
        median, p95, queries, slowest = common.measure(lambda c=client, u=url: c.get(u), n)
        print(f"{username[6:]:16} {label:36} {median:7.1f}ms {p95:7.1f}ms {queries:7d}")
        if median > SLOW_MS and slowest:  # where the time goes
            sql = " ".join(slowest["sql"].split())
            print(f"{'':16}   slowest query {float(slowest['time']) * 1000:.0f} ms: {sql[:160]}")

    if only:
        return
    print("PDF")
    admin = clients["bench-sysadmin"]
    roster = Roster.objects.filter(office=office).order_by("-fiscal_year", "-version").first()
    for label, url in (
        ("office ledger PDF", f"/cards/ledger/?office={office.pk}&format=pdf"),
        ("roster PDF", f"/cards/rosters/{roster.pk}/?format=pdf"),
    ):
        start = time.perf_counter()
        response = admin.get(url)
        took = time.perf_counter() - start
        print(
            f"{'sysadmin':16} {label:36} {took * 1000:7.0f}ms  ({len(response.content) // 1024} KB,"
            f" answered {response.status_code})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10, " ".join(sys.argv[2:]))
