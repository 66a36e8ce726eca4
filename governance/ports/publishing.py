"""Where publications go: a ``PublishTarget`` receives files for a body's channel folder and rows
of the board's portfolio list. Two implementations: Microsoft Graph (``graph_sync.graph``) and a
local folder that mirrors the Teams area (``graph_sync.local_folder``, the embedded default).

Both must be idempotent: the same path replaces the file; the same list key updates its row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

ColumnKind = Literal["text", "number", "url", "dateTime"]


@dataclass(frozen=True)
class Place:
    """A body's Teams area: its team and channel (ids from the mandate YAML or the bot's
    conversation records; names for the local mirror's folders)."""

    body_id: str
    team_id: str | None
    channel_id: str | None
    team_name: str
    channel_name: str


@dataclass(frozen=True)
class Published:
    """A delivered file: the address a person opens (``webUrl`` in Teams/SharePoint)."""

    url: str
    item_id: str | None = None


@dataclass(frozen=True)
class Column:
    name: str  # internal column name, ASCII (e.g. "Saksnummer")
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class ListItem:
    key: str  # the value of the list's key column: one row per key, ever
    fields: Mapping[str, str | int | float | None]


class PublishTarget(Protocol):
    async def put_file(
        self, place: Place, path: str, content: bytes, content_type: str
    ) -> Published:
        """Store ``content`` at ``path`` (``Referater/2027/2027-03-09 Bestillerutvalget.docx``)
        in the place's channel files folder, replacing a file already there."""
        ...

    async def upsert_list_items(
        self, list_name: str, key_column: str, columns: Sequence[Column], items: Sequence[ListItem]
    ) -> int:
        """Create the list with its columns when absent; create or update one row per item
        (found by ``key_column``); returns how many rows were written."""
        ...
