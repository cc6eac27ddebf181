"""Every lifecycle of cards is a table: every step the table does not allow from a status is
refused by its service with the one message, and nothing changes.

The cases are generated from the tables themselves (``cards.choices``), so a new step or a
new status is covered as soon as it is written there; a step without a service below fails
``test_every_step_of_every_table_has_its_service``.
"""

import datetime as dt
import re

import pytest

from cards import services
from cards.choices import (
    CARD_MACHINE,
    INCIDENT_MACHINE,
    INVENTORY_ITEM_MACHINE,
    OUT_WITH_OFFICE,
    ROSTER_EDITABLE,
    ROSTER_MACHINE,
    CardStatus,
    RosterStatus,
)
from cards.models import (
    Card,
    CardEvent,
    Designation,
    Incident,
    IncidentEntry,
    Inventory,
    InventoryItem,
    Roster,
)
from cards.services import CardTransitionError
from juki_admin.errors import DomainError
from juki_admin.states import TransitionError

from ..factories import AffairFactory, CardFactory, StaffFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2012, 4, 10)


def refused_steps(machine):
    """(step, status) for every status the step's row of ``machine`` does not allow."""
    return [
        pytest.param(step, status, id=f"{step}-from-{status}")
        for step, row in machine.steps.items()
        for status in machine.labels
        if status not in row.allowed
    ]


# --- cards ---------------------------------------------------------------------------------


def _card_in(status, office):
    if status in OUT_WITH_OFFICE:
        return CardFactory(status=status, holder=StaffFactory(office=office), office=office)
    return CardFactory(status=status)


CARD_SERVICES = {
    "issue": lambda card, actor, office: services.card_issue(
        card=card,
        actor=actor,
        holder=StaffFactory(office=office),
        acknowledged_receipt=True,
        pledged_not_to_lend=True,
        on=ON,
    ),
    "suspend": lambda card, actor, office: services.card_suspend(
        card=card, actor=actor, reason="理由", on=ON
    ),
    "reinstate": lambda card, actor, office: services.card_reinstate(
        card=card, actor=actor, reason="理由", on=ON
    ),
    "reclaim": lambda card, actor, office: services.card_reclaim(
        card=card, actor=actor, reason="理由", on=ON
    ),
    "return": lambda card, actor, office: services.card_return(
        card=card, actor=actor, reason="理由", on=ON
    ),
    "lost": lambda card, actor, office: services.card_report_lost(
        card=card, actor=actor, reason="理由", on=ON
    ),
    "found": lambda card, actor, office: services.card_mark_found(
        card=card, actor=actor, reason="理由", on=ON
    ),
    "dispose": lambda card, actor, office: services.card_dispose(
        card=card, actor=actor, reason="理由", on=ON
    ),
    "password": lambda card, actor, office: services.card_record_password_change(
        card=card, actor=actor, on=ON
    ),
}


@pytest.mark.parametrize(("step", "status"), refused_steps(CARD_MACHINE))
def test_a_card_step_the_table_does_not_allow_is_refused_and_changes_nothing(
    step, status, office, sysadmin
):
    card = _card_in(status, office)
    before = Card.objects.filter(pk=card.pk).values().get()
    # the card's one message (CardTransitionError keeps the serial in it)
    message = str(CardTransitionError(card, step))
    with pytest.raises(CardTransitionError, match=re.escape(message)):
        CARD_SERVICES[step](card, sysadmin, office)
    assert Card.objects.filter(pk=card.pk).values().get() == before
    assert not CardEvent.objects.filter(card=card).exists()
    assert not Incident.objects.exists()


# --- rosters -------------------------------------------------------------------------------


def _roster_in(status, office):
    return Roster.objects.create(
        office=office,
        fiscal_year=2012,
        version=1,
        status=status,
        effective_on=ON if status == RosterStatus.ACCEPTED else None,
    )


ROSTER_SERVICES = {
    "designate": lambda roster, actor: services.roster_designate(
        roster=roster,
        staff=StaffFactory(office=roster.office),
        use_mode="individual",
        affairs=[AffairFactory()],
        actor=actor,
        on=ON,
    ),
    "undesignate": lambda roster, actor: services.roster_undesignate(
        roster=roster, staff=roster.designations.get().staff, actor=actor, reason="理由"
    ),
    "submit": lambda roster, actor: services.roster_submit(roster=roster, actor=actor),
    "withdraw": lambda roster, actor: services.roster_withdraw(
        roster=roster, actor=actor, reason="理由"
    ),
    "accept": lambda roster, actor: services.roster_accept(roster=roster, actor=actor, on=ON),
    "return": lambda roster, actor: services.roster_return(
        roster=roster, actor=actor, reason="理由"
    ),
}


@pytest.mark.parametrize(("step", "status"), refused_steps(ROSTER_MACHINE))
def test_a_roster_step_the_table_does_not_allow_is_refused_and_changes_nothing(
    step, status, office, sysadmin
):
    roster = _roster_in(status, office)
    Designation.objects.create(
        roster=roster, staff=StaffFactory(office=office), use_mode="individual", designated_on=ON
    )
    before = Roster.objects.filter(pk=roster.pk).values().get()
    message = str(
        TransitionError(roster, ROSTER_MACHINE.labels[status], ROSTER_MACHINE.steps[step].verb)
    )
    with pytest.raises(TransitionError, match=re.escape(message)):
        ROSTER_SERVICES[step](roster, sysadmin)
    assert Roster.objects.filter(pk=roster.pk).values().get() == before
    assert Roster.objects.count() == 1
    assert Designation.objects.filter(roster=roster).count() == 1


