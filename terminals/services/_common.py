"""What the terminals services share: the validation helpers and the one stamped save."""

from __future__ import annotations

from juki_admin import validation
from juki_admin.history import stamp

_required = validation.required
_past_date = validation.past_date
_past_moment = validation.past_moment


def _save(obj, *, actor, reason: str = ""):
    stamp(obj, actor=actor, reason=reason)
    obj.full_clean()
    obj.save()
    return obj
