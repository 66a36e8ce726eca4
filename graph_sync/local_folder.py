"""The embedded default target: a local folder that mirrors the Teams area, so ``samstyre
serve`` on a laptop shows exactly what would be published.

Files go to ``<root>/<team>/<channel>/<path>``; the board's list to
``<root>/lists/<list>.json`` and ``.csv`` (one row per key, rewritten whole)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph_sync.targets import Column, ListItem, Place, Published

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_segment(name: str) -> str:
    """A folder or file name without characters a file system or SharePoint refuses."""
    cleaned = _UNSAFE.sub("-", name).strip(" .")
    return cleaned or "_"


def _write_atomically(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
        tmp.write(content)
    os.replace(tmp.name, target)  # a reader never sees half a file; a repeat replaces


class LocalFolderTarget:
    def __init__(self, root: Path) -> None:
        self.root = root

    def file_path(self, place: Place, path: str) -> Path:
        parts = [safe_segment(p) for p in path.split("/") if p.strip()]
        return self.root / safe_segment(place.team_name) / safe_segment(place.channel_name) / \
            Path(*parts)

    async def put_file(self, place: Place, path: str, content: bytes, content_type: str
                       ) -> Published:
        target = self.file_path(place, path)
        await asyncio.to_thread(_write_atomically, target, content)
        return Published(target.resolve().as_uri())

    async def upsert_list_items(self, list_name: str, key_column: str,
                                columns: Sequence[Column], items: Sequence[ListItem]) -> int:
        await asyncio.to_thread(self._upsert, list_name, key_column, columns, items)
        return len(items)

    def _upsert(self, list_name: str, key_column: str, columns: Sequence[Column],
                items: Sequence[ListItem]) -> None:
        base = self.root / "lists" / safe_segment(list_name)
        json_path = base.with_suffix(".json")
        rows: dict[str, dict[str, Any]] = {}
        if json_path.exists():
            rows = {str(r[key_column]): r for r in json.loads(json_path.read_text("utf-8"))}
        for item in items:
            rows[item.key] = {key_column: item.key, **dict(item.fields)}
        ordered = [rows[k] for k in sorted(rows, key=_natural)]
        _write_atomically(json_path, json.dumps(ordered, ensure_ascii=False, indent=2).encode())
        names = [key_column, *[c.name for c in columns if c.name != key_column]]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in ordered)
        _write_atomically(base.with_suffix(".csv"), buffer.getvalue().encode("utf-8-sig"))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a text beginning with ``= + - @``, tab or
    carriage return gets a leading ``'`` (OWASP, "CSV Injection"), so ``=HYPERLINK(…)`` typed
    into a title is never a live formula. Numbers the bot itself wrote stay numbers; the JSON
    copy keeps every value as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _natural(key: str) -> tuple[int, str]:
    digits = "".join(c for c in key if c.isdigit())
    return (int(digits) if digits else 0, key)
