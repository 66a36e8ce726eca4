"""Large files through a Graph upload session, with our own chunk loop.

The session's ``uploadUrl`` is pre-authenticated: chunk PUTs go through a plain httpx client
without the SDK's pipeline and without an ``Authorization`` header. Each chunk carries
``Content-Range``; Graph answers 202 with ``nextExpectedRanges`` (we continue from the first
range's start), 200/201 with the driveItem at the end, 416 when our idea of the offset is wrong.
After a lost connection, timeout, 416 or 5xx we ask the session where it stands (``GET
uploadUrl``) and continue from there; a vanished session (404) is started again once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from governance.backoff import RetryPolicy, retry_after_seconds
from graph_sync.errors import PublishError
from graph_sync.graph_retry import (
    REASONS,
    RETRY_STATUSES,
    Sleep,
    Transient,
    exhausted,
    refusal,
    retrying,
)


class _SessionGone(Exception):
    pass


def _next_offset(body: Any) -> int | None:
    ranges = body.get("nextExpectedRanges") if isinstance(body, dict) else None
    if not ranges:
        return None
    return int(str(ranges[0]).split("-")[0])


class ChunkUploader:
    def __init__(self, chunk_size: int, policy: RetryPolicy, timeout: float, sleep: Sleep) -> None:
        self.chunk_size = chunk_size
        self.policy = policy
        self.sleep = sleep
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(timeout))

    async def aclose(self) -> None:
        await self.http.aclose()

    async def upload(
        self, new_session: Callable[[], Awaitable[str]], content: bytes, what: str
    ) -> dict[str, Any]:
        for _ in range(2):
            upload_url = await new_session()
            try:
                return await self._send(upload_url, content, what)
            except _SessionGone:
                continue
        raise PublishError(
            "upload_session_lost",
            f"The upload session vanished twice while {what}; the publication stays in the outbox.",
            retryable=True,
        )

    async def _where(self, upload_url: str, what: str) -> int:
        async def ask() -> int:
            response = await self.http.get(upload_url)
            if response.status_code == 404:
                raise _SessionGone
            if response.status_code in RETRY_STATUSES or response.status_code >= 500:
                raise Transient(
                    REASONS.get(response.status_code, str(response.status_code)),
                    retry_after_seconds(response.headers),
                )
            if response.status_code != 200:
                raise refusal(response.status_code, what)
            offset = _next_offset(response.json())
            if offset is None:
                raise _SessionGone
            return offset

        return await retrying(ask, self.policy, what, self.sleep)

    async def _send(self, upload_url: str, content: bytes, what: str) -> dict[str, Any]:
        total, offset, failures = len(content), 0, 0
        while True:
            end = min(offset + self.chunk_size, total) - 1
            headers = {"Content-Range": f"bytes {offset}-{end}/{total}"}
            retry_after: float | None = None
            try:
                response = await self.http.put(
                    upload_url, content=content[offset : end + 1], headers=headers
                )
            except httpx.TransportError as error:
                reason = f"{type(error).__name__} (connection lost or timed out)"
            else:
                status = response.status_code
                if status in (200, 201):
                    data: dict[str, Any] = response.json()
                    return data
                if status == 202:
                    next_offset = _next_offset(response.json())
                    offset = end + 1 if next_offset is None else next_offset
                    failures = 0
                    continue
                if status == 404:
                    raise _SessionGone
                if status != 416 and status not in RETRY_STATUSES and status < 500:
                    raise refusal(status, what, response.text[:200])
                reason = REASONS.get(status, f"HTTP {status}")
                retry_after = retry_after_seconds(response.headers)
            failures += 1
            if failures >= self.policy.max_attempts:
                raise exhausted(what, failures, reason)
            await self.sleep(self.policy.delay(failures, retry_after))
            offset = await self._where(upload_url, what)
