"""The demo data: the paper's offices and staff, one login per role, idempotent."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from juki_admin import demo_data
from juki_admin.access import Role, roles_of
from juki_admin.choices import EmploymentType, StaffStatus
from juki_admin.models import Office, Staff


def test_seed_demo_loads_the_24_offices_of_the_placement_table():
    assert Office.objects.count() == 24
    assert set(Office.objects.values_list("name", flat=True)) == {o.name for o in demo_data.OFFICES}
    # 21 offices host terminals after the expansion (paper, 4(2)), all but three.
    assert Office.objects.filter(hosts_terminals=True).count() == 21
    assert Office.objects.filter(head__isnull=True).count() == 0


def test_higashi_katsushika_passport_office_has_7_regular_and_21_part_time_staff():
    # the 28 of the paper; the 29th is the employee who retired in September 2011
    in_post = Staff.objects.filter(office__name="東葛飾旅券事務所").exclude(
        employee_number=demo_data.RETIRED_EMPLOYEE_NUMBER
    )
    assert in_post.count() == 28
    assert in_post.filter(employment_type=EmploymentType.REGULAR).count() == 7
    assert in_post.filter(employment_type=EmploymentType.PART_TIME).count() == 21
    retired = Staff.objects.get(employee_number=demo_data.RETIRED_EMPLOYEE_NUMBER)
    assert (retired.status, retired.status_date) == (StaffStatus.RETIRED, demo_data.RETIRED_ON)


def test_seed_demo_creates_one_login_per_role():
    User = get_user_model()
    found = set()
    for username in ("sysadmin", "chief", "auditor", "head", "manager", "operator"):
        user = User.objects.get(username=username)
        assert user.check_password("juki-demo-2026")
        found |= roles_of(user)
    assert found == set(Role.values)


def test_a_second_run_duplicates_and_changes_nothing():
    call_command("seed_demo")
    counts = (Office.objects.count(), Staff.objects.count(), get_user_model().objects.count())
    history = Staff.history.count()
    call_command("seed_demo")
    assert (
        Office.objects.count(),
        Staff.objects.count(),
        get_user_model().objects.count(),
    ) == counts
    assert Staff.history.count() == history


def test_logins_are_printed_only_with_debug(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")
    assert "juki-demo-2026" not in capsys.readouterr().out
    settings.DEBUG = True
    call_command("seed_demo")
    assert "juki-demo-2026" in capsys.readouterr().out


def test_seed_demo_without_actor_records_its_own_system_administrator():
    office = Office.objects.get(code="S02")
    assert office.history.earliest().history_user.username == "sysadmin"


def test_seed_demo_includes_a_training_plan_and_sessions_of_the_current_year():
    from training.choices import SessionKind
    from training.models import TrainingPlan

    plan = TrainingPlan.objects.get()
    assert {s.kind for s in plan.sessions.all()} == set(SessionKind.values)
