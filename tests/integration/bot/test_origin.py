"""Where the bot sends its token, attacked over real HTTP: ``samstyre serve``'s app in production
mode, tokens signed by a local key and checked against a local JWKS, Teams' connector on
127.0.0.1 and an attacker's server on 127.0.0.2, both recording every request with its
``Authorization`` header. Entra's token endpoint is played by ``StandInEntra``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from microsoft_agents.hosting.core.authorization import ClaimsIdentity

from bot.app import Bot
from bot.client_factory import GuardedClientFactory, ServiceUrlRefused
from bot.origin import ServiceHosts
from bot.posting import PostFailed
from bot.server import BOT_KEY
from cards.toast import toast_card
from governance.domain.conversations import Conversation, ConversationKind
from governance.services import conversations
from governance.services.context import FixedClock
from tests.conftest import ROOT
from tests.emulators.entra import OUTGOING_TOKEN, StandInEntra
from tests.emulators.recorder import Recorder
from tests.integration.bot.teams import CHAIR, COMMITTEE_CHANNEL, TEAM, activity
from tests.integration.bot.tokens import (
    CLIENT_ID,
    TENANT_A,
    KeyServer,
    claims,
    production_env,
    sign,
)

CONFIG = ROOT / "config" / "ror-ikt.yaml"
COMMITTEE = "bestillerutvalget"
BEARER = f"Bearer {OUTGOING_TOKEN}"


@dataclass
class Scene:
    bot_url: str
    teams_url: str
    attacker_url: str
    teams: Recorder
    attacker: Recorder
    bot: Bot
    http: ClientSession
    key: rsa.RSAPrivateKey

    async def send(self, body: dict[str, Any], *, claimed: str | dict[str, Any] | None) -> int:
        """POST an activity with a Bot Framework token whose ``serviceurl`` is ``claimed``
        (None: no such claim; a dict: these claims instead)."""
        payload = claimed if isinstance(claimed, dict) else claims(serviceurl=claimed)
        token = sign(payload, self.key)
        async with self.http.post(
            f"{self.bot_url}/api/messages", json=body, headers={"Authorization": f"Bearer {token}"}
        ) as response:
            return response.status

    def message(
        self, text: str, *, service_url: str, conversation: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        return activity(
            CHAIR, service_url=service_url, conversation=conversation, text=text, **fields
        )

    async def stored(self) -> dict[str, tuple[str, bool]]:
        """Every stored conversation: key → (serviceUrl, active)."""
        async with self.bot.ctx.reading() as uow:
            found = await uow.conversations.all()
        return {c.key: (str(c.address.get("serviceUrl")), c.active) for c in found}


@asynccontextmanager
async def scene(
    db_url: str, key_server: KeyServer, key: rsa.RSAPrivateKey, clock: FixedClock, *, hosts: str
) -> AsyncIterator[Scene]:
    teams, attacker = Recorder(), Recorder()
    teams_server = TestServer(teams.app(), host="127.0.0.1")
    attacker_server = TestServer(attacker.app(), host="127.0.0.2")
    await teams_server.start_server()
    await attacker_server.start_server()
    env = production_env(
        key_server.url("/keys"),
        SAMSTYRE_PUBLISHER="0",
        SAMSTYRE_SCHEDULER="0",
        SAMSTYRE_TEAMS_SERVICE_HOSTS=hosts,
    )
    app = await build(env, db_url, clock)
    bot_server = TestServer(app, host="127.0.0.1")
    await bot_server.start_server()
    try:
        async with ClientSession() as http:
            yield Scene(
                str(bot_server.make_url("")).rstrip("/"),
                str(teams_server.make_url("")).rstrip("/") + "/",
                str(attacker_server.make_url("")).rstrip("/") + "/",
                teams,
                attacker,
                app[BOT_KEY],
                http,
                key,
            )
    finally:
        await bot_server.close()
        await attacker_server.close()
        await teams_server.close()


async def build(env: dict[str, str], db_url: str, clock: FixedClock) -> Any:
    from samstyre.serve import build_web_app

    return await build_web_app(
        CONFIG, env, local=False, database=db_url, clock=clock, connections=StandInEntra(CLIENT_ID)
    )


@pytest.fixture
async def guarded(
    db_url: str, key_server: KeyServer, signing_key: rsa.RSAPrivateKey, clock: FixedClock
) -> AsyncIterator[Scene]:
    """Production settings as shipped: only the Teams connector's host is a service host."""
    async with scene(db_url, key_server, signing_key, clock, hosts="127.0.0.1") as s:
        yield s


