"""The outbox worker that runs inside ``samstyre serve``: claims due publications (one worker
per publication, even with several processes on one PostgreSQL database), delivers them and
records the result (its announcement in Teams is a delivery of its own, for the bot). A failure
backs off; a permanent one (403, unknown channel) is parked at once and the chairs are told;
nothing crashes the loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

from governance.domain.outbox import Delivery, DeliveryState, PublicationKind
from governance.services import outbox
from governance.services.context import worker_name
from graph_sync.delivery import Publisher
from graph_sync.errors import PublishError

log = logging.getLogger("samstyre.publishing")


class OutboxWorker:
    def __init__(
        self,
        publisher: Publisher,
        name: str | None = None,
        *,
        batch: int = 20,
        idle_seconds: float = 2.0,
        lease: timedelta = outbox.DEFAULT_LEASE,
    ) -> None:
        self.publisher, self.name = publisher, name or worker_name()
        self.batch, self.idle_seconds, self.lease = batch, idle_seconds, lease

    async def run_once(self) -> int:
        """Deliver what is due now; returns how many publications were claimed."""
        claimed = await outbox.claim(
            self.publisher.ctx, self.name, limit=self.batch, lease=self.lease
        )
        rows = [i for i in claimed if i.kind is PublicationKind.PORTFOLIO]
        if rows:
            await self._settle_all(rows, self.publisher.portfolio(rows))
        for item in claimed:
            if item.kind is not PublicationKind.PORTFOLIO:
                await self._settle_all([item], self.publisher.document(item))
        return len(claimed)

    async def _settle_all(self, items: list[Delivery], work: Awaitable[Any]) -> bool:
        """Deliver and record the outcome; whether the delivery succeeded."""
        ctx = self.publisher.ctx
        try:
            result = await work
        except PublishError as error:
            await self._failed(
                items, f"{error.code}: {error.operator_message}", permanent=not error.retryable
            )
            return False
        except Exception as error:  # a sweep logs a failing item and carries on
            log.exception("publishing %s failed", [i.key for i in items])
            await self._failed(items, f"{type(error).__name__}: {error}", permanent=False)
            return False
        for item in items:
            assert item.id is not None
            await outbox.settle(
                ctx, self.name, item.id, result=result if isinstance(result, dict) else {}
            )
        return True

    async def _failed(self, items: list[Delivery], error: str, *, permanent: bool) -> None:
        for item in items:
            assert item.id is not None
            settled = await outbox.settle(
                self.publisher.ctx, self.name, item.id, error=error, permanent=permanent
            )
            if settled is not None and settled.state is DeliveryState.FAILED:
                # settling it put the chairs' warning into the outbox (the bot posts it)
                log.error(
                    "publication %s parked after %d attempts: %s",
                    item.key,
                    settled.attempts,
                    error,
                )

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set: deliver, and wait a little when there was nothing to do."""
        while not stop.is_set():
            try:
                busy = await self.run_once()
            except Exception:
                log.exception("the outbox worker could not claim publications")
                busy = 0
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.idle_seconds)
