"""The chair's override of a closed ranking round, from the ranking card, over real HTTP: the
answer shows the chair's order with its reason beside the computed one; a bestiller's click and
the chair's incomplete forms are refused with what was entered, and nothing is written."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from governance.services import ranking
from governance.services.context import Context
from tests.integration.bot.teams import AUKRA, CHAIR, COMMITTEE_CHANNEL, MOLDE, RAUMA, TeamsSide
from tests.integration.helpers import audit_count, ready_proposal, snapshot

REFUSAL = '"style": "attention"'  # the notice of a refusal
REASON = "Lovkrav om digital søknad fra 2028."


def text_of(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def nodes(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += nodes(value)
    elif isinstance(node, list):
        for value in node:
            found += nodes(value)
    return found


def verbs_of(card: dict[str, Any]) -> list[str]:
    return [n["verb"] for n in nodes(card) if n.get("type") == "Action.Execute"]


def inputs_of(card: dict[str, Any]) -> dict[str, Any]:
    return {n["id"]: n.get("value") for n in nodes(card) if str(n.get("type")).startswith("Input.")}


async def closed_round(teams: TeamsSide, ctx: Context) -> tuple[int, int, int, dict[str, Any]]:
    """Two proposals ranked by Molde and Aukra (the first one first), closed by the chair: the
    round's id, the two proposal ids (computed order) and the chair's standings card."""
    first = (await ready_proposal(ctx)).id
    second = (await ready_proposal(ctx, "Felles chatbot")).id
    assert first is not None and second is not None
    [asked] = await teams.say(CHAIR, "prioriter", COMMITTEE_CHANNEL)
    kept = {k: v for k, v in inputs_of(asked).items() if k.startswith("include_")}
    opened = await teams.click(CHAIR, "ranking.open", kept, COMMITTEE_CHANNEL)
    round_id = next(
        n["data"]["round_id"] for n in nodes(opened) if n.get("verb") == "ranking.close"
    )
    for person in (MOLDE, AUKRA):
        await teams.click(person, "ranking.submit", {"round_id": round_id, f"rank_{first}": "1"})
    standings = await teams.click(CHAIR, "ranking.close", {"round_id": round_id})
    assert (await ranking.get_round(ctx, round_id)).computed_order == [first, second]
    await teams.settled()  # the outbox posted what closing left (the board's portfolio rows)
    return round_id, first, second, standings


async def refused_unchanged(
    teams: TeamsSide, ctx: Context, engine: AsyncEngine, person: Any, data: dict[str, Any]
) -> dict[str, Any]:
    before, entries = await snapshot(engine), await audit_count(ctx)
    card = await teams.click(person, "ranking.override", data, COMMITTEE_CHANNEL)
    assert REFUSAL in text_of(card)
    assert await snapshot(engine) == before and await audit_count(ctx) == entries
    return card


async def test_the_chair_overrides_the_order_and_both_orders_show(
    teams: TeamsSide, ctx: Context, engine: AsyncEngine
) -> None:
    round_id, first, second, standings = await closed_round(teams, ctx)
    # the chair's card of the closed round: the form, filled with the computed order
    assert verbs_of(standings) == ["ranking.override"]
    assert inputs_of(standings) == {
        f"place_{first}": 1,
        f"place_{second}": 2,
        "override_reason": None,
    }
    data = {"round_id": round_id, f"place_{first}": 2.0, f"place_{second}": "1"}
    entries = await audit_count(ctx)
    card = await teams.click(
        CHAIR, "ranking.override", data | {"override_reason": REASON}, COMMITTEE_CHANNEL
    )
    shown = text_of(card)
    assert REFUSAL not in shown
    assert "Dagny Lie har endret rekkefølgen" in shown and REASON in shown
    assert "Daglig leders rekkefølge" in shown and "Beregnet rekkefølge (vektet)" in shown
    assert "(beregnet plass 2)" in shown and "(beregnet plass 1)" in shown
    # the form comes back with the chair's order, ready for a later change
    assert inputs_of(card)[f"place_{second}"] == 1 and inputs_of(card)[f"place_{first}"] == 2
    stored = await ranking.get_round(ctx, round_id)
    assert stored.override_order == [second, first] and stored.computed_order == [first, second]
    assert stored.override_reason == REASON and stored.overridden_by == "dl-ror"
    assert await audit_count(ctx) == entries + 1
    await teams.settled()

    # a bestiller's (tampered) click with the same data is refused: both orders, no form
    await teams.say(RAUMA, "prioriter")  # Rauma's first turn remembers its chat, not the click
    other = await refused_unchanged(
        teams, ctx, engine, RAUMA, data | {"override_reason": "Rauma vil først."}
    )
    assert REASON in text_of(other) and "Beregnet rekkefølge (vektet)" in text_of(other)
    assert verbs_of(other) == [] and inputs_of(other) == {}
    assert "Rauma vil først." not in text_of(other)
    assert (await ranking.get_round(ctx, round_id)).override_reason == REASON


async def test_an_incomplete_override_comes_back_as_entered(
    teams: TeamsSide, ctx: Context, engine: AsyncEngine
) -> None:
    round_id, first, second, _ = await closed_round(teams, ctx)
    places = {f"place_{first}": "2", f"place_{second}": "1"}

    no_reason = await refused_unchanged(
        teams, ctx, engine, CHAIR, {"round_id": round_id, **places, "override_reason": "  "}
    )
    assert "Begrunn overstyringen." in text_of(no_reason)
    assert inputs_of(no_reason) == {
        f"place_{first}": 2,
        f"place_{second}": 1,
        "override_reason": None,
    }

    same_place = {f"place_{first}": "1", f"place_{second}": "1", "override_reason": REASON}
    twice = await refused_unchanged(teams, ctx, engine, CHAIR, {"round_id": round_id, **same_place})
    assert "Gi hvert forslag sin egen plass i rekkefølgen." in text_of(twice)
    assert inputs_of(twice) == {
        f"place_{first}": 1,
        f"place_{second}": 1,
        "override_reason": REASON,
    }

    missing = {f"place_{first}": "1", f"place_{second}": "", "override_reason": REASON}
    left_out = await refused_unchanged(teams, ctx, engine, CHAIR, {"round_id": round_id, **missing})
    assert "Overstyringen må ta med hvert forslag i runden nøyaktig én gang." in text_of(left_out)
    assert inputs_of(left_out) == {
        f"place_{first}": 1,
        f"place_{second}": None,
        "override_reason": REASON,
    }
    assert (await ranking.get_round(ctx, round_id)).override_order is None
