"""The HTTP face of the bot: ``POST /api/messages`` (Bot Framework protocol, token checked),
``GET /healthz`` (the process is up) and ``GET /readyz`` (database reachable, schema at head).

Before the SDK sees a request: bodies over 256 KB get 413, malformed JSON or activities 400,
activity types the bot does not handle 200 (ignored). No stack trace ever leaves the process."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bot
from bot.origin import OriginRejected, check_activity
from bot.security import ENDORSEMENTS_KEY, SDK_IDENTITY_KEY
from governance.store.migrate import is_at_head

log = logging.getLogger("samstyre.server")

MAX_BODY = 256 * 1024
HANDLED_TYPES = frozenset({"message", "invoke", "conversationUpdate", "installationUpdate"})
BOT_KEY: web.AppKey[Bot] = web.AppKey("bot", Bot)
ENGINE_KEY: web.AppKey[AsyncEngine] = web.AppKey("engine", AsyncEngine)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Guard = Callable[[Handler], Handler]


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def messages(request: web.Request) -> web.StreamResponse:
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return _problem(413, f"request body over {MAX_BODY // 1024} KB")
    try:
        payload: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _problem(400, "malformed JSON")
    if not isinstance(payload, dict):
        return _problem(400, "an activity must be a JSON object")
    try:
        activity = Activity.model_validate(payload)
    except ValidationError as error:
        return _problem(400, f"not a valid activity ({error.error_count()} problem(s))")
    if activity.type not in HANDLED_TYPES:
        return web.Response(status=200)
    if activity.conversation is None or not activity.conversation.id:
        return _problem(400, "an activity needs conversation.id")
    bot = request.app[BOT_KEY]
    if (refusal := _origin_refusal(request, bot, activity)) is not None:
        return refusal
    try:
        response = await bot.adapter.process(request, bot.agent)
    except Exception as error:
        log.error("request failed: %s", type(error).__name__, exc_info=error)
        return _problem(500, "internal error")
    return response if response is not None else web.Response(status=202)


def _origin_refusal(request: web.Request, bot: Bot, activity: Activity) -> web.Response | None:
    """401 (or 400 for ids) unless the activity may be answered where it says (``bot.origin``);
    nothing has been stored or sent yet."""
    identity = request.get(SDK_IDENTITY_KEY)
    claims = None if bot.local else getattr(identity, "claims", None)
    try:
        check_activity(activity, claims, request.get(ENDORSEMENTS_KEY), bot.hosts)
    except OriginRejected as refused:
        log.warning("refused %s activity from %s: %s", activity.type, request.remote, refused)
        return _problem(refused.status, str(refused))
    return None


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "up"})


async def readyz(request: web.Request) -> web.Response:
    try:
        ready = await is_at_head(request.app[ENGINE_KEY])
    except Exception as error:
        log.warning("readiness: database unreachable: %s", type(error).__name__)
        return web.json_response({"status": "database unreachable"}, status=503)
    if not ready:
        return web.json_response({"status": "database schema is not at head; run "
                                            "'samstyre db upgrade'"}, status=503)
    return web.json_response({"status": "ready"})


def web_app(bot: Bot, engine: AsyncEngine, guard: Guard) -> web.Application:
    """``guard`` checks the caller's token on ``/api/messages`` only (probes stay open)."""
    app = web.Application(client_max_size=MAX_BODY)
    app[BOT_KEY] = bot
    app[ENGINE_KEY] = engine
    app.router.add_post("/api/messages", guard(messages))
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app
