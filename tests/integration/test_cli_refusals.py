"""The command line refuses clearly, as a real process: a mandate file with a date that does not
exist, a database that is missing or not migrated (for the commands that only read), and
another cooperation's database, each with one line that says what to do and nothing changed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.organisation import Mandate
from governance.services.context import Context, FixedClock
from governance.services.groups import seed_groups
from governance.store.cooperation import OtherCooperation
from governance.store.database import make_engine
from governance.store.migrate import current_revision, head_revision, upgrade
from samstyre.bootstrap import build_context, wire
from tests.integration.helpers import ROOT, ready_proposal, run_cli, snapshot

ROR = ROOT / "config" / "ror-ikt.yaml"
FARTT = "config/fartt.yaml"
READERS = [["overview"], ["outbox", "list"], ["audit", "verify"], ["audit", "export"]]
TO_FARTT = (
    "samstyre: This database belongs to ROR-IKT (ror-ikt); the mandate file is for "
    "IKT Fjellregionen IKS (FARTT) (fartt). Use the database of IKT Fjellregionen IKS (FARTT) "
    "or another DATABASE_URL.\n"
)


def samstyre(*args: str, db_url: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env={**os.environ, "DATABASE_URL": db_url})


# --- a date that does not exist ------------------------------------------------------------------
@pytest.fixture
def impossible_date(tmp_path: Path) -> tuple[Path, int]:
    """ROR-IKT's file with its first board meeting on 30 February, and that line."""
    original = ROR.read_text(encoding="utf-8")
    line = original[: original.index("    - 2026-02-12\n")].count("\n") + 1
    path = tmp_path / "impossible.yaml"
    path.write_text(original.replace("- 2026-02-12\n", "- 2026-02-30\n", 1), encoding="utf-8")
    return path, line


@pytest.mark.parametrize(
    "command",
    [
        ["config", "check"],
        ["demo", "--config"],
        ["overview", "--config"],
        ["calendar", "2026", "--config"],
        ["outbox", "list", "--config"],
        ["publish", "status", "--config"],
        ["manifest", "build", "--config"],
        ["serve", "--local", "--config"],
        ["worker", "--local", "--config"],
    ],
)
def test_an_impossible_date_is_refused_at_its_line_by_every_command(
    command: list[str], impossible_date: tuple[Path, int], tmp_path: Path
) -> None:
    path, line = impossible_date
    database = tmp_path / "never.db"
    done = samstyre(*command, str(path), db_url=f"sqlite:///{database}")
    assert done.returncode == 2, done.stderr
    assert f"{path}: line {line}, column 7: 2026-02-30 is not a date that exists" in done.stderr
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr
    assert not database.exists()


