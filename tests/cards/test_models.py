"""The database itself refuses impossible cards, whatever writes to it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from cards.choices import CardKind, CardStatus
from cards.models import Card

from ..factories import CardFactory, OperatorGroupFactory, StaffFactory

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        CardFactory(**fields)


def test_an_individual_card_has_no_group(office):
    refused(
        kind=CardKind.INDIVIDUAL,
        status=CardStatus.ISSUED,
        office=office,
        holder=StaffFactory(office=office),
        group=OperatorGroupFactory(office=office),
    )


def test_a_group_card_has_no_holder(office):
    refused(
        kind=CardKind.GROUP,
        status=CardStatus.ISSUED,
        office=office,
        holder=StaffFactory(office=office),
        group=OperatorGroupFactory(office=office),
    )


def test_an_issued_card_has_a_holder_and_an_office(office):
    refused(status=CardStatus.ISSUED, office=office)
    refused(status=CardStatus.ISSUED, holder=StaffFactory(office=office))
    refused(kind=CardKind.GROUP, status=CardStatus.ISSUED, office=office)


def test_a_card_in_stock_belongs_to_nobody(office):
    refused(status=CardStatus.STOCK, holder=StaffFactory(office=office), office=office)


def test_a_person_has_at_most_one_card_in_use(office):
    holder = StaffFactory(office=office)
    CardFactory(status=CardStatus.ISSUED, holder=holder, office=office)
    refused(status=CardStatus.SUSPENDED, holder=holder, office=office)
    # a reclaimed or lost card is not in use: a second card may then be issued
    CardFactory(status=CardStatus.LOST, holder=holder, office=office)


def test_a_group_has_at_most_one_card_in_use(office):
    group = OperatorGroupFactory(office=office)
    CardFactory(kind=CardKind.GROUP, status=CardStatus.ISSUED, group=group, office=office)
    refused(kind=CardKind.GROUP, status=CardStatus.ISSUED, group=group, office=office)


def test_a_card_is_in_one_known_state():
    card = CardFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Card.objects.filter(pk=card.pk).update(status="borrowed")


def test_serials_are_unique_after_normalisation():
    CardFactory(serial="AB0001")
    refused(serial="ＡＢ０００１")


def test_an_inventory_is_not_due_before_it_opens():
    from cards.models import Inventory

    with pytest.raises(IntegrityError), transaction.atomic():
        Inventory.objects.create(
            title="x", opened_on=dt.date(2012, 5, 1), due_on=dt.date(2012, 4, 1)
        )
