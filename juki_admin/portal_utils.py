"""Small helpers every portal view uses: role checks and calling a service."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from . import access
from .errors import DomainError


def require_role(user, *roles: str) -> None:
    """403 unless ``user`` has one of ``roles``."""
    if not access.has_role(user, *roles):
        raise PermissionDenied


def run_service(request, call: Callable[[], object], success: str) -> bool:
    """Call a service; show ``success`` or the refusal as a message. True when it succeeded."""
    try:
        call()
    except DomainError as error:
        messages.error(request, error.html)
        return False
    messages.success(request, success)
    return True
