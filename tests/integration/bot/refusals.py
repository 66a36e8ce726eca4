"""A button pressed by the wrong person, over the local connector: the card the bot answers
with, after checking that no row and no audit entry changed and that the card carries a refusal."""

from __future__ import annotations

from typing import Any

from tests.integration.bot.teams import Person, TeamsSide
from tests.integration.bot.test_protocol import REFUSAL, text_of
from tests.integration.helpers import audit_count, snapshot


async def refused_click(
    side: TeamsSide, person: Person, verb: str, data: dict[str, Any], conversation: str
) -> dict[str, Any]:
    """The answered card; the database and the audit log are as they were."""
    assert side.engine is not None and side.ctx is not None
    await side.settled()
    before, entries = await snapshot(side.engine), await audit_count(side.ctx)
    card = await side.click(person, verb, data, conversation)
    await side.settled()
    assert await snapshot(side.engine) == before
    assert await audit_count(side.ctx) == entries
    assert REFUSAL in text_of(card), text_of(card)[:400]
    return card
