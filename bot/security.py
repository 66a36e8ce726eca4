"""Authentication of requests to ``/api/messages``: ``require_bot_token(settings)``.

Replaces the Agents SDK's ``jwt_authorization_decorator``, whose defaults are too weak to ship
(issuer not checked, ``exp`` optional, 300 s leeway, HTTP 500 for a token without ``kid``).
PyJWT does the cryptography; the SDK's own ``ClaimsIdentity`` carries the result, shaped
exactly as the SDK's middleware shapes it (``ClaimsIdentity(claims, security_token=token)``),
because the SDK's adapter reads ``request["claims_identity"]`` to pick outgoing credentials.

**Which tokens Teams sends.** Teams reaches a bot through the Bot Connector service, which signs
every request with a *Bot Framework channel token*: issuer ``https://api.botframework.com``,
keys from ``https://login.botframework.com/v1/.well-known/openidconfiguration`` endorsed for the
channel (``msteams``), audience the bot's app (client) id, and a ``serviceurl`` claim naming the
service URL the activity may be answered at (Microsoft Learn, "Authentication with the Bot
Connector API", steps for "the Bot Connector service to your bot"). This holds for every bot
type Azure still creates, single-tenant and user-assigned managed identity alike: the bot type
changes how the bot obtains its *outgoing* token, not who signs the incoming one. The Teams SDK
for Python (``InboundActivityTokenValidator``) validates classic bot activities exactly so.

Entra-issued tokens (``https://sts.windows.net/{tid}/``, ``…microsoftonline.com/{tid}/v2.0``)
are what *another application* presents: agent-to-agent calls (skills), where ``azp``/``appid``
names the calling agent, and Agent 365's agentic identities. Teams' channel service never uses
them for a bot like this one. Accepting them would let any app registered in the tenant that
obtains a token for our client id speak as any member (identity comes from ``from.aadObjectId``
in the body, which is safe only when the token proves the caller is Microsoft's channel
service), so no Entra issuer is accepted, whatever its ``azp``/``appid``.

A token is accepted only when all of these hold:

- ``Authorization: Bearer <token>``, one header, nothing else in it;
- header ``alg`` is RS256 and ``kid`` names an RSA key of the issuer's key set;
- ``iss`` is the Bot Framework issuer (``SAMSTYRE_TOKEN_ISSUER`` for a sovereign cloud, e.g.
  ``https://api.botframework.us``); checked before any key is fetched;
- the signature verifies; ``exp``, ``iss``, ``aud`` and ``serviceurl`` are present;
  ``exp``/``nbf``/``iat`` hold with a leeway of 60 seconds;
- ``aud`` is exactly the bot's client id (a single string, compared case-insensitively as the
  SDK does; ``api://<client id>`` is refused: Bot Framework sends the bare id);
- a ``tid`` claim, when present, is one of the mandate's tenants.

What the token says about the activity is checked once the body is read (``bot.origin``): the
``serviceurl`` claim must equal the activity's ``serviceUrl``, on a Teams host, and the key must
be endorsed for the activity's channel. The SDK's adapter does not check this (we build it
without its host validator, whose default list also admits any ``*.sharepoint.com`` or
``*.blob.core.windows.net`` host).

Every refusal is HTTP 401 with one fixed JSON body, logged at WARNING with the reason (never
the token). Local mode needs no token and yields the SDK's anonymous identity.
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import jwt
from aiohttp import web
from microsoft_agents.hosting.core.authorization import AuthenticationConstants, ClaimsIdentity

from bot.jwks import KeySource, SigningKey, SigningKeyError, SigningKeys
from bot.settings import AuthSettings, ConfigurationError

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

LEEWAY_SECONDS = 60
ALGORITHM = "RS256"
BOT_FRAMEWORK_ISSUER = AuthenticationConstants.AGENTS_SDK_TOKEN_ISSUER
BOT_FRAMEWORK_METADATA_URL = AuthenticationConstants.PUBLIC_ABS_OPENID_METADATA_URL
REFUSAL = {"error": "Authentication failed."}
SDK_IDENTITY_KEY = "claims_identity"
ENDORSEMENTS_KEY: web.RequestKey[frozenset[str]] = web.RequestKey("endorsements", frozenset)
LOCAL_MODE_WARNING = (
    "LOCAL MODE: /api/messages accepts requests WITHOUT authentication and the bot sends "
    "replies without credentials. Only for the local emulator; never expose this server."
)


class TokenRejected(Exception):
    """A request's credentials were refused; the message is for the log, never the caller."""


@dataclass(frozen=True)
class VerifiedToken:
    """A token's verified claims and the channels its signing key is endorsed for."""

    token: str
    claims: dict[str, Any]
    endorsements: frozenset[str]


def accepted_issuers(settings: AuthSettings) -> dict[str, KeySource]:
    """The Bot Framework issuer and where its keys come from (``SAMSTYRE_JWKS_URL`` replaces
    the metadata discovery)."""
    source = (
        KeySource(settings.jwks_url)
        if settings.jwks_url
        else KeySource(BOT_FRAMEWORK_METADATA_URL, metadata=True)
    )
    return {settings.token_issuer or BOT_FRAMEWORK_ISSUER: source}


