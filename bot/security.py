"""Authentication of requests to ``/api/messages``: ``require_bot_token(settings)``.

Replaces the Agents SDK's ``jwt_authorization_decorator``, whose defaults are too weak to ship
(issuer not checked, ``exp`` optional, 300 s leeway, HTTP 500 for a token without ``kid``).
PyJWT does the cryptography; the SDK's own ``ClaimsIdentity`` carries the result, shaped
exactly as the SDK's middleware shapes it (``ClaimsIdentity(claims, security_token=token)``),
because the SDK's adapter reads ``request["claims_identity"]`` to pick outgoing credentials.

A token is accepted only when all of these hold:

- ``Authorization: Bearer <token>``, one header, nothing else in it;
- header ``alg`` is RS256 and ``kid`` names an RSA key of the issuer's key set;
- ``iss`` is Bot Framework (``https://api.botframework.com``) or the Entra v1/v2 issuer of one of
  the mandate's tenants (``https://sts.windows.net/{tid}/``,
  ``https://login.microsoftonline.com/{tid}/v2.0``); checked before any key is fetched;
- the signature verifies; ``exp``, ``iss`` and ``aud`` are present; ``exp``/``nbf``/``iat`` hold
  with a leeway of 60 seconds;
- ``aud`` is exactly the bot's client id (a single string, compared case-insensitively as the
  SDK does; ``api://<client id>`` is refused: Bot Framework sends the bare id);
- a ``tid`` claim, when present, is one of the mandate's tenants and, for an Entra issuer,
  the issuer's own tenant.

Deliberately not accepted: the SDK's always-trusted Microsoft first-party tenants, the bot's
own ``TENANTID`` unless the mandate lists it, US Government issuers, and the other connections'
client ids. Not checked here: the ``serviceurl`` claim against the activity (the SDK's adapter
does that) and the channel endorsements of Bot Framework keys (the SDK does not either).

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

from bot.jwks import KeySource, SigningKeyError, SigningKeys
from bot.settings import AuthSettings, ConfigurationError

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

LEEWAY_SECONDS = 60
ALGORITHM = "RS256"
BOT_FRAMEWORK_ISSUER = AuthenticationConstants.AGENTS_SDK_TOKEN_ISSUER
BOT_FRAMEWORK_METADATA_URL = AuthenticationConstants.PUBLIC_ABS_OPENID_METADATA_URL
ENTRA_METADATA_URL = "https://login.microsoftonline.com/{0}/v2.0/.well-known/openid-configuration"
ENTRA_ISSUER_TEMPLATES = (
    AuthenticationConstants.VALID_TOKEN_ISSUER_URL_TEMPLATE_V1,  # https://sts.windows.net/{0}/
    AuthenticationConstants.VALID_TOKEN_ISSUER_URL_TEMPLATE_V2,  # …microsoftonline.com/{0}/v2.0
)
REFUSAL = {"error": "Authentication failed."}
SDK_IDENTITY_KEY = "claims_identity"
LOCAL_MODE_WARNING = (
    "LOCAL MODE: /api/messages accepts requests WITHOUT authentication and the bot sends "
    "replies without credentials. Only for the local emulator; never expose this server.")


class TokenRejected(Exception):
    """A request's credentials were refused; the message is for the log, never the caller."""


@dataclass(frozen=True)
class AcceptedIssuer:
    """An issuer we trust, where its keys come from, and the tenant it speaks for (Entra)."""

    keys: KeySource
    tenant: str | None = None


def accepted_issuers(settings: AuthSettings) -> dict[str, AcceptedIssuer]:
    """Bot Framework plus the Entra issuers of the mandate's tenants (public cloud).

    ``SAMSTYRE_JWKS_URL`` replaces the metadata discovery of every issuer.
    """
    override = KeySource(settings.jwks_url) if settings.jwks_url else None
    bot_framework = override or KeySource(BOT_FRAMEWORK_METADATA_URL, metadata=True)
    issuers = {BOT_FRAMEWORK_ISSUER: AcceptedIssuer(bot_framework)}
    for tenant in sorted(settings.tenant_ids):
        source = override or KeySource(ENTRA_METADATA_URL.format(tenant), metadata=True)
        for template in ENTRA_ISSUER_TEMPLATES:
            issuers[template.format(tenant)] = AcceptedIssuer(source, tenant)
    return issuers


class TokenValidator:
    """Validates a bearer token against the settings; ``validate`` returns its claims."""

    def __init__(self, settings: AuthSettings, keys: SigningKeys) -> None:
        if not settings.client_id:
            raise ConfigurationError("Token validation needs a client id (not local mode).")
        self._audience = settings.client_id.lower()
        self._tenants = settings.tenant_ids
        self._issuers = accepted_issuers(settings)
        self._keys = keys

    async def validate(self, token: str) -> dict[str, Any]:
        """The verified claims of ``token``; raises ``TokenRejected`` (or a PyJWT error)."""
        kid = _key_id(jwt.get_unverified_header(token))
        unverified = jwt.decode(token, options={"verify_signature": False})
        iss = unverified.get("iss")
        issuer = self._issuers.get(iss) if isinstance(iss, str) else None
        if issuer is None:
            raise TokenRejected("issuer not accepted")
        key = await self._keys.find(issuer.keys, kid)
        if key is None:
            raise TokenRejected("unknown signing key")
        claims = jwt.decode(
            token, key=key.key, algorithms=[ALGORITHM], issuer=self._issuers,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iss", "aud"], "verify_aud": False},
        )
        self._check_audience(claims.get("aud"))
        self._check_tenant(claims.get("tid"), issuer)
        return claims

    def _check_audience(self, aud: Any) -> None:
        if not isinstance(aud, str) or aud.lower() != self._audience:
            raise TokenRejected("audience is not the bot's client id")

    def _check_tenant(self, tid: Any, issuer: AcceptedIssuer) -> None:
        if tid is None:
            return
        if not isinstance(tid, str) or tid.lower() not in self._tenants:
            raise TokenRejected("tenant not in the mandate")
        if issuer.tenant is not None and tid.lower() != issuer.tenant:
            raise TokenRejected("tenant does not match the issuer")


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


async def authenticate(request: web.Request, validator: TokenValidator) -> ClaimsIdentity | None:
    """The request's identity, or None after logging why it was refused. Never raises."""
    try:
        token = bearer_token(request)
        claims = await validator.validate(token)
    except TokenRejected as exc:
        reason = str(exc)
    except jwt.PyJWTError as exc:
        reason = f"{type(exc).__name__}: {exc}"
    except SigningKeyError:
        reason = "signing keys unavailable"
    except Exception as exc:  # a refusal, never a 500: validation must not crash the server
        reason = f"unexpected {type(exc).__name__} during validation"
    else:
        # The SDK's own middleware builds exactly this: claims plus the raw token, no type.
        return ClaimsIdentity(claims, security_token=token)
    logger.warning("Refused %s %s from %s: %s", request.method, request.path,
                   request.remote, reason)
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
            identity = await authenticate(request, validator)
            if identity is None:
                return web.json_response(
                    REFUSAL, status=401, headers={"WWW-Authenticate": "Bearer"})
            _store_identity(request, identity)
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
