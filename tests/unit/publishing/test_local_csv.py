"""The local folder's CSV copy of a list: what people wrote can never run as a formula in a
spreadsheet (OWASP, "CSV Injection"); ordinary text and our own numbers are written as they are,
and the JSON copy keeps every value untouched."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from governance.ports.publishing import Column, ListItem
from graph_sync.local_folder import LocalFolderTarget, csv_cell

COLUMNS = [
    Column("Saksnummer"),
    Column("Tittel"),
    Column("Kostnad", "number"),
    Column("Rangering", "number"),
]
FORMULAS = [
    '=HYPERLINK("https://evil.example","Åpne")',
    "+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\0=1",
    "-1",  # looks like a number, but a person wrote it
    "=cmd|' /C calc'!A0",
]
ORDINARY = [
    "Nytt fagsystem - barnehage (Molde)",
    "Digital søknad om barnehageplass",
    "1+1",
    "'sitert'",
    "E-post: post@molde.kommune.no",
    "",
]


async def written(tmp_path: Path, titles: list[str], **fields: Any) -> list[dict[str, str]]:
    items = [ListItem(str(n), {"Tittel": title, **fields}) for n, title in enumerate(titles, 1)]
    await LocalFolderTarget(tmp_path).upsert_list_items(
        "Saksoversikt", "Saksnummer", COLUMNS, items
    )
    text = (tmp_path / "lists" / "Saksoversikt.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_starts_like_a_formula_is_text(value: str) -> None:
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ORDINARY)
def test_ordinary_text_is_left_as_it_is(value: str) -> None:
    assert csv_cell(value) == value


@pytest.mark.parametrize("value", [-1, -1.5, 0, 150000.0, None])
def test_numbers_from_our_own_code_stay_numbers(value: float | None) -> None:
    assert csv_cell(value) == value


async def test_the_csv_copy_neutralises_every_formula(tmp_path: Path) -> None:
    rows = await written(tmp_path, FORMULAS + ORDINARY, Kostnad=-2500.0, Rangering=1)
    assert [row["Tittel"] for row in rows] == ["'" + f for f in FORMULAS] + ORDINARY
    assert {row["Kostnad"] for row in rows} == {"-2500.0"}  # a number, not "'-2500.0"
    assert all(
        not cell.startswith(("=", "+", "@", "\t", "\r", "\0"))
        for row in rows
        for cell in row.values()
    )


async def test_text_cells_are_quoted_so_no_separator_starts_a_new_cell(tmp_path: Path) -> None:
    await written(tmp_path, ["Sak;=1+1,=2+2"], Kostnad=10.0, Rangering=None)
    lines = (tmp_path / "lists" / "Saksoversikt.csv").read_text("utf-8-sig").splitlines()
    assert lines == ['"Saksnummer","Tittel","Kostnad","Rangering"', '"1","Sak;=1+1,=2+2",10.0,""']


async def test_the_json_copy_keeps_what_was_written(tmp_path: Path) -> None:
    await written(tmp_path, FORMULAS, Kostnad=-2500.0)
    rows = json.loads((tmp_path / "lists" / "Saksoversikt.json").read_text("utf-8"))
    assert [row["Tittel"] for row in rows] == FORMULAS
    assert {row["Kostnad"] for row in rows} == {-2500.0}
