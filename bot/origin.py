"""Where the bot may send, and whether an activity may tell it where to send.

Every reply and proactive post goes to a ``serviceUrl`` and carries the bot's own connector token,
so the URL decides who receives that token. Three rules keep it with Teams:

- **Hosts.** A service URL is accepted only on a host Teams uses (``ServiceHosts``): by default
  the public cloud's ``smba.trafficmanager.net`` (its regional paths ``/emea/``, ``/amer/``,
  ``/teams/`` … all live there); ``SAMSTYRE_TEAMS_SERVICE_HOSTS`` replaces the list for the
  sovereign clouds (``smba.infra.gcc.teams.microsoft.com``, ``smba.infra.gov.teams.microsoft.us``,
  ``smba.infra.dod.teams.microsoft.us``). Only https, no user info, no other port than 443. In
  local mode only loopback addresses are accepted (the Agents Playground, the test connector),
  over http or https; a production list may name a loopback host only for tests.
- **The token vouches for the URL.** In production a Bot Framework token names the service URL
  it was issued for (claim ``serviceurl``); it must equal the activity's ``serviceUrl``, and the
  signing key must be endorsed for the activity's channel (``msteams``), as Microsoft's "Bot
  Connector authentication" requires. See ``bot.security`` for the token itself.
- **Ids stay inside their path segment.** ``conversation.id``, ``id`` and ``replyToId`` end up in
  outgoing URL paths (``…/v3/conversations/{id}/activities/{replyToId}``); the SDK does not
  encode them, so an id with ``/``, ``\\``, ``?``, ``#``, ``%``, whitespace, or a ``.``/``..``
  segment is refused before anything runs, as is one longer than ``MAX_ID_LENGTH``; so are
  ``channelData.team.id`` and ``channelData.channel.id``, which become stored keys and paths.

``check_activity`` applies the last two to an incoming activity (the server answers 401 or
400 and nothing is stored or sent); ``ServiceHosts.allows`` is checked again by the code that
sends (``bot.client_factory`` for every connector client, ``bot.notifier`` for stored
addresses), so a URL that got past the door still never receives a token.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from microsoft_agents.activity import Activity

TEAMS_CHANNEL = "msteams"
PUBLIC_CLOUD_HOSTS = frozenset({"smba.trafficmanager.net"})
LOOPBACK_NAMES = frozenset({"localhost"})
MAX_ID_LENGTH = 256
# Teams ids look like "19:…@thread.tacv2;messageid=1712…", "a:1Qx-…_…", "29:…", "f:…", GUIDs.
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9:@._;=+\-!,~|$*'()]*")


class OriginRejected(Exception):
    """An activity may not steer the bot: ``status`` is the HTTP answer (401 or 400); the
    message is for the operator's log and the English error body."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServiceHosts:
    """The hosts Teams uses for this deployment; ``local`` accepts loopback only."""

    hosts: frozenset[str] = PUBLIC_CLOUD_HOSTS
    local: bool = False

    @classmethod
    def of(cls, listed: Iterable[str] | None, *, local: bool) -> ServiceHosts:
        hosts = frozenset(h.strip().lower().rstrip(".") for h in listed or () if h.strip())
        return cls(hosts or PUBLIC_CLOUD_HOSTS, local)

    def allows(self, url: object) -> bool:
        """Whether the bot may send (and attach its token) to ``url``."""
        if not isinstance(url, str) or not url or any(c.isspace() for c in url):
            return False
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        if parts.username is not None or parts.password is not None or not host:
            return False
        if self.local:
            return parts.scheme in ("http", "https") and is_loopback(host)
        if host not in self.hosts:
            return False
        if is_loopback(host):  # a production list names loopback only in tests
            return parts.scheme in ("http", "https")
        return parts.scheme == "https" and port in (None, 443)

    @property
    def names_loopback(self) -> bool:
        return any(is_loopback(h) for h in self.hosts)


def same_service_url(claimed: str, actual: str) -> bool:
    """The token's ``serviceurl`` and the activity's ``serviceUrl`` name the same endpoint
    (scheme and host compared without case, a trailing slash ignored, the path exactly)."""
    a, b = urlsplit(claimed.strip()), urlsplit(actual.strip())
    return (a.scheme.lower(), (a.netloc or "").lower(), a.path.rstrip("/"), a.query) == (
        b.scheme.lower(),
        (b.netloc or "").lower(),
        b.path.rstrip("/"),
        b.query,
    )


def safe_id(value: object) -> bool:
    """An id that stays inside one URL path segment and fits the store."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_ID_LENGTH
        and _SAFE_ID.fullmatch(value) is not None
        and value not in (".", "..")
    )


def check_ids(activity: Activity) -> None:
    """Refuses (400) ids that would leave their path segment or overflow the store."""
    conversation_id = activity.conversation.id if activity.conversation else None
    if not safe_id(conversation_id):
        raise OriginRejected(400, "conversation.id is not a valid conversation id")
    for name, value in (("id", activity.id), ("replyToId", activity.reply_to_id)):
        if value is not None and not safe_id(value):
            raise OriginRejected(400, f"{name} is not a valid activity id")
    data: Any = activity.channel_data
    for part in ("team", "channel"):  # channel ids become stored keys; team ids a URL path
        named = data.get(part) if isinstance(data, dict) else None
        if isinstance(named, dict) and named.get("id") is not None and not safe_id(named["id"]):
            raise OriginRejected(400, f"channelData.{part}.id is not a valid Teams id")


def check_activity(
    activity: Activity,
    claims: Mapping[str, Any] | None,
    endorsements: frozenset[str] | None,
    hosts: ServiceHosts,
) -> None:
    """Raises ``OriginRejected`` unless ``activity`` may be answered where it says.

    ``claims`` are the verified token's (None in local mode, where no token is sent) and
    ``endorsements`` the channels its signing key is endorsed for.
    """
    check_ids(activity)
    service_url = activity.service_url
    if not isinstance(service_url, str) or not hosts.allows(service_url):
        raise OriginRejected(401, "serviceUrl is not a Teams service host")
    if claims is None:
        if not hosts.local:
            raise OriginRejected(401, "no verified token")
        return
    claimed = claims.get("serviceurl")
    if not isinstance(claimed, str) or not same_service_url(claimed, service_url):
        raise OriginRejected(401, "the token was not issued for this serviceUrl")
    if activity.channel_id != TEAMS_CHANNEL:
        raise OriginRejected(401, "the activity does not come from Teams")
    if endorsements is None or TEAMS_CHANNEL not in endorsements:
        raise OriginRejected(401, "the signing key is not endorsed for Teams")
