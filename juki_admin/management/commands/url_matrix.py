"""manage.py url_matrix: what every URL answers, as each role, in the rows of the access
matrix (tests/demo/matrix.py ``EXPECTED``), to write the row of a new URL.

Runs on the demo data inside a transaction it always rolls back: the demo is loaded
(``seed_demo``, idempotent: run it on an empty, migrated database or on the demo), the other
office's records are made (``url_matrix.other_office_records``), then each role requests
every URL case with Django's test client (GET, and a POST where the GET answers 405), signed
in as the tests sign in (``force_login``, the second step of two-factor sign-in off), each
request undone at once. PDFs are drawn by a stand-in: who may have one is decided before it
is drawn. The log is silenced while the walk runs. Nothing is kept.
"""

from __future__ import annotations

import logging
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.test.utils import (
    override_settings,
    setup_test_environment,
    teardown_test_environment,
)

from juki_admin.models import Office
from juki_admin.url_matrix import OTHER, OWN, ROLES, all_cases, answer, other_office_records


class Rollback(Exception):
    """Leaves the transaction, undone."""


def _cells(by_role: dict[str, dict[str | None, str]]) -> str:
    out = []
    for role in ROLES:
        by_office = by_role[role]
        own, other = by_office.get(OWN), by_office.get(OTHER)
        if own is None:
            out.append(by_office[None])
        else:
            out.append(own if own == other else f"{own}/{other}")
    return " ".join(out)


class Command(BaseCommand):
    help = "Print what every URL answers to each role, as rows of the access matrix."

    def handle(self, *args, **options):
        setup_test_environment()  # the test client's host, mail kept in memory
        logging.disable(logging.CRITICAL)
        try:
            with override_settings(TWO_FACTOR_ENFORCED=False), transaction.atomic():
                self.print_rows()
                raise Rollback
        except Rollback:
            pass
        finally:
            logging.disable(logging.NOTSET)
            teardown_test_environment()

    def print_rows(self) -> None:
        call_command("seed_demo", verbosity=0, stdout=self.stderr)
        offices = {o.code: o for o in Office.objects.filter(code__in=[OWN, OTHER])}
        users = get_user_model().objects
        other_office_records(offices, users.get(username="sysadmin"))
        cases = all_cases(offices)
        gets: dict[str, dict[str, dict[str | None, str]]] = {}
        posts: dict[str, dict[str, dict[str | None, str]]] = {}
        stand_in = mock.patch("juki_admin.pdf.render_pdf", return_value=b"%PDF-1.7 stand-in")
        with stand_in:
            for role in ROLES:
                client = Client(raise_request_exception=False)
                if role != "anon":
                    client.force_login(users.get(username=role))
                for case in cases:
                    with transaction.atomic():  # what a request writes is undone at once
                        got = answer(client.get(case.url))
                        gets.setdefault(case.key, {}).setdefault(role, {})[case.office] = got
                        if got == "405":
                            got = answer(client.post(case.url, {}))
                        posts.setdefault(case.key, {}).setdefault(role, {})[case.office] = got
                        transaction.set_rollback(True)
        for key, by_role in gets.items():
            get, post = _cells(by_role), _cells(posts[key])
            row = f'    ("{key}", "{get}"' + (f', "{post}"),' if post != get else "),")
            self.stdout.write(row)
