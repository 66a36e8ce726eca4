"""``samstyre serve``: the bot's HTTP server (aiohttp), with the outbox workers (the
publisher's and the bot's messages) and the annual cycle's scheduler beside it in this process;
``samstyre worker``: the scheduler and the bot's outbox worker alone. What they run is wired by
``samstyre.bootstrap``; this module only runs it. The settings come as a mapping read from the
environment by the command line (see README, "Settings")."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from microsoft_agents.hosting.core.authorization import Connections

from bot.origin import is_loopback
from bot.security import require_bot_token
from bot.server import Lifetime, web_app
from bot.settings import ConfigurationError, local_mode
from governance.ports import Clock
from samstyre.bootstrap import Publishing, Wired, display_url, wire
from scheduler.fanout import OutboxSender
from scheduler.sweeps import NoticeSender

log = logging.getLogger("samstyre")


async def build_web_app(
    config_path: str | Path,
    environ: Mapping[str, str],
    *,
    local: bool,
    database: str | None = None,
    clock: Clock | None = None,
    connections: Connections | None = None,
) -> web.Application:
    """Everything ``serve`` runs, wired from settings; tests build the same with emulators."""
    wired = await wire(
        config_path, environ, local=local, database=database, clock=clock, connections=connections
    )
    return served_app(wired)


def served_app(wired: Wired) -> web.Application:
    """The bot's web app with what runs beside it; leaving it closes what ``wire`` opened."""
    assert wired.bot is not None, "wired for the worker: no bot to serve"
    lifetimes = [_closing(wired), _fanout(wired.fanout)]
    if wired.publishing is not None:
        lifetimes.append(_publisher(wired.publishing))
    if wired.scheduler is not None:
        lifetimes.append(_scheduling(wired.scheduler, wired.sweeps, wired.settings.sweep_seconds))
    return web_app(wired.bot, wired.engine, require_bot_token(wired.settings.auth), lifetimes)


def _closing(wired: Wired) -> Lifetime:
    """Entered first, so left last: the database is disposed after every worker has stopped."""

    async def running(_app: web.Application) -> AsyncIterator[None]:
        yield
        await wired.close()

    return running


def _publisher(publishing: Publishing) -> Lifetime:
    """The publisher's outbox worker, running beside the bot for the app's lifetime. Without
    Graph settings it publishes to the local folder ``SAMSTYRE_PUBLISH_DIR`` (default
    ``./published``); see ``graph_sync.settings``."""

    async def running(_app: web.Application) -> AsyncIterator[None]:
        log.warning("publishing to %s", publishing.target.description)
        stop = asyncio.Event()
        task = asyncio.create_task(publishing.worker.run(stop))
        yield
        stop.set()
        await task

    return running


def _fanout(fanout: OutboxSender) -> Lifetime:
    """The outbox worker of the bot's messages (``scheduler.fanout``: other copies of changed
    cards, announcements of published documents, the chairs' warnings) for the app's
    lifetime. It runs wherever the bot does: a click answers at once and leaves the rest."""

    async def running(_app: web.Application) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(fanout.run(stop))
        yield
        stop.set()
        await task

    return running


def _scheduling(scheduler: AsyncIOScheduler, sweeps: NoticeSender, every: float) -> Lifetime:
    """The annual cycle's scheduler (``scheduler.setup``), for the app's lifetime."""

    async def running(_app: web.Application) -> AsyncIterator[None]:
        scheduler.start()
        log.warning("the annual cycle's scheduler sweeps every %.0f s", every)
        yield
        scheduler.shutdown(wait=False)
        await sweeps.stop()

    return running


async def work(
    config_path: str, environ: Mapping[str, str], *, local: bool, database: str | None = None
) -> None:
    """``samstyre worker``: the scheduler and the bot's outbox worker, without the bot's HTTP
    server or its Teams app (for deployments that run them apart; set ``SAMSTYRE_SCHEDULER=0``
    on the serve processes then)."""
    wired = await wire(config_path, environ, local=local, worker=True, database=database)
    try:
        assert wired.scheduler is not None
        wired.scheduler.start()
        stop_fanout = asyncio.Event()
        fanout_task = asyncio.create_task(wired.fanout.run(stop_fanout))
        log.warning(
            "Samstyre worker: the annual cycle's scheduler sweeps every %.0f s (database %s)",
            wired.settings.sweep_seconds,
            display_url(wired.settings.database_url),
        )
        await _until_stopped()
        wired.scheduler.shutdown(wait=False)
        await wired.sweeps.stop()
        stop_fanout.set()
        await fanout_task
    finally:
        await wired.close()


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


EXPOSE_LOCAL_VAR = "SAMSTYRE_LOCAL_EXPOSE"
EXPOSED_WARNING = (
    "LOCAL MODE IS LISTENING ON %s, NOT ON LOOPBACK (%s=1): /api/messages accepts requests "
    "WITHOUT authentication, so anyone who reaches this address can act as any member. Never "
    "do this on a network you do not control."
)


def listen_host(environ: Mapping[str, str], host: str | None, *, local: bool) -> str:
    """The address ``serve`` listens on. ``local`` is the settings' decision (``--local`` or
    ``SAMSTYRE_LOCAL=1``, read once in ``AuthSettings``): local mode listens on loopback only
    and refuses another address unless ``SAMSTYRE_LOCAL_EXPOSE=1``, which is logged loudly."""
    chosen = host or environ.get("SAMSTYRE_HOST") or ("127.0.0.1" if local else "0.0.0.0")
    if local and not is_loopback(chosen):
        if environ.get(EXPOSE_LOCAL_VAR, "").strip().lower() not in ("1", "true", "yes", "on"):
            raise ConfigurationError(
                f"Local mode runs without authentication and listens on loopback only; "
                f"refusing to listen on {chosen}. Use 127.0.0.1, or drop local mode; "
                f"{EXPOSE_LOCAL_VAR}=1 overrides this for a network you control."
            )
        log.critical(EXPOSED_WARNING, chosen, EXPOSE_LOCAL_VAR)
    return chosen


def _freeze_startup_objects() -> None:
    """Moves everything built so far (modules, the mandate, the SDK) out of the garbage
    collector's reach: a full collection walked all of it (about 270 000 objects, 170 ms on a
    busy core) and stopped every request meanwhile, /healthz included."""
    gc.collect()
    gc.freeze()


async def serve(
    config_path: str,
    environ: Mapping[str, str],
    *,
    port: int,
    local: bool,
    host: str | None = None,
) -> None:
    host = listen_host(environ, host, local=local_mode(environ, flag=local))
    wired = await wire(config_path, environ, local=local)
    app = served_app(wired)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    _freeze_startup_objects()
    log.warning(
        "Samstyre is listening on http://%s:%d/api/messages (database %s)",
        host,
        port,
        display_url(wired.settings.database_url),
    )
    try:
        await _until_stopped()
    finally:
        await runner.cleanup()
