import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from juki_admin.choices import StaffStatus
from juki_admin.models import Office, Staff

from ..factories import OfficeFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_employee_number_is_stored_nfkc_normalised_and_trimmed():
    staff = StaffFactory(employee_number="　Ｓ０２００１ ")
    staff.refresh_from_db()
    assert staff.employee_number == "S02001"


def test_full_width_digits_typed_by_a_user_find_the_employee():
    staff = StaffFactory(employee_number="123456")
    assert Staff.objects.get(employee_number="１２３４５６") == staff
    assert Staff.objects.filter(employee_number__in=["１２３４５６ "]).get() == staff


def test_employee_number_is_unique_after_normalisation():
    StaffFactory(employee_number="123456")
    # SQLite names the column, PostgreSQL the constraint
    with (
        pytest.raises(IntegrityError, match=r"juki_admin_staff[._]employee_number"),
        transaction.atomic(),
    ):
        StaffFactory(employee_number="１２３４５６")


def test_office_code_is_normalised_too():
    OfficeFactory(code="Ｓ０１")
    assert Office.objects.get(code="S01").code == "S01"


def test_database_refuses_an_unknown_staff_status():
    staff = StaffFactory()
    with pytest.raises(IntegrityError, match="juki_admin_staff_status_valid"), transaction.atomic():
        # with a date, so that only the status's own constraint can refuse it
        Staff.objects.filter(pk=staff.pk).update(
            status="vanished", status_date=dt.date(2026, 3, 31)
        )


def test_database_refuses_a_leaving_status_without_its_date():
    staff = StaffFactory()
    with (
        pytest.raises(IntegrityError, match="juki_admin_staff_leaving_status_has_date"),
        transaction.atomic(),
    ):
        Staff.objects.filter(pk=staff.pk).update(status=StaffStatus.RETIRED)


def test_database_refuses_an_unknown_office_kind():
    office = OfficeFactory()
    with pytest.raises(IntegrityError, match="juki_admin_office_kind_valid"), transaction.atomic():
        Office.objects.filter(pk=office.pk).update(kind="embassy")


def test_has_left_counts_from_the_effective_date():
    staff = StaffFactory(status=StaffStatus.RETIRED, status_date=dt.date(2011, 9, 30))
    assert not staff.has_left(dt.date(2011, 9, 29))
    assert staff.has_left(dt.date(2011, 9, 30))
    assert StaffFactory().has_left() is False


def test_every_model_keeps_history():
    """Every model of the project has a history table (and logins too)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    project = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"juki_admin", "cards", "training", "terminals", "audits"}
        and not m.__name__.startswith("Historical")
    ]
    assert len(project) > 20
    # the access log and its links to findings are append-only records in themselves, and so
    # is a form's one-time token (juki_admin.once: written once when the form is first sent)
    append_only = {"AccessRecord", "AccessFindingRecord", "SubmittedForm"}
    missing = [m.__name__ for m in [*project, get_user_model()] if not hasattr(m, "history")]
    assert sorted(missing) == sorted(append_only)


def test_a_name_keeps_its_compatibility_ideographs_and_only_its_width_is_normalised():
    staff = StaffFactory(name="\ufa10本　ﾀﾛｳ", kana="ﾂｶﾓﾄ ﾀﾛｳ")
    staff.refresh_from_db()
    assert staff.name == "\ufa10本 タロウ"  # 塚 (U+FA10) stays U+FA10
    assert staff.kana == "ツカモト タロウ"


def test_a_name_with_a_private_use_character_is_refused():
    from django.core.exceptions import ValidationError

    staff = StaffFactory.build(name="山\ue000", office=OfficeFactory())
    with pytest.raises(ValidationError, match="U\\+E000"):
        staff.full_clean()
