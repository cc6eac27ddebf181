"""Two-factor sign-in (TOTP, django-otp) and the session pages of the portal.

After the password, a user with a confirmed device types the six digits of their
authenticator app, or one of their recovery codes (``/account/two-factor/verify/``). System
administrators and security chiefs must have a device: the first sign-in leads them to
``/account/two-factor/`` with a QR code (and the secret to type by hand), and the recovery
codes are shown once when the device is confirmed. ``TwoFactorMiddleware`` sends users here.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .logs import security_event
from .middleware import HAS_DEVICE, TIMED_OUT, two_factor_required
from .qr import qr_svg
from .security_keys import keys_of


class TokenForm(forms.Form):
    token = forms.CharField(
        label=pgettext_lazy("two-factor", "code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


# --- services ------------------------------------------------------------------------------


def _pending_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device (its secret shown for enrolment), made once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def recovery_code_digest(code: str) -> str:
    """What is kept of a recovery code: an HMAC of it keyed with SECRET_KEY, 16 hex
    characters (the width of django-otp's token column). A copy of the database, a backup
    for instance, then holds nothing that signs in; changing SECRET_KEY retires the codes."""
    return salted_hmac("juki_admin.recovery_code", code, algorithm="sha256").hexdigest()[:16]


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """New recovery codes for ``user`` (shown once, kept only as digests); the earlier ones
    stop working."""
    from django.conf import settings

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_code_digest(c)) for c in codes]
    )
    return codes


def _is_app_code(token: str) -> bool:
    return len(token) == 6 and token.isdigit()


@transaction.atomic
def two_factor_match(*, user, token: str):
    """The device that accepts ``token``, or None: six digits go to the authenticator app,
    anything else to the recovery codes (compared as digests, used once). Each device
    counts its own failures (django-otp's throttling), so that a mistyped recovery code
    does not delay the app's codes, nor the other way round."""
    for device in devices_for_user(user, for_verify=True):
        if isinstance(device, StaticDevice):
            if _is_app_code(token):
                continue
            candidate = recovery_code_digest(token)
        else:
            if not _is_app_code(token):
                continue
            candidate = token
        if device.verify_token(candidate):
            return device
    return None


@transaction.atomic
def two_factor_confirm(*, user, token: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending device with a code from the app; then its recovery codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, recovery_codes_issue(user=user)


# --- views ---------------------------------------------------------------------------------


def _next_url(request, default: str = "/") -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_match(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session[HAS_DEVICE] = True
            security_event("two_factor_verified", request=request, device=device.__class__.__name__)
            if isinstance(device, StaticDevice):
                _say_codes_left(request, device)
            return redirect(_next_url(request))
        security_event("two_factor_failed", request=request)
        form.add_error("token", _("The code is not right, or has been used. Try again."))
    return render(
        request,
        "portal/two_factor_verify.html",
        {"form": form, "next": _next_url(request), "has_keys": keys_of(request.user).exists()},
    )


@never_cache
@login_required
def two_factor_setup(request):
    """Enrol an authenticator app (QR code), or, once enrolled, issue new recovery codes."""
    user = request.user
    enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if enrolled:
        if request.method == "POST":
            if not user.is_verified():
                return redirect("portal:two_factor_verify")
            codes = recovery_codes_issue(user=user)
            security_event("two_factor_recovery_codes", request=request)
            return _show_codes(request, codes)
        return render(
            request,
            "portal/two_factor_setup.html",
            {
                "enrolled": True,
                "remaining": StaticToken.objects.filter(device__user=user).count(),
                "required": two_factor_required(user),
                **_keys_context(user),
            },
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor_confirm(user=user, token=form.cleaned_data["token"])
        if result is not None:
            device, codes = result
            otp_login(request, device)
            request.session[HAS_DEVICE] = True
            security_event("two_factor_enrolled", request=request)
            return _show_codes(request, codes, next_url=_next_url(request))
        form.add_error("token", _("The code is not right. Check the time of your phone."))
    device = _pending_device(user)
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "portal/two_factor_setup.html",
        {
            "enrolled": False,
            "form": form,
            "qr": qr_svg(device.config_url, scale=4),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": two_factor_required(user),
            "next": _next_url(request),
            **_keys_context(user),
        },
    )


def _keys_context(user) -> dict:
    """The security keys of the setup page; a new one only after the second step when the
    login already has a second factor (django-otp-webauthn refuses it otherwise)."""
    from django_otp import user_has_device

    return {
        "keys": list(keys_of(user)),
        "may_register_key": user.is_verified() or not user_has_device(user),
    }


def _say_codes_left(request, device: StaticDevice) -> None:
    """After a recovery code: how many remain, and where to get new ones when few do."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    left = device.token_set.count()
    text = ngettext(
        "You signed in with a recovery code: %(count)d recovery code remains.",
        "You signed in with a recovery code: %(count)d recovery codes remain.",
        left,
    ) % {"count": left}
    if left <= 3:
        text += " " + _("Issue new recovery codes on the two-factor page (%(url)s).") % {
            "url": reverse("portal:two_factor_setup")
        }
        messages.warning(request, text)
    else:
        messages.info(request, text)


def _show_codes(request, codes, next_url: str = "/") -> HttpResponse:
    messages.success(request, _("Two-factor sign-in is on."))
    return render(request, "portal/recovery_codes.html", {"codes": codes, "next": next_url})


@require_GET
def session_keepalive(request):
    """Called by the timeout warning's "stay signed in": the request itself is the activity
    (SessionTimeoutMiddleware). 204 while signed in, 401 after the session has ended."""
    return HttpResponse(status=204 if request.user.is_authenticated else 401)


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): 429 and a page
    that says what happened and how the lock lifts."""
    from django.conf import settings

    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "portal/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
        },
        status=429,
    )


class LoginView(auth_views.LoginView):
    """The sign-in page; says so when the last session ended by a timeout."""

    template_name = "portal/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.session.pop(TIMED_OUT, None)
        return context
