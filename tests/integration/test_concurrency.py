"""Concurrency proof: 200 concurrent ballot casts and changes on one open vote, through the
use-case layer, on the real engine (SQLite file or PostgreSQL)."""

from __future__ import annotations

import asyncio
import random

from governance.domain.tally import Choice
from governance.services import votes
from governance.services.commands import CastBallot
from governance.services.context import Context
from tests.integration.helpers import CASTERS, open_vote_on_agenda


async def test_200_concurrent_casts_end_with_the_last_ballot_per_municipality(
    ctx: Context,
) -> None:
    vote_id = await open_vote_on_agenda(ctx)
    rng = random.Random(20270111)
    plan = [(rng.choice(CASTERS), rng.choice(list(Choice))) for _ in range(200)]

    results = await asyncio.gather(
        *(votes.cast_ballot(ctx, CastBallot(member, vote_id, choice)) for member, choice in plan),
        return_exceptions=True,
    )

    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    async with ctx.reading() as uow:
        casts = [
            e
            for e in await uow.audit.entries(subject=f"vote:{vote_id}")
            if e.action == "ballot.cast"
        ]
        vote = await uow.votes.get(vote_id)
    assert len(casts) == 200  # one audit entry per change
    last_per_municipality: dict[str, str] = {}
    for entry in casts:  # in chain order, which is commit order
        last_per_municipality[entry.data["municipality"]] = entry.data["choice"]
    assert {b.municipality: b.choice.value for b in vote.ballots} == last_per_municipality
    # each entry's "previous" is the choice the entry before it (same municipality) left
    seen: dict[str, str | None] = {}
    for entry in casts:
        municipality = entry.data["municipality"]
        assert entry.data["previous"] == seen.get(municipality)
        seen[municipality] = entry.data["choice"]
    tally = vote.current_tally()
    assert tally.for_count + tally.against_count + tally.abstain_count == len(last_per_municipality)