@pytest.fixture
async def second_host(
    db_url: str, key_server: KeyServer, signing_key: rsa.RSAPrivateKey, clock: FixedClock
) -> AsyncIterator[Scene]:
    """The attacker's host is on the allow-list too (as if one Teams host were compromised):
    only the rules about stored addresses stand between it and the bot's token."""
    async with scene(db_url, key_server, signing_key, clock, hosts="127.0.0.1,127.0.0.2") as s:
        yield s


async def test_the_reply_to_a_valid_activity_reaches_teams_with_the_token(
    guarded: Scene,
) -> None:
    status = await guarded.send(
        guarded.message("hjelp", service_url=guarded.teams_url), claimed=guarded.teams_url
    )
    assert status == 202
    assert guarded.teams.requests and guarded.teams.tokens() == {BEARER}
    assert guarded.attacker.requests == []


@pytest.mark.parametrize(
    ("claim", "sent_to"),
    [
        ("teams", "attacker"),  # a token for Teams, the activity pointing elsewhere
        ("attacker", "attacker"),  # a token naming the other host: not a Teams host
        ("attacker", "teams"),  # claim and activity disagree
        (None, "attacker"),  # no serviceurl claim at all
        ("entra", "attacker"),  # an Entra token of the mandate's tenant from another app
    ],
)
async def test_an_activity_cannot_make_the_bot_send_its_token_elsewhere(
    guarded: Scene,
    claim: str | None,
    sent_to: str,
) -> None:
    urls = {"teams": guarded.teams_url, "attacker": guarded.attacker_url}
    claimed: str | dict[str, Any] | None = urls.get(claim or "")
    if claim == "entra":
        claimed = claims(
            iss=f"https://login.microsoftonline.com/{TENANT_A}/v2.0",
            tid=TENANT_A,
            azp="33333333-3333-4333-8333-333333333333",
            serviceurl=guarded.attacker_url,
        )
    body = guarded.message("hjelp", service_url=urls[sent_to])
    assert await guarded.send(body, claimed=claimed) == 401
    assert guarded.attacker.requests == []
    assert guarded.teams.requests == []
    assert await guarded.stored() == {}


async def test_a_key_not_endorsed_for_teams_cannot_speak_for_teams(
    guarded: Scene,
    key_server: KeyServer,
) -> None:
    key_server.keys[-1] = {**key_server.keys[-1], "endorsements": ["webchat"]}
    body = guarded.message("hjelp", service_url=guarded.teams_url)
    assert await guarded.send(body, claimed=guarded.teams_url) == 401
    other_channel = {**body, "channelId": "webchat"}
    assert await guarded.send(other_channel, claimed=guarded.teams_url) == 401
    assert guarded.teams.requests == [] and await guarded.stored() == {}


def committee_update(scene: Scene, url: str, **channel_data: Any) -> dict[str, Any]:
    body = activity(
        CHAIR, service_url=url, conversation=COMMITTEE_CHANNEL, type="conversationUpdate"
    )
    body["channelData"] = {**body["channelData"], "eventType": "channelRenamed", **channel_data}
    body.pop("text", None)
    return body


async def know_committee_and_chair(scene: Scene) -> None:
    """Teams tells the bot about the committee's channel and the chair's personal chat."""
    assert (
        await scene.send(committee_update(scene, scene.teams_url), claimed=scene.teams_url) == 202
    )
    assert (
        await scene.send(
            scene.message("hjelp", service_url=scene.teams_url), claimed=scene.teams_url
        )
        == 202
    )
    scene.teams.requests.clear()


async def test_a_channel_event_from_another_host_does_not_move_the_committee(
    second_host: Scene,
) -> None:
    s = second_host
    await know_committee_and_chair(s)
    before = await s.stored()
    assert await s.send(committee_update(s, s.attacker_url), claimed=s.attacker_url) == 202
    moved_team = committee_update(
        s, s.teams_url, team={"id": "00000000-0000-4000-8000-0000000000e1"}
    )
    assert await s.send(moved_team, claimed=s.teams_url) == 202
    assert await s.stored() == before
    await s.bot.notifier.post_to_body(COMMITTEE, toast_card("Avstemning", "nb"))
    assert [r.authorization for r in s.teams.requests] == [BEARER]
    assert s.attacker.requests == []