# --- a database that is missing or not migrated -------------------------------------------------
@pytest.mark.parametrize("command", READERS)
def test_a_reading_command_refuses_a_missing_sqlite_file_and_creates_none(
    command: list[str], tmp_path: Path
) -> None:
    database = tmp_path / "typo.db"
    done = samstyre(*command, db_url=f"sqlite:///{database}")
    assert done.returncode == 1
    assert done.stderr == (
        f"samstyre: no database at sqlite+aiosqlite:///{database} (the file {database} does "
        "not exist): check DATABASE_URL, or create it with `samstyre db upgrade`\n"
    )
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", READERS)
async def test_a_reading_command_refuses_a_database_without_the_schema(
    command: list[str], empty_db_url: str
) -> None:
    engine = make_engine(empty_db_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE other (id INTEGER PRIMARY KEY)"))
        done = samstyre(*command, db_url=empty_db_url)
        assert done.returncode == 1
        assert "has no Samstyre schema" in done.stderr
        assert "`samstyre db upgrade`" in done.stderr and done.stdout == ""
        assert await current_revision(engine) is None
    finally:
        await engine.dispose()


async def test_a_reading_command_refuses_an_older_schema_and_leaves_it(
    empty_db_url: str,
) -> None:
    engine = make_engine(empty_db_url)
    try:
        await upgrade(engine, "0011")
        done = samstyre("overview", db_url=empty_db_url)
        assert done.returncode == 1
        assert f"is at schema 0011, not the newest ({head_revision()})" in done.stderr
        assert "migrate it with `samstyre db upgrade`" in done.stderr
        assert await current_revision(engine) == "0011"
    finally:
        await engine.dispose()


def test_the_password_of_the_database_is_not_shown(tmp_path: Path) -> None:
    done = samstyre("audit", "verify", db_url="postgresql://ops:s3cret@127.0.0.1:1/none")
    assert done.returncode == 1
    assert "s3cret" not in done.stderr and "***" in done.stderr


# --- one database, one cooperation --------------------------------------------------------------
async def test_the_first_writer_records_its_cooperation_and_another_is_refused(
    db_url: str, engine: AsyncEngine
) -> None:
    assert samstyre("publish", "status", db_url=db_url).returncode == 0
    async with engine.connect() as conn:
        recorded = (await conn.execute(text("SELECT cooperation_id, name FROM cooperation"))).all()
    assert [tuple(row) for row in recorded] == [("ror-ikt", "ROR-IKT")]
    before = await snapshot(engine)
    for command in (["demo"], ["overview"], ["outbox", "list"], ["publish", "status"]):
        done = samstyre(*command, "--config", FARTT, db_url=db_url)
        assert (done.returncode, done.stderr, done.stdout) == (2, TO_FARTT, ""), command
    assert await snapshot(engine) == before
    assert samstyre("overview", db_url=db_url).returncode == 0


@pytest.mark.parametrize("worker", [False, True])
async def test_serve_and_worker_refuse_another_cooperations_database(
    db_url: str, engine: AsyncEngine, worker: bool
) -> None:
    assert samstyre("publish", "status", db_url=db_url).returncode == 0
    before = await snapshot(engine)
    with pytest.raises(OtherCooperation) as caught:
        await wire(FARTT, {}, local=True, worker=worker, database=db_url)
    assert str(caught.value) + "\n" == TO_FARTT.removeprefix("samstyre: ")
    assert await snapshot(engine) == before


async def test_a_database_with_proposals_but_no_record_belongs_to_their_cooperation(
    ctx: Context, db_url: str, engine: AsyncEngine
) -> None:
    await ready_proposal(ctx)
    before = await snapshot(engine)
    done = samstyre("demo", "--config", FARTT, db_url=db_url)
    assert done.returncode == 2
    assert done.stderr.startswith("samstyre: This database belongs to ror-ikt; the mandate file")
    assert await snapshot(engine) == before
    assert samstyre("publish", "status", db_url=db_url).returncode == 0
    assert samstyre("overview", "--config", FARTT, db_url=db_url).stderr == TO_FARTT


async def test_a_database_with_only_audit_entries_belongs_to_their_cooperation(
    fartt_mandate: Mandate, db_url: str, engine: AsyncEngine, clock: FixedClock
) -> None:
    await seed_groups(build_context(fartt_mandate, engine, clock))
    done = samstyre("outbox", "list", db_url=db_url)
    assert done.returncode == 2
    assert "This database belongs to fartt; the mandate file is for ROR-IKT (ror-ikt)" in (
        done.stderr
    )
    assert samstyre("outbox", "list", "--config", FARTT, db_url=db_url).returncode == 0


# --- weights -------------------------------------------------------------------------------------
def test_config_check_refuses_a_total_stemmevekt_of_zero(tmp_path: Path, db_url: str) -> None:
    original = ROR.read_text(encoding="utf-8")
    assert original.count("stemmevekt: 1}") == 4
    path = tmp_path / "weightless.yaml"
    path.write_text(original.replace("stemmevekt: 1}", "stemmevekt: 0}"), encoding="utf-8")
    done = samstyre("config", "check", str(path), db_url=db_url)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        f"{path}: municipalities: the total stemmevekt (voting weight) is 0: "
        "no vote could ever be carried\n"
    )
