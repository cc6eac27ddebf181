"""The portal: sign-in, sign-out, a home page per role, Japanese by default."""

import pytest
from django.urls import reverse

from juki_admin.access import Role

from ..conftest import figure
from ..factories import OfficeFactory, StaffFactory, make_user

pytestmark = pytest.mark.django_db


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_sign_in_page_is_in_japanese_by_default(client):
    body = client.get(reverse("portal:login")).content.decode()
    assert "ログイン" in body
    assert 'lang="ja"' in body


def test_english_is_available(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    body = client.get(reverse("portal:login")).content.decode()
    assert "Sign in" in body
    assert 'lang="en"' in body


def test_sign_in_and_out(client, office_head):
    response = client.post(
        reverse("portal:login"), {"username": "head", "password": "pass-for-tests-1"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("portal:logout"))
    assert client.get("/").status_code == 302


def test_admin_sign_in_page_is_in_japanese(client):
    body = client.get("/admin/login/").content.decode()
    assert "ログイン" in body


def test_office_head_home_shows_their_role_office_and_figures(client, office, office_head):
    StaffFactory.create_batch(3, office=office)
    StaffFactory.create_batch(5, office=OfficeFactory())
    client.force_login(office_head)
    body = client.get("/").content.decode()
    assert "所属長" in body
    assert office.name in body
    assert "操作者を指定" in body  # what an office head does here
    # 3 + the head's own record, never the other office's 5
    assert figure(body, "staff") == "4"
    assert 'data-figure="offices"' not in body  # no prefecture-wide figures for an office head


def test_system_administrator_home_counts_every_office(client, sysadmin, office):
    StaffFactory.create_batch(2, office=office)
    client.force_login(sysadmin)
    body = client.get("/").content.decode()
    assert "システム管理者" in body
    assert reverse("admin:index") in body
    assert figure(body, "staff") == "3"  # two here and the administrator
    assert figure(body, "offices") == "2"


def test_home_shows_the_era_date_and_fiscal_year(client, operator):
    client.force_login(operator)
    body = client.get("/").content.decode()
    assert "令和" in body and "年度" in body


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_a_home_page(client, role):
    client.force_login(make_user(role, OfficeFactory()))
    assert client.get("/").status_code == 200


def test_each_role_sees_the_menu_of_what_it_does(client):
    from juki_admin.portal import menu

    operator = make_user(Role.OPERATOR, OfficeFactory())
    labels = [str(label) for label, _url in menu(operator)]
    assert labels == ["ホーム", "利用簿", "管理簿", "研修", "自己点検"]
    client.force_login(operator)
    body = client.get("/").content.decode()
    assert reverse("cards:card_list") not in body and reverse("audits:plans") not in body
    auditor = make_user(Role.AUDITOR, OfficeFactory(), is_staff=True)
    client.force_login(auditor)
    body = client.get(reverse("terminals:usage_list")).content.decode()
    assert reverse("audits:plans") in body
    assert reverse("terminals:usage_new") not in body  # an auditor records no use
