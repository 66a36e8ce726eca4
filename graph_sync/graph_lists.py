"""Rows of a SharePoint list on the board's site, upserted by a key column in raw ``$batch``
requests of up to 20 (the SDK's ``BatchRequestContent`` drops JSON response bodies, so the batch
is sent through the same request adapter as a plain JSON request and parsed here).

Per group of items: one batch of look-ups by key (``$filter=fields/{key} eq '…'``), then one
batch of writes (``PATCH …/items/{id}/fields`` when found, ``POST …/items`` when not). Any item
whose look-up or write failed transiently (429/503/504 in its sub-response, or the whole batch
lost) is looked up again before it is written again, so a create whose answer was lost never
becomes a second row. The key column is indexed and unique (a 409 also means: look up again).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.method import Method
from kiota_abstractions.request_information import RequestInformation
from kiota_http.httpx_request_adapter import HttpxRequestAdapter
from msgraph.generated.models.column_definition import ColumnDefinition
from msgraph.generated.models.date_time_column import DateTimeColumn
from msgraph.generated.models.list_ import List_
from msgraph.generated.models.list_info import ListInfo
from msgraph.generated.models.number_column import NumberColumn
from msgraph.generated.models.text_column import TextColumn
from msgraph.generated.sites.item.lists.lists_request_builder import ListsRequestBuilder
from msgraph.graph_service_client import GraphServiceClient

from governance.ports.publishing import Column, ListItem
from graph_sync.errors import PublishError
from graph_sync.graph_retry import REASONS, RETRY_STATUSES, Sleep, exhausted, refusal, retrying

if TYPE_CHECKING:
    from graph_sync.graph import GraphSettings

PREFER = {"Prefer": "HonorNonIndexedQueriesWarningMayFailRandomly"}


@dataclass
class Sub:
    method: str
    url: str  # relative to the Graph root, e.g. /sites/{id}/lists/{id}/items
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def transient(self) -> bool:
        return self.status in RETRY_STATUSES or self.status == 409


def column_definition(column: Column, key_column: str) -> ColumnDefinition:
    definition = ColumnDefinition(name=column.name)
    if column.kind == "number":
        definition.number = NumberColumn()
    elif column.kind == "dateTime":
        definition.date_time = DateTimeColumn(format="dateTime")
    elif column.kind == "url":  # hyperlink columns cannot be written through Graph fields
        definition.text = TextColumn(allow_multiple_lines=True, text_type="plain")
    else:
        definition.text = TextColumn()
    if column.name == key_column:
        definition.indexed = True
        definition.enforce_unique_values = True
    return definition


def odata_quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class ListWriter:
    def __init__(
        self,
        client: GraphServiceClient,
        adapter: HttpxRequestAdapter,
        settings: GraphSettings,
        sleep: Sleep,
    ) -> None:
        self.client = client
        self.adapter = adapter
        self.settings = settings
        self.sleep = sleep
        self._site: str | None = settings.board_site_id
        self._lists: dict[tuple[str, str], str] = {}

    async def _retry(self, call: Any, what: str) -> Any:
        return await retrying(call, self.settings.retry, what, self.sleep)

    async def site_id(self) -> str:
        if self._site is None:
            team = self.settings.board_team_id
            if not team:
                raise PublishError(
                    "no_board_site",
                    "Neither the board's site id nor its team "
                    "id is set: set board_site_id (or board_team_id).",
                )
            site = await self._retry(
                self.client.groups.by_group_id(team).sites.by_site_id("root").get,
                f"reading the SharePoint site of the board's team {team}",
            )
            if not site or not site.id:
                raise PublishError("no_board_site", f"The board's team {team} has no site.")
            self._site = site.id
        return self._site

    async def ensure_list(self, name: str, key_column: str, columns: Sequence[Column]) -> str:
        """The list's id; the list is created with its columns, or given its missing ones."""
        site = await self.site_id()
        if (site, name) in self._lists:
            return self._lists[(site, name)]
        wanted = (
            [*columns]
            if any(c.name == key_column for c in columns)
            else [Column(key_column), *columns]
        )
        lists = self.client.sites.by_site_id(site).lists
        query = ListsRequestBuilder.ListsRequestBuilderGetQueryParameters(
            filter=f"displayName eq {odata_quote(name)}", expand=["columns"]
        )
        what = f"finding the list {name!r} on the board's site"
        found = await self._retry(
            lambda: lists.get(RequestConfiguration(query_parameters=query)), what
        )
        existing = found.value[0] if found and found.value else None
        if existing is None:
            new = List_(
                display_name=name,
                list_=ListInfo(template="genericList"),
                columns=[column_definition(c, key_column) for c in wanted],
            )
            existing = await self._retry(lambda: lists.post(new), f"creating the list {name!r}")
        else:
            have = {c.name for c in existing.columns or []}
            for column in (c for c in wanted if c.name not in have):
                definition = column_definition(column, key_column)
                await self._retry(
                    lambda d=definition: lists.by_list_id(existing.id).columns.post(d),
                    f"adding the column {column.name!r} to the list {name!r}",
                )
        self._lists[(site, name)] = existing.id
        return str(existing.id)

    async def upsert(
        self, list_name: str, key_column: str, columns: Sequence[Column], items: Sequence[ListItem]
    ) -> int:
        list_id = await self.ensure_list(list_name, key_column, columns)
        base = f"/sites/{await self.site_id()}/lists/{list_id}"
        size = self.settings.batch_size
        written = 0
        for start in range(0, len(items), size):
            written += await self._upsert_group(
                base, key_column, items[start : start + size], list_name
            )
        return written

    def _lookup(self, base: str, key_column: str, item: ListItem) -> Sub:
        expr = f"fields/{key_column} eq {odata_quote(item.key)}"
        return Sub(
            "GET",
            f"{base}/items?$expand=fields&$filter={quote(expr, safe='/')}",
            headers=dict(PREFER),
        )

    def _write(self, base: str, key_column: str, item: ListItem, found: list[Any]) -> Sub:
        fields: dict[str, Any] = {"Title": item.key, **item.fields, key_column: item.key}
        if found:
            return Sub("PATCH", f"{base}/items/{found[0]['id']}/fields", fields)
        return Sub("POST", f"{base}/items", {"fields": fields})

    async def _upsert_group(
        self, base: str, key_column: str, group: Sequence[ListItem], list_name: str
    ) -> int:
        what = f"writing rows of the list {list_name!r}"
        pending, written, failures = list(group), 0, 0
        while pending:
            looked = await self.send([self._lookup(base, key_column, i) for i in pending], what)
            again: list[ListItem] = []
            waits: list[float] = []
            writes: list[tuple[ListItem, Sub]] = []
            for item, answer in zip(pending, looked, strict=True):
                if answer.transient:
                    again.append(item)
                    waits.append(_retry_after(answer))
                elif answer.status != 200:
                    raise refusal(answer.status, what, _message(answer))
                else:
                    found = (answer.body or {}).get("value") or []
                    writes.append((item, self._write(base, key_column, item, found)))
            answers = await self.send([sub for _, sub in writes], what) if writes else []
            for (item, _), answer in zip(writes, answers, strict=True):
                if answer.status in (200, 201):
                    written += 1
                elif answer.transient:
                    again.append(item)
                    waits.append(_retry_after(answer))
                else:
                    raise refusal(answer.status, what, _message(answer))
            pending = again
            if pending:
                failures += 1
                last = next(
                    (
                        REASONS.get(a.status, str(a.status))
                        for a in [*looked, *answers]
                        if a.transient
                    ),
                    "a lost connection",
                )
                if failures >= self.settings.max_attempts:
                    raise exhausted(what, failures, last)
                hint = max((w for w in waits if w >= 0), default=None)
                await self.sleep(self.settings.retry.delay(failures, hint))
        return written

    async def send(self, subs: Sequence[Sub], what: str) -> list[Answer]:
        """Answers in order; transient failures of the whole request come back as answers."""
        if not self.settings.use_batch:
            return [await self._send_one(sub, what) for sub in subs]
        body = {
            "requests": [
                {
                    "id": str(n),
                    "method": s.method,
                    "url": s.url,
                    **(
                        {
                            "headers": {**s.headers, "Content-Type": "application/json"},
                            "body": s.body,
                        }
                        if s.body is not None
                        else {"headers": s.headers}
                        if s.headers
                        else {}
                    ),
                }
                for n, s in enumerate(subs, 1)
            ]
        }
        outer = await self._raw("POST", "/$batch", body, what)
        if outer.status != 200:
            return [outer] * len(subs)
        by_id = {str(r.get("id")): r for r in (outer.body or {}).get("responses") or []}
        answers = []
        for n in range(1, len(subs) + 1):
            r = by_id.get(str(n))
            answers.append(
                Answer(503)
                if r is None
                else Answer(int(r.get("status", 503)), r.get("body"), dict(r.get("headers") or {}))
            )
        return answers

    async def _send_one(self, sub: Sub, what: str) -> Answer:
        return await self._raw(sub.method, sub.url, sub.body, what, sub.headers)

    async def _raw(
        self, method: str, url: str, body: Any, what: str, headers: dict[str, str] | None = None
    ) -> Answer:
        """One JSON request through the SDK's adapter (auth, middleware, base URL)."""
        adapter = self.adapter
        info = RequestInformation(Method(method))
        info.url = adapter.base_url.rstrip("/") + url
        info.headers.try_add("Accept", "application/json")
        for name, value in (headers or {}).items():
            info.headers.try_add(name, value)
        if body is not None:
            info.headers.try_add("Content-Type", "application/json")
            info.content = json.dumps(body).encode()
        try:
            # the adapter's return type is an unbound TypeVar: bytes for "bytes"
            send_primitive: Any = adapter.send_primitive_async
            raw = await send_primitive(info, "bytes", None)
        except APIError as error:
            status = error.response_status_code or 0
            if status not in RETRY_STATUSES and status != 409:
                raise refusal(status, what) from error
            return Answer(status, None, dict(error.response_headers or {}))
        except httpx.TransportError:
            return Answer(503, None, {"Retry-After": "-1"})
        return Answer(
            200 if method in ("GET", "PATCH") or url == "/$batch" else 201,
            json.loads(raw) if raw else None,
        )


def _retry_after(answer: Answer) -> float:
    for name, value in answer.headers.items():
        if name.lower() == "retry-after":
            try:
                return float(value)
            except ValueError:
                return -1
    return -1


def _message(answer: Answer) -> str:
    error = (answer.body or {}).get("error") if isinstance(answer.body, dict) else None
    return str(error.get("message", "")) if isinstance(error, dict) else ""
