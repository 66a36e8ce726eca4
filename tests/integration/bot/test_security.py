"""``require_bot_token`` over HTTP: a tiny bot app and a JWKS server, both real, on loopback."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration, JwtTokenValidator

from bot.jwks import KeySource, SigningKey, SigningKeys
from bot.security import REFUSAL
from bot.settings import AuthSettings
from tests.integration.bot.tokens import (
    BOT_FRAMEWORK,
    CLIENT_ID,
    FOREIGN_TENANT,
    HMAC_SECRET,
    KID,
    SERVICE_URL,
    TENANT_A,
    TENANT_B,
    KeyServer,
    StartBot,
    claims,
    hs256,
    new_rsa_key,
    production_env,
    public_jwk,
    public_pem,
    sign,
)

Keys = tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]
V1_ISSUER = "https://sts.windows.net/{}/"
V2_ISSUER = "https://login.microsoftonline.com/{}/v2.0"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def now() -> int:
    return int(time.time())


def signed(**overrides: Any) -> Callable[[Keys], dict[str, str]]:
    return lambda keys: bearer(sign(claims(**overrides), keys[0]))


REFUSED: dict[str, Callable[[Keys], dict[str, str]]] = {
    "missing header": lambda keys: {},
    "Bearer alone": lambda keys: {"Authorization": "Bearer"},
    "Basic scheme": lambda keys: {"Authorization": "Basic dXNlcjpwYXNzd29yZA=="},
    "garbled token": lambda keys: bearer("not.a.jwt"),
    "token with a space": lambda keys: {"Authorization": "Bearer abc def"},
    "wrong audience": signed(aud="22222222-2222-4222-8222-222222222222"),
    "app id URI audience": signed(aud=f"api://{CLIENT_ID}"),
    "audience list": signed(aud=[CLIENT_ID]),
    "no audience": signed(aud=None),
    "wrong issuer": signed(iss="https://evil.example/"),
    "issuer not a string": signed(iss=[BOT_FRAMEWORK]),
    "foreign tenant issuer": signed(iss=V1_ISSUER.format(FOREIGN_TENANT), tid=FOREIGN_TENANT),
    "foreign tid on a Bot Framework token": signed(tid=FOREIGN_TENANT),
    "tid not the issuer's tenant": signed(iss=V2_ISSUER.format(TENANT_A), tid=TENANT_B),
    "expired two minutes ago (leeway is 60 s)": lambda keys: signed(exp=now() - 120)(keys),
    "valid only in five minutes": lambda keys: signed(nbf=now() + 300)(keys),
    "no exp": signed(exp=None),
    "no kid": lambda keys: bearer(sign(claims(), keys[0], kid=None)),
    "alg none": lambda keys: bearer(jwt.encode(claims(), "", "none", headers={"kid": KID})),
    "HS256 keyed with the public PEM": lambda keys: bearer(hs256(claims(), public_pem(keys[0]))),
    "HS256 keyed with an oct key of the set": lambda keys: bearer(
        hs256(claims(), HMAC_SECRET, kid="hmac-1")
    ),
    "kid of a broken key": lambda keys: bearer(sign(claims(), keys[0], kid="broken-1")),
    "signed by another key, same kid": lambda keys: bearer(sign(claims(), keys[1])),
    "unknown kid": lambda keys: bearer(sign(claims(), keys[0], kid="key-404")),
    "no serviceurl claim": signed(serviceurl=None),
    # Entra tokens are what other apps present (skills, agentic identities), never Teams:
    "Entra v2 token of the mandate's tenant from another app (azp)": signed(
        iss=V2_ISSUER.format(TENANT_A),
        tid=TENANT_A,
        ver="2.0",
        azp="33333333-3333-4333-8333-333333333333",
    ),
    "Entra v1 token of the mandate's tenant from another app (appid)": signed(
        iss=V1_ISSUER.format(TENANT_B),
        tid=TENANT_B,
        ver="1.0",
        appid="33333333-3333-4333-8333-333333333333",
    ),
    "Entra token naming Bot Framework's own app as caller": signed(
        iss=V2_ISSUER.format(TENANT_A),
        tid=TENANT_A,
        ver="2.0",
        azp="d6d49420-f39b-4df7-a1dc-d59a935871db",
    ),
    "Bot Framework Emulator issuer": signed(
        iss="https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"
    ),
}


@pytest.mark.parametrize("case", REFUSED)
async def test_request_without_a_valid_token_is_refused(
    case: str,
    settings: AuthSettings,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
    impostor_key: rsa.RSAPrivateKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    headers = REFUSED[case]((signing_key, impostor_key))
    client = await bot_client(settings)
    with caplog.at_level(logging.WARNING, logger="bot.security"):
        response = await client.post("/api/messages", json={}, headers=headers)
    assert response.status == 401
    assert await response.json() == REFUSAL
    assert response.headers["WWW-Authenticate"] == "Bearer"
    refusals = [r for r in caplog.records if r.name == "bot.security"]
    assert [r.levelno for r in refusals] == [logging.WARNING]
    token = headers.get("Authorization", "").partition(" ")[2]
    assert len(token) < 8 or token not in caplog.text


async def test_two_authorization_headers_are_refused(
    settings: AuthSettings,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
) -> None:
    client = await bot_client(settings)
    token = sign(claims(), signing_key)
    headers = [("Authorization", f"Bearer {token}"), ("Authorization", f"Bearer {token}")]
    response = await client.post("/api/messages", json={}, headers=headers)
    assert response.status == 401


async def test_bot_framework_token_reaches_the_handler_as_the_sdk_identity(
    settings: AuthSettings,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
) -> None:
    token = sign(claims(), signing_key)
    client = await bot_client(settings)
    response = await client.post("/api/messages", json={}, headers=bearer(token))
    assert response.status == 200
    body = await response.json()
    assert body["claims"]["aud"] == CLIENT_ID
    assert body["claims"]["iss"] == BOT_FRAMEWORK
    assert body["claims"]["serviceurl"] == SERVICE_URL
    assert body["security_token"] == token
    assert body["anonymous"] is False
    assert body["authentication_type"] is None


async def test_a_bot_framework_token_may_name_a_mandate_tenant(
    settings: AuthSettings,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
) -> None:
    token = sign(claims(tid=TENANT_B), signing_key)
    client = await bot_client(settings)
    response = await client.post("/api/messages", json={}, headers=bearer(token))
    assert response.status == 200
    assert (await response.json())["claims"]["tid"] == TENANT_B


async def test_token_expired_within_the_leeway_is_accepted(
    settings: AuthSettings,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
) -> None:
    token = sign(claims(exp=now() - 30), signing_key)
    client = await bot_client(settings)
    response = await client.post("/api/messages", json={}, headers=bearer(token))
    assert response.status == 200


async def test_identity_matches_what_the_sdk_validator_builds(
    settings: AuthSettings,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The SDK's own tests swap ``_jwk_client_manager``; we do the same to compare shapes."""

    class LocalKeys:
        async def get_signing_key(self, jwks_uri: str, header: dict[str, Any]) -> jwt.PyJWK:
            return jwt.PyJWK(public_jwk(signing_key, KID))

    monkeypatch.setattr(JwtTokenValidator, "_jwk_client_manager", LocalKeys())
    token = sign(claims(), signing_key)
    sdk = await JwtTokenValidator(AgentAuthConfiguration(client_id=CLIENT_ID)).validate_token(token)
    client = await bot_client(settings)
    body = await (await client.post("/api/messages", json={}, headers=bearer(token))).json()
    assert body["claims"] == sdk.claims
    assert body["security_token"] == sdk.security_token
    assert body["authentication_type"] == sdk.authentication_type


