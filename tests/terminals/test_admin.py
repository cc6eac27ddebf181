"""The terminals app in the Django admin."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from terminals import services

from ..factories import (
    StaffFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date


def moment(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_admin_enrols_an_operator_and_refuses_a_collation_id_in_use(client, sysadmin, office):
    from terminals.models import VeinEnrolment

    first, second = StaffFactory(office=office), StaffFactory(office=office)
    client.force_login(sysadmin)
    url = reverse("admin:terminals_veinenrolment_list_action", args=["enrol"])
    data = {"operator": first.pk, "operator_code": "OP1", "collation_id": "VC1"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"operator": second.pk, "operator_code": "OP2"})
    assert response.status_code == 200 and "照合ID VC1 は使用中" in response.content.decode()
    assert VeinEnrolment.objects.count() == 1


def test_admin_removes_an_enrolment_with_a_reason(client, sysadmin, office):
    person = StaffFactory(office=office)
    enrolment = services.vein_enrol(
        operator=person, operator_code="OP1", collation_id="VC1", actor=sysadmin
    )
    client.force_login(sysadmin)
    url = reverse("admin:terminals_veinenrolment_action", args=[enrolment.pk, "remove"])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "異動"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.removed_on is not None
    assert enrolment.history.first().history_change_reason == "異動"
