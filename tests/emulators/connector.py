"""A local Bot Connector: receives the bot's replies, proactive posts and card updates over real
HTTP (the v3 conversations API the Agents SDK calls at ``serviceUrl``) and keeps them for tests.

By default it accepts everything. ``Connector(enforce_limits=True)`` answers like Teams over its
rate limits, and ``inject``, ``storm`` and ``remove_bot`` make it fail on demand; the arrival log
measures a client (``peak``, ``limit_violations``). See ``connector_limits``."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.emulators.connector_limits import ConnectorLimits, tenant_of


@dataclass
class Received:
    method: str
    conversation: str
    activity: dict[str, Any]
    reply_to: str | None = None
    message_id: str = ""

    def cards(self) -> list[dict[str, Any]]:
        return [
            a["content"]
            for a in self.activity.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]


@dataclass
class Connector(ConnectorLimits):
    """The connector; ``received`` holds only the requests it accepted (``arrivals`` holds all).
    Its limit and fault options are keyword-only (``ConnectorLimits``)."""

    channels: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # team → channels
    received: list[Received] = field(default_factory=list)
    roster: list[dict[str, str]] = field(default_factory=list)  # conversation members
    roster_reads: list[str] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _event: asyncio.Event = field(default_factory=asyncio.Event)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations", self.create)
        app.router.add_post("/v3/conversations/{cid}/activities", self.send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self.send)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self.update)
        app.router.add_get("/v3/teams/{tid}/conversations", self.team_channels)
        app.router.add_get("/v3/conversations/{cid}/members", self.members)
        return app

    def _keep(self, item: Received) -> None:
        self.received.append(item)
        self._event.set()

    async def send(self, request: web.Request) -> web.Response:
        cid, activity = request.match_info["cid"], await request.json()
        if (refusal := self.admit(cid, tenant_of(activity))) is not None:
            return refusal
        message_id = f"m{next(self._ids)}"
        self._keep(Received("POST", cid, activity, request.match_info.get("aid"), message_id))
        return web.json_response({"id": message_id})

    async def update(self, request: web.Request) -> web.Response:
        cid, aid = request.match_info["cid"], request.match_info["aid"]
        activity = await request.json()
        if (refusal := self.admit(cid, tenant_of(activity))) is not None:
            return refusal
        self._keep(Received("PUT", cid, activity, aid, aid))
        return web.json_response({"id": aid})

    async def create(self, request: web.Request) -> web.Response:
        body = await request.json()
        channel = (body.get("channelData") or {}).get("channel", {}).get("id", "19:new")
        refusal = self.admit(channel, tenant_of(body.get("activity") or {}, body), ok=201)
        if refusal is not None:
            return refusal
        number = next(self._ids)
        self._keep(Received("CREATE", channel, body.get("activity") or {}, None, f"m{number}"))
        return web.json_response(
            {"id": f"{channel};messageid=m{number}", "activityId": f"m{number}"}, status=201
        )

    async def members(self, request: web.Request) -> web.Response:
        """The roster of a conversation (Teams lists a channel's team members): ``roster``,
        the same for every conversation, as ``TeamsChannelAccount`` objects."""
        cid = request.match_info["cid"]
        if (refusal := self.admit(cid, "")) is not None:
            return refusal
        self.roster_reads.append(cid)
        return web.json_response(self.roster)

    async def team_channels(self, request: web.Request) -> web.Response:
        channels = self.channels.get(request.match_info["tid"], [])
        return web.json_response({"conversations": channels})

    def messages(self, conversation: str | None = None) -> list[Received]:
        return [
            r
            for r in self.received
            if r.method != "PUT" and (conversation is None or r.conversation == conversation)
        ]

    def updates(self) -> list[Received]:
        return [r for r in self.received if r.method == "PUT"]

    def clear(self) -> None:
        self.received.clear()
