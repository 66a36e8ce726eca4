"""The HTTP face of the bot: ``POST /api/messages`` (Bot Framework protocol, token checked),
``GET /healthz`` (the process is up) and ``GET /readyz`` (database reachable, schema at head,
a write commits).

Before the SDK sees a request: bodies over 256 KB get 413, malformed JSON, JSON nested deeper
than ``MAX_DEPTH`` or malformed activities 400, activity types and invoke names the bot does not
handle 200 (ignored, as Teams expects of a bot that declares no such feature). No stack trace
ever leaves the process."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bot
from bot.origin import OriginRejected, check_activity
from bot.security import ENDORSEMENTS_KEY, SDK_IDENTITY_KEY
from governance.store.migrate import is_at_head
from governance.store.readiness import WriteProbe, reason_of

log = logging.getLogger("samstyre.server")

MAX_BODY = 256 * 1024
HANDLED_TYPES = frozenset({"message", "invoke", "conversationUpdate", "installationUpdate"})
HANDLED_INVOKES = frozenset({"adaptiveCard/action"})
MAX_DEPTH = 64  # Teams' activities nest about 10 deep; json and pydantic recurse per level
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")
BOT_KEY: web.AppKey[Bot] = web.AppKey("bot", Bot)
ENGINE_KEY: web.AppKey[AsyncEngine] = web.AppKey("engine", AsyncEngine)
PROBE_KEY: web.AppKey[WriteProbe] = web.AppKey("write_probe", WriteProbe)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Guard = Callable[[Handler], Handler]


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def messages(request: web.Request) -> web.StreamResponse:
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return _problem(413, f"request body over {MAX_BODY // 1024} KB")
    if too_deep(body):
        return _problem(400, f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        payload: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _problem(400, "malformed JSON")
    if not isinstance(payload, dict):
        return _problem(400, "an activity must be a JSON object")
    try:
        activity = Activity.model_validate(payload)
    except ValidationError as error:
        return _problem(400, f"not a valid activity ({error.error_count()} problem(s))")
    except RecursionError:
        return _problem(400, f"JSON nested deeper than {MAX_DEPTH} levels")
    if activity.type not in HANDLED_TYPES or (
        activity.type == "invoke" and activity.name not in HANDLED_INVOKES
    ):
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


def too_deep(body: bytes) -> bool:
    """Whether the JSON text nests arrays and objects deeper than ``MAX_DEPTH``, found in
    linear time before any parser recurses (brackets inside strings do not count)."""
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return False
    depth = 0
    for bracket in _BRACKETS.finditer(_STRINGS.sub(b'""', body)):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        if depth > MAX_DEPTH:
            return True
    return False


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


def _unreachable(error: Exception) -> web.Response:
    log.warning("readiness: database unreachable: %s", type(error).__name__)
    return web.json_response({"status": "database unreachable"}, status=503)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "up"})


async def readyz(request: web.Request) -> web.Response:
    ready = True
    try:
        ready = await is_at_head(request.app[ENGINE_KEY])
        refusal = await request.app[PROBE_KEY].refusal() if ready else None
    except DBAPIError as error:
        # SQLite begins every transaction for writing, so a read-only file fails the read too
        refusal = reason_of(error) if not error.connection_invalidated else None
        if refusal is None or refusal.startswith("database refused"):
            return _unreachable(error)
    except Exception as error:
        return _unreachable(error)
    if not ready:
        return web.json_response(
            {"status": "database schema is not at head; run 'samstyre db upgrade'"}, status=503
        )
    if refusal is not None:
        log.warning("readiness: %s", refusal)
        return web.json_response({"status": refusal}, status=503)
    return web.json_response({"status": "ready"})


Lifetime = Callable[[web.Application], AsyncIterator[None]]


def web_app(
    bot: Bot, engine: AsyncEngine, guard: Guard, lifetimes: Sequence[Lifetime] = ()
) -> web.Application:
    """``guard`` checks the caller's token on ``/api/messages`` only (probes stay open).
    ``lifetimes`` run beside the app (aiohttp's cleanup contexts: entered at start in order,
    left at shutdown in reverse order)."""
    app = web.Application(client_max_size=MAX_BODY)
    app.cleanup_ctx.extend(lifetimes)
    app[BOT_KEY] = bot
    app[ENGINE_KEY] = engine
    app[PROBE_KEY] = WriteProbe(engine)
    app.router.add_post("/api/messages", guard(messages))
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app
