"""The project's own middleware: security headers, the 503 page while the database is away,
the upload limit, session timeouts, two-factor sign-in, and the log of refused requests
(settings.MIDDLEWARE says where each one runs)."""

from __future__ import annotations

import logging
import sys
import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from . import access
from .logs import security_event
from .params import parse_int

#: Session keys: when the user signed in, and when the session was last used (epoch seconds).
SIGNED_IN_AT = "juki_signed_in_at"
LAST_SEEN = "juki_last_seen"
#: Set in the fresh session of a user signed out by a timeout, for the sign-in page to say so.
TIMED_OUT = "juki_timed_out"
#: The last-use time is written at most this often (seconds), not on every request.
LAST_SEEN_RESOLUTION = 30
#: Room for the other fields of a multipart form on top of the file itself.
MULTIPART_SLACK = 64 * 1024


def mark_signed_in(request) -> None:
    """Start the clocks of a new session (called on sign-in)."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    request.session.pop(HAS_DEVICE, None)  # asked again: a device may have been added since


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every answer, and
    ``Cache-Control: no-store`` on every download (CSV, PDF), whichever view made it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if "attachment" in response.get("Content-Disposition", ""):
            response["Cache-Control"] = "no-store"
        return response


#: What the database raises when it cannot be reached: the server is down or restarting, the
#: connection was cut under a request, a lock or statement waited too long.
DATABASE_AWAY = (OperationalError, InterfaceError)
#: Seconds a client is asked to wait before trying again (a PostgreSQL restart takes a few).
RETRY_AFTER_SECONDS = 10
#: Request attributes: the outage seen below the middleware, and whether it was logged.
_AWAY = "_juki_database_away"
_AWAY_LOGGED = "_juki_database_away_logged"

outage_logger = logging.getLogger("juki_admin.outage")


def is_database_away(exception: BaseException | None) -> bool:
    """Whether ``exception`` says the database cannot be reached (the one rule, also read by
    the logging filter that keeps Django from logging the same outage a second time)."""
    return isinstance(exception, DATABASE_AWAY)


def _remember_outage(sender, request=None, **kwargs):
    """``got_request_exception`` receiver: Django turns an exception raised in a middleware
    into a 500 answer at that middleware, before the outage middleware above it sees it; the
    request keeps the exception, for the outage middleware to answer 503 instead."""
    exception = sys.exc_info()[1]
    if request is not None and is_database_away(exception):
        setattr(request, _AWAY, exception)


def database_unavailable(request, exception: BaseException) -> HttpResponse:
    """The 503 page (in Japanese, with Retry-After), drawn without the database; the outage is
    logged once per request."""
    if not getattr(request, _AWAY_LOGGED, False):
        setattr(request, _AWAY_LOGGED, True)
        outage_logger.error(
            "database_unavailable",
            exc_info=exception,
            extra={
                "event": "database_unavailable",
                "path": request.path,
                "method": request.method,
                "error": type(exception).__name__,
            },
        )
    # no request context: context processors would read the user, hence the database
    with translation.override(getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE):
        html = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged above: Django's request log skips it
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 with a page in Japanese when the database cannot be reached, wherever below
    it the error is raised: in a view (``process_exception``), or in a middleware such as the
    session's save or the lazy session load of ``request.user`` (``_remember_outage``). Nothing
    is kept between requests, so the first request after the database is back is served (the
    connection is reopened by Django's ``CONN_HEALTH_CHECKS``)."""

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_remember_outage, dispatch_uid="juki_admin.database_away")

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_AWAY as exception:  # raised through only with DEBUG_PROPAGATE_EXCEPTIONS
            return database_unavailable(request, exception)
        exception = getattr(request, _AWAY, None)
        if exception is not None:
            return database_unavailable(request, exception)
        return response

    def process_exception(self, request, exception):
        if is_database_away(exception):
            return database_unavailable(request, exception)
        return None


class UploadLimitMiddleware:
    """A multipart request longer than ``UPLOAD_MAX_BYTES`` is answered 413 before anything
    reads its body (the CSRF check would otherwise read and store the whole file)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            length = parse_int(request.META.get("CONTENT_LENGTH") or "0", minimum=0)
            if length is None or length > settings.UPLOAD_MAX_BYTES + MULTIPART_SLACK:
                security_event("upload_refused", request=request, length=length or 0)
                back = request.META.get("HTTP_REFERER", "")
                if not url_has_allowed_host_and_scheme(
                    back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                ):
                    back = ""
                return render(
                    request,
                    "upload_too_large.html",
                    {"limit_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024), "back": back},
                    status=413,
                )
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Signs out a session unused for ``SESSION_IDLE_TIMEOUT`` seconds, or older than
    ``SESSION_ABSOLUTE_LIFETIME``; the request goes on as anonymous (so it is sent to the
    sign-in page, which says why)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session, now = request.session, time.time()
        signed_in_at = session.get(SIGNED_IN_AT)
        last_seen = session.get(LAST_SEEN)
        if signed_in_at is None:  # a session from before these clocks: start them now
            signed_in_at = session[SIGNED_IN_AT] = now
        expired = None
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
            expired = "idle"
        elif now - signed_in_at > settings.SESSION_ABSOLUTE_LIFETIME:
            expired = "absolute"
        if expired:
            security_event("session_expired", request=request, reason=expired)
            logout(request)
            request.session[TIMED_OUT] = expired
        elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = now


#: URL names reachable by a signed-in user who has not passed the second step yet.
TWO_FACTOR_EXEMPT = frozenset(
    {
        "portal:login",
        "portal:logout",
        "portal:two_factor_verify",
        "portal:two_factor_setup",
        "portal:session_keepalive",
        # the security-key ceremonies check the signed-in user themselves (a key already
        # enrolled must be verified before another is registered)
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:js-i18n-catalog",
        "admin:logout",
        "set_language",
        "healthz",
    }
)
#: Session key: whether the user had a confirmed device when first asked (one look-up per
#: session, not per request).
HAS_DEVICE = "juki_has_otp_device"


def two_factor_required(user) -> bool:
    """Whether ``user``'s roles require a second factor (``TWO_FACTOR_REQUIRED_ROLES``)."""
    return access.has_role(user, *settings.TWO_FACTOR_REQUIRED_ROLES)


class TwoFactorMiddleware:
    """A signed-in user who has a confirmed device is sent to the second step until they pass
    it; a system administrator or security chief without one is sent to enrol. Other users
    without a device go on (two-factor sign-in is optional for them). Runs after
    django-otp's OTPMiddleware (``request.user.is_verified()``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.TWO_FACTOR_ENFORCED
            and user.is_authenticated
            and not user.is_verified()
            and not self._exempt(request)
        ):
            target = self._target(request, user)
            if target:
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(request) -> bool:
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in TWO_FACTOR_EXEMPT

    @staticmethod
    def _target(request, user) -> str | None:
        from django_otp import user_has_device

        has_device = request.session.get(HAS_DEVICE)
        if has_device is None:
            has_device = request.session[HAS_DEVICE] = user_has_device(user)
        if has_device:
            return "portal:two_factor_verify"
        if two_factor_required(user):
            return "portal:two_factor_setup"
        return None


class RefusalLogMiddleware:
    """Logs every refused request (403) with the user, the address and the path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            security_event("access_refused", request=request, status=403)
        return response
