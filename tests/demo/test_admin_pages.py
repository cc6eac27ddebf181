"""Every admin page of every model opens, for the system administrator and, read-only, for
the security chief (with the demo data, so that lists and forms have rows to show)."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse


@pytest.mark.parametrize("username", ["sysadmin", "chief"])
def test_every_admin_list_change_and_history_page_opens(client, username):
    user = get_user_model().objects.get(username=username)
    request = RequestFactory().get("/")
    request.user = user
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        response = client.get(reverse(f"{prefix}_changelist"))
        # both read every list: the chief's are read-only, none is refused
        assert response.status_code == 200, (prefix, response.status_code)
        obj = model_admin.get_queryset(request).first()
        if obj is None:
            continue
        for view in ("change", "history"):
            page = reverse(f"{prefix}_{view}", args=[obj.pk])
            assert client.get(page).status_code == 200, page


def test_the_security_chief_reads_but_does_not_change(client):
    client.force_login(get_user_model().objects.get(username="chief"))
    body = client.get(reverse("admin:cards_card_changelist")).content.decode()
    assert "CS02900" in body
    assert reverse("admin:cards_card_list_action", args=["register"]) not in body
    assert client.get(reverse("admin:cards_card_list_action", args=["register"])).status_code == 403
    card_page = client.get(reverse("admin:cards_card_change", args=[1])).content.decode()
    assert "/do/" not in card_page  # no lifecycle action offered
