"""The embedded default target: a local folder that mirrors the Teams area, so ``samstyre
serve`` on a laptop shows exactly what would be published.

Files go to ``<root>/<team>/<channel>/<path>``; the board's list to
``<root>/lists/<list>.json`` and ``.csv`` (one row per key, rewritten whole).

The CSV copy is made for spreadsheets, which run a cell that starts like a formula: a title
``=HYPERLINK("https://…","Åpne")`` would be a live link. So, as OWASP recommends ("CSV
Injection"; ASVS 1.2.10), a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a
carriage return or NUL gets a leading single quote, which spreadsheets take as "this is text"
and do not show; every text cell is quoted, so no separator in it can start a new cell. That
holds for text that looks like a number too ("-1"): it may come from a person. Numbers our own
code puts in a row (costs, ranks) are written as numbers, negative ones included. The JSON copy
keeps every value as it is."""

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
from typing import Any, Final

from governance.ports.publishing import Column, ListItem, Place, Published

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_segment(name: str) -> str:
    """A folder or file name without characters a file system or SharePoint refuses."""
    cleaned = _UNSAFE.sub("-", name).strip(" .")
    return cleaned or "_"


def csv_cell(value: Any) -> Any:
    """A cell as a spreadsheet should show it, never run it (see the module): text beginning
    like a formula gets a leading single quote; numbers and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


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
        return (
            self.root
            / safe_segment(place.team_name)
            / safe_segment(place.channel_name)
            / Path(*parts)
        )

    async def put_file(
        self, place: Place, path: str, content: bytes, content_type: str
    ) -> Published:
        target = self.file_path(place, path)
        await asyncio.to_thread(_write_atomically, target, content)
        return Published(target.resolve().as_uri())

    async def upsert_list_items(
        self, list_name: str, key_column: str, columns: Sequence[Column], items: Sequence[ListItem]
    ) -> int:
        await asyncio.to_thread(self._upsert, list_name, key_column, columns, items)
        return len(items)

    def _upsert(
        self, list_name: str, key_column: str, columns: Sequence[Column], items: Sequence[ListItem]
    ) -> None:
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
        writer = csv.DictWriter(
            buffer, fieldnames=names, extrasaction="ignore", quoting=csv.QUOTE_NONNUMERIC
        )
        writer.writeheader()
        writer.writerows({name: csv_cell(value) for name, value in row.items()} for row in ordered)
        _write_atomically(base.with_suffix(".csv"), buffer.getvalue().encode("utf-8-sig"))


def _natural(key: str) -> tuple[int, str]:
    digits = "".join(c for c in key if c.isdigit())
    return (int(digits) if digits else 0, key)
