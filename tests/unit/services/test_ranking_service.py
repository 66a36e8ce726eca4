"""Ranking rounds on the fake unit of work (mandate rule 3): the chair opens a round over
quality-assured proposals, each municipality's bestiller ranks them, the chair closes the round
and may override the weighted result with a reason."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from governance.domain.proposals import Action
from governance.services import proposals, queries, ranking
from governance.services.commands import (
    CloseRound,
    CreateDraft,
    OpenRound,
    OverrideRanking,
    SubmitRanking,
    TakeStep,
)
from governance.services.context import Context, FixedClock
from governance.views import OverrideEntry
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import BESTILLERE, CHAIR, full_input, ready_proposal
from tests.unit.services.helpers import audit_count, refused


async def three_ready(ctx: Context) -> list[int]:
    ids = []
    for title in ("Felles innbyggerportal", "Digital postkasse", "Chatbot for servicetorget"):
        proposal = await ready_proposal(ctx, title)
        assert proposal.id is not None
        ids.append(proposal.id)
    return ids


async def closed_round(ctx: Context, ids: list[int]) -> int:
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioritering 2028", ids))
    assert opened.id is not None
    await ranking.submit_ranking(
        ctx, SubmitRanking(BESTILLERE["molde"], opened.id, [ids[1], ids[0]])
    )
    await ranking.close_round(ctx, CloseRound(CHAIR, opened.id))
    return opened.id


# --- the whole round ---------------------------------------------------------------------------


async def test_a_round_ranks_by_weighted_borda_with_one_audit_entry_per_step(ctx: Context) -> None:
    p1, p2, p3 = await three_ready(ctx)
    start = await audit_count(ctx)
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, " Prioritering 2028 ", [p1, p2, p3]))
    assert opened.id is not None
    assert (opened.title, opened.body_id) == ("Prioritering 2028", "bestillerutvalget")
    assert opened.weights == {"aukra": "1", "molde": "1", "rauma": "1", "vestnes": "1"}

    ballots = {
        "aukra": [p2, p1, p3],
        "molde": [p1, p2, p3],
        "rauma": [p2, p3],
        "vestnes": [p3, p2, p1],
    }
    for municipality, order in ballots.items():
        await ranking.submit_ranking(ctx, SubmitRanking(BESTILLERE[municipality], opened.id, order))
    assert [(i.proposal_id, i.points) for i in await ranking.standings(ctx, opened.id)] == [
        (p2, Decimal(6)),
        (p1, Decimal(3)),
        (p3, Decimal(3)),  # p1 before p3: lower id
    ]
    # Molde's deputy replaces Molde's ranking: still one submission for Molde
    await ranking.submit_ranking(ctx, SubmitRanking("vara-molde", opened.id, [p3, p1, p2]))
    closed = await ranking.close_round(ctx, CloseRound(CHAIR, opened.id))

    assert closed.computed_order == [p2, p3, p1] == closed.final_order
    stored = await ranking.get_round(ctx, opened.id)
    assert not stored.is_open and stored.closed_by == CHAIR
    assert stored.computed_order == [p2, p3, p1]
    molde = stored.submission_of("molde")
    assert molde is not None and (molde.order, molde.submitted_by) == ([p3, p1, p2], "vara-molde")
    assert len(stored.submissions) == 4
    assert await audit_count(ctx) == start + 7  # open, 5 submissions, close
    async with ctx.reading() as uow:
        entries = await uow.audit.entries(subject=f"ranking:{opened.id}")
    assert [e.action for e in entries] == [
        "ranking.opened",
        *["ranking.submitted"] * 5,
        "ranking.closed",
    ]
    assert entries[5].data["previous"] == [p1, p2, p3]
    assert entries[5].data["municipality"] == "molde"
    assert entries[-1].data["computed_order"] == [p2, p3, p1]


async def test_a_proposal_on_the_agenda_can_be_ranked(ctx: Context) -> None:
    p1, p2, _ = await three_ready(ctx)
    await proposals.take_step(ctx, TakeStep(CHAIR, p1, Action.PUT_ON_AGENDA))
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioritering", [p1, p2]))
    assert opened.proposal_ids == [p1, p2]


async def test_the_weights_copied_at_opening_count_after_the_mandate_changes(
    ctx: Context, db: FakeDatabase, clock: FixedClock
) -> None:
    p1, p2, _ = await three_ready(ctx)
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioritering", [p1, p2]))
    assert opened.id is not None
    heavier = tuple(
        dataclasses.replace(m, weight=Decimal(3)) if m.id == "molde" else m
        for m in ctx.mandate.municipalities
    )
    later = Context(dataclasses.replace(ctx.mandate, municipalities=heavier), db.unit, clock)
    await ranking.submit_ranking(later, SubmitRanking(BESTILLERE["molde"], opened.id, [p2, p1]))
    await ranking.submit_ranking(later, SubmitRanking(BESTILLERE["aukra"], opened.id, [p1, p2]))
    await ranking.submit_ranking(later, SubmitRanking(BESTILLERE["rauma"], opened.id, [p1, p2]))
    closed = await ranking.close_round(later, CloseRound(CHAIR, opened.id))
    assert closed.weights["molde"] == "1"
    assert closed.computed_order == [p1, p2]


async def test_the_chair_overrides_with_a_reason_and_both_orders_are_audited(
    ctx: Context,
) -> None:
    p1, p2, p3 = await three_ready(ctx)
    round_id = await closed_round(ctx, [p1, p2, p3])
    computed = (await ranking.get_round(ctx, round_id)).computed_order
    assert computed == [p2, p1, p3]
    start = await audit_count(ctx)

    overridden = await ranking.override_ranking(
        ctx,
        OverrideRanking(CHAIR, round_id, [p3, p2, p1], "Lovkrav fra 1. juli: chatboten må først."),
    )

    assert overridden.final_order == [p3, p2, p1]
    stored = await ranking.get_round(ctx, round_id)
    assert (stored.computed_order, stored.override_order) == ([p2, p1, p3], [p3, p2, p1])
    assert (stored.overridden_by, stored.override_reason) == (
        CHAIR,
        "Lovkrav fra 1. juli: chatboten må først.",
    )
    assert [i.proposal_id for i in await ranking.standings(ctx, round_id)] == [p2, p1, p3]
    assert await audit_count(ctx) == start + 1
    async with ctx.reading() as uow:
        entry = (await uow.audit.entries(subject=f"ranking:{round_id}"))[-1]
    assert entry.action == "ranking.overridden"
    assert entry.data["computed_order"] == [p2, p1, p3]
    assert entry.data["override_order"] == [p3, p2, p1]
    assert entry.data["previous_override"] is None
    assert await ranking.latest_closed(ctx) is not None


# --- refusals: the code, and nothing changed ----------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "ids", "code"),
    [
        pytest.param(BESTILLERE["molde"], "ready", "policy.chair_only", id="bestiller"),
        pytest.param(CHAIR, "one", "ranking.too_few_proposals", id="one-proposal"),
        pytest.param(CHAIR, "twice", "ranking.duplicate_proposal", id="duplicate"),
        pytest.param(CHAIR, "unknown", "proposal.not_found", id="unknown-proposal"),
        pytest.param(CHAIR, "draft", "ranking.proposal_not_rankable", id="draft"),
    ],
)
async def test_opening_a_round_is_refused(
    ctx: Context, db: FakeDatabase, actor: str, ids: str, code: str
) -> None:
    p1, p2, _ = await three_ready(ctx)
    draft = await proposals.create_draft(
        ctx, CreateDraft(BESTILLERE["rauma"], full_input("Utkast"))
    )
    assert draft.id is not None
    chosen = {
        "ready": [p1, p2],
        "one": [p1],
        "twice": [p1, p1],
        "unknown": [p1, 999],
        "draft": [p1, draft.id],
    }[ids]
    await refused(ctx, db, code, ranking.open_round(ctx, OpenRound(actor, "Prioritering", chosen)))


async def test_a_blank_title_is_refused(ctx: Context, db: FakeDatabase) -> None:
    p1, p2, _ = await three_ready(ctx)
    await refused(
        ctx, db, "ranking.title_required", ranking.open_round(ctx, OpenRound(CHAIR, "  ", [p1, p2]))
    )


@pytest.mark.parametrize(
    ("actor", "order", "code"),
    [
        pytest.param("best-ror", "good", "policy.cannot_rank", id="no-municipality"),
        pytest.param("fg-helse-leder", "good", "policy.cannot_rank", id="not-a-bestiller"),
        pytest.param("styre-ror-1", "good", "policy.cannot_rank", id="board-member"),
        pytest.param(BESTILLERE["aukra"], "foreign", "ranking.unknown_proposal", id="foreign"),
        pytest.param(BESTILLERE["aukra"], "twice", "ranking.duplicate_in_order", id="twice"),
        pytest.param(BESTILLERE["aukra"], "empty", "ranking.empty_order", id="empty"),
        pytest.param("nobody", "good", "member.not_found", id="unknown-member"),
    ],
)
async def test_submitting_a_ranking_is_refused(
    ctx: Context, db: FakeDatabase, actor: str, order: str, code: str
) -> None:
    p1, p2, p3 = await three_ready(ctx)
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioritering", [p1, p2]))
    assert opened.id is not None
    await ranking.submit_ranking(ctx, SubmitRanking(BESTILLERE["aukra"], opened.id, [p1, p2]))
    chosen = {"good": [p2, p1], "foreign": [p3, p1], "twice": [p1, p1], "empty": []}[order]
    await refused(
        ctx, db, code, ranking.submit_ranking(ctx, SubmitRanking(actor, opened.id, chosen))
    )
    stored = await ranking.get_round(ctx, opened.id)
    assert [(s.municipality, s.order) for s in stored.submissions] == [("aukra", [p1, p2])]


async def test_a_closed_round_refuses_rankings_and_a_second_close(
    ctx: Context, db: FakeDatabase
) -> None:
    p1, p2, _ = await three_ready(ctx)
    round_id = await closed_round(ctx, [p1, p2])
    await refused(
        ctx,
        db,
        "ranking.closed",
        ranking.submit_ranking(ctx, SubmitRanking(BESTILLERE["aukra"], round_id, [p1, p2])),
    )
    await refused(ctx, db, "ranking.closed", ranking.close_round(ctx, CloseRound(CHAIR, round_id)))
    await refused(ctx, db, "ranking.not_found", ranking.close_round(ctx, CloseRound(CHAIR, 999)))


async def test_only_the_chair_closes_a_round(ctx: Context, db: FakeDatabase) -> None:
    p1, p2, _ = await three_ready(ctx)
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioritering", [p1, p2]))
    assert opened.id is not None
    await refused(
        ctx,
        db,
        "policy.chair_only",
        ranking.close_round(ctx, CloseRound(BESTILLERE["vestnes"], opened.id)),
    )
    assert (await ranking.get_round(ctx, opened.id)).is_open


async def test_an_open_round_cannot_be_overridden(ctx: Context, db: FakeDatabase) -> None:
    p1, p2, _ = await three_ready(ctx)
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioritering", [p1, p2]))
    assert opened.id is not None
    await refused(
        ctx,
        db,
        "ranking.not_closed",
        ranking.override_ranking(ctx, OverrideRanking(CHAIR, opened.id, [p2, p1], "Hastesak")),
    )


@pytest.mark.parametrize(
    ("actor", "order", "reason", "code"),
    [
        pytest.param(CHAIR, "swapped", " ", "ranking.reason_required", id="no-reason"),
        pytest.param(
            CHAIR, "partial", "Hastesak", "ranking.override_not_permutation", id="partial"
        ),
        pytest.param(
            BESTILLERE["molde"], "swapped", "Hastesak", "policy.chair_only", id="bestiller"
        ),
    ],
)
async def test_overriding_is_refused(
    ctx: Context, db: FakeDatabase, actor: str, order: str, reason: str, code: str
) -> None:
    p1, p2, p3 = await three_ready(ctx)
    round_id = await closed_round(ctx, [p1, p2, p3])
    chosen = {"swapped": [p3, p2, p1], "partial": [p3, p2]}[order]
    await refused(
        ctx,
        db,
        code,
        ranking.override_ranking(ctx, OverrideRanking(actor, round_id, chosen, reason)),
    )
    stored = await ranking.get_round(ctx, round_id)
    assert stored.override_order is None and stored.final_order == [p2, p1, p3]


# --- what the ranking card offers ---------------------------------------------------------------


async def test_only_the_chair_is_offered_the_override_of_a_closed_round(ctx: Context) -> None:
    p1, p2, p3 = await three_ready(ctx)
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioritering 2028", [p1, p2, p3]))
    chair, molde = ctx.mandate.member(CHAIR), ctx.mandate.member(BESTILLERE["molde"])
    assert not (await queries.ranking(ctx, chair, opened)).may_override  # still open
    assert opened.id is not None
    closed = await ranking.close_round(ctx, CloseRound(CHAIR, opened.id))
    assert (await queries.ranking(ctx, chair, closed)).may_override
    entered = OverrideEntry({p1: "1", p2: "1", p3: ""}, "Hastesak")
    member_view = await queries.ranking(ctx, molde, closed, entered=entered)
    assert not member_view.may_override and member_view.entered is None
