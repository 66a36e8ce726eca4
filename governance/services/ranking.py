"""Use cases of ranking rounds (mandate rule 3): "Samordne og prioritere IKT forslag på tvers av
kommunene". The chair sees what a round would take (``rankable``) and opens one over the
proposals chosen (nothing opens by itself), each municipality's bestiller submits its ranking,
the chair closes the round (the weighted Borda order is stored) and may override the computed
order with a reason.

Which proposals can be ranked (``RANKABLE_STATES``): those that passed quality assurance and still
wait for a decision or for resources: ``ready``, ``on_agenda``, ``voting``, ``recommended``,
``escalated`` and ``board_approved``. Proposals not quality-assured yet (rule 2), turned down,
withdrawn or closed, and those already started or delivered, are refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from governance.domain.errors import InvalidInput
from governance.domain.proposals import Proposal, ProposalState, state_label
from governance.domain.ranking import RankedItem, RankingRound
from governance.domain.subjects import AuditSubject
from governance.i18n import N_
from governance.ports import UnitOfWork
from governance.services import outbox, policies
from governance.services.commands import CloseRound, OpenRound, OverrideRanking, SubmitRanking
from governance.services.context import Context, record, retry_on_conflict

RANKABLE_STATES = frozenset(
    {
        ProposalState.READY,
        ProposalState.ON_AGENDA,
        ProposalState.VOTING,
        ProposalState.RECOMMENDED,
        ProposalState.ESCALATED,
        ProposalState.BOARD_APPROVED,
    }
)


def _subject(ranking_round: RankingRound) -> AuditSubject:
    return AuditSubject.ranking(ranking_round.id)


def standings_data(items: Sequence[RankedItem]) -> list[dict[str, object]]:
    """The result as plain data (audit log, cards): position, proposal, points."""
    return [
        {
            "position": item.position,
            "proposal": item.proposal_id,
            "points": str(item.points),
            "first_places_weight": str(item.first_places_weight),
        }
        for item in items
    ]


async def current_round(ctx: Context) -> RankingRound | None:
    """The open ranking round (rule 3), if any; none opens without the chair's ``open_round``."""
    open_rounds = [r for r in await rounds(ctx) if r.closed_at is None]
    return open_rounds[-1] if open_rounds else None


async def rankable(ctx: Context) -> list[Proposal]:
    """The proposals a new round would take (``RANKABLE_STATES``), oldest first."""
    async with ctx.reading() as uow:
        found = await uow.proposals.in_states(*RANKABLE_STATES)
    return sorted(found, key=lambda p: p.id or 0)


async def open_round(ctx: Context, cmd: OpenRound) -> RankingRound:
    """The chair opens a ranking round of the committee; today's stemmevekt is copied into it."""
    actor, title, proposal_ids = cmd.actor, cmd.title, cmd.proposal_ids
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    async with ctx.unit() as uow:
        already = [r for r in await uow.rankings.all() if r.closed_at is None]
        if already:
            raise InvalidInput(
                "ranking.already_open",
                N_("The ranking round “{title}” is open already; close it first."),
                title=already[-1].title,
            )
        for proposal_id in dict.fromkeys(proposal_ids):
            proposal = await uow.proposals.get(proposal_id)
            if proposal.state not in RANKABLE_STATES:
                raise InvalidInput(
                    "ranking.proposal_not_rankable",
                    N_("Proposal {number} cannot be ranked while it is {state}."),
                    number=proposal.number,
                    state=state_label(proposal.state),
                )
        ranking_round = RankingRound.open(
            ctx.mandate.committee,
            title,
            list(proposal_ids),
            ctx.mandate.weights(),
            by=actor,
            at=ctx.clock.now(),
        )
        uow.rankings.add(ranking_round)
        await uow.flush()
        await record(
            ctx,
            uow,
            actor,
            "ranking.opened",
            _subject(ranking_round),
            {
                "title": ranking_round.title,
                "proposals": ranking_round.proposal_ids,
                "weights": ranking_round.weights,
            },
        )
        await uow.commit()
    return ranking_round


