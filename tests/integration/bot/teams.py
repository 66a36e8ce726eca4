"""Teams as the protocol tests play it: members of ROR-IKT (and strangers) sending activities to
the bot over real HTTP, with ``serviceUrl`` pointing at the local connector."""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.outbox import TEAMS_KINDS, DeliveryState
from governance.services import outbox
from governance.services.context import Context
from tests.emulators.connector import Connector

TENANT = "00000000-0000-4000-8000-0000000000aa"
TEAM = "00000000-0000-4000-8000-0000000000b1"
COMMITTEE_CHANNEL = "19:bestillerutvalget-example@thread.tacv2"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Person:
    member_id: str
    object_id: str
    name: str
    tenant: str = TENANT

    @property
    def user_id(self) -> str:
        return f"29:{self.member_id}"

    @property
    def personal_chat(self) -> str:
        return f"a:personal-{self.member_id}"


CHAIR = Person("dl-ror", "00000000-0000-4000-8000-000000000001", "Dagny Lie")
AUKRA = Person("best-aukra", "00000000-0000-4000-8000-000000000002", "Arne Aukan")
MOLDE = Person("best-molde", "00000000-0000-4000-8000-000000000003", "Mari Moen")
RAUMA = Person("best-rauma", "00000000-0000-4000-8000-000000000004", "Rune Rødven")
VESTNES = Person("best-vestnes", "00000000-0000-4000-8000-000000000005", "Vera Vik")
BESTILLERE = [AUKRA, MOLDE, RAUMA, VESTNES]
BOARD_CHAIR = Person("styreleder-ror", "00000000-0000-4000-8000-000000000008", "Synnøve Strand")
BOARD_MEMBER = Person("styre-ror-1", "00000000-0000-4000-8000-000000000009", "Sindre Sæter")
BOARD_CHANNEL = "19:styret-kanal@thread.tacv2"
STRANGER = Person("stranger", "00000000-0000-4000-8000-0000000000ff", "Ukjent Person")
FOREIGN = Person(
    "foreign",
    "00000000-0000-4000-8000-000000000003",
    "Mari i feil tenant",
    tenant="00000000-0000-4000-8000-0000000000ee",
)


def activity(
    person: Person, *, service_url: str, conversation: str | None = None, **fields: Any
) -> dict[str, Any]:
    """An activity from ``person``: in their personal chat unless a channel is named."""
    channel = conversation is not None and conversation.startswith("19:")
    conv = conversation or person.personal_chat
    base: dict[str, Any] = {
        "type": "message",
        "id": f"in{next(_ids)}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "locale": "nb-NO",
        "from": {"id": person.user_id, "name": person.name, "aadObjectId": person.object_id},
        "recipient": {"id": "28:samstyre", "name": "Samstyre"},
        "conversation": {
            "id": conv,
            "tenantId": person.tenant,
            "conversationType": "channel" if channel else "personal",
            **({"isGroup": True} if channel else {}),
        },
        "channelData": {
            "tenant": {"id": person.tenant},
            **(
                {
                    "team": {"id": TEAM, "name": "ROR-IKT"},
                    "channel": {"id": conv.split(";")[0], "name": "Bestillerutvalget"},
                }
                if channel
                else {}
            ),
        },
    }
    return base | fields


@dataclass
class TeamsSide:
    """Sends activities to the bot and reads what reached the connector."""

    bot_url: str
    connector_url: str
    connector: Connector
    http: ClientSession
    ctx: Context | None = None  # the bot's, to see what its outbox still holds
    engine: AsyncEngine | None = None  # the bot's database, to watch its transactions

    async def settled(self) -> None:
        """Wait (up to 20 s) until the bot's outbox worker has posted everything it holds for
        Teams (the other copies of a changed card follow the click, outside it)."""
        assert self.ctx is not None, "settled() needs the bot's context"
        async with asyncio.timeout(20):
            while True:  # the outbox lives in the database: poll it
                if not await outbox.listing(self.ctx, DeliveryState.PENDING, TEAMS_KINDS):
                    return
                await asyncio.sleep(0.05)

    async def post(self, body: Any, *, raw: bytes | None = None) -> tuple[int, Any]:
        data = raw if raw is not None else json.dumps(body).encode()
        async with self.http.post(
            f"{self.bot_url}/api/messages", data=data, headers={"Content-Type": "application/json"}
        ) as response:
            text = await response.text()
            return response.status, (json.loads(text) if text.strip() else None)

    async def say(
        self, person: Person, text: str, conversation: str | None = None
    ) -> list[dict[str, Any]]:
        """Send a chat message; the cards the bot posted in answer."""
        before = len(self.connector.received)
        status, _ = await self.post(
            activity(person, service_url=self.connector_url, conversation=conversation, text=text)
        )
        assert status in (200, 201, 202), status
        return [card for r in self.connector.received[before:] for card in r.cards()]

    async def click(
        self, person: Person, verb: str, data: dict[str, Any], conversation: str | None = None
    ) -> dict[str, Any]:
        """An Action.Execute invoke; the card the bot answered with (replacing the clicked one)."""
        body = activity(
            person,
            service_url=self.connector_url,
            conversation=conversation,
            type="invoke",
            name="adaptiveCard/action",
            value={
                "action": {"type": "Action.Execute", "verb": verb, "data": data},
                "trigger": "manual",
            },
        )
        status, answer = await self.post(body)
        assert status == 200, (status, answer)
        assert answer["statusCode"] == 200 and answer["type"].endswith("card.adaptive"), answer
        card: dict[str, Any] = answer["value"]
        return card
