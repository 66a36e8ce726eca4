"""The one place where calls to Microsoft Graph are retried.

The SDK's own retry handler is switched off (see ``graph_sync.graph``): it never retries
``application/octet-stream`` bodies (file uploads) and knows nothing of statuses inside a
``$batch`` answer, so every call goes through ``RetryPolicy`` instead:
429, 503 and 504 (and connection errors, timeouts) are retried, honouring ``Retry-After`` (capped
at ``max_retry_after``), else exponential backoff with full jitter; after ``max_attempts`` the
call fails with a retryable ``PublishError``. Other statuses fail at once with a clear message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
from kiota_abstractions.api_error import APIError

from governance.backoff import RetryPolicy, retry_after_seconds
from graph_sync.errors import PublishError

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
RETRY_STATUSES = frozenset({429, 503, 504})
TRANSIENT_ERRORS = (httpx.TransportError,)  # connect/read/write errors, resets, timeouts
REASONS = {429: "429 Too Many Requests", 503: "503 Service Unavailable", 504: "504 Gateway Timeout"}


class Transient(Exception):
    """A failure worth another attempt (raised by callers that read statuses themselves)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def refusal(status: int | None, what: str, detail: str = "") -> PublishError:
    """The error for a status that no retry can fix."""
    tail = f" ({detail})" if detail else ""
    if status == 401:
        return PublishError(
            "graph_unauthorized",
            f"Microsoft Graph refused the app's token while "
            f"{what}{tail}: check the tenant id, client id and secret or "
            "certificate in the Graph settings.",
            status=status,
        )
    if status == 403:
        return PublishError(
            "graph_forbidden",
            f"The app has no access while {what}{tail}: grant "
            "it Sites.Selected (write) on the team's SharePoint site, or "
            "Files.ReadWrite.All / Sites.ReadWrite.All, and try again.",
            status=status,
        )
    if status == 404:
        return PublishError(
            "graph_not_found",
            f"Microsoft Graph found nothing while {what}"
            f"{tail}: check the team and channel ids in the mandate, and that "
            "the channel's files folder exists.",
            status=status,
        )
    return PublishError(
        "graph_refused", f"Microsoft Graph answered {status} while {what}{tail}.", status=status
    )


def classify(error: BaseException, what: str) -> Transient | PublishError | None:
    """Transient, final, or None when the error is not Graph's (a bug: let it propagate)."""
    if isinstance(error, Transient | PublishError):
        return error
    if isinstance(error, TRANSIENT_ERRORS):
        return Transient(f"{type(error).__name__} (connection lost or timed out)")
    if isinstance(error, APIError):
        status = error.response_status_code
        if status in RETRY_STATUSES:
            return Transient(REASONS[status], retry_after_seconds(error.response_headers))
        return refusal(status, what, _api_message(error))
    return None


def _api_message(error: APIError) -> str:
    inner = getattr(error, "error", None)
    message = getattr(inner, "message", None)
    return str(message) if message else ""


async def retrying(
    call: Callable[[], Awaitable[T]], policy: RetryPolicy, what: str, sleep: Sleep = asyncio.sleep
) -> T:
    """Run ``call`` until it succeeds, fails for good, or the attempts are used up."""
    last = ""
    for attempt in range(1, policy.max_attempts + 1):
        try:
            return await call()
        except Exception as error:
            verdict = classify(error, what)
            if verdict is None:
                raise
            if isinstance(verdict, PublishError):
                raise verdict from error
            last = verdict.reason
            if attempt < policy.max_attempts:
                await sleep(policy.delay(attempt, verdict.retry_after))
    raise exhausted(what, policy.max_attempts, last)


def exhausted(what: str, attempts: int, last: str) -> PublishError:
    return PublishError(
        "graph_unavailable",
        f"Microsoft Graph stayed unavailable while {what}: "
        f"{attempts} attempts, the last one ended with {last}. The publication "
        "stays in the outbox and can be retried later.",
        retryable=True,
    )
