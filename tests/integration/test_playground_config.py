"""The Agents Playground's mock Teams data (.m365agentsplayground.yml) against the ROR-IKT
mandate: started through scripts/playground.sh exactly as scripts/run starts it, then asked over
its HTTP API. A tiny stand-in bot records what the playground sends, so the ids a real bot
would see are checked too.

Needs node and the npm packages (``npm ci``); without them these tests fail, they do not skip.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from governance.domain.organisation import Mandate

ROOT = Path(__file__).resolve().parents[2]
PLAYGROUND = ROOT / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
BOT_ID = "28:00000000-0000-4000-8000-0000000000c2"
# The current user (the one typing in the browser) and the five others the playground allows.
CURRENT_USER = "dl-ror"
USERS = ["best-aukra", "best-molde", "best-rauma", "best-vestnes", "best-ror"]


@dataclass
class Recorder:
    """What the stand-in bot received at /api/messages."""

    activities: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.activities) >= count:
                    return list(self.activities)
            time.sleep(0.05)
        raise AssertionError(f"the bot received {len(self.activities)} activities, not {count}")


def stand_in_bot(recorder: Recorder) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with recorder.lock:
                recorder.activities.append(json.loads(body))
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@dataclass
class Playground:
    port: int
    pid: int
    shell: subprocess.Popen[str]

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
            return json.loads(r.read()) if path != "/_debug/ping" else r.read().decode()

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=json.dumps(body).encode(),
            headers={"content-type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read().decode() or "null")


def start(bot_port: int, port: int, logs: Path) -> Playground:
    """``start_playground`` of scripts/playground.sh in a shell that waits for a line on stdin,
    then runs ``stop_playground``."""
    assert shutil.which("node"), "node is not on PATH: install Node.js 20+"
    assert PLAYGROUND.is_file(), f"{PLAYGROUND} is missing: run `npm ci` in the repository root"
    script = (
        'source scripts/playground.sh && start_playground "$0" "$1" '
        '&& echo "READY $PLAYGROUND_PORT $PLAYGROUND_PID" && read -r _ ; stop_playground'
    )
    shell = subprocess.Popen(
        ["bash", "-c", script, str(bot_port), str(port)],
        cwd=ROOT,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PLAYGROUND_LOG_DIR": str(logs)},
    )
    assert shell.stdout is not None
    for line in shell.stdout:
        if line.startswith("READY "):
            _, playground_port, pid = line.split()
            return Playground(int(playground_port), int(pid), shell)
    raise AssertionError(f"start_playground failed: {shell.communicate()[1]}")


def stop(playground: Playground) -> None:
    shell = playground.shell
    try:
        shell.communicate(input="\n", timeout=15)  # the shell runs stop_playground
    finally:
        if shell.poll() is None:
            shell.kill()
            shell.communicate()
        if is_running(playground.pid):
            os.kill(playground.pid, 9)  # only if stop_playground failed; the test then fails
    assert not is_running(playground.pid), "stop_playground left the playground running"


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    found = Recorder()
    server = stand_in_bot(found)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found.port = server.server_address[1]
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def playground(
    recorder: Recorder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Playground]:
    running = start(recorder.port, free_port(), tmp_path_factory.mktemp("logs"))
    try:
        yield running
    finally:
        stop(running)


def member_by_object_id(mandate: Mandate, object_id: str) -> str:
    (member,) = [m for m in mandate.members if m.object_id == object_id]
    return member.id


def test_the_playground_answers(playground: Playground) -> None:
    assert playground.get("/_debug/ping") == "pong"


def test_six_people_of_the_mandate_with_their_entra_object_ids(
    playground: Playground, ror_mandate: Mandate
) -> None:
    config = playground.get("/_internal/v1/testConfig")["config"]
    current, users = config["currentUser"], config["users"]
    assert member_by_object_id(ror_mandate, current["aadObjectId"]) == CURRENT_USER
    assert [member_by_object_id(ror_mandate, u["aadObjectId"]) for u in users] == USERS
    by_id = {m.id: m for m in ror_mandate.members}
    for person in [current, *users]:
        member = by_id[member_by_object_id(ror_mandate, person["aadObjectId"])]
        assert (person["name"], person["userPrincipleName"]) == (member.name, member.upn)
        assert person["id"] == f"29:{member.id}"
    assert by_id[CURRENT_USER].roles == {"chair"}
    assert {by_id[key].municipality for key in USERS} == {
        "aukra",
        "molde",
        "rauma",
        "vestnes",
        None,
    }


def test_tenant_team_and_channel_are_the_committees(
    playground: Playground, ror_mandate: Mandate
) -> None:
    config = playground.get("/_internal/v1/testConfig")["config"]
    committee = next(body for body in ror_mandate.bodies if body.id == ror_mandate.committee)
    assert config["tenantId"] in ror_mandate.tenant_ids
    (team,) = config["teams"]
    assert team["aadGroupId"] == committee.team_id
    general, extra = team["channels"]
    assert (general["name"], general["id"]) == ("General", team["id"])
    assert extra["id"] == committee.channel_id
    assert extra["name"] == committee.name
    assert config["bot"] == {"id": BOT_ID, "name": "Samstyre"}
    assert len(config["groupChats"]) == 1 and config["personalChat"]["id"]


def test_the_bot_hears_the_chair_in_the_committee_channel(
    playground: Playground, recorder: Recorder, ror_mandate: Mandate
) -> None:
    committee = next(body for body in ror_mandate.bodies if body.id == ror_mandate.committee)
    channel = committee.channel_id
    status, _ = playground.post(
        f"/_conversation/v1/conversations/{channel}/messages",
        {
            "text": "<at>Samstyre</at> sak 12",
            "textFormat": "plain",
            "from": {"id": "29:dl-ror"},
            "mentions": [{"mentioned": {"id": BOT_ID}, "text": "<at>Samstyre</at>"}],
        },
    )
    assert status == 200
    activity = recorder.wait_for(1)[-1]
    assert activity["type"] == "message"
    assert activity["from"]["aadObjectId"] == by_key(ror_mandate, CURRENT_USER)
    assert activity["conversation"]["tenantId"] in ror_mandate.tenant_ids
    assert activity["channelData"]["channel"]["id"] == channel
    assert activity["recipient"]["id"] == BOT_ID


def test_messages_always_come_from_the_current_user_but_card_actions_from_anyone(
    playground: Playground, recorder: Recorder, ror_mandate: Mandate
) -> None:
    """The playground's message API checks that ``from`` belongs to the conversation but sends
    the message as the current user; card actions (invoke, submit) are sent as ``from``."""
    group = playground.get("/_internal/v1/testConfig")["config"]["groupChats"][0]["id"]
    with recorder.lock:
        before = len(recorder.activities)
    status, sent = playground.post(
        f"/_conversation/v1/conversations/{group}/messages",
        {
            "text": "<at>Samstyre</at> hjelp",
            "textFormat": "plain",
            "from": {"id": "29:best-molde"},
            "mentions": [{"mentioned": {"id": BOT_ID}, "text": "<at>Samstyre</at>"}],
        },
    )
    assert status == 200
    message = recorder.wait_for(before + 1)[-1]
    assert message["from"]["aadObjectId"] == by_key(ror_mandate, CURRENT_USER)
    status, _ = playground.post(
        "/_conversation/v1/invoke",
        {
            "name": "adaptiveCard/action",
            "conversation": {"id": group},
            "from": {"id": "29:best-molde"},
            "replyToId": sent["messageId"],
            "value": {"action": {"type": "Action.Execute", "verb": "probe", "data": {}}},
        },
    )
    invoke = recorder.wait_for(before + 2)[-1]
    assert invoke["type"] == "invoke"
    assert invoke["from"]["aadObjectId"] == by_key(ror_mandate, "best-molde")


def test_nobody_but_the_current_user_is_in_the_personal_chat(playground: Playground) -> None:
    chat = playground.get("/_internal/v1/testConfig")["config"]["personalChat"]["id"]
    status, body = playground.post(
        f"/_conversation/v1/conversations/{chat}/messages",
        {"text": "hjelp", "textFormat": "plain", "from": {"id": "29:best-molde"}},
    )
    assert status == 400
    assert body["code"] == "UserNotFound"


def test_a_busy_port_is_replaced_and_reported(recorder: Recorder, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        other = start(recorder.port, taken, tmp_path)
        try:
            assert other.port != taken
            assert other.get("/_debug/ping") == "pong"
        finally:
            stop(other)


def by_key(mandate: Mandate, member_id: str) -> str | None:
    return next(m.object_id for m in mandate.members if m.id == member_id)
