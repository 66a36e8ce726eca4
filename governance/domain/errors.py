"""Domain errors: a stable code for adapters and a translatable message for people."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the mandate refused a change; nothing was changed.

    ``code`` is stable (adapters and tests match on it); ``message`` is an English msgid of the
    catalogue and ``params`` fill its placeholders. Adapters show it in nb/nn/en with
    ``governance.i18n.translate_error``; the domain translates nothing.
    """

    def __init__(self, code: str, message: str, /, **params: object) -> None:
        super().__init__(f"{code}: {message.format(**params) if params else message}")
        self.code = code
        self.message = message
        self.params = params


class NotFound(DomainError):
    """The thing asked for does not exist."""


class Forbidden(DomainError):
    """The actor may not do this (policy refusal)."""


class InvalidTransition(DomainError):
    """The state machine does not allow this step from the current state."""


class InvalidInput(DomainError):
    """The input breaks a rule of the mandate (missing field, bad number...)."""
