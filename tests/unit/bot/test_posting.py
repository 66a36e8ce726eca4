"""The retry rules of the bot's posts: what is retried, how long it waits, when it gives up."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import ClientConnectionError, ClientResponseError, RequestInfo
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from bot.posting import ConversationGone, PostFailed, with_retries
from governance.backoff import RetryPolicy


def answer(status: int, **headers: str) -> ClientResponseError:
    info = RequestInfo(URL("http://connector/v3"), "POST", CIMultiDictProxy(CIMultiDict()))
    return ClientResponseError(
        info,
        (),
        status=status,
        message=f"status {status}",
        headers=CIMultiDictProxy(CIMultiDict(headers)),
    )


class Script:
    """A send that fails as told, then succeeds; the waits are recorded, not slept."""

    def __init__(self, *failures: BaseException) -> None:
        self.failures, self.calls, self.waits = list(failures), 0, list[float]()

    async def send(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "m1"

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)


async def run(script: Script, **kwargs: Any) -> str:
    return await with_retries(script.send, "19:c@thread.tacv2", sleep=script.sleep, **kwargs)


async def test_429_waits_for_retry_after_and_5xx_and_412_back_off() -> None:
    script = Script(
        answer(429, **{"Retry-After": "3"}),
        answer(503),
        answer(412),
        ClientConnectionError("reset"),
    )
    assert await run(script) == "m1"
    assert script.calls == 5 and script.waits[0] == 3.0
    assert all(0 < wait <= 8 for wait in script.waits[1:])


async def test_403_is_not_retried() -> None:
    script = Script(answer(403))
    with pytest.raises(ConversationGone) as gone:
        await run(script)
    assert script.calls == 1 and gone.value.conversation == "19:c@thread.tacv2"


async def test_it_gives_up_after_the_last_attempt_and_on_other_errors() -> None:
    script = Script(*(answer(500) for _ in range(3)))
    with pytest.raises(PostFailed, match="HTTP 500"):
        await run(script, policy=RetryPolicy(max_attempts=3))
    assert script.calls == 3 and len(script.waits) == 2
    bad = Script(answer(400))
    with pytest.raises(PostFailed, match="HTTP 400"):
        await run(bad)
    assert bad.calls == 1
