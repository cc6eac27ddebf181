import datetime as dt

import pytest

from cards.services import card_issue

from ..factories import CardFactory, StaffFactory, accepted_roster


@pytest.fixture(autouse=True)
def no_training_check(settings):
    """Card tests are about cards; the training check on issue is tested in tests/training
    (tests that configure CARD_ISSUE_CHECKS themselves still override this)."""
    settings.CARD_ISSUE_CHECKS = []


@pytest.fixture
def designated(office):
    """An operator of ``office`` designated for an individual card on the accepted roster."""
    staff = StaffFactory(office=office, name="窓口 花子")
    accepted_roster(office, individual=[staff])
    return staff


def issue(card, holder, actor, on=dt.date(2010, 5, 1), *, group=None, reason="交付"):
    """``card`` issued through the service to ``holder`` (or to ``group``), acknowledged."""
    return card_issue(
        card=card,
        holder=holder,
        group=group,
        actor=actor,
        reason=reason,
        acknowledged_receipt=True,
        pledged_not_to_lend=True,
        on=on,
    )


def issue_to_group(card, group, actor, on=dt.date(2010, 5, 1)):
    """A group card (操作グループ識別カード) issued to ``group``."""
    return issue(card, None, actor, on, group=group, reason="貸与")


@pytest.fixture
def issued_card(designated, sysadmin):
    return issue(CardFactory(), designated, sysadmin)
