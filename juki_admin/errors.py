"""The domain error every service raises when it refuses an action."""

from django.utils.html import format_html


class DomainError(Exception):
    """An action refused for a reason the user can understand and act on.

    ``message`` is already translated; views and admin actions show it (``html``) as a form
    error or with ``messages.error`` and change nothing (the service's transaction is rolled
    back). ``fix``, when given, is ``(url, label)`` of the page where the missing step is
    done: the refusal then links to it.
    """

    def __init__(self, message, *, fix: tuple[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return str(self.message)

    @property
    def html(self):
        """The message, escaped, with a link to the fix when there is one."""
        if self.fix is None:
            return self.message
        url, label = self.fix
        return format_html('{} <a href="{}">{}</a>', self.message, url, label)
