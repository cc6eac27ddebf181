"""Deployment checks of the project's own security settings (``check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def security_settings(app_configs, **kwargs):
    warnings = []
    if not settings.TWO_FACTOR_ENFORCED:
        warnings.append(
            Warning(
                "TWO_FACTOR_ENFORCED is off: system administrators and security chiefs sign "
                "in with a password alone.",
                id="juki_admin.W001",
            )
        )
    if not getattr(settings, "AXES_ENABLED", True):
        warnings.append(
            Warning(
                "AXES_ENABLED is off: wrong passwords are never locked out.", id="juki_admin.W002"
            )
        )
    if settings.SESSION_IDLE_TIMEOUT > 60 * 60:
        warnings.append(
            Warning("SESSION_IDLE_TIMEOUT is longer than an hour.", id="juki_admin.W003")
        )
    return warnings
