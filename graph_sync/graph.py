"""``GraphTarget``: the ``PublishTarget`` that delivers to Microsoft Graph through the real
``msgraph.GraphServiceClient`` and any ``azure.core`` credential (``azure.identity.aio``
``ClientSecretCredential``, ``CertificateCredential``, ``ManagedIdentityCredential``; the caller
owns and closes it).

Files go to the channel's files folder (``GET /teams/{t}/channels/{c}/filesFolder``, cached):
a simple ``PUT …:/{path}:/content`` up to ``simple_upload_limit``, above it an upload session with
our own chunk loop (msgraph-core's ``LargeFileUploadTask`` fails on real ``nextExpectedRanges``).
List rows go to the board's site in raw ``$batch`` requests (``graph_sync.graph_lists``).

``GraphSettings`` (all optional):
- ``base_url``: Graph root, default ``https://graph.microsoft.com/v1.0``; plain ``http`` only for
  a loopback host (the test emulator). Tokens are only ever sent to this host.
- ``board_team_id`` / ``board_site_id``: where the portfolio list lives; the site id wins, else
  it is read from ``groups/{board_team_id}/sites/root`` (needs ``Sites.Read.All``; with only
  ``Sites.Selected`` set the site id).
- ``max_attempts`` (6), ``base_delay`` (1 s), ``max_delay`` (60 s), ``max_retry_after``
  (180 s): the retry budget for 429/503/504, timeouts and lost connections.
- ``request_timeout`` (60 s) per HTTP request; ``simple_upload_limit`` (4 MiB);
  ``chunk_size`` (3.2 MiB, a multiple of 320 KiB); ``batch_size`` (20, Graph's maximum);
  ``use_batch`` (True; False sends one request per call, for the benchmark).

Permissions (application): reading ``filesFolder`` needs ``Files.Read.All`` or the team's
resource-specific ``File.Read.Group``; writing files and list items needs ``Sites.Selected``
granted ``write`` on the team sites concerned (or ``Sites.ReadWrite.All``); creating the list
needs ``Sites.Selected`` with ``manage``.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from azure.core.credentials import TokenCredential
from azure.core.credentials_async import AsyncTokenCredential
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from kiota_http.kiota_client_factory import KiotaClientFactory
from kiota_http.middleware.options import RetryHandlerOption
from msgraph.generated.drives.item.items.item.create_upload_session.create_upload_session_post_request_body import (  # noqa: E501
    CreateUploadSessionPostRequestBody,
)
from msgraph.generated.models.drive_item_uploadable_properties import (
    DriveItemUploadableProperties,
)
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.graph_service_client import GraphServiceClient

from governance.backoff import RetryPolicy
from governance.ports.publishing import Column, ListItem, Place, Published
from graph_sync.errors import PublishError
from graph_sync.graph_lists import ListWriter
from graph_sync.graph_retry import Sleep, retrying
from graph_sync.graph_upload import ChunkUploader

GRAPH_V1 = "https://graph.microsoft.com/v1.0"
CHUNK_UNIT = 320 * 1024
REPLACE = {"@microsoft.graph.conflictBehavior": "replace"}


@dataclass(frozen=True)
class GraphSettings:
    base_url: str = GRAPH_V1
    board_team_id: str | None = None
    board_site_id: str | None = None
    max_attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 60.0
    max_retry_after: float = 180.0
    request_timeout: float = 60.0
    simple_upload_limit: int = 4 * 1024 * 1024
    chunk_size: int = 10 * CHUNK_UNIT
    batch_size: int = 20
    use_batch: bool = True

    def __post_init__(self) -> None:
        url = urlsplit(self.base_url)
        if url.scheme != "https" and not (url.scheme == "http" and _loopback(url.hostname)):
            raise ValueError(
                f"Graph base URL must be https (http only for loopback): {self.base_url!r}"
            )
        if self.chunk_size <= 0 or self.chunk_size % CHUNK_UNIT:
            raise ValueError("chunk_size must be a positive multiple of 320 KiB (327680 bytes)")
        if not 1 <= self.batch_size <= 20:
            raise ValueError("batch_size must be from 1 to 20 (Graph's $batch limit)")
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def retry(self) -> RetryPolicy:
        return RetryPolicy(self.max_attempts, self.base_delay, self.max_delay, self.max_retry_after)


def _loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return host is not None and ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def build_client(
    settings: GraphSettings, credential: TokenCredential | AsyncTokenCredential
) -> tuple[GraphServiceClient, GraphRequestAdapter, httpx.AsyncClient]:
    """The SDK client on our own httpx client: the SDK's retry handler is off (retries live in
    ``graph_retry``), the timeout is ours, and the token goes to the Graph host only."""
    url = urlsplit(settings.base_url)
    http = httpx.AsyncClient(
        timeout=httpx.Timeout(settings.request_timeout), trust_env=not _loopback(url.hostname)
    )
    no_retry = RetryHandlerOption(delay=0, max_retries=0, should_retry=False)
    http = KiotaClientFactory.create_with_default_middleware(
        client=http, options={RetryHandlerOption.get_key(): no_retry}
    )
    auth = AzureIdentityAuthenticationProvider(
        credential,
        scopes=[f"{url.scheme}://{url.hostname}/.default"],
        allowed_hosts=[settings.host],
    )
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = settings.base_url.rstrip("/")
    return GraphServiceClient(request_adapter=adapter), adapter, http


def clean_path(path: str) -> str:
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    if not parts or any(p in {".", ".."} for p in parts):
        raise PublishError("bad_path", f"Refusing to publish to the path {path!r}.")
    return "/".join(parts)


class GraphTarget:
    """Publishes through Microsoft Graph. Use ``async with`` (or ``aclose``)."""

    def __init__(
        self,
        settings: GraphSettings,
        credential: TokenCredential | AsyncTokenCredential,
        *,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.client, adapter, self._http = build_client(settings, credential)
        self._sleep = sleep
        self._folders: dict[tuple[str, str], tuple[str, str]] = {}
        self._uploads = ChunkUploader(
            settings.chunk_size, settings.retry, settings.request_timeout, sleep
        )
        self._lists = ListWriter(self.client, adapter, settings, sleep)

    async def __aenter__(self) -> GraphTarget:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._uploads.aclose()
        await self._http.aclose()

    async def _retry(self, call: Any, what: str) -> Any:
        return await retrying(call, self.settings.retry, what, self._sleep)

    async def files_folder(self, place: Place) -> tuple[str, str]:
        """(drive id, folder item id) of the place's channel files folder, read once."""
        if not place.team_id or not place.channel_id:
            raise PublishError(
                "no_channel",
                f"The body {place.body_id!r} has no Teams team and "
                "channel configured: set team_id and channel_id in the mandate.",
            )
        key = (place.team_id, place.channel_id)
        if key not in self._folders:
            what = (
                f"reading the files folder of channel {place.channel_name!r} "
                f"({place.channel_id}) in team {place.team_name!r}"
            )
            folder = await self._retry(
                self.client.teams.by_team_id(place.team_id)
                .channels.by_channel_id(place.channel_id)
                .files_folder.get,
                what,
            )
            drive = folder and folder.parent_reference and folder.parent_reference.drive_id
            if not drive or not folder.id:
                raise PublishError(
                    "no_drive",
                    f"The channel {place.channel_name!r} has no files "
                    "folder yet: open its Files tab in Teams once, then retry.",
                )
            self._folders[key] = (drive, folder.id)
        return self._folders[key]

    def _item_url(self, drive: str, folder: str, path: str, action: str) -> str:
        return (
            f"{self.settings.base_url.rstrip('/')}/drives/{quote(drive, safe='')}/items/"
            f"{quote(folder, safe='')}:/{quote(path)}:/{action}"
        )

    async def put_file(
        self, place: Place, path: str, content: bytes, content_type: str
    ) -> Published:
        path = clean_path(path)
        drive, folder = await self.files_folder(place)
        what = f"uploading {path!r} to channel {place.channel_name!r}"
        if len(content) <= self.settings.simple_upload_limit:
            url = self._item_url(drive, folder, path, "content")
            url += "?@microsoft.graph.conflictBehavior=replace"
            builder = (
                self.client.drives.by_drive_id(drive)
                .items.by_drive_item_id(folder)
                .content.with_url(url)
            )
            item = await self._retry(lambda: builder.put(content), what)
            return Published(url=item.web_url or "", item_id=item.id)
        data = await self._upload_large(drive, folder, path, content, what)
        return Published(url=str(data.get("webUrl") or ""), item_id=data.get("id"))

    async def _upload_large(
        self, drive: str, folder: str, path: str, content: bytes, what: str
    ) -> dict[str, Any]:
        session_builder = (
            self.client.drives.by_drive_id(drive)
            .items.by_drive_item_id(folder)
            .create_upload_session.with_url(
                self._item_url(drive, folder, path, "createUploadSession")
            )
        )
        body = CreateUploadSessionPostRequestBody(
            item=DriveItemUploadableProperties(additional_data=dict(REPLACE))
        )

        async def new_session() -> str:
            session = await self._retry(
                lambda: session_builder.post(body), f"starting an upload session for {path!r}"
            )
            if not session or not session.upload_url:
                raise PublishError(
                    "no_upload_url", "Graph started an upload session without an upload URL."
                )
            return str(session.upload_url)

        return await self._uploads.upload(new_session, content, what)

    async def upsert_list_items(
        self, list_name: str, key_column: str, columns: Sequence[Column], items: Sequence[ListItem]
    ) -> int:
        return await self._lists.upsert(list_name, key_column, columns, items)
