"""State machines as tables (django-oscar's order pipeline): one table per lifecycle.

Each table maps a step's key to what the step allows: the statuses it may be taken from,
the status it leads to (None: the status stays) and its verb for messages and buttons.
The services refuse what the table does not allow (``StateMachine.check``), the admin offers
only the allowed actions and the templates show only their buttons (``allowed``): all three
read the same table, so the rule of a lifecycle is written once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Protocol

from django.utils.translation import gettext as _

from .errors import DomainError


class Step(NamedTuple):
    """A step of a lifecycle: from which statuses, to which status, and its verb."""

    allowed: tuple[str, ...]
    to: str | None
    verb: str


class _StepLike(Protocol):
    allowed: tuple[str, ...]
    to: str | None
    verb: str


class TransitionError(DomainError):
    """A step that the lifecycle's table does not allow from the record's status."""

    def __init__(self, subject, status_label, verb):
        super().__init__(
            _("%(subject)s is %(status)s: you cannot %(verb)s it.")
            % {"subject": subject, "status": status_label, "verb": verb}
        )


class StateMachine:
    """One lifecycle: its table of steps and the labels of its statuses."""

    def __init__(self, steps: Mapping[str, _StepLike], statuses) -> None:
        self.steps = dict(steps)
        self.labels = dict(statuses.choices)
        for key, step in self.steps.items():
            unknown = {*step.allowed, *([step.to] if step.to else [])} - set(self.labels)
            if unknown:
                raise ValueError(f"step {key!r} names unknown statuses {sorted(unknown)}")

    def allowed(self, status: str) -> list[str]:
        """The steps (keys) that ``status`` allows, in table order."""
        return [key for key, step in self.steps.items() if status in step.allowed]

    def allows(self, step: str, status: str) -> bool:
        return status in self.steps[step].allowed

    def check(self, step: str, status: str, *, subject) -> _StepLike:
        """The step, or ``TransitionError`` when ``status`` does not allow it."""
        found = self.steps[step]
        if status not in found.allowed:
            raise TransitionError(subject, self.labels.get(status, status), found.verb)
        return found

    def check_record(self, step: str, record, field: str = "status") -> _StepLike:
        """``check`` for a model instance: its ``field`` and its ``__str__`` as the subject."""
        return self.check(step, getattr(record, field), subject=record)
