"""What ``scripts/run`` asks of Python for a local run with Microsoft's Agents Playground: the
Playground's mock Teams data with another member of the mandate as the person at the browser
(``scripts/run --as <member id>``), and the one line printed when everything listens.

The Playground holds six people: its current user (the one typing in the browser) and five
others (``.m365agentsplayground.yml``: the chair and five bestillere). A member among the five
changes places with the current user; anyone else of the mandate becomes the current user and
the file's current user takes the place of the last of the five (ROR-IKT's own bestiller, who
carries no voting weight), so the chair and the four municipalities' bestillere stay.

    python -m samstyre.playground config --as best-molde --out run/playground.yml
    python -m samstyre.playground summary --bot-url … --playground-url … --member … --log …
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from governance.config import load_mandate
from governance.domain.organisation import Mandate, Member
from governance.store.database import display_url
from graph_sync.settings import PublishSettings
from samstyre.settings import database_of

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT / ".m365agentsplayground.yml"
MANDATE = ROOT / "config" / "ror-ikt.yaml"
PERSONAL_CHAT = "a:ror-ikt-personal-{member}"


class UnknownMember(ValueError):
    """``--as`` names nobody of the mandate; the message lists who may be played."""


def teams_user(member: Member) -> dict[str, str]:
    """One person of the Playground's mock data: the mandate's name, Entra object id and UPN,
    and the Teams user id ``29:<member id>`` that the shared file uses."""
    if not member.object_id or not member.upn:
        raise UnknownMember(
            f"member {member.id!r} has no object_id or upn in the mandate: the bot could not "
            "recognise them in the Playground"
        )
    given, _, surname = member.name.partition(" ")
    return {
        "id": f"29:{member.id}",
        "name": member.name,
        "userPrincipleName": member.upn,
        "aadObjectId": member.object_id,
        "givenName": given,
        "surname": surname,
        "email": member.upn,
    }


def member_id_of(person: Mapping[str, Any]) -> str:
    return str(person["id"]).removeprefix("29:")


def playing(data: Mapping[str, Any], mandate: Mandate, member_id: str) -> dict[str, Any]:
    """``data`` (the Playground's mock Teams data) with ``member_id`` as its current user."""
    known = [m.id for m in mandate.members]
    if member_id not in known:
        raise UnknownMember(f"unknown member {member_id!r}; known ids: {', '.join(known)}")
    played = copy.deepcopy(dict(data))
    current, users = played["currentUser"], played["users"]
    if member_id == member_id_of(current):
        return played
    places = [n for n, user in enumerate(users) if member_id_of(user) == member_id]
    place = places[0] if places else len(users) - 1
    users[place] = current
    played["currentUser"] = teams_user(mandate.member(member_id))
    # the personal chat is the current user's: its own id keeps Samstyre's stored chats apart
    played["personalChat"] = {"id": PERSONAL_CHAT.format(member=member_id)}
    return played


def write_config(member_id: str, out: Path, mandate_path: Path = MANDATE) -> Path:
    data = yaml.safe_load(SHARED_DATA.read_text(encoding="utf-8"))
    played = playing(data, load_mandate(mandate_path), member_id)
    out.write_text(yaml.safe_dump(played, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def _publishing(environ: Mapping[str, str]) -> str:
    if environ.get("SAMSTYRE_PUBLISHER", "1").strip().lower() in ("0", "off", "false"):
        return "publishing off"
    settings = PublishSettings.from_env(environ)
    if settings.kind == "graph":
        return f"publishing to Microsoft Graph at {settings.graph_base_url}"
    return f"publishing to {settings.folder}/"


def summary(
    environ: Mapping[str, str],
    *,
    bot_url: str,
    playground_url: str,
    person: Mapping[str, Any],
    log: str,
) -> str:
    """The one line that replaces the startup output: what runs where and who is played."""
    played = f"{person['name']} ({member_id_of(person)})"
    return (
        f"Samstyre (local mode, no authentication): open {playground_url} as {played}; "
        f"bot {bot_url}/api/messages; database {display_url(database_of(environ))}; "
        f"{_publishing(environ)}; log {log}"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m samstyre.playground", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    config = commands.add_parser("config", help="write the mock Teams data playing a member")
    config.add_argument("--as", dest="member", required=True)
    config.add_argument("--out", type=Path, required=True)
    config.add_argument("--mandate", type=Path, default=MANDATE)
    line = commands.add_parser("summary", help="print the line shown when the run listens")
    line.add_argument("--bot-url", required=True)
    line.add_argument("--playground-url", required=True)
    line.add_argument("--playground-config", type=Path, default=SHARED_DATA)
    line.add_argument("--log", required=True)
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    args = _parser().parse_args(argv)
    env = os.environ if environ is None else environ
    if args.command == "config":
        try:
            write_config(args.member, args.out, args.mandate)
        except UnknownMember as error:
            print(f"scripts/run --as: {error}", file=sys.stderr)
            return 2
        return 0
    data = yaml.safe_load(args.playground_config.read_text(encoding="utf-8"))
    print(
        summary(
            env,
            bot_url=args.bot_url,
            playground_url=args.playground_url,
            person=data["currentUser"],
            log=args.log,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
