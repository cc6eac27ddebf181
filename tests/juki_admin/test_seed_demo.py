import pytest
from django.core.management import CommandError, call_command

from juki_admin.models import Office

from ..factories import OfficeFactory

pytestmark = pytest.mark.django_db


def test_refuses_a_database_with_data_it_did_not_create():
    OfficeFactory(code="Z99", name="本番の所属")
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert Office.objects.count() == 1
    call_command("seed_demo", "--force")
    assert Office.objects.count() == 25
