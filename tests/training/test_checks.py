"""The card-issue check of new-operator training."""

import datetime as dt

import pytest
from django.test import override_settings

from cards.choices import CardStatus
from juki_admin.errors import DomainError
from training.choices import AttendanceStatus as A
from training.choices import SessionKind

from ..cards.conftest import issue
from ..factories import CardFactory, accepted_roster
from .conftest import attend, session

pytestmark = pytest.mark.django_db
D = dt.date


def test_card_issue_is_refused_before_new_operator_training(newcomer, sysadmin, plan):
    card = CardFactory(registered_on=D(2026, 4, 1))
    with pytest.raises(DomainError, match="新人研修"):
        issue(card, newcomer, sysadmin, on=D(2026, 5, 1))
    card.refresh_from_db()
    assert card.status == CardStatus.STOCK
    attend(
        session(plan, sysadmin, SessionKind.NEW_OPERATOR, D(2026, 4, 20)),
        sysadmin,
        (newcomer, A.PRESENT, ""),
    )
    assert issue(card, newcomer, sysadmin, on=D(2026, 5, 1)).status == CardStatus.ISSUED


def test_absence_from_new_operator_training_does_not_count(newcomer, sysadmin, plan):
    attend(
        session(plan, sysadmin, SessionKind.NEW_OPERATOR, D(2026, 4, 20)),
        sysadmin,
        (newcomer, A.ABSENT, ""),
    )
    with pytest.raises(DomainError, match="新人研修"):
        issue(CardFactory(registered_on=D(2026, 4, 1)), newcomer, sysadmin, on=D(2026, 5, 1))


@override_settings(TRAINING_NEW_OPERATOR_RULE="warn")
def test_in_warn_mode_the_card_is_issued_and_the_warning_kept(newcomer, sysadmin):
    card = issue(CardFactory(registered_on=D(2026, 4, 1)), newcomer, sysadmin, on=D(2026, 5, 1))
    assert card.status == CardStatus.ISSUED
    assert "新人研修" in card.events.get(kind="issue").details["warnings"][0]


def test_someone_issued_a_card_before_is_not_newly_designated(newcomer, sysadmin):
    from cards import services as card_services

    with override_settings(TRAINING_NEW_OPERATOR_RULE="warn"):
        first = issue(
            CardFactory(registered_on=D(2026, 4, 1)), newcomer, sysadmin, on=D(2026, 5, 1)
        )
    card_services.card_report_lost(card=first, actor=sysadmin, on=D(2026, 6, 1))
    second = issue(CardFactory(registered_on=D(2026, 4, 1)), newcomer, sysadmin, on=D(2026, 6, 2))
    assert second.status == CardStatus.ISSUED  # a replacement card, not a new operator


def test_cards_recorded_from_before_the_rules_are_not_checked(newcomer, office, sysadmin):
    accepted_roster(office, individual=[newcomer], fiscal_year=2012)
    card = issue(CardFactory(registered_on=D(2007, 4, 1)), newcomer, sysadmin, on=D(2012, 4, 2))
    assert card.status == CardStatus.ISSUED


def test_the_refusal_in_the_admin_links_to_where_the_training_is_recorded(
    client, newcomer, sysadmin, plan
):
    from django.urls import reverse

    card = CardFactory(registered_on=D(2026, 4, 1))
    client.force_login(sysadmin)
    url = reverse("admin:cards_card_action", args=[card.pk, "issue"])
    response = client.post(
        url,
        {
            "holder": newcomer.pk,
            "reason": "交付",
            "acknowledged_receipt": "on",
            "pledged_not_to_lend": "on",
            "on": "令和8年5月1日",
        },
        follow=True,
    )
    page = response.content.decode()
    fix = reverse("admin:training_trainingsession_changelist") + "?kind__exact=new_operator"
    assert "新人研修" in page
    assert f'<a href="{fix}">新人研修の実施記録</a>' in page
    card.refresh_from_db()
    assert card.status == CardStatus.STOCK
