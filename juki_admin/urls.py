"""URLs: the admin for the system administrator, the portal for everyone else."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import security_keys, two_factor, views

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("login/", two_factor.LoginView.as_view(), name="login"),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("account/two-factor/", two_factor.two_factor_setup, name="two_factor_setup"),
        path("account/two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
        path(
            "account/security-keys/<int:key_id>/",
            security_keys.security_key_change,
            name="security_key_change",
        ),
        path("session/keepalive/", two_factor.session_keepalive, name="session_keepalive"),
        path("staff/", views.staff_list, name="staff_list"),
        path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    ],
    "portal",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # security keys: the browser's ceremonies (JSON), django-otp-webauthn's views
    path("webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("cards/", include("cards.urls")),
    path("training/", include("training.urls")),
    path("terminals/", include("terminals.urls")),
    path("audits/", include("audits.urls")),
    path("", include(portal_patterns)),
]
