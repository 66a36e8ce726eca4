"""One bad input must not block anything: invisible characters, absurd numbers and ids, over
real HTTP through the local connector, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import SOMETHING_WENT_WRONG
from governance.i18n import translate
from governance.services import proposals
from governance.services.context import Context
from tests.integration.bot.teams import COMMITTEE_CHANNEL, MOLDE, TeamsSide
from tests.integration.bot.test_protocol import FORM, REFUSAL, refused_without_change, text_of


async def test_invisible_characters_typed_into_the_form_are_not_stored(
    teams: TeamsSide,
    ctx: Context,
) -> None:
    await teams.say(MOLDE, "nytt forslag")
    form = FORM | {
        "title": "Felles\x01 innbygger\x00portal\ufffe",
        "description": "Linje 1\r\nLinje 2\x07",
        "need_molde": "Behov\x1b",
    }
    card = await teams.click(MOLDE, "proposal.save", form)
    assert "Felles innbyggerportal" in text_of(card)
    [proposal] = await proposals.mine(ctx, "best-molde")
    assert proposal.title == "Felles innbyggerportal"
    assert proposal.description == "Linje 1\nLinje 2"
    assert proposal.needs.get("molde") == "Behov"


@pytest.mark.parametrize("vote_id", [2**63, 10**100, "²", "١٢", "0", "-1", "99999999999", 1.5])
async def test_ids_out_of_range_or_in_other_digits_are_refused_without_change(
    teams: TeamsSide,
    ctx: Context,
    engine: AsyncEngine,
    vote_id: Any,
) -> None:
    await teams.click(MOLDE, "vote.refresh", {"vote_id": 1}, COMMITTEE_CHANNEL)  # first contact
    text = await refused_without_change(
        teams, ctx, engine, MOLDE, "ballot.cast", {"vote_id": vote_id, "choice": "for"}
    )
    assert REFUSAL in text
    assert translate(SOMETHING_WENT_WRONG, "nb")[:40] not in text  # not the incident card


@pytest.mark.parametrize("cost", ["1e30", "9" * 301, "1000000000001"])
async def test_absurd_costs_are_refused_naming_the_limit_and_the_form_comes_back(
    teams: TeamsSide,
    ctx: Context,
    engine: AsyncEngine,
    cost: str,
) -> None:
    await teams.say(MOLDE, "nytt forslag", COMMITTEE_CHANNEL)
    text = await refused_without_change(
        teams, ctx, engine, MOLDE, "proposal.save", FORM | {"cost_one_off": cost}
    )
    assert "1 000 000 000 000" in text
    assert FORM["title"] in text  # what was typed comes back
    assert await proposals.mine(ctx, "best-molde") == []
