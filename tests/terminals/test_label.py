"""The terminal's QR label, the usage form it opens, and the usage-log PDF's title."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cards.models import Card
from juki_admin import fiscal
from juki_admin.access import Role
from terminals import services
from terminals.models import Terminal

from ..factories import make_user

pytestmark = pytest.mark.django_db


def test_the_label_encodes_the_usage_form_with_its_terminal(client, office_head, terminal):
    client.force_login(office_head)
    response = client.get(reverse("terminals:terminal_label", args=[terminal.pk]))
    page = response.content.decode()
    target = f"http://testserver{reverse('terminals:usage_new')}?terminal={terminal.pk}"
    assert target in page
    assert "<svg" in page and terminal.asset_number in page
    pdf = client.get(reverse("terminals:terminal_label", args=[terminal.pk]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # the office's registers link to it
    registers = client.get(reverse("terminals:registers")).content.decode()
    assert reverse("terminals:terminal_label", args=[terminal.pk]) in registers


def test_another_offices_terminal_label_answers_404(client, terminal, other_office):
    for role in (Role.OFFICE_HEAD, Role.OPERATOR):
        client.force_login(make_user(role, other_office))
        url = reverse("terminals:terminal_label", args=[terminal.pk])
        assert client.get(url).status_code == 404
        assert client.get(url, {"format": "pdf"}).status_code == 404


def test_the_scanned_terminal_is_chosen_and_a_foreign_one_refused_with_a_word(
    client, operator_user, terminal, affair, other_office
):
    second = Terminal.objects.create(
        asset_number="T-S02-02", office=terminal.office, installed_on=dt.date(2024, 3, 1)
    )
    foreign = Terminal.objects.create(
        asset_number="T-S01-09", office=other_office, installed_on=dt.date(2024, 3, 1)
    )
    client.force_login(operator_user)
    url = reverse("terminals:usage_new")

    def chosen(**query):
        page = client.get(url, query).content.decode()
        select = re.search(r'<select name="terminal".*?</select>', page, re.S).group(0)
        return re.findall(r'value="(\d+)" selected', select)

    # without a scan the first usable terminal is chosen; the scan chooses the label's
    assert chosen() == [str(terminal.pk)]
    assert chosen(terminal=second.pk) == [str(second.pk)]
    page = client.get(url, {"terminal": foreign.pk}, follow=True).content.decode()
    assert "T-S01-09" not in page
    assert "利用を記録できる端末機ではありません" in page
    # junk in the query string answers 404 as every malformed id does, never a 500
    assert client.get(url, {"terminal": "x'; drop"}).status_code == 404
    assert client.get(url, {"terminal": "9" * 40}).status_code == 404


def test_the_usage_log_pdf_is_titled_with_the_log_office_not_the_readers(
    client, operator_user, terminal, affair, sysadmin, pdf_text
):
    services.usage_start(
        operator=operator_user.staff,
        terminal=terminal,
        card=Card.objects.get(serial="C-OP1"),
        affair=affair,
        actor=operator_user,
    )
    client.force_login(sysadmin)  # the system administrator's own office is not the log's
    today = fiscal.today()
    response = client.get(
        reverse("terminals:usage_list"), {"format": "pdf", "month": f"{today:%Y-%m}"}
    )
    text = pdf_text(response.content)
    assert f"端末機利用簿（{terminal.office.name}）" in text.replace("\n", "")
    assert "令和" in text and f"{today.year}年{today.month}月" not in text


def test_a_removed_terminal_has_no_label(client, sysadmin, terminal):
    services.terminal_set_status(
        terminal=terminal, status="stored", actor=sysadmin, reason="故障", on=dt.date(2026, 1, 5)
    )
    client.force_login(sysadmin)
    url = reverse("terminals:terminal_label", args=[terminal.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"format": "pdf"}).status_code == 404
    change = client.get(reverse("admin:terminals_terminal_change", args=[terminal.pk]))
    assert url not in change.content.decode()
