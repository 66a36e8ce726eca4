"""A local Microsoft Graph: exactly the endpoints Samstyre's publishing calls, over real HTTP on
127.0.0.1, with state in memory that tests inspect (files and their bytes, lists, columns, items,
a log of every request) and faults that tests arm per route (429 with ``Retry-After``, 503,
connection resets, delays beyond the client's timeout, any other status).

Routes (all under ``/v1.0``; the SDK percent-encodes path segments, so paths are unquoted before
routing; every route but the upload URL wants a bearer token):
- ``filesFolder``: ``GET /teams/{team}/channels/{channel}/filesFolder``
- ``content``: ``PUT /drives/{drive}/items/{parent}:/{path}:/content`` (folders made on the way)
- ``createUploadSession``: ``POST /drives/{drive}/items/{parent}:/{path}:/createUploadSession``
- ``uploadChunk`` / ``uploadStatus``: ``PUT`` / ``GET`` the session's ``uploadUrl`` (no token)
- ``siteRoot``: ``GET /groups/{team}/sites/root``
- ``lists`` / ``list`` / ``createList`` / ``createColumn``: ``GET /sites/{site}/lists?$filter=
  displayName eq '…'`` (``$expand=columns``), ``GET /sites/{site}/lists/{id or name}``,
  ``POST /sites/{site}/lists``, ``POST /sites/{site}/lists/{list}/columns``
- ``items`` / ``createItem`` / ``updateItem``: ``GET …/items?$expand=fields&$filter=fields/K eq
  '…'``, ``POST …/items {"fields":…}``, ``PATCH …/items/{id}/fields``
- ``batch``: ``POST /$batch`` (at most 20 requests, each dispatched to the routes above; a fault
  armed on a sub-request's route becomes that sub-response's status).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from aiohttp import web
from aiohttp.test_utils import TestServer

CHUNK_UNIT = 320 * 1024
UPLOAD_PREFIX = "/upload/"


@dataclass(frozen=True)
class Fault:
    """What a route does instead of (or before) answering: ``status`` (429 with ``retry_after``,
    503, 403…), ``reset`` (the connection is closed, nothing is applied) or ``delay``: the request
    is carried out, then the answer waits that long (a client with a shorter timeout gives up
    although the work is done, the nastiest case for "exactly once")."""

    status: int | None = None
    retry_after: str | None = None
    reset: bool = False
    delay: float = 0.0
    sticky: bool = False  # stays armed instead of being used once


PASS = Fault()


def throttle(retry_after: str | int = 1) -> Fault:
    return Fault(status=429, retry_after=str(retry_after))


def unavailable(retry_after: str | int | None = None) -> Fault:
    return Fault(status=503, retry_after=None if retry_after is None else str(retry_after))


def reset() -> Fault:
    return Fault(reset=True)


def delay(seconds: float) -> Fault:
    return Fault(delay=seconds)


def refuse(status: int) -> Fault:
    """A standing refusal (403 Forbidden, 404…): every request to the route gets it."""
    return Fault(status=status, sticky=True)


@dataclass
class Item:
    id: str
    name: str
    parent: str | None
    folder: bool
    web_url: str
    content: bytes = b""
    writes: int = 0


@dataclass
class Drive:
    id: str
    web_url: str
    items: dict[str, Item] = field(default_factory=dict)


@dataclass
class SpList:
    id: str
    display_name: str
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → fields
    created: int = 0
    updated: int = 0


@dataclass
class Session:
    drive: str
    parent: str
    path: str
    received: bytearray = field(default_factory=bytearray)
    total: int | None = None


@dataclass
class Logged:
    method: str
    path: str
    route: str
    status: int
    in_batch: bool = False


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class _Reset(Exception):
    pass


def _error(status: int, code: str, message: str, **headers: str) -> Reply:
    return Reply(status, {"error": {"code": code, "message": message}}, dict(headers))


def _quoted(text: str) -> str:
    return text.replace("''", "'")


FIELD_FILTER = re.compile(r"^fields/(\w+) eq '((?:[^']|'')*)'$")
NAME_FILTER = re.compile(r"^displayName eq '((?:[^']|'')*)'$")
ROUTES: list[tuple[str, str, re.Pattern[str]]] = [
    (m, name, re.compile(p))
    for m, name, p in [
        ("GET", "filesFolder", r"^/teams/([^/]+)/channels/([^/]+)/filesFolder$"),
        ("PUT", "content", r"^/drives/([^/]+)/items/([^/:]+):/(.+):/content$"),
        (
            "POST",
            "createUploadSession",
            r"^/drives/([^/]+)/items/([^/:]+):/(.+):/createUploadSession$",
        ),
        ("GET", "siteRoot", r"^/groups/([^/]+)/sites/root$"),
        ("GET", "lists", r"^/sites/([^/]+)/lists$"),
        ("POST", "createList", r"^/sites/([^/]+)/lists$"),
        ("GET", "list", r"^/sites/([^/]+)/lists/([^/]+)$"),
        ("POST", "createColumn", r"^/sites/([^/]+)/lists/([^/]+)/columns$"),
        ("GET", "items", r"^/sites/([^/]+)/lists/([^/]+)/items$"),
        ("POST", "createItem", r"^/sites/([^/]+)/lists/([^/]+)/items$"),
        ("PATCH", "updateItem", r"^/sites/([^/]+)/lists/([^/]+)/items/([^/]+)/fields$"),
        ("POST", "batch", r"^/\$batch$"),
    ]
]


@dataclass
class GraphEmulator:
    host: str = "contoso.sharepoint.com"
    base: str = ""  # http://127.0.0.1:PORT, set by the test once the server listens
    channels: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    drives: dict[str, Drive] = field(default_factory=dict)
    team_drives: dict[str, str] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)  # team id → site id
    lists: dict[str, dict[str, SpList]] = field(default_factory=dict)  # site → list id → list
    sessions: dict[str, Session] = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    tokens: list[str] = field(default_factory=list)
    _late: float = 0.0  # a delayed answer: the work is done and logged, then the reply waits
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # ---- set-up and inspection -------------------------------------------------------------
    def add_channel(self, team_id: str, channel_id: str, name: str) -> None:
        """A team (its site and document library) and a channel with its files folder."""
        drive = self._team_drive(team_id)
        folder = self._child(drive, "root", name, folder=True)
        self.channels[(team_id, channel_id)] = (drive.id, folder.id)

    def _team_drive(self, team_id: str) -> Drive:
        if team_id not in self.team_drives:
            site = f"{self.host},{uuid.uuid4()},{uuid.uuid4()}"
            self.sites[team_id] = site
            self.lists[site] = {}
            drive = Drive(
                f"b!{uuid.uuid4().hex}",
                f"https://{self.host}/sites/{team_id[:8]}/Shared%20Documents",
            )
            drive.items["root"] = Item("root", "root", None, True, drive.web_url)
            self.drives[drive.id] = drive
            self.team_drives[team_id] = drive.id
        return self.drives[self.team_drives[team_id]]

    def arm(self, route: str, *faults: Fault) -> None:
        """Queue faults for a route; ``PASS`` lets one request through (to hit the n-th one)."""
        self.faults.setdefault(route, []).extend(faults)

    def files(self, team_id: str, channel_id: str) -> dict[str, bytes]:
        """Every file under the channel's folder, by its path below that folder."""
        drive_id, folder_id = self.channels[(team_id, channel_id)]
        drive = self.drives[drive_id]
        return {
            self._path_below(drive, item, folder_id): item.content
            for item in drive.items.values()
            if not item.folder and self._is_below(drive, item, folder_id)
        }

    def file_item(self, team_id: str, channel_id: str, path: str) -> Item:
        drive_id, folder_id = self.channels[(team_id, channel_id)]
        drive = self.drives[drive_id]
        item = drive.items[folder_id]
        for part in path.split("/"):
            item = next(i for i in drive.items.values() if i.parent == item.id and i.name == part)
        return item

    def list_named(self, team_id: str, name: str) -> SpList:
        return next(x for x in self.lists[self.sites[team_id]].values() if x.display_name == name)

    def count(self, route: str | None = None, *, in_batch: bool | None = None) -> int:
        return sum(
            1
            for x in self.log
            if (route is None or x.route == route) and (in_batch is None or x.in_batch == in_batch)
        )

    def http_requests(self) -> int:
        """Requests that crossed the wire (sub-requests of a ``$batch`` are not among them)."""
        return self.count(in_batch=False)

    def routes(self) -> Counter[str]:
        return Counter(x.route for x in self.log)

    # ---- HTTP -------------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        raw = request.raw_path
        parts = urlsplit(raw)
        path = unquote(parts.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        body = await request.read()
        try:
            if path.startswith(UPLOAD_PREFIX):
                reply = await self._upload(
                    request.method, path[len(UPLOAD_PREFIX) :], request.headers, body
                )
            elif path.startswith("/v1.0/"):
                reply = await self.dispatch(
                    request.method,
                    path[len("/v1.0") :],
                    query,
                    dict(request.headers),
                    body,
                    in_batch=False,
                )
            else:
                reply = _error(404, "itemNotFound", f"no route {path}")
        except _Reset:
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)
        if isinstance(reply.body, bytes | None):
            return web.Response(status=reply.status, body=reply.body, headers=reply.headers)
        return web.json_response(reply.body, status=reply.status, headers=reply.headers)

    async def _fault(self, route: str, in_batch: bool) -> Reply | None:
        queue = self.faults.get(route)
        if not queue:
            return None
        fault = queue[0] if queue[0].sticky else queue.pop(0)
        if fault.reset:
            if in_batch:
                return _error(503, "serviceNotAvailable", "reset (in a batch)")
            raise _Reset
        if fault.delay:
            self._late = fault.delay
        if fault.status is None:
            return None
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        codes = {
            429: "TooManyRequests",
            503: "serviceNotAvailable",
            403: "accessDenied",
            404: "itemNotFound",
        }
        return _error(
            fault.status,
            codes.get(fault.status, "generalException"),
            f"injected {fault.status}",
            **headers,
        )

    async def dispatch(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        body: bytes,
        *,
        in_batch: bool,
    ) -> Reply:
        for route_method, route, pattern in ROUTES:
            match = pattern.match(path)
            if route_method == method and match:
                name = route
                break
        else:
            unrouted = _error(400, "BadRequest", f"{method} {path} is not emulated")
            self.log.append(Logged(method, path, "?", unrouted.status, in_batch))
            return unrouted
        try:
            reply = await self._fault(name, in_batch)
        except _Reset:
            self.log.append(Logged(method, path, name, 0, in_batch))  # status 0: reset
            raise
        if reply is None:
            auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
            if not in_batch and not auth.startswith("Bearer "):
                reply = _error(401, "InvalidAuthenticationToken", "Access token is empty.")
            else:
                if auth:
                    self.tokens.append(auth[len("Bearer ") :])
                if name == "batch":
                    reply = await self.batch(json.loads(body))
                else:
                    payload = json.loads(body) if body and name != "content" else body
                    reply = getattr(self, f"_{name}")(
                        *match.groups(), query=query, body=payload, headers=headers
                    )
        self.log.append(Logged(method, path, name, reply.status, in_batch))
        if not in_batch:  # a late sub-request makes the whole batch late
            await self._wait_if_late()
        return reply

    async def _wait_if_late(self) -> None:
        late, self._late = self._late, 0.0
        if late:
            await asyncio.sleep(late)

    # ---- files -------------------------------------------------------------------------------
    def _child(self, drive: Drive, parent: str, name: str, *, folder: bool) -> Item:
        for item in drive.items.values():
            if item.parent == parent and item.name.lower() == name.lower():
                return item
        item_id = f"01{next(self._ids):06d}{uuid.uuid4().hex[:10].upper()}"
        url = f"{drive.items[parent].web_url}/{quote(name)}"
        item = Item(item_id, name, parent, folder, url)
        drive.items[item_id] = item
        return item

    def _is_below(self, drive: Drive, item: Item, folder_id: str) -> bool:
        while item.parent is not None:
            if item.parent == folder_id:
                return True
            item = drive.items[item.parent]
        return False

    def _path_below(self, drive: Drive, item: Item, folder_id: str) -> str:
        names = []
        while item.id != folder_id:
            names.append(item.name)
            assert item.parent is not None
            item = drive.items[item.parent]
        return "/".join(reversed(names))

    def _drive_item(self, drive: Drive, item: Item) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": item.id,
            "name": item.name,
            "webUrl": item.web_url,
            "parentReference": {
                "driveId": drive.id,
                "driveType": "documentLibrary",
                "id": item.parent,
            },
        }
        data["folder" if item.folder else "file"] = {"childCount": 0} if item.folder else {}
        if not item.folder:
            data["size"] = len(item.content)
        return data

    def _write(self, drive_id: str, parent: str, path: str, content: bytes) -> Reply:
        drive = self.drives.get(drive_id)
        if drive is None or parent not in drive.items:
            return _error(404, "itemNotFound", "The resource could not be found.")
        *folders, name = path.split("/")
        for folder in folders:
            parent = self._child(drive, parent, folder, folder=True).id
        existed = any(
            i.parent == parent and i.name.lower() == name.lower() for i in drive.items.values()
        )
        item = self._child(drive, parent, name, folder=False)
        item.content = bytes(content)
        item.writes += 1
        return Reply(200 if existed else 201, self._drive_item(drive, item))

    def _filesFolder(self, team: str, channel: str, **_: Any) -> Reply:
        if (team, channel) not in self.channels:
            return _error(404, "NotFound", "Channel not found")
        drive_id, folder_id = self.channels[(team, channel)]
        drive = self.drives[drive_id]
        return Reply(200, self._drive_item(drive, drive.items[folder_id]))

    def _content(
        self, drive: str, parent: str, path: str, *, query: dict[str, str], body: bytes, **_: Any
    ) -> Reply:
        return self._write(drive, parent, path, body)

    def _createUploadSession(self, drive: str, parent: str, path: str, **_: Any) -> Reply:
        if drive not in self.drives or parent not in self.drives[drive].items:
            return _error(404, "itemNotFound", "The resource could not be found.")
        token = uuid.uuid4().hex
        self.sessions[token] = Session(drive, parent, path)
        return Reply(
            200,
            {
                "uploadUrl": f"{self.base}{UPLOAD_PREFIX}{token}",
                "expirationDateTime": "2099-01-01T00:00:00Z",
                "nextExpectedRanges": ["0-"],
            },
        )

    async def _upload(self, method: str, token: str, headers: Any, body: bytes) -> Reply:
        route = "uploadChunk" if method == "PUT" else "uploadStatus"
        try:
            reply = await self._fault(route, False)
        except _Reset:
            self.log.append(Logged(method, UPLOAD_PREFIX + token, route, 0))
            raise
        if reply is None:
            reply = self._chunk(token, headers, body) if method == "PUT" else self._status(token)
        self.log.append(Logged(method, UPLOAD_PREFIX + token, route, reply.status))
        await self._wait_if_late()
        return reply

    def _status(self, token: str) -> Reply:
        session = self.sessions.get(token)
        if session is None:
            return _error(404, "itemNotFound", "The upload session was not found.")
        return Reply(
            200,
            {
                "expirationDateTime": "2099-01-01T00:00:00Z",
                "nextExpectedRanges": [f"{len(session.received)}-"],
            },
        )

    def _chunk(self, token: str, headers: Any, body: bytes) -> Reply:
        session = self.sessions.get(token)
        if session is None:
            return _error(404, "itemNotFound", "The upload session was not found.")
        if "Authorization" in headers:
            return _error(401, "unauthenticated", "Do not send a token to the upload URL.")
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", headers.get("Content-Range", ""))
        if not match:
            return _error(400, "invalidRequest", "Content-Range is missing or malformed.")
        start, end, total = (int(x) for x in match.groups())
        if session.total is None:
            session.total = total
        if (
            total != session.total
            or start != len(session.received)
            or end < start
            or end - start + 1 != len(body)
            or end >= total
        ):
            return _error(416, "invalidRange", "The requested range is not satisfiable.")
        if end + 1 < total and len(body) % CHUNK_UNIT:
            return _error(400, "invalidRequest", "Fragments must be multiples of 320 KiB.")
        session.received += body
        if len(session.received) < total:
            return Reply(
                202,
                {
                    "expirationDateTime": "2099-01-01T00:00:00Z",
                    "nextExpectedRanges": [f"{len(session.received)}-{total - 1}"],
                },
            )
        del self.sessions[token]
        return self._write(session.drive, session.parent, session.path, bytes(session.received))

    # ---- sites and lists ---------------------------------------------------------------------
    def _siteRoot(self, team: str, **_: Any) -> Reply:
        if team not in self.sites:
            return _error(404, "itemNotFound", "Group not found")
        site = self.sites[team]
        return Reply(200, {"id": site, "webUrl": f"https://{self.host}/sites/{team[:8]}"})

    def _site_lists(self, site: str) -> dict[str, SpList] | None:
        return self.lists.get(site)

    def _list_json(self, sp: SpList, expand: str = "") -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": sp.id,
            "displayName": sp.display_name,
            "name": sp.id,
            "list": {"template": "genericList"},
        }
        if "columns" in expand:
            data["columns"] = list(sp.columns.values())
        return data

    def _lists(self, site: str, *, query: dict[str, str], **_: Any) -> Reply:
        lists = self._site_lists(site)
        if lists is None:
            return _error(404, "itemNotFound", "Site not found")
        found = list(lists.values())
        if "$filter" in query:
            match = NAME_FILTER.match(query["$filter"])
            if not match:
                return _error(400, "invalidRequest", f"unsupported filter {query['$filter']}")
            found = [x for x in found if x.display_name == _quoted(match.group(1))]
        expand = query.get("$expand", "")
        return Reply(200, {"value": [self._list_json(x, expand) for x in found]})

    def _find_list(self, site: str, key: str) -> SpList | None:
        lists = self._site_lists(site) or {}
        return lists.get(key) or next((x for x in lists.values() if x.display_name == key), None)

    def _list(self, site: str, key: str, *, query: dict[str, str], **_: Any) -> Reply:
        sp = self._find_list(site, key)
        if sp is None:
            return _error(404, "itemNotFound", "List not found")
        return Reply(200, self._list_json(sp, query.get("$expand", "")))

    def _column(self, sp: SpList, column: dict[str, Any]) -> Reply:
        name = column.get("name")
        if not name or name in sp.columns:
            return _error(409, "nameAlreadyExists", f"A column named {name!r} exists already.")
        sp.columns[name] = {"id": str(uuid.uuid4()), **column}
        return Reply(201, sp.columns[name])

    def _createList(self, site: str, *, body: dict[str, Any], **_: Any) -> Reply:
        lists = self._site_lists(site)
        if lists is None:
            return _error(404, "itemNotFound", "Site not found")
        name = body.get("displayName", "")
        if any(x.display_name == name for x in lists.values()):
            return _error(409, "nameAlreadyExists", "A list with this name exists already.")
        sp = SpList(str(uuid.uuid4()), name)
        sp.columns["Title"] = {"id": "title", "name": "Title", "text": {}, "indexed": False}
        for column in body.get("columns") or []:
            if (reply := self._column(sp, column)).status != 201:
                return reply
        lists[sp.id] = sp
        return Reply(201, self._list_json(sp, "columns"))

    def _createColumn(self, site: str, key: str, *, body: dict[str, Any], **_: Any) -> Reply:
        sp = self._find_list(site, key)
        if sp is None:
            return _error(404, "itemNotFound", "List not found")
        return self._column(sp, body)

    def _items(
        self, site: str, key: str, *, query: dict[str, str], headers: dict[str, str], **_: Any
    ) -> Reply:
        sp = self._find_list(site, key)
        if sp is None:
            return _error(404, "itemNotFound", "List not found")
        found = list(sp.items.items())
        if "$filter" in query:
            match = FIELD_FILTER.match(query["$filter"])
            if not match or match.group(1) not in sp.columns:
                return _error(400, "invalidRequest", f"unsupported filter {query['$filter']}")
            column, value = match.group(1), _quoted(match.group(2))
            prefer = any(
                k.lower() == "prefer" and "HonorNonIndexedQueries" in v for k, v in headers.items()
            )
            if not sp.columns[column].get("indexed") and not prefer:
                return _error(
                    400,
                    "invalidRequest",
                    f"Field '{column}' cannot be referenced in filter or orderby as it "
                    "is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarning"
                    "MayFailRandomly' header to allow this, but be warned that such "
                    "queries may fail on large lists.",
                )
            found = [(i, f) for i, f in found if str(f.get(column)) == value]
        expand = "fields" in query.get("$expand", "")
        return Reply(
            200, {"value": [{"id": i, **({"fields": dict(f)} if expand else {})} for i, f in found]}
        )

    def _check_fields(
        self, sp: SpList, fields: dict[str, Any], item_id: str | None
    ) -> Reply | None:
        for name, value in fields.items():
            column = sp.columns.get(name)
            if column is None:
                return _error(400, "invalidRequest", f"Field '{name}' is not recognized")
            if column.get("enforceUniqueValues") and any(
                other.get(name) == value for i, other in sp.items.items() if i != item_id
            ):
                return _error(409, "conflict", f"The value of '{name}' must be unique.")
        return None

    def _createItem(self, site: str, key: str, *, body: dict[str, Any], **_: Any) -> Reply:
        sp = self._find_list(site, key)
        if sp is None:
            return _error(404, "itemNotFound", "List not found")
        fields = dict(body.get("fields") or {})
        if reply := self._check_fields(sp, fields, None):
            return reply
        item_id = str(len(sp.items) + 1)
        sp.items[item_id] = {"id": item_id, **fields}
        sp.created += 1
        return Reply(201, {"id": item_id, "fields": sp.items[item_id]})

    def _updateItem(
        self, site: str, key: str, item_id: str, *, body: dict[str, Any], **_: Any
    ) -> Reply:
        sp = self._find_list(site, key)
        if sp is None or item_id not in sp.items:
            return _error(404, "itemNotFound", "Item not found")
        if reply := self._check_fields(sp, body, item_id):
            return reply
        sp.items[item_id].update(body)
        sp.updated += 1
        return Reply(200, dict(sp.items[item_id]))

    # ---- $batch --------------------------------------------------------------------------------
    async def _run_sub(self, sub: dict[str, Any]) -> dict[str, Any]:
        parts = urlsplit(sub["url"] if sub["url"].startswith("/") else "/" + sub["url"])
        body = sub.get("body")
        reply = await self.dispatch(
            sub["method"].upper(),
            unquote(parts.path),
            dict(parse_qsl(parts.query, keep_blank_values=True)),
            dict(sub.get("headers") or {}),
            json.dumps(body).encode() if body is not None else b"",
            in_batch=True,
        )
        return {
            "id": sub["id"],
            "status": reply.status,
            "headers": {"Content-Type": "application/json", **reply.headers},
            "body": reply.body,
        }

    async def batch(self, body: dict[str, Any]) -> Reply:
        requests = body.get("requests") or []
        if not requests or len(requests) > 20:
            return _error(400, "invalidRequest", "A batch holds from 1 to 20 requests.")
        return Reply(200, {"responses": [await self._run_sub(sub) for sub in requests]})


@asynccontextmanager
async def serving(*channels: tuple[str, str, str]) -> AsyncIterator[GraphEmulator]:
    """The emulator listening on loopback with these (team id, channel id, name) channels."""
    emulator = GraphEmulator()
    for team_id, channel_id, name in channels:
        emulator.add_channel(team_id, channel_id, name)
    server = TestServer(emulator.app(), host="127.0.0.1")
    await server.start_server()
    emulator.base = f"http://127.0.0.1:{server.port}"
    try:
        yield emulator
    finally:
        await server.close()
