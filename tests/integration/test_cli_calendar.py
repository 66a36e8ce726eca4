"""``samstyre calendar YEAR``: the table, the refusals in one line, and ``--ics``, run as a real
process. The command reads the mandate file only, never the database."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from governance.config import load_mandate
from tests.integration.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]


def calendar(*args: str) -> subprocess.CompletedProcess[str]:
    # No database at all: the command must not need one.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return run_cli("calendar", *args, env=env)


def test_the_table_lists_the_year_in_the_mandates_language() -> None:
    done = calendar("2027", "--config", "config/ror-ikt.yaml")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ROR-IKT")
    assert lines[2].split()[:2] == ["Dato", "Organ"]
    assert any(
        line.startswith("24.03.2027 ")
        and "Bestillerutvalget" in line
        and line.endswith("Utvalgsmøte")
        for line in lines
    )
    assert any(line.startswith("04.02.2027 08:00") and "Styret i ROR-IKT" in line for line in lines)
    assert done.stderr == ""


def test_the_table_in_another_language() -> None:
    done = calendar("2027", "--config", "config/fartt.yaml", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Call for agenda items: Committee meeting 09/03/2027" in done.stdout


@pytest.mark.parametrize("year", ["1999", "2101", "abc", "-2027", "２０２７"])
def test_a_year_out_of_range_is_refused_in_one_line(year: str) -> None:
    done = calendar(year, "--config", "config/ror-ikt.yaml")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"samstyre: the year must be a number from 2000 to 2100, not {year!r}"
    ]
    assert done.stdout == ""


def test_a_missing_mandate_file_is_refused_in_one_line() -> None:
    done = calendar("2027", "--config", "config/none.yaml")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "samstyre: bad mandate file config/none.yaml: file not found"
    ]


def test_a_broken_mandate_file_is_refused_in_one_line(tmp_path: Path) -> None:
    text = (ROOT / "config" / "ror-ikt.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("stemmevekt: 1}", "stemmevekt: -1}"), encoding="utf-8")
    done = calendar("2027", "--config", str(broken))
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"samstyre: bad mandate file {broken}: municipalities[0]")
    assert "more; see `samstyre config check" in line
    assert "Traceback" not in done.stderr


def test_ics_writes_one_calendar_per_body_with_stable_uids(tmp_path: Path) -> None:
    folder = tmp_path / "ics"
    done = calendar("2027", "--config", "config/fartt.yaml", "--ics", str(folder))
    assert done.returncode == 0, done.stderr
    mandate = load_mandate(ROOT / "config" / "fartt.yaml")
    expected = {f"{b.id}.ics" for b in mandate.bodies}
    assert {p.name for p in folder.iterdir()} == expected
    assert sorted(done.stdout.splitlines()) == sorted(f"wrote {folder / n}" for n in expected)
    first = {p.name: Calendar.from_ical(p.read_bytes()) for p in folder.iterdir()}
    board = first["styret.ics"]
    # 7 board meetings, 7 status reports; 9 tasks: deadline, posting, chair's copy, reminder
    assert len(board.events) == 7 + 7 + 9 * 4
    assert str(board["X-WR-CALNAME"]).startswith("Styret i IKT Fjellregionen IKS")
    timed = [e for e in board.events if isinstance(e.start, datetime)]
    assert timed and all(e["DTSTART"].params["TZID"] == "Europe/Oslo" for e in timed)
    starts = [e.start for e in timed if isinstance(e.start, datetime)]
    status = next(start for start in starts if start.date().isoformat() == "2027-03-16")
    assert status.astimezone(UTC) == datetime(2027, 3, 16, 7, tzinfo=UTC)

    assert calendar("2027", "--config", "config/fartt.yaml", "--ics", str(folder)).returncode == 0
    for name, before in first.items():
        after = Calendar.from_ical((folder / name).read_bytes())
        assert [str(e["UID"]) for e in after.events] == [str(e["UID"]) for e in before.events]


def test_ics_into_a_file_is_refused_in_one_line(tmp_path: Path) -> None:
    occupied = tmp_path / "calendars"
    occupied.write_text("not a folder", encoding="utf-8")
    done = calendar("2027", "--config", "config/ror-ikt.yaml", "--ics", str(occupied))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"samstyre: --ics {occupied} is a file, not a folder"
    ]
