"""Fixtures for the bot's request authentication: keys, the JWKS server, a tiny bot app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from microsoft_agents.hosting.core.authorization import ClaimsIdentity

from bot.app import Bot
from bot.security import require_bot_token
from bot.server import BOT_KEY, ENGINE_KEY
from bot.settings import AuthSettings
from governance.services.context import FixedClock
from samstyre.serve import build_web_app
from tests.conftest import ROOT
from tests.emulators.connector import Connector
from tests.integration.bot.teams import TeamsSide
from tests.integration.bot.tokens import (
    KID,
    ODD_KEYS,
    TENANT_A,
    TENANT_B,
    BotClient,
    KeyServer,
    StartBot,
    new_rsa_key,
    production_env,
    public_jwk,
)


@pytest.fixture(scope="session")
def signing_key() -> rsa.RSAPrivateKey:
    return new_rsa_key()


@pytest.fixture(scope="session")
def impostor_key() -> rsa.RSAPrivateKey:
    """Another key, published nowhere: tokens it signs claim the real key's kid."""
    return new_rsa_key()


@pytest.fixture
async def key_server(signing_key: rsa.RSAPrivateKey) -> AsyncIterator[KeyServer]:
    keys = KeyServer(keys=[*ODD_KEYS, public_jwk(signing_key, KID)])
    keys.server = TestServer(keys.app(), host="127.0.0.1")
    await keys.server.start_server()
    yield keys
    await keys.server.close()


@pytest.fixture
def settings(key_server: KeyServer) -> AuthSettings:
    """Production settings: keys from the local server; the mandate's two tenants."""
    return AuthSettings.from_env(
        production_env(key_server.url("/keys")), tenant_ids=[TENANT_A, TENANT_B.upper()]
    )


async def echo_identity(request: web.Request) -> web.Response:
    identity = request["claims_identity"]
    assert isinstance(identity, ClaimsIdentity)
    return web.json_response(
        {
            "claims": identity.claims,
            "anonymous": identity.allow_anonymous,
            "security_token": identity.security_token,
            "outgoing_app_id": identity.get_outgoing_app_id(),
            "authentication_type": identity.authentication_type,
        }
    )


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@pytest.fixture
async def bot_client() -> AsyncIterator[StartBot]:
    """Starts a tiny bot app: ``/api/messages`` behind the decorator, ``/healthz`` open."""
    clients: list[BotClient] = []

    async def start(settings: AuthSettings, **kwargs: Any) -> BotClient:
        app = web.Application()
        app.router.add_post("/api/messages", require_bot_token(settings, **kwargs)(echo_identity))
        app.router.add_get("/healthz", healthz)
        client = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        clients.append(client)
        return client

    yield start
    for client in clients:
        await client.close()


@asynccontextmanager
async def serving_bot(
    config: str,
    db_url: str,
    clock: FixedClock,
) -> AsyncIterator[tuple[TeamsSide, Bot]]:
    """The bot (``samstyre serve``'s web app for ``config/<config>``, local mode, the test's
    database) and a local connector, each on its own loopback port, talking real HTTP."""
    connector = Connector()
    connector_server = TestServer(connector.app(), host="127.0.0.1")
    await connector_server.start_server()
    app = await build_web_app(
        ROOT / "config" / config,
        {"SAMSTYRE_LOCAL": "1", "SAMSTYRE_PUBLISHER": "0", "SAMSTYRE_SCHEDULER": "0"},
        local=True,
        database=db_url,
        clock=clock,
    )
    bot_server = TestServer(app, host="127.0.0.1")
    await bot_server.start_server()
    bot = app[BOT_KEY]
    connector.roster = [  # the team's roster: every member of the mandate with a Teams account
        {"id": f"29:{m.id}", "name": m.name, "aadObjectId": m.object_id, "userPrincipalName": m.upn}
        for m in bot.ctx.mandate.members
        if m.object_id and m.upn
    ] + [{"id": "29:guest", "name": "Gjest", "aadObjectId": "00000000-0000-4000-8000-0000000000fe"}]
    async with ClientSession() as http:
        yield (
            TeamsSide(
                str(bot_server.make_url("")).rstrip("/"),
                str(connector_server.make_url("")).rstrip("/") + "/",
                connector,
                http,
                bot.ctx,
                app[ENGINE_KEY],
            ),
            bot,
        )
    await bot_server.close()
    await connector_server.close()


@pytest.fixture
async def teams(db_url: str, clock: FixedClock) -> AsyncIterator[TeamsSide]:
    """ROR-IKT's bot and the local connector over real HTTP."""
    async with serving_bot("ror-ikt.yaml", db_url, clock) as (side, _bot):
        yield side


@pytest.fixture
async def ror(db_url: str, clock: FixedClock) -> AsyncIterator[tuple[TeamsSide, Bot]]:
    """ROR-IKT's bot and the local connector over real HTTP, with the bot itself (its context,
    notifier and database) for what a test prepares or inspects."""
    async with serving_bot("ror-ikt.yaml", db_url, clock) as served:
        yield served


@pytest.fixture
async def fartt_teams(db_url: str, clock: FixedClock) -> AsyncIterator[tuple[TeamsSide, Bot]]:
    """FARTT's bot (its development groups) and the local connector over real HTTP, with the
    bot itself for posting cards as the annual cycle would."""
    async with serving_bot("fartt.yaml", db_url, clock) as served:
        yield served
