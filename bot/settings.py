"""Authentication settings of the bot, read from the environment at start.

The Agents SDK's own variable names are used (``CONNECTIONS__SERVICE_CONNECTION__SETTINGS__…``),
parsed by the SDK's ``load_configuration_from_env`` into its ``AgentAuthConfiguration``, so the
same objects can later be handed to the SDK's connection manager and adapter.

Two ways to run, never mixed:

- production: a client id is configured; every request to ``/api/messages`` must carry a
  valid Bot Framework or Entra token (see ``bot.security``);
- local mode (``--local`` or ``SAMSTYRE_LOCAL=1``, for the Agents Playground): no token and no
  outgoing credentials. Local mode refuses to start when a client id or client secret is
  configured as well, so a production configuration can never run unauthenticated by accident;
  likewise ``ANONYMOUS_ALLOWED`` is refused outside local mode.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from microsoft_agents.activity import load_configuration_from_env
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration, AuthTypes

from bot.jwks import is_key_url
from bot.origin import ServiceHosts

SETTINGS_PREFIX = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"
CLIENT_ID_VAR = SETTINGS_PREFIX + "CLIENTID"
CLIENT_SECRET_VAR = SETTINGS_PREFIX + "CLIENTSECRET"
AUTH_TYPE_VAR = SETTINGS_PREFIX + "AUTHTYPE"
ANONYMOUS_VAR = SETTINGS_PREFIX + "ANONYMOUS_ALLOWED"
JWKS_URL_VAR = "SAMSTYRE_JWKS_URL"
TOKEN_ISSUER_VAR = "SAMSTYRE_TOKEN_ISSUER"
SERVICE_HOSTS_VAR = "SAMSTYRE_TEAMS_SERVICE_HOSTS"
LOCAL_VAR = "SAMSTYRE_LOCAL"

# Only the SDK's own sections are handed to its loader: it nests every ``__`` name and would
# trip over unrelated variables (``FOO=1`` next to ``FOO__BAR=2``).
_SDK_PREFIXES = ("CONNECTIONS__", "CONNECTIONSMAP__", "AGENTAPPLICATION__", "LOGGING__")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


class ConfigurationError(Exception):
    """The environment does not describe a bot that may start; the message says what to set."""


@dataclass(frozen=True)
class AuthSettings:
    """Everything the request-authentication layer needs, checked once at start.

    ``connection`` is the SDK's configuration of the service connection and ``agents_config``
    the SDK's whole parsed configuration (``MsalConnectionManager(**agents_config)``); both hold
    secrets and are kept out of ``repr``.
    """

    connection: AgentAuthConfiguration = field(repr=False)
    agents_config: dict[str, Any] = field(repr=False)
    tenant_ids: frozenset[str]
    jwks_url: str | None = None
    local: bool = False
    token_issuer: str | None = None
    service_hosts: ServiceHosts = field(default_factory=ServiceHosts)

    @property
    def client_id(self) -> str | None:
        """The bot's Entra application (client) id: the audience incoming tokens must carry."""
        return self.connection.CLIENT_ID or None

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str], *, tenant_ids: Iterable[str], local: bool = False
    ) -> AuthSettings:
        """Reads and checks the settings; ``local`` is the ``--local`` command-line flag.

        ``tenant_ids`` are the mandate's Entra tenants (``mandate.tenant_ids``): a token naming
        another tenant in ``tid`` is refused. This is the one place that decides local mode:
        the flag or ``SAMSTYRE_LOCAL``; everything else reads ``AuthSettings.local``.
        """
        local = local_mode(environ, flag=local)
        config = load_configuration_from_env(
            {k: v for k, v in environ.items() if k.startswith(_SDK_PREFIXES)}
        )
        raw = _service_settings(config)
        if local:
            _refuse_credentials_in_local_mode(raw)
            raw["ANONYMOUS_ALLOWED"] = "true"
        connection = _connection(raw)
        if not local:
            _require_production_settings(connection)
        return cls(
            connection=connection,
            agents_config=config,
            local=local,
            tenant_ids=_tenants(tenant_ids),
            jwks_url=_jwks_url(environ.get(JWKS_URL_VAR)),
            token_issuer=_token_issuer(environ.get(TOKEN_ISSUER_VAR)),
            service_hosts=_service_hosts(environ.get(SERVICE_HOSTS_VAR), local=local),
        )


def local_mode(environ: Mapping[str, str], *, flag: bool) -> bool:
    """The one rule for local mode: the ``--local`` flag or ``SAMSTYRE_LOCAL=1``."""
    return flag or _flag(environ, LOCAL_VAR)


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be 1 or 0, not {value!r}.")


