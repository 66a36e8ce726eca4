"""The real thing, started as a person would: ``samstyre serve --local`` in its own process on a
fresh SQLite file, and Microsoft's Agents Playground (the local Teams emulator) with the mock
Teams data of ``.m365agentsplayground.yml`` in front of it. Both on loopback."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
PLAYGROUND = ROOT / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
PLAYGROUND_CONFIG = ROOT / ".m365agentsplayground.yml"
MANDATE = ROOT / "config" / "ror-ikt.yaml"
BOT_ID = "28:00000000-0000-4000-8000-0000000000c2"
PERSONAL_CHAT = "a:ror-ikt-personal-dl-ror"
GROUP_CHAT = "19:ror-ikt-bestillere-example@thread.v2"
COMMITTEE_CHANNEL = "19:bestillerutvalget-example@thread.tacv2"


def missing_tools() -> str | None:
    if not PLAYGROUND.exists():
        return "node_modules lacks the Agents Playground: run `npm ci` (scripts/test does)"
    if shutil.which("chromium") is None:
        return "Debian's chromium is not installed (scripts/test installs it)"
    return None


def playground_config_with(folder: Path, member: str, instead_of: str) -> Path:
    """A copy of the mock Teams data with ``member`` of the mandate among the Playground's users
    in place of ``instead_of``: the Playground takes six people at most, and the mandate has
    more (Molde's deputy is not in the shared file)."""
    data = yaml.safe_load(PLAYGROUND_CONFIG.read_text(encoding="utf-8"))
    [person] = [
        m
        for m in yaml.safe_load(MANDATE.read_text(encoding="utf-8"))["members"]
        if m["id"] == member
    ]
    given, _, surname = person["name"].partition(" ")
    user = {
        "id": f"29:{member}",
        "name": person["name"],
        "userPrincipleName": person["upn"],
        "aadObjectId": person["object_id"],
        "givenName": given,
        "surname": surname,
        "email": person["upn"],
    }
    users = data["users"]
    [place] = [n for n, u in enumerate(users) if u["id"] == f"29:{instead_of}"]
    users[place] = user
    path = folder / "playground.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer at {url}")


@dataclass
class Stack:
    bot_url: str
    playground_url: str
    database_url: str
    folder: Path
    # conversation → (the thread to act in, a message in it): the Playground accepts a card
    # action only as a reply to a message of its conversation (in a channel: of its thread).
    anchors: dict[str, tuple[str, str]] = field(default_factory=dict)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        """The Playground's HTTP API (what its web page calls)."""
        request = urllib.request.Request(
            self.playground_url + path,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as error:  # the Playground says why in the body
            reason = error.read().decode(errors="replace")
            raise AssertionError(f"{path} {body} → {error.code}: {reason}") from error
        return json.loads(text) if text.strip() else None

    def say(self, text: str, conversation: str = PERSONAL_CHAT, member: str = "dl-ror") -> None:
        """A chat message; @mentions the bot outside the personal chat. The Playground lets only
        members of ``conversation`` write, and the bot hears every message as the current user
        (the chair): other people act through card actions."""
        body: dict[str, Any] = {"text": text, "textFormat": "plain", "from": {"id": f"29:{member}"}}
        if conversation != PERSONAL_CHAT:
            body["text"] = f"<at>Samstyre</at> {text}"
            body["mentions"] = [{"mentioned": {"id": BOT_ID}, "text": "<at>Samstyre</at>"}]
        sent = self.post(f"/_conversation/v1/conversations/{conversation}/messages", body)
        self.anchors[conversation] = (
            sent.get("postConversationId") or conversation,
            sent["messageId"],
        )

    def click(
        self, member: str, verb: str, data: dict[str, Any], conversation: str = COMMITTEE_CHANNEL
    ) -> dict[str, Any]:
        """An Action.Execute from ``member`` (card actions may come from any of the six)."""
        thread, message_id = self.anchors[conversation]
        answer = self.post(
            "/_conversation/v1/invoke",
            {
                "name": "adaptiveCard/action",
                "from": {"id": f"29:{member}"},
                "conversation": {"id": thread},
                "replyToId": message_id,
                "value": {
                    "action": {"type": "Action.Execute", "verb": verb, "data": data},
                    "trigger": "manual",
                },
            },
        )
        assert str(answer.get("type", "")).endswith("card.adaptive"), answer
        card: dict[str, Any] = answer["value"]
        assert '"style": "attention"' not in json.dumps(card), card  # not a refusal
        return card


def _start_bot(folder: Path, database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SAMSTYRE_LOCAL": "1",
        "SAMSTYRE_PUBLISH_DIR": str(folder / "published"),
        # the annual cycle's posts depend on today's date: kept out of the chat under test
        "SAMSTYRE_SCHEDULER": "0",
    }
    for key in [k for k in env if k.startswith("CONNECTIONS__")]:
        del env[key]
    with (folder / "bot.log").open("wb") as log:  # the child keeps its own descriptor
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "samstyre.cli",
                "serve",
                "--local",
                "--port",
                str(port),
                "--config",
                str(MANDATE),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    _wait(url + "/readyz", process, "the bot")
    return process, url


def _start_playground(
    folder: Path, bot_url: str, config: Path
) -> tuple[subprocess.Popen[bytes], str]:
    env = {
        **os.environ,
        "TEAMSAPPTESTER_BROWSER": "none",
        "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(config),
        "M365_AGENTS_PLAYGROUND_LOGFILE": str(folder / "playground.log"),
    }
    out = folder / "playground.out"
    with out.open("wb") as log:
        process = subprocess.Popen(
            [
                "node",
                str(PLAYGROUND),
                "-e",
                f"{bot_url}/api/messages",
                "-c",
                "msteams",
                "-p",
                str(free_port()),
                "--dt",
            ],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    for _ in range(300):
        found = re.search(r"Listening on (\d+)", out.read_text(errors="replace"))
        if found:
            url = f"http://127.0.0.1:{found.group(1)}"
            _wait(url + "/_debug/ping", process, "the Agents Playground")
            return process, url
        if process.poll() is not None:
            raise RuntimeError(f"the Agents Playground exited: {out.read_text()}")
        time.sleep(0.1)
    raise RuntimeError("the Agents Playground did not listen")


@contextmanager
def running_stack(folder: Path, playground_config: Path = PLAYGROUND_CONFIG) -> Iterator[Stack]:
    database_url = f"sqlite:///{folder / 'samstyre.db'}"
    bot, bot_url = _start_bot(folder, database_url)
    try:
        playground, playground_url = _start_playground(folder, bot_url, playground_config)
        try:
            yield Stack(bot_url, playground_url, database_url, folder)
        finally:
            playground.terminate()
            playground.wait(10)
    finally:
        bot.terminate()
        bot.wait(10)


@contextmanager
def another_playground(folder: Path, bot_url: str, config: Path) -> Iterator[str]:
    """A second Playground in front of the same bot, with its own mock data (another person at
    its browser): each Playground shows only what the bot sends to it."""
    folder.mkdir(parents=True, exist_ok=True)
    process, url = _start_playground(folder, bot_url, config)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)
