"""The security log: one JSON object per line, for a log collector.

Every line has the time with its offset (``2026-11-26T10:15:00.123+09:00``), the level, the
logger and the message; a security event adds ``event``, ``user`` and ``ip`` and its own
fields. Events: ``sign_in``, ``sign_out``, ``sign_in_failed``, ``lockout``, ``unlock``,
``two_factor_*``, ``session_expired``, ``sessions_ended``, ``access_refused``,
``upload_refused`` and ``card_action`` (every entry of the card ledger).

This module is on the ground floor: it imports no app, and the formatter imports nothing of
Django's at configuration time (logging is configured before the apps are loaded).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from zoneinfo import ZoneInfo

logger = logging.getLogger("juki_admin.security")

#: Attributes every LogRecord has; anything else on a record is an event field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


class JsonLinesFormatter(logging.Formatter):
    """A record as one line of JSON, its time in the project's time zone with the offset."""

    def format(self, record: logging.LogRecord) -> str:
        from django.conf import settings

        zone = ZoneInfo(getattr(settings, "TIME_ZONE", None) or "UTC")
        line = {
            "time": dt.datetime.fromtimestamp(record.created, tz=zone).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def client_ip(request) -> str:
    """The address a request came from, as django-axes reads it (settings)."""
    if request is None:
        return ""
    from django.conf import settings

    for key in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ("REMOTE_ADDR",)):
        value = request.META.get(key)
        if value:
            return value.split(",")[0].strip()
    return ""


def security_event(
    event: str, *, request=None, user=None, username: str = "", level=logging.INFO, **fields
):
    """Log one security event with the acting user (or the user name tried) and address."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        username = user.get_username()
    extra = {"event": event, "user": username or "", "ip": client_ip(request), **fields}
    if request is not None:
        extra.setdefault("path", request.path)
        extra.setdefault("method", request.method)
    logger.log(level, event, extra=extra)


# --- receivers (connected in JukiAdminConfig.ready) ----------------------------------------------


def on_signed_in(sender, request, user, **kwargs):
    from .middleware import mark_signed_in

    if request is not None and hasattr(request, "session"):
        mark_signed_in(request)
    security_event("sign_in", request=request, user=user)


def on_signed_out(sender, request, user, **kwargs):
    security_event("sign_out", request=request, user=user)


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    security_event(
        "sign_in_failed",
        request=request,
        username=str(credentials.get("username", ""))[:150],
        level=logging.WARNING,
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    security_event(
        "lockout", request=request, username=str(username or "")[:150], level=logging.WARNING
    )
