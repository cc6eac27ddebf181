"""The domain error every service raises when it refuses an action."""


class DomainError(Exception):
    """An action refused for a reason the user can understand and act on.

    ``message`` is already translated; views and admin actions show it as a form error or
    with ``messages.error`` and change nothing (the service's transaction is rolled back).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