async def test_a_new_personal_chat_on_another_host_does_not_replace_the_chairs(
    second_host: Scene,
) -> None:
    s = second_host
    await know_committee_and_chair(s)
    evil = s.message("hjelp", service_url=s.attacker_url, conversation=None)
    evil["conversation"] = {**evil["conversation"], "id": "a:a-new-chat-of-the-chair"}
    assert await s.send(evil, claimed=s.attacker_url) in (200, 202)
    s.attacker.requests.clear()  # the reply to that very turn went where Teams vouched
    chat = await conversations.personal_of(s.bot.ctx, "dl-ror")
    assert chat is not None and chat.key == CHAIR.personal_chat
    assert "a:a-new-chat-of-the-chair" not in await s.stored()
    await s.bot.notifier.post_card(chat, toast_card("Til deg", "nb"))
    assert s.attacker.requests == [] and s.teams.tokens() == {BEARER}


async def test_an_uninstall_from_another_host_leaves_the_committee_channel_active(
    second_host: Scene,
) -> None:
    s = second_host
    await know_committee_and_chair(s)
    remove = committee_update(s, s.attacker_url)
    remove.update(type="installationUpdate", action="remove")
    assert await s.send(remove, claimed=s.attacker_url) == 202
    assert (await s.stored())[COMMITTEE_CHANNEL] == (s.teams_url, True)
    genuine = committee_update(s, s.teams_url)
    genuine.update(type="installationUpdate", action="remove")
    assert await s.send(genuine, claimed=s.teams_url) == 202
    assert (await s.stored())[COMMITTEE_CHANNEL] == (s.teams_url, False)


async def test_a_stored_address_outside_the_allow_list_is_never_posted_to(
    guarded: Scene,
) -> None:
    """An address stored before these checks (or written by hand) gets no token."""
    s = guarded
    address = {
        "serviceUrl": s.attacker_url,
        "conversation": {"id": COMMITTEE_CHANNEL},
        "channelId": "msteams",
        "bot": {"id": "28:samstyre"},
    }
    await conversations.remember(
        s.bot.ctx,
        Conversation(
            key=COMMITTEE_CHANNEL,
            kind=ConversationKind.CHANNEL,
            address=address,
            updated_at=s.bot.ctx.clock.now(),
            tenant_id=TENANT_A,
            team_id=TEAM,
            channel_id=COMMITTEE_CHANNEL,
        ),
        lambda a, b: True,
    )
    with pytest.raises(PostFailed, match="not a Teams service host"):
        await s.bot.notifier.post_to_body(COMMITTEE, toast_card("Avstemning", "nb"))
    assert s.attacker.requests == []


async def test_the_client_factory_refuses_a_foreign_host_before_asking_for_a_token() -> None:
    entra = StandInEntra(CLIENT_ID)
    factory = GuardedClientFactory(entra, ServiceHosts.of(["smba.trafficmanager.net"], local=False))
    identity = ClaimsIdentity({"aud": CLIENT_ID})
    with pytest.raises(ServiceUrlRefused):
        await factory.create_connector_client(
            None, identity, "https://evil.example/", "https://api.botframework.com"
        )
    assert entra.provider.issued == []
    client = await factory.create_connector_client(
        None, identity, "https://smba.trafficmanager.net/emea/", "https://api.botframework.com"
    )
    await client.close()
    assert entra.provider.issued == ["https://api.botframework.com"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("conversation", "../../../v3/evil"),
        ("conversation", "a:chat/../../v3/evil"),
        ("conversation", "a:chat?x=1"),
        ("conversation", "a:chat%2F..%2Fevil"),
        ("conversation", ".."),
        ("conversation", "a:" + "x" * 300),  # longer than the store's keys
        ("id", "1/../../evil"),
        ("replyToId", "../activities"),
        ("replyToId", "m1#x"),
        ("team", "19:team/../../evil"),
        ("channel", "19:" + "c" * 300),
    ],
)
async def test_ids_that_would_leave_their_url_path_segment_are_refused(
    teams: Any,
    field: str,
    value: str,
) -> None:
    body = activity(CHAIR, service_url=teams.connector_url, text="hjelp")
    if field == "conversation":
        body["conversation"] = {**body["conversation"], "id": value}
    elif field in ("team", "channel"):
        body["channelData"] = {**body["channelData"], field: {"id": value, "name": "x"}}
    else:
        body[field] = value
    status, answer = await teams.post(body)
    assert status == 400 and "valid" in answer["error"]
    assert teams.connector.received == []


async def test_local_mode_answers_only_on_loopback(teams: Any) -> None:
    body = activity(CHAIR, service_url="https://smba.trafficmanager.net/emea/", text="hjelp")
    status, _ = await teams.post(body)
    assert status == 401
    assert teams.connector.received == []