@retry_on_conflict
async def submit_ranking(ctx: Context, cmd: SubmitRanking) -> RankingRound:
    """Submit (or replace) the ranking of the actor's own municipality, best first; the
    municipality comes from the actor's identity, never from the input."""
    actor, round_id, order = cmd.actor, cmd.round_id, cmd.order
    municipality = policies.require_can_rank(ctx.mandate.member(actor), ctx.mandate)
    async with ctx.unit() as uow:
        ranking_round = await uow.rankings.get(round_id)
        earlier = ranking_round.submission_of(municipality)
        previous = list(earlier.order) if earlier is not None else None
        ranking_round.submit(municipality, list(order), by=actor, at=ctx.clock.now())
        await record(
            ctx,
            uow,
            actor,
            "ranking.submitted",
            _subject(ranking_round),
            {
                "municipality": municipality,
                "order": list(order),
                "previous": previous,
            },
        )
        await uow.commit()
    return ranking_round


async def _ranks_changed(ctx: Context, uow: UnitOfWork, ranking_round: RankingRound) -> None:
    """The board's portfolio list shows each proposal's place: every ranked row changes."""
    for proposal_id in ranking_round.proposal_ids:
        await outbox.portfolio_changed(ctx, uow, proposal_id)


@retry_on_conflict
async def close_round(ctx: Context, cmd: CloseRound) -> RankingRound:
    """The chair closes the round; the computed (weighted Borda) order is stored."""
    actor, round_id = cmd.actor, cmd.round_id
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    async with ctx.unit() as uow:
        ranking_round = await uow.rankings.get(round_id)
        missing = ranking_round.missing_municipalities()
        ranking_round.close(by=actor, at=ctx.clock.now())
        await record(
            ctx,
            uow,
            actor,
            "ranking.closed",
            _subject(ranking_round),
            {
                "computed_order": ranking_round.computed_order,
                "standings": standings_data(ranking_round.standings()),
                "missing": missing,
            },
        )
        await _ranks_changed(ctx, uow, ranking_round)
        await uow.commit()
    return ranking_round


@retry_on_conflict
async def override_ranking(ctx: Context, cmd: OverrideRanking) -> RankingRound:
    """The chair sets the final order by hand after closing, with a reason; the audit entry
    keeps both the computed and the overriding order (and any earlier override)."""
    actor, round_id, order, reason = cmd.actor, cmd.round_id, cmd.order, cmd.reason
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    async with ctx.unit() as uow:
        ranking_round = await uow.rankings.get(round_id)
        earlier = ranking_round.override_order
        ranking_round.override(list(order), reason, by=actor, at=ctx.clock.now())
        await record(
            ctx,
            uow,
            actor,
            "ranking.overridden",
            _subject(ranking_round),
            {
                "computed_order": ranking_round.computed_order,
                "override_order": ranking_round.override_order,
                "previous_override": list(earlier) if earlier is not None else None,
                "reason": ranking_round.override_reason,
            },
        )
        await _ranks_changed(ctx, uow, ranking_round)
        await uow.commit()
    return ranking_round


async def get_round(ctx: Context, round_id: int) -> RankingRound:
    async with ctx.reading() as uow:
        return await uow.rankings.get(round_id)


async def rounds(ctx: Context) -> list[RankingRound]:
    async with ctx.reading() as uow:
        return await uow.rankings.all()


async def latest_closed(ctx: Context) -> RankingRound | None:
    """The round closed last: its final order ranks the investment plan."""
    async with ctx.reading() as uow:
        return await uow.rankings.latest_closed()


async def standings(ctx: Context, round_id: int) -> list[RankedItem]:
    """The computed result with points (of the submissions so far while the round is open),
    shown beside the chair's override when there is one."""
    async with ctx.reading() as uow:
        ranking_round = await uow.rankings.get(round_id)
    return ranking_round.standings()