class TokenValidator:
    """Validates a bearer token against the settings; ``validate`` returns its claims."""

    def __init__(self, settings: AuthSettings, keys: SigningKeys) -> None:
        if not settings.client_id:
            raise ConfigurationError("Token validation needs a client id (not local mode).")
        self._audience = settings.client_id.lower()
        self._tenants = settings.tenant_ids
        self._issuers = accepted_issuers(settings)
        self._keys = keys

    async def validate(self, token: str) -> VerifiedToken:
        """The verified claims of ``token``; raises ``TokenRejected`` (or a PyJWT error)."""
        kid = _key_id(jwt.get_unverified_header(token))
        unverified = jwt.decode(token, options={"verify_signature": False})
        iss = unverified.get("iss")
        source = self._issuers.get(iss) if isinstance(iss, str) else None
        if source is None:
            raise TokenRejected("issuer not accepted")
        key: SigningKey | None = await self._keys.find(source, kid)
        if key is None:
            raise TokenRejected("unknown signing key")
        claims = jwt.decode(
            token,
            key=key.key,
            algorithms=[ALGORITHM],
            issuer=self._issuers,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iss", "aud", "serviceurl"], "verify_aud": False},
        )
        self._check_audience(claims.get("aud"))
        self._check_tenant(claims.get("tid"))
        return VerifiedToken(token, claims, key.endorsements)

    def _check_audience(self, aud: Any) -> None:
        if not isinstance(aud, str) or aud.lower() != self._audience:
            raise TokenRejected("audience is not the bot's client id")

    def _check_tenant(self, tid: Any) -> None:
        if tid is None:
            return
        if not isinstance(tid, str) or tid.lower() not in self._tenants:
            raise TokenRejected("tenant not in the mandate")


def _key_id(header: dict[str, Any]) -> str:
    if header.get("alg") != ALGORITHM:
        raise TokenRejected("algorithm not allowed")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise TokenRejected("token names no key id")
    return kid


def bearer_token(request: web.Request) -> str:
    """The token of the request's single ``Authorization: Bearer`` header."""
    headers = request.headers.getall("Authorization", [])
    if not headers:
        raise TokenRejected("no Authorization header")
    if len(headers) > 1:
        raise TokenRejected("more than one Authorization header")
    parts = headers[0].split(maxsplit=1)
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise TokenRejected("Authorization header is not a bearer token")
    token = parts[1].strip()
    if not token or any(char.isspace() for char in token):
        raise TokenRejected("malformed bearer token")
    return token


async def authenticate(request: web.Request, validator: TokenValidator) -> VerifiedToken | None:
    """The request's verified token, or None after logging why it was refused. Never raises."""
    try:
        token = bearer_token(request)
        verified = await validator.validate(token)
    except TokenRejected as exc:
        reason = str(exc)
    except jwt.PyJWTError as exc:
        reason = f"{type(exc).__name__}: {exc}"
    except SigningKeyError:
        reason = "signing keys unavailable"
    except Exception as exc:  # a refusal, never a 500: validation must not crash the server
        reason = f"unexpected {type(exc).__name__} during validation"
    else:
        return verified
    logger.warning(
        "Refused %s %s from %s: %s", request.method, request.path, request.remote, reason
    )
    return None


def require_bot_token(
    settings: AuthSettings, *, keys: SigningKeys | None = None
) -> Callable[[Handler], Handler]:
    """Decorates an aiohttp handler so it runs only for authenticated requests.

    Sets ``request["claims_identity"]`` for the SDK's adapter. In local mode every request is
    let through with the SDK's anonymous identity (and a warning is logged once, here).
    """
    if settings.local:
        logger.warning(LOCAL_MODE_WARNING)
        return _anonymous
    validator = TokenValidator(settings, keys or SigningKeys())

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def authenticated(request: web.Request) -> web.StreamResponse:
            verified = await authenticate(request, validator)
            if verified is None:
                return web.json_response(
                    REFUSAL, status=401, headers={"WWW-Authenticate": "Bearer"}
                )
            # The SDK's own middleware builds exactly this: claims plus the raw token, no type.
            _store_identity(request, ClaimsIdentity(verified.claims, security_token=verified.token))
            request[ENDORSEMENTS_KEY] = verified.endorsements
            return await handler(request)

        return authenticated

    return decorate


def _anonymous(handler: Handler) -> Handler:
    @functools.wraps(handler)
    async def anonymous(request: web.Request) -> web.StreamResponse:
        # What the SDK's validator yields when anonymous access is allowed: no claims, which
        # makes the adapter reply without requesting an outgoing token.
        _store_identity(request, ClaimsIdentity())
        return await handler(request)

    return anonymous


def _store_identity(request: web.Request, identity: ClaimsIdentity) -> None:
    """Stores the identity where the SDK's adapter reads it: ``request.get("claims_identity")``.

    The SDK reads a plain string key, so aiohttp's advice to use a ``web.RequestKey`` cannot be
    followed; its warning is silenced here only (the block holds no ``await``).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        request[SDK_IDENTITY_KEY] = identity