def test_the_roster_is_editable_exactly_where_the_table_allows_its_editing_steps():
    for status in RosterStatus.values:
        editable = Roster(status=status).is_editable
        assert editable == (status in ROSTER_EDITABLE)
        for step in ("designate", "undesignate", "submit", "withdraw"):
            assert ROSTER_MACHINE.allows(step, status) == editable


def test_the_roster_admin_offers_only_the_steps_the_table_allows():
    from cards.admin import RosterAdmin

    for status in RosterStatus.values:
        offered = [a.key for a in RosterAdmin.object_actions if a.available(Roster(status=status))]
        assert set(offered) == {"accept", "return"} & set(ROSTER_MACHINE.allowed(status))


@pytest.mark.parametrize("status", RosterStatus.values)
def test_the_roster_page_shows_the_office_head_only_the_buttons_the_table_allows(
    client, status, office, office_head
):
    from django.urls import reverse

    roster = _roster_in(status, office)
    client.force_login(office_head)
    page = client.get(roster.get_absolute_url()).content.decode()
    allowed = set(ROSTER_MACHINE.allowed(status))
    for step in ("designate", "submit", "withdraw"):
        url = reverse(f"cards:roster_{step}", args=[roster.pk])
        assert (url in page) == (step in allowed), step


# --- incidents -----------------------------------------------------------------------------


INCIDENT_SERVICES = {
    "close": lambda incident, actor: services.incident_close(
        incident=incident, actor=actor, reason="理由", on=ON
    ),
}


@pytest.mark.parametrize(("step", "status"), refused_steps(INCIDENT_MACHINE))
def test_an_incident_step_the_table_does_not_allow_is_refused_and_changes_nothing(
    step, status, office, sysadmin
):
    incident = Incident.objects.create(
        title="紛失", office=office, status=status, opened_on=ON, closed_on=ON
    )
    before = Incident.objects.filter(pk=incident.pk).values().get()
    message = str(
        TransitionError(
            incident, INCIDENT_MACHINE.labels[status], INCIDENT_MACHINE.steps[step].verb
        )
    )
    with pytest.raises(DomainError, match=re.escape(message)):
        INCIDENT_SERVICES[step](incident, sysadmin)
    assert Incident.objects.filter(pk=incident.pk).values().get() == before
    assert not IncidentEntry.objects.exists()


# --- inventory items ---------------------------------------------------------------------


INVENTORY_ITEM_SERVICES = {
    step: (
        lambda item, actor, in_hand=(step == "in_hand"): services.inventory_confirm(
            item=item, in_hand=in_hand, actor=actor, note="机の中", on=ON
        )
    )
    for step in ("in_hand", "not_found")
}


@pytest.mark.parametrize(("step", "status"), refused_steps(INVENTORY_ITEM_MACHINE))
def test_an_inventory_item_step_the_table_does_not_allow_is_refused_and_changes_nothing(
    step, status, office, sysadmin
):
    card = _card_in(CardStatus.ISSUED, office)
    inventory = Inventory.objects.create(title="現物確認", opened_on=ON, due_on=ON)
    item = InventoryItem.objects.create(
        inventory=inventory, card=card, office=office, result=status, confirmed_on=ON
    )
    before = InventoryItem.objects.filter(pk=item.pk).values().get()
    card_before = Card.objects.filter(pk=card.pk).values().get()
    message = str(
        TransitionError(
            item, INVENTORY_ITEM_MACHINE.labels[status], INVENTORY_ITEM_MACHINE.steps[step].verb
        )
    )
    with pytest.raises(TransitionError, match=re.escape(message)):
        INVENTORY_ITEM_SERVICES[step](item, sysadmin)
    assert InventoryItem.objects.filter(pk=item.pk).values().get() == before
    assert Card.objects.filter(pk=card.pk).values().get() == card_before
    assert not CardEvent.objects.filter(card=card).exists()
    assert not Incident.objects.exists()


# --- every table, every step ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("machine", "steps"),
    [
        (CARD_MACHINE, CARD_SERVICES),
        (ROSTER_MACHINE, ROSTER_SERVICES),
        (INCIDENT_MACHINE, INCIDENT_SERVICES),
        (INVENTORY_ITEM_MACHINE, INVENTORY_ITEM_SERVICES),
    ],
    ids=["cards", "rosters", "incidents", "inventory-items"],
)
def test_every_step_of_every_table_has_its_service(machine, steps):
    assert set(steps) == set(machine.steps)


def test_the_admin_actions_and_the_card_page_read_the_one_transition_table(
    client, sysadmin, office_head, issued_card
):
    from cards.admin import CARD_ACTIONS
    from cards.choices import TRANSITIONS, actions_allowed

    assert [a.key for a in CARD_ACTIONS] == list(TRANSITIONS)
    assert actions_allowed("issued") == ["suspend", "reclaim", "return", "lost", "password"]
    client.force_login(sysadmin)
    page = client.get(f"/admin/cards/card/{issued_card.pk}/change/").content.decode()
    offered = {key for key in TRANSITIONS if f"/do/{key}/" in page}
    assert offered == set(actions_allowed(issued_card.status))
    client.force_login(office_head)
    card_page = client.get(issued_card.get_absolute_url()).content.decode()
    assert f"/cards/{issued_card.pk}/reclaim/" in card_page
    services.card_reclaim(card=issued_card, actor=office_head, reason="退職")
    card_page = client.get(issued_card.get_absolute_url()).content.decode()
    assert f"/cards/{issued_card.pk}/reclaim/" not in card_page  # reclaimed: not again
