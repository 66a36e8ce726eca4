"""``samstyre serve``'s app in production mode (a client id, no local mode): every request to
/api/messages needs a valid token, probes stay open, and local mode cannot be switched on by
accident."""

from __future__ import annotations

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.settings import ConfigurationError
from samstyre.serve import build_web_app
from tests.conftest import ROOT
from tests.integration.bot.tokens import KeyServer, claims, production_env, sign

CONFIG = ROOT / "config" / "ror-ikt.yaml"


async def test_the_served_app_checks_tokens_and_keeps_probes_open(
    db_url: str,
    key_server: KeyServer,
    signing_key: rsa.RSAPrivateKey,
) -> None:
    env = production_env(key_server.url("/keys"), SAMSTYRE_PUBLISHER="0", SAMSTYRE_SCHEDULER="0")
    app = await build_web_app(CONFIG, env, local=False, database=db_url)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    ignored = {"type": "somethingNew", "conversation": {"id": "a:1"}}
    try:
        async with ClientSession() as http:
            url = str(server.make_url("/api/messages"))
            async with http.post(url, json=ignored) as response:
                assert response.status == 401
            forged = sign(claims(aud="someone-else"), signing_key)
            async with http.post(
                url, json=ignored, headers={"Authorization": f"Bearer {forged}"}
            ) as response:
                assert response.status == 401
            valid = sign(claims(), signing_key)
            async with http.post(
                url, json=ignored, headers={"Authorization": f"Bearer {valid}"}
            ) as response:
                assert response.status == 200
            for probe in ("/healthz", "/readyz"):
                async with http.get(str(server.make_url(probe))) as response:
                    assert response.status == 200
    finally:
        await server.close()


async def test_local_mode_refuses_to_start_with_production_credentials(
    db_url: str,
    key_server: KeyServer,
) -> None:
    with pytest.raises(ConfigurationError, match="Local mode"):
        await build_web_app(
            CONFIG, production_env(key_server.url("/keys")), local=True, database=db_url
        )


async def test_without_credentials_or_local_mode_the_bot_does_not_start(db_url: str) -> None:
    with pytest.raises(ConfigurationError, match="CLIENTID"):
        await build_web_app(CONFIG, {}, local=False, database=db_url)
