"""A host that records every request it gets, with its ``Authorization`` header, and answers
like a Bot Connector would (``{"id": …}``; 201 for a new conversation). Tests run one as Teams'
connector and another, on a different loopback address, as an attacker's server: the bot's token
must never reach the second."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from aiohttp import web


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    authorization: str | None
    body: bytes


@dataclass
class Recorder:
    requests: list[Request] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.record)
        return app

    async def record(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.requests.append(
            Request(request.method, request.raw_path, request.headers.get("Authorization"), body)
        )
        number = next(self._ids)
        if request.method == "POST" and request.path.rstrip("/") == "/v3/conversations":
            return web.json_response({"id": f"19:new;messageid=m{number}"}, status=201)
        if request.method == "GET":
            return web.json_response({"conversations": []})
        return web.json_response({"id": f"m{number}"})

    def tokens(self) -> set[str | None]:
        return {r.authorization for r in self.requests}
