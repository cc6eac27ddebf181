"""The system administrator's admin site, installed the documented way: ``JukiAdminSiteConfig``
stands in ``INSTALLED_APPS`` for ``django.contrib.admin`` and names ``JukiAdminSite`` as the
default site, so that every app's ``@admin.register`` and ``admin.site`` reach this one.

What it changes from Django's own site: its titles, no bulk deletion (nothing is deleted from
the admin), logins named by their people in the autocomplete lists, and none of the admin
pages that Django's and django-otp's apps register for themselves (groups are the six roles,
kept by ``roles``; logins have the project's own page; authenticator secrets and recovery
codes are nobody's to read, the read-only roles included — the login's page resets them).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView

#: The admin modules whose registrations this site declines (their pages are not offered).
NOT_OFFERED = frozenset(
    {
        "django.contrib.auth.admin",
        "django_otp.plugins.otp_totp.admin",
        "django_otp.plugins.otp_static.admin",
        "django_otp_webauthn.admin",
    }
)


class NamedAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, a login shown by its person's name (family name first)."""

    def serialize_result(self, obj, to_field_name):
        from django.contrib.auth import get_user_model

        from .people import display_name

        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, get_user_model()):
            result["text"] = display_name(obj)
        return result


class JukiAdminSite(admin.AdminSite):
    site_header = "住基ネット端末機・操作者識別カード管理"
    site_title = "juki-admin"
    index_title = "システム管理者メニュー"

    def __init__(self, name="admin"):
        super().__init__(name)
        self.disable_action("delete_selected")  # records are closed through services

    def register(self, model_or_iterable, admin_class=None, **options):
        if admin_class is not None and admin_class.__module__ in NOT_OFFERED:
            return
        super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request):
        return NamedAutocompleteJsonView.as_view(admin_site=self)(request)


class JukiAdminSiteConfig(AdminConfig):
    """``django.contrib.admin`` with ``JukiAdminSite`` as its default site."""

    default = False
    default_site = "juki_admin.sites.JukiAdminSite"
