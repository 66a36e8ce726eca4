"""Test helpers for request authentication: RSA keys, a JWKS server, token claims and signing.

The key server is a real aiohttp server on 127.0.0.1; the bot reaches it through
``SAMSTYRE_JWKS_URL`` in ``AuthSettings``, exactly as a sovereign-cloud deployment would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "11111111-2222-4333-8444-555555555555"
TENANT_A = "00000000-0000-4000-8000-0000000000aa"
TENANT_B = "00000000-0000-4000-8000-0000000000bb"
FOREIGN_TENANT = "99999999-9999-4999-8999-999999999999"
KID = "key-1"
BOT_FRAMEWORK = "https://api.botframework.com"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
SETTINGS_PREFIX = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"

BotClient = TestClient[web.Request, web.Application]
StartBot = Callable[..., Awaitable[BotClient]]
"""The ``bot_client`` fixture: ``await bot_client(settings, keys=…)`` starts a tiny bot app."""


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "use": "sig", "endorsements": ["msteams"]}


HMAC_SECRET = b"a shared secret that a key set must never offer"
ODD_KEYS: list[dict[str, Any]] = [
    {"kty": "oct", "kid": "hmac-1", "k": base64.urlsafe_b64encode(HMAC_SECRET).decode()},
    {"kty": "RSA", "kid": "broken-1", "n": "AA", "e": "AQAB"},
    {"kty": "RSA", "kid": "encryption-1", "use": "enc", "n": "AA", "e": "AQAB"},
]
"""Entries a key set may hold that must be skipped without spoiling the usable keys."""


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@dataclass
class KeyServer:
    """Serves ``/keys`` (the JWKS), ``/metadata`` (OpenID metadata) and a failing ``/broken``."""

    keys: list[dict[str, Any]]
    hits: Counter[str] = field(default_factory=Counter)
    server: TestServer | None = None

    def url(self, path: str) -> str:
        assert self.server is not None
        return str(self.server.make_url(path))

    def app(self) -> web.Application:
        async def keys(request: web.Request) -> web.Response:
            self.hits["keys"] += 1
            return web.json_response({"keys": self.keys})

        async def metadata(request: web.Request) -> web.Response:
            self.hits["metadata"] += 1
            return web.json_response({"issuer": BOT_FRAMEWORK, "jwks_uri": self.url("/keys")})

        async def broken(request: web.Request) -> web.Response:
            self.hits["broken"] += 1
            return web.json_response({"error": "down"}, status=500)

        app = web.Application()
        app.router.add_get("/keys", keys)
        app.router.add_get("/metadata", metadata)
        app.router.add_get("/broken", broken)
        return app


def production_env(jwks_url: str, **extra: str) -> dict[str, str]:
    """The Agents SDK variables of a bot with a client secret, keys from ``jwks_url``."""
    return {
        SETTINGS_PREFIX + "CLIENTID": CLIENT_ID,
        SETTINGS_PREFIX + "CLIENTSECRET": "not-a-real-secret",
        SETTINGS_PREFIX + "TENANTID": TENANT_A,
        "SAMSTYRE_JWKS_URL": jwks_url,
        **extra,
    }


def claims(**overrides: Any) -> dict[str, Any]:
    """A Bot Framework channel token's claims, valid for ten minutes; None drops a claim."""
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": BOT_FRAMEWORK,
        "aud": CLIENT_ID,
        "serviceurl": SERVICE_URL,
        "nbf": now - 10,
        "exp": now + 600,
    }
    merged = {**base, **overrides}
    return {name: value for name, value in merged.items() if value is not None}


def sign(payload: dict[str, Any], key: rsa.RSAPrivateKey, kid: str | None = KID) -> str:
    """RS256 over the raw JSON: PyJWS, unlike ``jwt.encode``, lets malformed claims through."""
    headers = {"kid": kid} if kid is not None else {}
    return jwt.api_jws.encode(json.dumps(payload).encode(), key, "RS256", headers=headers)


def hs256(payload: dict[str, Any], secret: bytes, kid: str = KID) -> str:
    """An HMAC token built by hand: PyJWT itself refuses to use a PEM key as an HMAC secret."""

    def part(data: dict[str, Any]) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")

    signing_input = part({"alg": "HS256", "typ": "JWT", "kid": kid}) + b"." + part(payload)
    mac = hmac.new(secret, signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + base64.urlsafe_b64encode(mac).rstrip(b"=")).decode()
