"""``samstyre serve``: the bot's HTTP server in this process (the scheduler and the publisher of
later releases run beside it). Settings come from the environment (see README, "Settings")."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Mapping
from pathlib import Path

from aiohttp import web

from bot.app import build_bot
from bot.security import require_bot_token
from bot.server import web_app
from bot.settings import AuthSettings
from governance.config import load_mandate
from governance.services.context import Clock
from governance.store.database import database_url, display_url, make_engine
from governance.store.migrate import upgrade
from samstyre.bootstrap import build_context

log = logging.getLogger("samstyre")


async def build_web_app(
    config_path: str | Path, environ: Mapping[str, str], *, local: bool,
    database: str | None = None, clock: Clock | None = None,
) -> web.Application:
    """Everything ``serve`` runs, wired from settings; tests build the same with emulators."""
    mandate = load_mandate(config_path)
    settings = AuthSettings.from_env(environ, tenant_ids=mandate.tenant_ids, local=local)
    engine = make_engine(database)
    try:
        await upgrade(engine)
        bot = build_bot(build_context(mandate, engine, clock), settings)
        app = web_app(bot, engine, require_bot_token(settings))
    except BaseException:
        await engine.dispose()
        raise

    async def dispose(_app: web.Application) -> None:
        await engine.dispose()

    app.on_cleanup.append(dispose)
    return app


async def serve(config_path: str, *, port: int, local: bool, host: str | None = None) -> None:
    environ = dict(os.environ)
    app = await build_web_app(config_path, environ, local=local)
    host = host or environ.get("SAMSTYRE_HOST") or ("127.0.0.1" if local else "0.0.0.0")
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.warning("Samstyre is listening on http://%s:%d/api/messages (database %s)", host, port,
                display_url(database_url()))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
