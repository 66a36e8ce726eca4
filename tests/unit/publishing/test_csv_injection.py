"""The local target's CSV copy of a list never carries a live spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph_sync.local_folder import LocalFolderTarget, spreadsheet_safe
from graph_sync.targets import Column, ListItem

HOSTILE = ['=HYPERLINK("https://evil.example","Klikk")', "+1", "-1+1", "@SUM(A1)", "\t=1",
           "\r=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_becomes_text(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Felles innbyggerportal", "Møte 24.03", "a=b", 12500, None])
def test_ordinary_values_are_unchanged(value: object) -> None:
    assert spreadsheet_safe(value) == value


async def test_the_csv_is_neutralised_and_the_json_kept(tmp_path: Path) -> None:
    target = LocalFolderTarget(tmp_path)
    items = [ListItem(str(n), {"Tittel": title, "Kostnad": 100})
             for n, title in enumerate(HOSTILE, start=1)]
    await target.upsert_list_items("Saksoversikt", "Saksnummer",
                                   [Column("Saksnummer"), Column("Tittel"), Column("Kostnad")],
                                   items)
    csv_text, json_text = read(tmp_path)
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [r["Tittel"] for r in rows] == ["'" + v for v in HOSTILE]
    assert {r["Kostnad"] for r in rows} == {"100"}
    assert [r["Tittel"] for r in json.loads(json_text)] == HOSTILE


def read(root: Path) -> tuple[str, str]:
    base = root / "lists" / "Saksoversikt"
    return (base.with_suffix(".csv").read_bytes().decode("utf-8-sig"),
            base.with_suffix(".json").read_text("utf-8"))
