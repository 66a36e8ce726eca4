"""Why a publication could not be delivered, in words an operator can act on.

A ``PublishError`` carries a stable ``code`` (for logs and the outbox's failure column), an
English ``operator_message`` (what happened and what to do), and ``retryable``: ``False`` when
trying again cannot help until someone changes something (permissions, channel mapping), ``True``
when the service stayed unavailable for the whole retry budget (the outbox may try later)."""

from __future__ import annotations


class PublishError(Exception):
    def __init__(
        self,
        code: str,
        operator_message: str,
        *,
        retryable: bool = False,
        status: int | None = None,
    ) -> None:
        super().__init__(operator_message)
        self.code = code
        self.operator_message = operator_message
        self.retryable = retryable
        self.status = status

    def __repr__(self) -> str:
        return f"PublishError({self.code!r}, {self.operator_message!r})"
