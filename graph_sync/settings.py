"""Which target publications go to, from settings.

``SAMSTYRE_PUBLISH_TARGET=local`` (default): the folder ``SAMSTYRE_PUBLISH_DIR`` (default
``./published``) mirrors the Teams area. ``SAMSTYRE_PUBLISH_TARGET=graph``: Microsoft Graph at
``SAMSTYRE_GRAPH_BASE_URL`` (default ``https://graph.microsoft.com/v1.0``) with azure-identity's
``DefaultAzureCredential``: a client secret (``AZURE_CLIENT_ID``, ``AZURE_TENANT_ID``,
``AZURE_CLIENT_SECRET``), a certificate (``AZURE_CLIENT_CERTIFICATE_PATH``) or a managed
identity. The board's portfolio list lives in the site of the board's team (``team_id`` in the
mandate file) unless ``SAMSTYRE_BOARD_SITE_ID`` names the site."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from governance.domain.organisation import Mandate
from governance.ports.publishing import PublishTarget
from graph_sync.graph import GRAPH_V1, GraphSettings, GraphTarget
from graph_sync.local_folder import LocalFolderTarget


class PublishSettingsError(Exception):
    """The publishing settings are wrong; the message names the variable."""


@dataclass
class ChosenTarget:
    target: PublishTarget
    description: str
    close: Callable[[], Awaitable[None]]


async def _nothing() -> None:
    return None


@dataclass(frozen=True)
class PublishSettings:
    """Where the publisher writes, read from the environment (checked at once)."""

    kind: str = "local"  # "local" or "graph"
    folder: Path = Path("published")
    graph_base_url: str = GRAPH_V1
    board_site_id: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> PublishSettings:
        kind = environ.get("SAMSTYRE_PUBLISH_TARGET", "local").strip().lower() or "local"
        if kind not in ("local", "graph"):
            raise PublishSettingsError(
                f"SAMSTYRE_PUBLISH_TARGET must be 'local' or 'graph', not {kind!r}."
            )
        settings = cls(
            kind=kind,
            folder=Path(environ.get("SAMSTYRE_PUBLISH_DIR") or "published"),
            graph_base_url=environ.get("SAMSTYRE_GRAPH_BASE_URL") or GRAPH_V1,
            board_site_id=environ.get("SAMSTYRE_BOARD_SITE_ID") or None,
        )
        if kind == "graph":
            settings._graph(None)  # a bad URL fails now, before anything is opened
        return settings

    def _graph(self, board_team_id: str | None) -> GraphSettings:
        try:
            return GraphSettings(
                base_url=self.graph_base_url,
                board_team_id=board_team_id,
                board_site_id=self.board_site_id,
            )
        except ValueError as error:
            raise PublishSettingsError(f"SAMSTYRE_GRAPH_BASE_URL: {error}") from None


def choose_target(settings: PublishSettings, mandate: Mandate) -> ChosenTarget:
    if settings.kind == "local":
        folder = settings.folder
        return ChosenTarget(LocalFolderTarget(folder), f"the local folder {folder}", _nothing)
    from azure.identity.aio import DefaultAzureCredential

    graph = settings._graph(mandate.body(mandate.board).team_id)
    credential = DefaultAzureCredential(exclude_interactive_browser_credential=True)
    target = GraphTarget(graph, credential)

    async def close() -> None:
        await target.aclose()
        await credential.close()

    return ChosenTarget(target, f"Microsoft Graph at {graph.base_url}", close)
