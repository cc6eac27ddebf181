"""The database itself refuses impossible cards, whatever writes to it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from cards.choices import CardKind, CardStatus
from cards.models import Card

from ..factories import CardFactory, OperatorGroupFactory, StaffFactory

pytestmark = pytest.mark.django_db


def refused(constraint, **fields):
    """The card of ``fields`` is refused by the database, naming ``constraint`` (PostgreSQL
    names every constraint; SQLite a CHECK by its name, a UNIQUE index by its columns)."""
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        CardFactory(**fields)


OUT_HAS_HOLDER = "cards_card_card_out_has_holder_and_office"
ONE_PER_HOLDER = r"cards_card_one_card_in_use_per_holder|cards_card\.holder_id"
ONE_PER_GROUP = r"cards_card_one_card_in_use_per_group|cards_card\.group_id"


def test_an_individual_card_has_no_group(office):
    refused(
        "cards_card_individual_card_has_no_group",
        kind=CardKind.INDIVIDUAL,
        status=CardStatus.ISSUED,
        office=office,
        holder=StaffFactory(office=office),
        group=OperatorGroupFactory(office=office),
    )


def test_a_group_card_has_no_holder(office):
    refused(
        "cards_card_group_card_has_no_holder",
        kind=CardKind.GROUP,
        status=CardStatus.ISSUED,
        office=office,
        holder=StaffFactory(office=office),
        group=OperatorGroupFactory(office=office),
    )


def test_an_issued_card_has_a_holder_and_an_office(office):
    refused(OUT_HAS_HOLDER, status=CardStatus.ISSUED, office=office)
    refused(OUT_HAS_HOLDER, status=CardStatus.ISSUED, holder=StaffFactory(office=office))
    refused(OUT_HAS_HOLDER, kind=CardKind.GROUP, status=CardStatus.ISSUED, office=office)


def test_a_card_in_stock_belongs_to_nobody(office):
    refused(
        "cards_card_card_in_stock_belongs_to_nobody",
        status=CardStatus.STOCK,
        holder=StaffFactory(office=office),
        office=office,
    )


def test_a_person_has_at_most_one_card_in_use(office):
    holder = StaffFactory(office=office)
    CardFactory(status=CardStatus.ISSUED, holder=holder, office=office)
    refused(ONE_PER_HOLDER, status=CardStatus.SUSPENDED, holder=holder, office=office)
    # a reclaimed or lost card is not in use: a second card may then be issued
    CardFactory(status=CardStatus.LOST, holder=holder, office=office)


def test_a_group_has_at_most_one_card_in_use(office):
    group = OperatorGroupFactory(office=office)
    CardFactory(kind=CardKind.GROUP, status=CardStatus.ISSUED, group=group, office=office)
    refused(
        ONE_PER_GROUP, kind=CardKind.GROUP, status=CardStatus.ISSUED, group=group, office=office
    )


def test_a_card_is_in_one_known_state():
    card = CardFactory()
    with pytest.raises(IntegrityError, match="cards_card_status_valid"), transaction.atomic():
        Card.objects.filter(pk=card.pk).update(status="borrowed")


def test_serials_are_unique_after_normalisation():
    CardFactory(serial="AB0001")
    refused(r"cards_card_serial|cards_card\.serial", serial="ＡＢ０００１")


def test_an_inventory_is_not_due_before_it_opens():
    from cards.models import Inventory

    with (
        pytest.raises(IntegrityError, match="cards_inventory_due_after_opening"),
        transaction.atomic(),
    ):
        Inventory.objects.create(
            title="x", opened_on=dt.date(2012, 5, 1), due_on=dt.date(2012, 4, 1)
        )