def _service_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The (mutable) SETTINGS section of SERVICE_CONNECTION, created when absent."""
    connections = config.setdefault("CONNECTIONS", {})
    service = connections.setdefault("SERVICE_CONNECTION", {})
    if not isinstance(service, dict) or not isinstance(service.setdefault("SETTINGS", {}), dict):
        raise ConfigurationError(f"{SETTINGS_PREFIX}… variables are malformed.")
    settings: dict[str, Any] = service["SETTINGS"]
    return settings


def _refuse_credentials_in_local_mode(raw: Mapping[str, Any]) -> None:
    configured = [
        var
        for var, key in ((CLIENT_ID_VAR, "CLIENTID"), (CLIENT_SECRET_VAR, "CLIENTSECRET"))
        if raw.get(key)
    ]
    if configured:
        raise ConfigurationError(
            f"Local mode (--local or {LOCAL_VAR}=1) runs without authentication and refuses to "
            f"start while {' and '.join(configured)} is set: unset it for the local emulator, "
            "or drop local mode to run with authentication."
        )


def _connection(raw: Mapping[str, Any]) -> AgentAuthConfiguration:
    auth_type = raw.get("AUTHTYPE")
    if auth_type and auth_type not in {t.value for t in AuthTypes}:
        known = ", ".join(t.value for t in AuthTypes)
        raise ConfigurationError(f"{AUTH_TYPE_VAR}={auth_type!r} is not one of: {known}.")
    try:
        return AgentAuthConfiguration(**raw)
    except ValueError as exc:
        raise ConfigurationError(f"{SETTINGS_PREFIX}…: {exc}") from exc


def _require_production_settings(connection: AgentAuthConfiguration) -> None:
    if not connection.CLIENT_ID:
        raise ConfigurationError(
            f"No bot identity configured: set {CLIENT_ID_VAR} (and {CLIENT_SECRET_VAR} and "
            f"{SETTINGS_PREFIX}TENANTID) to the bot's Entra app registration, or run with "
            f"--local ({LOCAL_VAR}=1) for the local emulator."
        )
    if connection.ANONYMOUS_ALLOWED:
        raise ConfigurationError(
            f"{ANONYMOUS_VAR} is refused with a client id: requests are always authenticated; "
            "use --local for the local emulator."
        )
    auth_type = connection.AUTH_TYPE
    if auth_type == AuthTypes.client_secret and not connection.CLIENT_SECRET:
        raise ConfigurationError(
            f"{CLIENT_SECRET_VAR} is required with {AUTH_TYPE_VAR}=ClientSecret (the default); "
            "set it, or choose another AUTHTYPE such as UserManagedIdentity."
        )


def _tenants(tenant_ids: Iterable[str]) -> frozenset[str]:
    tenants = frozenset(str(t).strip().lower() for t in tenant_ids)
    bad = sorted(t for t in tenants if not _GUID.match(t))
    if bad:
        raise ConfigurationError(f"Tenant ids must be GUIDs; not: {', '.join(bad)}.")
    return tenants


def _jwks_url(url: str | None) -> str | None:
    """``SAMSTYRE_JWKS_URL``: https, or plain http to a loopback address (tests)."""
    if not url:
        return None
    if not is_key_url(url):
        raise ConfigurationError(
            f"{JWKS_URL_VAR} must be an https URL (plain http only to a loopback address)."
        )
    return url


def _token_issuer(value: str | None) -> str | None:
    """``SAMSTYRE_TOKEN_ISSUER``: the Bot Framework issuer of a sovereign cloud (https)."""
    if not value or not value.strip():
        return None
    if not value.strip().startswith("https://"):
        raise ConfigurationError(f"{TOKEN_ISSUER_VAR} must be an https URL, not {value!r}.")
    return value.strip()


_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^::1$")


def _service_hosts(value: str | None, *, local: bool) -> ServiceHosts:
    """``SAMSTYRE_TEAMS_SERVICE_HOSTS``: host names (comma-separated, no scheme, no path) that
    replace the public cloud's Teams service host; ignored in local mode (loopback only)."""
    hosts = [h.strip().lower() for h in (value or "").split(",") if h.strip()]
    bad = [h for h in hosts if not _HOST.match(h)]
    if bad:
        raise ConfigurationError(
            f"{SERVICE_HOSTS_VAR} lists host names only (e.g. smba.infra.gcc.teams.microsoft.com"
            f"), not: {', '.join(bad)}."
        )
    return ServiceHosts.of(hosts, local=local)
