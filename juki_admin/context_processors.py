"""Values every page's template reads: the menu of the signed-in user's roles, and the
idle timeout and its warning (for the warning script, static/juki.js)."""

from django.conf import settings

from . import portal


def menu(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": portal.menu(user)}


def session_timeout(request) -> dict:
    return {
        "session_idle_timeout": settings.SESSION_IDLE_TIMEOUT,
        "session_idle_warning": settings.SESSION_IDLE_WARNING,
        "session_idle_warning_minutes": max(1, round(settings.SESSION_IDLE_WARNING / 60)),
    }