async def test_health_probe_needs_no_token(settings: AuthSettings, bot_client: StartBot) -> None:
    client = await bot_client(settings)
    assert (await client.get("/healthz")).status == 200
    assert (await client.get("/healthz", headers=bearer("garbage"))).status == 200


async def test_keys_are_fetched_once_and_random_kids_do_not_refetch(
    settings: AuthSettings,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
    key_server: KeyServer,
) -> None:
    client = await bot_client(settings)
    for _ in range(5):
        response = await client.post(
            "/api/messages", json={}, headers=bearer(sign(claims(), signing_key))
        )
        assert response.status == 200
    for kid in ("random-1", "random-2"):
        token = sign(claims(), signing_key, kid=kid)
        assert (await client.post("/api/messages", json={}, headers=bearer(token))).status == 401
    assert key_server.hits["keys"] == 1


async def test_a_rolled_over_key_is_fetched_when_its_kid_first_appears(
    settings: AuthSettings,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
    key_server: KeyServer,
) -> None:
    client = await bot_client(settings, keys=SigningKeys(min_refresh=0))
    first = await client.post("/api/messages", json={}, headers=bearer(sign(claims(), signing_key)))
    assert first.status == 200
    new_key = new_rsa_key()
    key_server.keys.append(public_jwk(new_key, "key-2"))
    token = sign(claims(), new_key, kid="key-2")
    assert (await client.post("/api/messages", json={}, headers=bearer(token))).status == 200
    assert key_server.hits["keys"] == 2


async def test_failing_key_server_gives_401_not_500(
    key_server: KeyServer,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
) -> None:
    settings = AuthSettings.from_env(
        production_env(key_server.url("/broken")), tenant_ids=[TENANT_A]
    )
    client = await bot_client(settings)
    response = await client.post(
        "/api/messages", json={}, headers=bearer(sign(claims(), signing_key))
    )
    assert response.status == 401
    assert await response.json() == REFUSAL


async def test_an_unexpected_error_during_validation_gives_401_not_500(
    settings: AuthSettings,
    bot_client: StartBot,
    signing_key: rsa.RSAPrivateKey,
) -> None:
    class ExplodingKeys(SigningKeys):
        async def find(self, source: KeySource, kid: str) -> SigningKey | None:
            raise RuntimeError("a bug in key handling")

    client = await bot_client(settings, keys=ExplodingKeys())
    response = await client.post(
        "/api/messages", json={}, headers=bearer(sign(claims(), signing_key))
    )
    assert response.status == 401
    assert await response.json() == REFUSAL


async def test_keys_are_discovered_through_openid_metadata(key_server: KeyServer) -> None:
    keys = SigningKeys()
    key = await keys.find(KeySource(key_server.url("/metadata"), metadata=True), KID)
    assert key is not None and key.jwk.key_id == KID
    assert key.endorsements == {"msteams"}
    assert key_server.hits == {"metadata": 1, "keys": 1}


async def test_local_mode_lets_requests_through_as_anonymous(
    bot_client: StartBot,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = AuthSettings.from_env({"SAMSTYRE_LOCAL": "1"}, tenant_ids=[TENANT_A])
    with caplog.at_level(logging.WARNING, logger="bot.security"):
        client = await bot_client(settings)
        response = await client.post("/api/messages", json={})
        await client.post("/api/messages", json={})
    assert response.status == 200
    body = await response.json()
    assert body["anonymous"] is True
    assert body["claims"] == {}
    assert body["security_token"] is None
    local_warnings = [r for r in caplog.records if "LOCAL MODE" in r.getMessage()]
    assert [r.levelno for r in local_warnings] == [logging.WARNING]
