"""Votes on the fake unit of work (mandate rule 4), beyond the flow in ``test_vote_flow``: one
open vote per proposal, the weights in the audit log, the result read back, refusals."""

from __future__ import annotations

from decimal import Decimal

from governance.domain.tally import Choice, Outcome
from governance.services import document_queries, queries, votes
from governance.services.commands import CastBallot, CloseVote, OpenVote
from governance.services.context import Context
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import BESTILLERE, CHAIR, open_vote_on_agenda
from tests.unit.services.helpers import refused


async def test_opening_records_the_copied_weights_and_rule(ctx: Context, db: FakeDatabase) -> None:
    vote_id = await open_vote_on_agenda(ctx)
    [opened] = [e for e in db.audit if e.action == "vote.opened"]
    assert opened.subject == f"vote:{vote_id}"
    assert opened.data["weights"] == {m.id: str(m.weight) for m in ctx.mandate.municipalities}
    assert opened.data["rule"]["kind"] == "consensus"
    assert (await queries.open_vote_of(ctx, opened.data["proposal"])) is not None


async def test_a_proposal_has_one_open_vote_at_a_time(ctx: Context, db: FakeDatabase) -> None:
    vote_id = await open_vote_on_agenda(ctx)
    proposal_id = (await votes.get(ctx, vote_id)).proposal_id
    await refused(ctx, db, "vote.already_open", votes.open_vote(ctx, OpenVote(CHAIR, proposal_id)))
    assert [v.id for v in (await document_queries.status(ctx, 2027)).votes] == [vote_id]


async def test_a_closed_result_is_read_back_with_its_weighted_tally(ctx: Context) -> None:
    vote_id = await open_vote_on_agenda(ctx)
    assert await votes.closed_result(ctx, vote_id) is None  # still open
    await votes.cast_ballot(ctx, CastBallot(BESTILLERE["molde"], vote_id, Choice.FOR))
    await votes.cast_ballot(ctx, CastBallot(BESTILLERE["aukra"], vote_id, Choice.FOR))
    await votes.cast_ballot(ctx, CastBallot(BESTILLERE["rauma"], vote_id, Choice.AVSTAR))
    await votes.cast_ballot(ctx, CastBallot(BESTILLERE["vestnes"], vote_id, Choice.FOR))
    closed = await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))
    result = await votes.closed_result(ctx, vote_id)
    assert result is not None
    assert result.tally == closed.tally
    assert (result.tally.for_weight, result.tally.abstain_weight) == (Decimal(3), Decimal(1))
    assert result.tally.outcome is closed.vote.outcome is Outcome.RECOMMENDED
    assert [b.id for b in result.vote.ballots] == [1, 2, 3, 4]


async def test_a_vote_is_closed_once_and_unknown_votes_are_not_found(
    ctx: Context, db: FakeDatabase
) -> None:
    vote_id = await open_vote_on_agenda(ctx)
    await votes.close_vote(ctx, CloseVote(CHAIR, vote_id))
    await refused(ctx, db, "vote.closed", votes.close_vote(ctx, CloseVote(CHAIR, vote_id)))
    await refused(
        ctx, db, "vote.not_found", votes.cast_ballot(ctx, CastBallot(CHAIR, 99, Choice.FOR))
    )
    await refused(ctx, db, "vote.not_found", votes.close_vote(ctx, CloseVote(CHAIR, 99)))
