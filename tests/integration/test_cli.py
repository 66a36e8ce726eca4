"""The command-line contract, run as a real process against a real database."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.services.context import Context
from tests.integration.helpers import ready_proposal, run_cli

ROOT = Path(__file__).resolve().parents[2]


def samstyre(*args: str, db_url: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env={**os.environ, "DATABASE_URL": db_url}, cwd=cwd)


def test_config_check_summarises_the_shipped_mandates(db_url: str) -> None:
    for name, expected in (("ror-ikt", "Aukra"), ("fartt", "Tynset")):
        done = samstyre("config", "check", f"config/{name}.yaml", db_url=db_url)
        assert done.returncode == 0, done.stderr
        assert expected in done.stdout


def test_config_check_names_file_path_and_problem(tmp_path: Path, db_url: str) -> None:
    text_yaml = (ROOT / "config" / "ror-ikt.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text_yaml.replace("stemmevekt: 1}", "stemmevekt: -1}", 1), encoding="utf-8")
    done = samstyre("config", "check", str(broken), db_url=db_url)
    assert done.returncode != 0
    assert str(broken) in done.stderr
    assert "municipalities[0]" in done.stderr
    assert done.stdout == ""


def test_config_check_of_a_missing_file_fails_in_one_line(db_url: str) -> None:
    done = samstyre("config", "check", "config/none.yaml", db_url=db_url)
    assert done.returncode != 0
    assert "config/none.yaml" in done.stderr


def test_db_upgrade_migrates_an_empty_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    done = samstyre("db", "upgrade", db_url=url)
    assert done.returncode == 0, done.stderr
    again = samstyre("db", "upgrade", db_url=url)
    assert again.returncode == 0, again.stderr


def test_db_upgrade_on_an_unreachable_server_fails_in_one_line() -> None:
    done = samstyre("db", "upgrade", db_url="postgresql://nobody@127.0.0.1:1/none")
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


async def test_audit_verify_detects_an_edited_and_a_deleted_row(
    ctx: Context, db_url: str, engine: AsyncEngine
) -> None:
    await ready_proposal(ctx)
    assert samstyre("audit", "verify", db_url=db_url).returncode == 0
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
    edited = samstyre("audit", "verify", db_url=db_url)
    assert edited.returncode != 0
    assert "entry 2" in edited.stderr
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE audit_log SET actor = 'best-molde' WHERE seq = 2"))
    assert samstyre("audit", "verify", db_url=db_url).returncode == 0
    async with engine.begin() as conn:
        last = (await conn.execute(text("SELECT max(seq) FROM audit_log"))).scalar_one()
        await conn.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": last})
    deleted = samstyre("audit", "verify", db_url=db_url)
    assert deleted.returncode != 0
    assert "NOT intact" in deleted.stderr


async def test_audit_export_writes_json_lines(ctx: Context, db_url: str, tmp_path: Path) -> None:
    await ready_proposal(ctx)
    out = tmp_path / "audit.jsonl"
    done = samstyre("audit", "export", "--out", str(out), db_url=db_url)
    assert done.returncode == 0, done.stderr
    entries = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0]["action"] == "proposal.drafted"
    assert all(len(e["hash"]) == 64 for e in entries)


@pytest.mark.parametrize("args", [["nonsense"], ["config"], ["audit", "forge"]])
def test_unknown_commands_exit_non_zero(args: list[str], db_url: str) -> None:
    assert samstyre(*args, db_url=db_url).returncode != 0


def test_the_outbox_is_listed_and_a_publication_sent_again(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    queued = run_cli("publish", "status", env=env)
    assert queued.returncode == 0 and "status report queued" in queued.stdout
    listed = run_cli("outbox", "list", env=env)
    assert "pending" in listed.stdout and "status:" in listed.stdout
    assert "no publications set aside" in run_cli("outbox", "list", "--failed", env=env).stdout
    missing = run_cli("outbox", "retry", "99", env=env)
    assert missing.returncode == 1 and "no publication #99" in missing.stderr
    again = run_cli("outbox", "retry", "1", env=env)
    assert again.returncode == 0 and "sent again" in again.stdout
