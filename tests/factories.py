"""factory_boy factories shared by every test module."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from juki_admin.access import GROUP_NAMES
from juki_admin.choices import CardMode, EmploymentType, OfficeKind
from juki_admin.models import Office, Staff


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{n:03d}")
    name = factory.Sequence(lambda n: f"テスト事務所{n}")
    kind = OfficeKind.REGIONAL_OFFICE
    card_mode = CardMode.INDIVIDUAL
    hosts_terminals = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
        if create:
            self.save()


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"職員 {n}")
    kana = "ショクイン"
    office = factory.SubFactory(OfficeFactory)
    employment_type = EmploymentType.REGULAR


def make_user(role, office=None, *, username=None, is_staff=False, **staff_kwargs):
    """A login with ``role``, linked to a new member of staff of ``office``."""
    user = UserFactory(
        roles=[role], is_staff=is_staff, **({"username": username} if username else {})
    )
    StaffFactory(user=user, office=office or OfficeFactory(), **staff_kwargs)
    return user


# --- cards -------------------------------------------------------------------------------

import datetime as dt  # noqa: E402

from cards.choices import CardKind, GroupUnit, UseMode  # noqa: E402
from cards.models import (  # noqa: E402
    Affair,
    Card,
    GroupMembership,
    OperatorGroup,
)


class AffairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affair
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"A{n:02d}")
    name = factory.Sequence(lambda n: f"利用事務{n}")


class CardFactory(factory.django.DjangoModelFactory):
    """A card in stock; use the services to move it."""

    class Meta:
        model = Card

    serial = factory.Sequence(lambda n: f"C{n:06d}")
    kind = CardKind.INDIVIDUAL
    registered_on = dt.date(2010, 4, 1)


class OperatorGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatorGroup

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"第{n}班")
    unit = GroupUnit.TEAM


def add_member(group, staff=None):
    staff = staff or StaffFactory(office=group.office)
    GroupMembership.objects.create(group=group, staff=staff)
    return staff


def accepted_roster(
    office,
    *,
    individual=(),
    group_use=(),
    fiscal_year=2010,
    accepted_on: dt.date | None = None,
    group=None,
):
    """An accepted roster of ``office`` designating the given staff, made through the
    services (open, designate, approve, accept) as of ``accepted_on`` (default 1 April of
    ``fiscal_year``)."""
    from cards import services

    on = accepted_on or dt.date(fiscal_year, 4, 1)
    clerk = UserFactory(username="roster-clerk")
    affair = AffairFactory(code="PASS", name="旅券事務")
    roster = services.roster_open(office=office, fiscal_year=fiscal_year, actor=clerk)
    for staff in roster.designations.values_list("staff_id", flat=True):
        if staff not in {p.pk for p in [*individual, *group_use]}:
            services.roster_undesignate(
                roster=roster, staff=Staff.objects.get(pk=staff), actor=clerk, reason="入替"
            )
    for people, mode in ((individual, UseMode.INDIVIDUAL), (group_use, UseMode.GROUP)):
        for staff in people:
            services.roster_designate(
                roster=roster,
                staff=staff,
                use_mode=mode,
                group=group if mode == UseMode.GROUP else None,
                affairs=[affair],
                actor=clerk,
                on=on,
            )
    services.roster_submit(roster=roster, actor=clerk)
    return services.roster_accept(roster=roster, actor=clerk, on=on)


def bulk_issued_cards(office, n: int, *, start: int = 0, retired_every: int = 0):
    """``n`` staff of ``office`` each holding an issued card, written in bulk (no history):
    data for query-count tests and benchmarks only."""
    from juki_admin.choices import StaffStatus
    from juki_admin.models import Staff

    def leaving(i):
        return bool(retired_every) and i % retired_every == 0

    holders = Staff.objects.bulk_create(
        [
            Staff(
                employee_number=f"Q{start + i:07d}",
                name=f"職員{start + i}",
                office=office,
                status=StaffStatus.RETIRED if leaving(i) else StaffStatus.ACTIVE,
                status_date=dt.date(2020, 3, 31) if leaving(i) else None,
            )
            for i in range(n)
        ]
    )
    cards = Card.objects.bulk_create(
        [
            Card(
                serial=f"B{start + i:07d}",
                kind=CardKind.INDIVIDUAL,
                status="issued",
                holder=holder,
                office=office,
                registered_on=dt.date(2010, 4, 1),
                issued_on=dt.date(2010, 5, 1),
            )
            for i, holder in enumerate(holders)
        ]
    )
    from cards.models import CardEvent

    CardEvent.objects.bulk_create(  # the ledger's issue entries, as the service writes them
        [
            CardEvent(
                card=card,
                kind="issue",
                occurred_on=dt.date(2010, 5, 1),
                office=office,
                holder=card.holder,
            )
            for card in cards
        ]
    )
    from cards.services import reclaim_watch_refresh

    reclaim_watch_refresh(cards=Card.objects.filter(pk__in=[c.pk for c in cards]), actor=None)
    return cards


def bulk_group_cards(n: int, *, start: int = 0):
    """``n`` group cards in use, each of its own operator group in its own office (with an
    office head), written in bulk (no history): data for query-count tests only."""
    offices = Office.objects.bulk_create(
        [
            Office(code=f"G{start + i:05d}", name=f"グループ事務所{start + i}", kind="tax_office")
            for i in range(n)
        ]
    )
    heads = Staff.objects.bulk_create(
        [
            Staff(employee_number=f"H{start + i:07d}", name=f"所属長{start + i}", office=o)
            for i, o in enumerate(offices)
        ]
    )
    for office, head in zip(offices, heads, strict=True):
        office.head = head
    Office.objects.bulk_update(offices, ["head"])
    groups = OperatorGroup.objects.bulk_create(
        [OperatorGroup(office=o, name="窓口班", unit=GroupUnit.TEAM) for o in offices]
    )
    return Card.objects.bulk_create(
        [
            Card(
                serial=f"G{start + i:07d}",
                kind=CardKind.GROUP,
                status="issued",
                group=group,
                office=group.office,
                registered_on=dt.date(2010, 4, 1),
                issued_on=dt.date(2010, 5, 1),
            )
            for i, group in enumerate(groups)
        ]
    )
