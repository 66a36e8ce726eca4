"""The composition root: the one place that opens the database and wires the core to its
adapters. ``serve``, ``worker`` and every command of the command line start here.

The environment is read once, at the process's edge (``samstyre.cli.main``), and handed down as
a mapping; ``samstyre.settings.Settings`` reads and checks every setting of a process from it
before anything is opened. Nothing below this reads the environment, and nothing is changed
after it is built: each part gets its dependencies when it is constructed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from microsoft_agents.hosting.core.authorization import Connections
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bot, build_bot, build_connections, build_notifier
from bot.notifier import TeamsNotifier
from cards.renderer import CardRenderer
from governance.config import load_mandate
from governance.domain.organisation import Mandate
from governance.ports import Clock
from governance.services.context import Context, SystemClock
from governance.store.cooperation import OtherCooperation, check, claim
from governance.store.database import database_url as with_driver
from governance.store.database import display_url, make_engine
from governance.store.mapping import map_all
from governance.store.migrate import NotReady, require_file, require_head, upgrade
from governance.store.uow import SqlUnitOfWork
from graph_sync.delivery import Publisher
from graph_sync.settings import ChosenTarget, choose_target
from graph_sync.worker import OutboxWorker
from samstyre.settings import Settings
from scheduler.fanout import OutboxSender
from scheduler.setup import build_scheduler
from scheduler.sweeps import NoticeSender

__all__ = [
    "App",
    "NotReady",
    "OtherCooperation",
    "Publishing",
    "Wired",
    "application",
    "build_context",
    "database",
    "display_url",
    "readers",
    "wire",
]


@dataclass
class App:
    """The core on an open, migrated database: what a command of the command line needs."""

    context: Context
    engine: AsyncEngine


def build_context(mandate: Mandate, engine: AsyncEngine, clock: Clock | None = None) -> Context:
    map_all()  # before any domain object is created, so new instances are instrumented
    return Context(
        mandate=mandate, units=lambda: SqlUnitOfWork(engine), clock=clock or SystemClock()
    )


def readers(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    """Units of work that only read (the audit log's verification and export)."""
    map_all()
    return lambda: SqlUnitOfWork(engine, write=False)


@asynccontextmanager
async def database(url: str, *, migrate: bool = False) -> AsyncIterator[AsyncEngine]:
    """The engine of ``url``, disposed afterwards: migrated to head first if ``migrate``,
    otherwise an existing database at head or ``NotReady`` (with nothing created)."""
    if not migrate:
        require_file(url)
    engine = make_engine(url)
    try:
        try:
            await (upgrade(engine) if migrate else require_head(engine))
        except OSError as error:  # the server is not there (refused, unknown host, timeout)
            reason = error.strerror or str(error) or type(error).__name__
            raise NotReady(f"cannot reach the database at {display_url(url)}: {reason}") from None
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def application(
    config_path: str | Path,
    *,
    database_url: str | None = None,
    clock: Clock | None = None,
    writes: bool = True,
) -> AsyncIterator[App]:
    """Load the mandate, open the database and yield the wired app. A command that ``writes``
    migrates the database to head and records the mandate's cooperation in it; one that only
    reads needs a migrated database. Both refuse another cooperation's database."""
    mandate = load_mandate(config_path)
    async with database(with_driver(database_url), migrate=writes) as engine:
        context = build_context(mandate, engine, clock)
        await _owned(engine, context, writes=writes)
        yield App(context, engine)


async def _owned(engine: AsyncEngine, context: Context, *, writes: bool) -> None:
    """Refuse a database of another cooperation; a writer records its own in a new one."""
    if writes:
        await claim(engine, context.mandate, at=context.clock.now())
    else:
        await check(engine, context.mandate)


@dataclass
class Publishing:
    """The publisher's outbox worker and where it publishes (see ``graph_sync.settings``)."""

    worker: OutboxWorker
    target: ChosenTarget


@dataclass
class Wired:
    """Everything a process runs, on a migrated database, with the settings read before
    anything was opened: the context, the notifier into Teams, the scheduler's sweeps and the
    outbox worker of the bot's messages; for ``serve`` the bot and (if this process publishes)
    the publisher; the scheduler wherever it runs (not yet started)."""

    ctx: Context
    engine: AsyncEngine
    settings: Settings
    notifier: TeamsNotifier
    sweeps: NoticeSender
    fanout: OutboxSender
    bot: Bot | None
    scheduler: AsyncIOScheduler | None
    publishing: Publishing | None

    async def close(self) -> None:
        """Close what was opened: the publisher's target, then the database."""
        try:
            if self.publishing is not None:
                await self.publishing.target.close()
        finally:
            await self.engine.dispose()


async def wire(
    config_path: str | Path,
    environ: Mapping[str, str],
    *,
    local: bool,
    worker: bool = False,
    database: str | None = None,
    clock: Clock | None = None,
    connections: Connections | None = None,
) -> Wired:
    """Read and check every setting, then open the database (migrated to head) and build what
    the process runs; a bad setting fails before anything is opened. ``worker=True`` builds
    ``samstyre worker``'s share: the scheduler always, no Teams app and no publisher; otherwise
    ``serve``'s, where ``SAMSTYRE_PUBLISHER`` and ``SAMSTYRE_SCHEDULER`` choose. ``connections``
    stands in for Entra (outgoing tokens) in tests."""
    mandate = load_mandate(config_path)
    settings = Settings.from_env(environ, mandate, local=local, database=database)
    engine = make_engine(settings.database_url)
    publishing: Publishing | None = None
    try:
        await upgrade(engine)
        ctx = build_context(mandate, engine, clock)
        await _owned(engine, ctx, writes=True)
        connections = connections or build_connections(settings.auth)
        notifier = build_notifier(ctx, settings.auth, connections, settings.throttle)
        renderer = CardRenderer()
        fanout = OutboxSender(ctx, notifier, renderer)
        sweeps = NoticeSender(ctx, notifier, renderer)
        bot = None if worker else build_bot(ctx, settings.auth, notifier, connections, renderer)
        if not worker and settings.publisher:
            chosen = choose_target(settings.publishing, mandate)
            publishing = Publishing(OutboxWorker(Publisher(ctx, chosen.target)), chosen)
        scheduling = worker or settings.scheduler
        scheduler = build_scheduler(sweeps, every=settings.sweep_seconds) if scheduling else None
    except BaseException:
        if publishing is not None:
            await publishing.target.close()
        await engine.dispose()
        raise
    return Wired(ctx, engine, settings, notifier, sweeps, fanout, bot, scheduler, publishing)
