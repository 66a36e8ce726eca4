"""The baseline of bench/bot_http.py: a bare Microsoft 365 Agents SDK echo bot on aiohttp, in
anonymous mode, answering each message with its text (``expectReplies``: in the HTTP response).

Usage: .venv/bin/python bench/echo_bot.py PORT
"""

from __future__ import annotations

import logging
import sys

from aiohttp import web
from microsoft_agents.activity import load_configuration_from_env
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentApplication,
    Authorization,
    ClaimsIdentity,
    MemoryStorage,
    TurnContext,
    TurnState,
)

CONFIG = {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "true"}


def echo_app() -> web.Application:
    config = load_configuration_from_env(CONFIG)
    storage = MemoryStorage()
    connections = MsalConnectionManager(**config)
    adapter = CloudAdapter(connection_manager=connections)
    agent = AgentApplication[TurnState](
        storage=storage,
        authorization=Authorization(storage, connections, **config),
        start_typing_timer=False,
        **config,
    )

    @agent.activity("message")
    async def echo(context: TurnContext, state: TurnState) -> None:
        await context.send_activity(context.activity.text or "")

    async def messages(request: web.Request) -> web.StreamResponse:
        request["claims_identity"] = ClaimsIdentity()
        return await adapter.process(request, agent) or web.Response(status=202)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "up"})

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    logging.getLogger("microsoft_agents").setLevel(logging.ERROR)
    web.run_app(echo_app(), host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
