"""Retries for the bot's posts to Teams: the Agents SDK retries nothing (PLATFORM-NOTES).
429 waits for ``Retry-After`` (else backs off); 412, 500, 502, 503, 504 and broken connections
back off exponentially with jitter; 403 means the bot was removed from the conversation or
blocked there, which no retry heals."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Final, TypeVar

from aiohttp import ClientConnectionError, ClientResponseError

from governance.backoff import RetryPolicy, retry_after_seconds
from governance.ports import ConversationGone, PostFailed

log = logging.getLogger("samstyre.posting")
T = TypeVar("T")

RETRY_STATUSES: Final = frozenset({412, 429, 500, 502, 503, 504})
POLICY: Final = RetryPolicy()


async def with_retries(
    send: Callable[[], Awaitable[T]],
    conversation: str,
    *,
    policy: RetryPolicy = POLICY,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Run ``send`` until Teams accepts it, waiting as ``policy`` says (the publisher's policy
    toward Graph: 6 attempts, back-off from 1 s doubling to at most 60 s, ``Retry-After``
    honoured up to 180 s). ``send`` must take its own rate-limit slot, since a retry is a
    request like any other."""
    attempts = policy.max_attempts
    for attempt in range(1, attempts + 1):
        try:
            return await send()
        except ClientResponseError as error:
            if error.status == 403:
                raise ConversationGone(conversation, error.message) from error
            if error.status not in RETRY_STATUSES or attempt == attempts:
                raise PostFailed(
                    f"HTTP {error.status} from Teams: {error.message[:300]}"
                ) from error
            retry_after = retry_after_seconds(error.headers) if error.status == 429 else None
            wait = policy.delay(attempt, retry_after)
            log.info(
                "Teams answered %d in %s; retry %d in %.1f s",
                error.status,
                conversation,
                attempt,
                wait,
            )
        except (ClientConnectionError, TimeoutError) as error:
            if attempt == attempts:
                raise PostFailed(f"Teams could not be reached: {error!r}"[:300]) from error
            wait = policy.delay(attempt, None)
            log.info("Teams unreachable for %s; retry %d in %.1f s", conversation, attempt, wait)
        await sleep(wait)
    raise AssertionError("unreachable")


__all__ = ["ConversationGone", "PostFailed", "with_retries"]
