"""Signing keys for incoming tokens: fetched over HTTP with aiohttp, cached per source.

A source is either an OpenID metadata document (whose ``jwks_uri`` names the key set, as the
Bot Connector documentation describes) or a JWKS document itself (``SAMSTYRE_JWKS_URL``).
Only RSA signing keys with a ``kid`` are kept, each with the channels it is endorsed for
(Bot Framework's keys list them in ``endorsements``; a token for Teams must be signed by a key
endorsed for ``msteams``).

Caching follows the usual Microsoft identity defaults: keys are fresh for 12 hours; a token
with an unknown ``kid`` (key rollover) triggers a refetch at most every 5 minutes, so random
key ids cannot make us hammer the key endpoint; a failed fetch keeps the previous keys and is
retried after 10 seconds.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from jwt import PyJWK, PyJWTError

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
_MAX_DOCUMENT_BYTES = 1 << 20


class SigningKeyError(Exception):
    """Keys could not be fetched or read; the message names the source, never a token."""


def is_key_url(url: str) -> bool:
    """Whether keys may be fetched from ``url``: https, or plain http to loopback (tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.hostname)
    return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


@dataclass(frozen=True)
class KeySource:
    """Where a token's keys come from: a metadata document (``metadata=True``) or a JWKS."""

    url: str
    metadata: bool = False


@dataclass(frozen=True)
class SigningKey:
    """A verification key and the channels its issuer endorsed it for."""

    jwk: PyJWK
    endorsements: frozenset[str]

    @property
    def key(self) -> Any:
        return self.jwk.key


@dataclass
class _Entry:
    keys: dict[str, SigningKey] = field(default_factory=dict)
    fresh_until: float = float("-inf")
    next_fetch_at: float = float("-inf")
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def needs_fetch(self, kid: str, now: float) -> bool:
        stale = now >= self.fresh_until or kid not in self.keys
        return stale and now >= self.next_fetch_at


class SigningKeys:
    """A cache of signing keys per source, safe for concurrent requests on one event loop."""

    def __init__(
        self,
        *,
        ttl: float = 12 * 3600,
        min_refresh: float = 300,
        retry_after: float = 10,
        timeout: float = 10,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl, self._min_refresh, self._retry_after = ttl, min_refresh, retry_after
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._clock = clock
        self._entries: dict[KeySource, _Entry] = {}

    async def find(self, source: KeySource, kid: str) -> SigningKey | None:
        """The key ``kid`` of ``source``, fetching when unknown or stale; None if absent.

        Raises ``SigningKeyError`` when ``source`` has given no keys at all (yet).
        """
        entry = self._entries.setdefault(source, _Entry())
        if entry.needs_fetch(kid, self._clock()):
            async with entry.lock:
                # Another request may have fetched while this one waited for the lock.
                if entry.needs_fetch(kid, self._clock()):
                    await self._refresh(source, entry)
        if not entry.keys:
            raise SigningKeyError(f"no signing keys available from {source.url}")
        return entry.keys.get(kid)

    async def _refresh(self, source: KeySource, entry: _Entry) -> None:
        try:
            keys = await self._fetch(source)
        except SigningKeyError as exc:
            entry.next_fetch_at = self._clock() + self._retry_after
            logger.error("Could not fetch signing keys: %s", exc)
            return
        now = self._clock()
        entry.keys, entry.fresh_until = keys, now + self._ttl
        entry.next_fetch_at = now + self._min_refresh

    async def _fetch(self, source: KeySource) -> dict[str, SigningKey]:
        async with aiohttp.ClientSession(timeout=self._timeout) as session:
            jwks_url = source.url
            if source.metadata:
                jwks_url = _jwks_uri(await _get_json(session, source.url), source.url)
            return _rsa_keys(await _get_json(session, jwks_url), jwks_url)


async def _get_json(session: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    if not is_key_url(url):
        raise SigningKeyError(f"refusing to fetch keys from non-https URL {url}")
    try:
        async with session.get(url, allow_redirects=False) as response:
            if response.status != 200:
                raise SigningKeyError(f"{url} answered HTTP {response.status}")
            body = await response.content.read(_MAX_DOCUMENT_BYTES + 1)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise SigningKeyError(f"{url}: {type(exc).__name__}") from exc
    if len(body) > _MAX_DOCUMENT_BYTES:
        raise SigningKeyError(f"{url} sent a document larger than 1 MiB")
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise SigningKeyError(f"{url} did not send JSON") from exc
    if not isinstance(document, dict):
        raise SigningKeyError(f"{url} did not send a JSON object")
    return document


def _jwks_uri(metadata: dict[str, Any], url: str) -> str:
    jwks_uri = metadata.get("jwks_uri")
    if not isinstance(jwks_uri, str) or not jwks_uri:
        raise SigningKeyError(f"{url} names no jwks_uri")
    return jwks_uri


def _rsa_keys(jwks: dict[str, Any], url: str) -> dict[str, SigningKey]:
    """The usable RSA signing keys by kid; other key types can never verify an RS256 token."""
    entries = jwks.get("keys")
    if not isinstance(entries, list):
        raise SigningKeyError(f"{url} is not a JWKS document")
    keys: dict[str, SigningKey] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA":
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or entry.get("use", "sig") != "sig":
            continue
        try:
            keys[kid] = SigningKey(PyJWK(entry, algorithm="RS256"), _endorsements(entry))
        except (PyJWTError, ValueError):
            # One broken entry must not make the whole set unusable.
            logger.warning("Skipping an unreadable key in %s", url)
    return keys


def _endorsements(entry: dict[str, Any]) -> frozenset[str]:
    endorsements = entry.get("endorsements")
    if not isinstance(endorsements, list):
        return frozenset()
    return frozenset(e for e in endorsements if isinstance(e, str))
