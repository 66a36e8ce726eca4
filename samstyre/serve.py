"""``samstyre serve``: the bot's HTTP server, with the outbox workers (the publisher's and the
bot's messages) and the annual cycle's scheduler beside it in this process; ``samstyre
worker``: the scheduler and the bot's outbox worker alone. Settings come from the environment
(see README, "Settings")."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from microsoft_agents.hosting.core.authorization import Connections
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bot, build_bot, build_connections, build_notifier
from bot.notifier import TeamsNotifier
from bot.origin import is_loopback
from bot.security import require_bot_token
from bot.server import web_app
from bot.settings import ConfigurationError, local_mode
from cards.renderer import CardRenderer
from governance.config import load_mandate
from governance.services.context import Clock, Context
from governance.store.database import display_url, make_engine
from governance.store.migrate import upgrade
from graph_sync.delivery import Publisher
from graph_sync.settings import PublishSettings, choose_target
from graph_sync.worker import OutboxWorker
from samstyre.bootstrap import build_context
from samstyre.settings import Settings
from scheduler.fanout import OutboxSender
from scheduler.setup import build_scheduler
from scheduler.sweeps import NoticeSender

log = logging.getLogger("samstyre")
SETTINGS_KEY: web.AppKey[Settings] = web.AppKey("settings", Settings)


@dataclass
class Wired:
    """Everything a process runs, on a migrated database, with the settings read before
    anything was opened: the context, the notifier into Teams, the scheduler's sweeps and the
    outbox worker of the bot's messages, and (for ``serve``) the bot itself."""

    ctx: Context
    engine: AsyncEngine
    settings: Settings
    notifier: TeamsNotifier
    sweeps: NoticeSender
    fanout: OutboxSender
    bot: Bot | None


async def wire(
    config_path: str | Path,
    environ: Mapping[str, str],
    *,
    local: bool,
    database: str | None = None,
    clock: Clock | None = None,
    connections: Connections | None = None,
    with_bot: bool = True,
) -> Wired:
    """Read and check every setting, then open the database (migrated to head) and build what
    the process runs; a bad setting fails before anything is opened. ``connections`` stands in
    for Entra (outgoing tokens) in tests; ``with_bot=False`` builds no Teams app (the worker)."""
    mandate = load_mandate(config_path)
    settings = Settings.from_env(environ, mandate, local=local, database=database)
    engine = make_engine(settings.database_url)
    try:
        await upgrade(engine)
        ctx = build_context(mandate, engine, clock)
        connections = connections or build_connections(settings.auth)
        notifier = build_notifier(ctx, settings.auth, connections, settings.throttle)
        renderer = CardRenderer()
        fanout = OutboxSender(ctx, notifier, renderer)
        bot = build_bot(ctx, settings.auth, notifier, connections, renderer) if with_bot else None
    except BaseException:
        await engine.dispose()
        raise
    sweeps = NoticeSender(ctx, notifier, renderer)
    return Wired(ctx, engine, settings, notifier, sweeps, fanout, bot)


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
    assert wired.bot is not None
    settings = wired.settings
    app = web_app(wired.bot, wired.engine, require_bot_token(settings.auth))
    app[SETTINGS_KEY] = settings
    app.cleanup_ctx.append(_fanout(wired.fanout))
    if settings.publisher:
        app.cleanup_ctx.append(_publisher(wired.ctx, settings.publishing))
    if settings.scheduler:
        app.cleanup_ctx.append(_scheduling(wired.sweeps, settings.sweep_seconds))

    async def dispose(_app: web.Application) -> None:
        await wired.engine.dispose()

    app.on_cleanup.append(dispose)
    return app


def _publisher(
    ctx: Context, publishing: PublishSettings
) -> Callable[[web.Application], AsyncIterator[None]]:
    """The publisher's outbox worker, running beside the bot for the app's lifetime. Without
    Graph settings it publishes to the local folder ``SAMSTYRE_PUBLISH_DIR`` (default
    ``./published``); see ``graph_sync.settings``."""
    chosen = choose_target(publishing, ctx.mandate)
    worker = OutboxWorker(Publisher(ctx, chosen.target))

    async def running(_app: web.Application) -> AsyncIterator[None]:
        log.warning("publishing to %s", chosen.description)
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))
        yield
        stop.set()
        await task
        await chosen.close()

    return running


def _fanout(fanout: OutboxSender) -> Callable[[web.Application], AsyncIterator[None]]:
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


def _scheduling(
    sweeps: NoticeSender, every: float
) -> Callable[[web.Application], AsyncIterator[None]]:
    """The annual cycle's scheduler (``scheduler.setup``), for the app's lifetime."""
    scheduler = build_scheduler(sweeps, every=every)

    async def running(_app: web.Application) -> AsyncIterator[None]:
        scheduler.start()
        log.warning("the annual cycle's scheduler sweeps every %.0f s", every)
        yield
        scheduler.shutdown(wait=False)
        await sweeps.stop()

    return running


async def work(config_path: str, *, local: bool, database: str | None = None) -> None:
    """``samstyre worker``: the scheduler and the bot's outbox worker, without the bot's HTTP
    server or its Teams app (for deployments that run them apart; set ``SAMSTYRE_SCHEDULER=0``
    on the serve processes then)."""
    wired = await wire(
        config_path, dict(os.environ), local=local, database=database, with_bot=False
    )
    try:
        every = wired.settings.sweep_seconds
        scheduler = build_scheduler(wired.sweeps, every=every)
        scheduler.start()
        stop_fanout = asyncio.Event()
        fanout_task = asyncio.create_task(wired.fanout.run(stop_fanout))
        log.warning(
            "Samstyre worker: the annual cycle's scheduler sweeps every %.0f s (database %s)",
            every,
            display_url(wired.settings.database_url),
        )
        await _until_stopped()
        scheduler.shutdown(wait=False)
        await wired.sweeps.stop()
        stop_fanout.set()
        await fanout_task
    finally:
        await wired.engine.dispose()


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


async def serve(config_path: str, *, port: int, local: bool, host: str | None = None) -> None:
    environ = dict(os.environ)
    host = listen_host(environ, host, local=local_mode(environ, flag=local))
    app = await build_web_app(config_path, environ, local=local)
    database = app[SETTINGS_KEY].database_url
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    _freeze_startup_objects()
    log.warning(
        "Samstyre is listening on http://%s:%d/api/messages (database %s)",
        host,
        port,
        display_url(database),
    )
    try:
        await _until_stopped()
    finally:
        await runner.cleanup()
