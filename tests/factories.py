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
