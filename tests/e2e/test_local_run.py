"""``scripts/run`` as a person starts it (the README's run command): the steps and the bot print
into the log file, the terminal gets one summary line and a hint, the Playground plays the
member given with ``--as``, and Ctrl-C stops the bot and the Playground. No browser needed."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from governance.domain.organisation import Mandate
from tests.e2e.stack import ROOT, free_port, missing_tools

STARTUP_SECONDS = 180  # a cold start loads the example history first


def run_env(folder: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'samstyre.db'}",
        "SAMSTYRE_PUBLISH_DIR": str(folder / "published"),
        "SAMSTYRE_PORT": str(free_port()),
        "PLAYGROUND_PORT": str(free_port()),
        "PLAYGROUND_LOG_DIR": str(folder / "logs"),
    }
    for key in [k for k in env if k.startswith("CONNECTIONS__")]:
        del env[key]
    return env


def lines_of(stream: IO[str]) -> queue.Queue[str | None]:
    found: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            found.put(line.rstrip("\n"))
        found.put(None)

    threading.Thread(target=read, daemon=True).start()
    return found


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def started(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], list[str], dict[str, str]]]:
    problem = missing_tools()
    if problem:
        pytest.fail(f"cannot run scripts/run: {problem}", pytrace=False)
    env = run_env(tmp_path)
    run = subprocess.Popen(
        ["scripts/run", "--as", "best-molde"],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout is not None
    printed, shown = lines_of(run.stdout), list[str]()
    try:
        while not shown or "Ctrl-C stops both" not in shown[-1]:
            line = printed.get(timeout=STARTUP_SECONDS)
            assert line is not None, f"scripts/run ended: {shown} {run.communicate()[1]}"
            shown.append(line)
        yield run, shown, env
    finally:
        if run.poll() is None:
            run.send_signal(signal.SIGINT)
            run.wait(30)


def test_the_run_prints_one_summary_line_and_plays_the_member_given(
    started: tuple[subprocess.Popen[str], list[str], dict[str, str]], ror_mandate: Mandate
) -> None:
    run, shown, env = started
    bot = f"http://127.0.0.1:{env['SAMSTYRE_PORT']}"
    summary, hint = shown  # nothing else before the address: no warning, no step's output
    found = re.search(r"open (http://127\.0\.0\.1:\d+) as Mari Moen \(best-molde\)", summary)
    assert found, summary
    playground = found.group(1)
    assert f"bot {bot}/api/messages" in summary
    assert f"database sqlite+aiosqlite:///{env['DATABASE_URL'].split('///')[1]}" in summary
    assert f"publishing to {env['SAMSTYRE_PUBLISH_DIR']}/" in summary
    assert "Bestillerutvalget" in hint
    # the warnings went to the log file the line names
    log = Path(summary.rsplit("; log ", 1)[1])
    text = log.read_text(encoding="utf-8")
    assert "WARNING bot.security: LOCAL MODE" in text
    assert "demo history loaded" in text
    with urllib.request.urlopen(playground + "/_internal/v1/testConfig", timeout=10) as r:
        config = json.loads(r.read())["config"]
    mari = ror_mandate.member("best-molde")
    assert config["currentUser"]["aadObjectId"] == mari.object_id
    assert config["currentUser"]["userPrincipleName"] == mari.upn
    assert "29:dl-ror" in [u["id"] for u in config["users"]]  # the chair is still there

    run.send_signal(signal.SIGINT)  # Ctrl-C
    assert run.wait(30) == 0
    assert run.communicate()[1] == ""  # no error was shown
    assert not answers(bot + "/healthz")
    assert not answers(playground + "/_debug/ping")


def test_an_unknown_member_is_refused_before_anything_starts(tmp_path: Path) -> None:
    env = run_env(tmp_path)
    run = subprocess.run(
        ["scripts/run", "--as", "best-oslo"],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=STARTUP_SECONDS,
    )
    assert run.returncode == 2
    assert "unknown member 'best-oslo'; known ids: dl-ror, best-aukra, best-molde" in run.stderr
    assert run.stdout == ""
    assert not (tmp_path / "samstyre.db").exists()
