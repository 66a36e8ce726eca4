"""What ``scripts/run`` writes and prints through ``samstyre.playground``: the Playground's mock
Teams data playing another member (``--as``), and the one summary line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from governance.domain.organisation import Mandate
from samstyre import playground
from samstyre.playground import SHARED_DATA, UnknownMember, playing, summary


@pytest.fixture
def shared() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SHARED_DATA.read_text(encoding="utf-8"))
    return data


def ids(data: dict[str, Any]) -> list[str]:
    return [p["id"] for p in [data["currentUser"], *data["users"]]]


def test_playing_the_chair_is_the_shared_file_unchanged(
    shared: dict[str, Any], ror_mandate: Mandate
) -> None:
    assert playing(shared, ror_mandate, "dl-ror") == shared


def test_a_bestiller_among_the_six_changes_places_with_the_chair(
    shared: dict[str, Any], ror_mandate: Mandate
) -> None:
    played = playing(shared, ror_mandate, "best-molde")
    mari = ror_mandate.member("best-molde")
    current = played["currentUser"]
    assert (current["id"], current["name"]) == ("29:best-molde", "Mari Moen")
    assert (current["aadObjectId"], current["userPrincipleName"]) == (mari.object_id, mari.upn)
    assert ids(played) == [
        "29:best-molde",
        "29:best-aukra",
        "29:dl-ror",
        "29:best-rauma",
        "29:best-vestnes",
        "29:best-ror",
    ]
    assert played["users"][1] == shared["currentUser"]
    assert played["personalChat"] == {"id": "a:ror-ikt-personal-best-molde"}
    assert (played["team"], played["groupChat"]) == (shared["team"], shared["groupChat"])
    assert shared["currentUser"]["id"] == "29:dl-ror"  # the shared data is left as it was


def test_someone_outside_the_six_takes_the_place_of_rorikts_own_bestiller(
    shared: dict[str, Any], ror_mandate: Mandate
) -> None:
    played = playing(shared, ror_mandate, "vara-molde")
    mona = ror_mandate.member("vara-molde")
    assert played["currentUser"]["aadObjectId"] == mona.object_id
    assert played["currentUser"]["name"] == "Mona Myklebust"
    assert ids(played) == [
        "29:vara-molde",
        "29:best-aukra",
        "29:best-molde",
        "29:best-rauma",
        "29:best-vestnes",
        "29:dl-ror",
    ]


def test_an_unknown_member_is_refused_with_the_known_ids(
    shared: dict[str, Any], ror_mandate: Mandate
) -> None:
    with pytest.raises(UnknownMember) as refused:
        playing(shared, ror_mandate, "best-oslo")
    message = str(refused.value)
    assert "'best-oslo'" in message
    assert all(member.id in message for member in ror_mandate.members)


def test_the_command_writes_the_file_the_playground_reads(tmp_path: Path) -> None:
    out = tmp_path / "playground.yml"
    assert playground.main(["config", "--as", "best-rauma", "--out", str(out)]) == 0
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written["currentUser"]["name"] == "Rune Rødven"
    assert len(written["users"]) == 5


def test_the_command_refuses_an_unknown_member_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "playground.yml"
    assert playground.main(["config", "--as", "nobody", "--out", str(out)]) == 2
    assert not out.exists()
    error = capsys.readouterr().err
    assert "unknown member 'nobody'" in error and "best-molde" in error


@pytest.mark.parametrize(
    ("environ", "database", "publishing"),
    [
        ({}, "database sqlite+aiosqlite:///./samstyre.db", "publishing to published/"),
        (
            {
                "DATABASE_URL": "postgresql://samstyre:secret@db.example/samstyre",
                "SAMSTYRE_PUBLISH_DIR": "/srv/out",
            },
            "database postgresql+asyncpg://samstyre:***@db.example/samstyre",
            "publishing to /srv/out/",
        ),
        (
            {
                "SAMSTYRE_PUBLISH_TARGET": "graph",
                "SAMSTYRE_GRAPH_BASE_URL": "http://127.0.0.1:9/v1.0",
            },
            "database sqlite",
            "publishing to Microsoft Graph at http://127.0.0.1:9/v1.0",
        ),
        ({"SAMSTYRE_PUBLISHER": "0"}, "database sqlite", "publishing off"),
    ],
)
def test_one_summary_line_says_what_runs_where(
    shared: dict[str, Any], environ: dict[str, str], database: str, publishing: str
) -> None:
    line = summary(
        environ,
        bot_url="http://127.0.0.1:3978",
        playground_url="http://127.0.0.1:56150",
        person=shared["currentUser"],
        log=".playground/run-x/samstyre.log",
    )
    assert "\n" not in line
    assert "open http://127.0.0.1:56150 as Dagny Lie (dl-ror)" in line
    assert "bot http://127.0.0.1:3978/api/messages" in line
    assert database in line and publishing in line
    assert "secret" not in line
    assert line.endswith("log .playground/run-x/samstyre.log")
