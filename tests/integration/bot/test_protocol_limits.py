"""Requests that once froze or crashed the bot, over real HTTP: JSON nested too deeply,
invoke names the bot does not implement, and readiness of a database that cannot write."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bot
from bot.security import require_bot_token
from bot.server import web_app
from bot.settings import AuthSettings
from governance.store.database import is_sqlite, make_engine
from governance.store.readiness import WriteProbe, reason_of
from tests.integration.bot.teams import CHAIR, TeamsSide, activity


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,
        b'{"type": "message", "channelData": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"type": "message", "value": ' + b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"}",
    ],
)
async def test_json_nested_too_deeply_gets_400(teams: TeamsSide, body: bytes) -> None:
    status, answer = await teams.post(None, raw=body)
    assert status == 400 and "nested" in answer["error"]


async def test_brackets_inside_strings_are_only_text(teams: TeamsSide) -> None:
    body = activity(CHAIR, service_url=teams.connector_url, text="[" * 5000 + "hjelp")
    status, _ = await teams.post(body)
    assert status in (200, 202)


@pytest.mark.parametrize(
    "name",
    [
        "composeExtension/query",
        "task/fetch",
        "task/submit",
        "message/submitAction",
        "config/fetch",
        "tab/fetch",
        "signin/verifyState",
        "something/new",
        None,
    ],
)
async def test_invokes_the_bot_does_not_implement_get_200(
    teams: TeamsSide, name: str | None
) -> None:
    body = activity(
        CHAIR,
        service_url=teams.connector_url,
        type="invoke",
        **({"name": name} if name else {}),
        value={},
    )
    status, _ = await teams.post(body)
    assert status == 200
    assert teams.connector.received == []


@pytest.fixture
async def fartt_bot(fartt_teams: tuple[TeamsSide, Bot]) -> Bot:
    return fartt_teams[1]


def read_only_engine(db_url: str) -> AsyncEngine:
    """The test's database as a server (or file) that refuses every change."""
    if is_sqlite(db_url):
        engine = make_engine(db_url)

        @event.listens_for(engine.sync_engine, "connect")
        def query_only(connection: Any, record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA query_only = ON")
            cursor.close()

        return engine
    return make_engine(
        db_url, connect_args={"server_settings": {"default_transaction_read_only": "on"}}
    )


@pytest.fixture
async def probe_app(fartt_bot: Bot, db_url: str) -> AsyncIterator[tuple[str, ClientSession]]:
    engine = read_only_engine(db_url)
    guard = require_bot_token(AuthSettings.from_env({"SAMSTYRE_LOCAL": "1"}, tenant_ids=[]))
    server = TestServer(web_app(fartt_bot, engine, guard), host="127.0.0.1")
    await server.start_server()
    async with ClientSession() as http:
        yield str(server.make_url("/readyz")), http
    await server.close()
    await engine.dispose()


async def test_readiness_says_so_when_the_database_cannot_write(
    probe_app: tuple[str, ClientSession],
) -> None:
    url, http = probe_app
    async with http.get(url) as response:
        assert response.status == 503
        assert (await response.json())["status"] == "database is read-only"


async def test_readiness_writes_and_then_answers_from_its_cache(engine: AsyncEngine) -> None:
    probe = WriteProbe(engine)
    assert await probe.refusal() is None
    assert await probe.refusal() is None
    async with engine.connect() as connection:
        rows = (await connection.exec_driver_sql("SELECT id FROM readiness")).all()
    assert [tuple(r) for r in rows] == [(1,)]


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("database or disk is full", "database is full"),
        ("attempt to write a readonly database", "database is read-only"),
        ("cannot execute UPDATE in a read-only transaction", "database is read-only"),
        ("something else", "database refused a write (Exception)"),
    ],
)
def test_readiness_names_why_a_write_was_refused(message: str, reason: str) -> None:
    assert reason_of(OperationalError("UPDATE readiness", {}, Exception(message))) == reason


def test_the_readiness_answer_is_json() -> None:
    assert json.dumps({"status": "database is full"})
