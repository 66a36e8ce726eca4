"""Investment plan, budget and benefit realisation on the fake unit of work (mandate rule 8):
the chair builds the plan of a year from the proposals the board approved, ranked by the latest
ranking round; the board adopts it; benefits are planned and measured after delivery."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from governance.domain.decisions import Verdict
from governance.domain.proposals import Action, QaItem
from governance.domain.tally import Choice
from governance.services import decisions, investment, proposals, ranking, votes
from governance.services.commands import (
    AdoptPlan,
    BuildPlan,
    CastBallot,
    CloseRound,
    CloseVote,
    CreateDraft,
    Decide,
    OpenRound,
    OpenVote,
    OverrideRanking,
    PlanBenefit,
    RecordBenefit,
    SubmitProposal,
    SubmitRanking,
    TakeStep,
    TickChecklist,
)
from governance.services.context import Context
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import (
    BESTILLERE,
    CHAIR,
    deliver_project,
    full_input,
    ready_proposal,
    start_project,
)
from tests.unit.services.helpers import audit_count, refused

BOARD = "styre-ror-1"
ONE_OFF, YEARLY = Decimal("450000.00"), Decimal("60000.50")


async def approved(ctx: Context, title: str, legal_basis: str = "Forvaltningsloven § 11") -> int:
    """A proposal of Molde, quality-assured, recommended unanimously and approved by the board."""
    data = full_input(title)
    data.legal_basis = legal_basis
    data.strategy_goals = [ctx.mandate.strategy_goals[0].id]
    data.owner_group = "faggruppe-arkiv"
    proposal = await proposals.create_draft(ctx, CreateDraft(BESTILLERE["molde"], data))
    assert proposal.id is not None
    pid = proposal.id
    await proposals.submit(ctx, SubmitProposal(BESTILLERE["molde"], pid))
    await proposals.take_step(ctx, TakeStep(CHAIR, pid, Action.START_REVIEW))
    for item in QaItem:
        await proposals.tick_checklist(ctx, TickChecklist(CHAIR, pid, item))
    await proposals.take_step(ctx, TakeStep(CHAIR, pid, Action.MARK_READY))
    await proposals.take_step(ctx, TakeStep(CHAIR, pid, Action.PUT_ON_AGENDA))
    vote = await votes.open_vote(ctx, OpenVote(CHAIR, pid))
    assert vote.id is not None
    for bestiller in BESTILLERE.values():
        await votes.cast_ballot(ctx, CastBallot(bestiller, vote.id, Choice.FOR))
    await votes.close_vote(ctx, CloseVote(CHAIR, vote.id))
    await decisions.decide(ctx, Decide(CHAIR, pid, Verdict.APPROVED, "Følger innstillingen."))
    return pid


async def delivered(ctx: Context, title: str) -> int:
    pid = await approved(ctx, title)
    await start_project(ctx, pid)
    await deliver_project(ctx, pid)
    return pid


# --- building the plan ---------------------------------------------------------------------------


async def test_the_plan_takes_approved_and_running_proposals_with_costs_and_justification(
    ctx: Context,
) -> None:
    portal = await approved(ctx, "Felles innbyggerportal")
    archive = await approved(ctx, "Digitalt arkiv", legal_basis="")
    await start_project(ctx, archive)
    waiting = await ready_proposal(ctx, "Chatbot")  # not approved: stays out
    start = await audit_count(ctx)

    build = await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))

    assert (build.added, build.carried, build.skipped, build.ranked_by) == (
        [portal, archive],
        [],
        {},
        None,
    )
    plan = await investment.plan_of(ctx, 2028)
    assert (plan.year, plan.body_id, plan.adopted_at) == (2028, "styret", None)
    lines = {line.proposal_id: line for line in plan.lines}
    assert set(lines) == {portal, archive} and waiting.id not in lines
    assert lines[portal].justification == ["law", "users", "gain"]
    assert lines[archive].justification == ["users", "gain"]
    assert (lines[portal].one_off_cost, lines[portal].yearly_cost) == (ONE_OFF, YEARLY)
    assert lines[portal].benefit == "Færre henvendelser til servicetorget."
    assert lines[portal].title == "Felles innbyggerportal" and lines[portal].rank is None
    assert await audit_count(ctx) == start + 1
    async with ctx.reading() as uow:
        entry = (await uow.audit.entries(subject="plan:2028"))[-1]
    assert (entry.action, entry.data["added"], entry.data["created"]) == (
        "plan.built",
        [portal, archive],
        True,
    )


async def test_rebuilding_adds_only_new_proposals_and_changes_nothing_else(ctx: Context) -> None:
    first = await approved(ctx, "Felles innbyggerportal")
    await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))
    start = await audit_count(ctx)

    again = await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))
    assert again.added == [] and await audit_count(ctx) == start  # nothing changed, no entry

    second = await approved(ctx, "Digitalt arkiv")
    start = await audit_count(ctx)
    refreshed = await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))
    assert refreshed.added == [second]
    assert [line.proposal_id for line in (await investment.plan_of(ctx, 2028)).lines] == [
        first,
        second,
    ]
    assert await audit_count(ctx) == start + 1


async def test_the_latest_closed_ranking_round_ranks_the_lines(ctx: Context) -> None:
    portal = await approved(ctx, "Felles innbyggerportal")
    archive = await approved(ctx, "Digitalt arkiv")
    chatbot = await approved(ctx, "Chatbot")
    opened = await ranking.open_round(ctx, OpenRound(CHAIR, "Prioritering 2028", [portal, archive]))
    assert opened.id is not None
    for bestiller in BESTILLERE.values():
        await ranking.submit_ranking(ctx, SubmitRanking(bestiller, opened.id, [archive, portal]))
    await ranking.close_round(ctx, CloseRound(CHAIR, opened.id))
    await start_project(ctx, archive)  # ranked, now running

    build = await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))

    assert build.ranked_by == opened.id
    plan = await investment.plan_of(ctx, 2028)
    assert [(line.proposal_id, line.rank) for line in plan.ordered_lines()] == [
        (archive, 1),
        (portal, 2),
        (chatbot, None),
    ]
    # the chair's override of that round re-ranks the plan on the next build
    await ranking.override_ranking(
        ctx, OverrideRanking(CHAIR, opened.id, [portal, archive], "Lovkrav først.")
    )
    start = await audit_count(ctx)
    await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))
    plan = await investment.plan_of(ctx, 2028)
    assert [line.proposal_id for line in plan.ordered_lines()] == [portal, archive, chatbot]
    assert await audit_count(ctx) == start + 1


async def test_a_proposal_without_any_justification_is_skipped(ctx: Context) -> None:
    portal = await approved(ctx, "Felles innbyggerportal")
    legacy = await approved(ctx, "Gammel sak uten begrunnelse")
    async with ctx.unit() as uow:  # data from before the texts were required
        proposal = await uow.proposals.get(legacy)
        proposal.legal_basis = proposal.user_perspective = proposal.benefit_potential = ""
        await uow.commit()
    build = await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))
    assert build.added == [portal]
    assert build.skipped == {legacy: "investment.justification_required"}


async def test_the_board_adopts_the_plan_and_the_budget_sums_its_lines(ctx: Context) -> None:
    portal = await approved(ctx, "Felles innbyggerportal")
    archive = await approved(ctx, "Digitalt arkiv")
    await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))
    start = await audit_count(ctx)

    adopted = await investment.adopt_plan(ctx, AdoptPlan(BOARD, 2028))

    assert (adopted.adopted_by, adopted.adopted_at) == (BOARD, ctx.clock.now())
    assert await audit_count(ctx) == start + 1
    budget = await investment.budget(ctx, 2028)
    assert budget.adopted and [line.proposal_id for line in budget.lines] == [portal, archive]
    assert (budget.one_off, budget.yearly) == (2 * ONE_OFF, 2 * YEARLY)
    assert budget.total == 2 * (ONE_OFF + YEARLY)


async def test_the_chair_may_record_the_boards_adoption(ctx: Context) -> None:
    await approved(ctx, "Felles innbyggerportal")
    await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))
    assert (await investment.adopt_plan(ctx, AdoptPlan(CHAIR, 2028))).adopted_by == CHAIR


async def test_a_proposal_of_an_adopted_plan_comes_back_with_its_yearly_cost_only(
    ctx: Context,
) -> None:
    portal = await approved(ctx, "Felles innbyggerportal")
    await investment.build_plan(ctx, BuildPlan(CHAIR, 2027))
    await investment.adopt_plan(ctx, AdoptPlan(BOARD, 2027))
    await start_project(ctx, portal)
    fresh = await approved(ctx, "Digitalt arkiv")

    build = await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))

    assert (build.added, build.carried) == ([portal, fresh], [portal])
    budget = await investment.budget(ctx, 2028)
    assert budget.one_off == ONE_OFF and budget.yearly == 2 * YEARLY


# --- refusals of the plan ----------------------------------------------------------------------


async def test_building_and_adopting_refusals_change_nothing(
    ctx: Context, db: FakeDatabase
) -> None:
    await approved(ctx, "Felles innbyggerportal")
    await refused(
        ctx,
        db,
        "policy.chair_only",
        investment.build_plan(ctx, BuildPlan(BESTILLERE["molde"], 2028)),
    )
    await refused(
        ctx, db, "investment.year_past", investment.build_plan(ctx, BuildPlan(CHAIR, 2026))
    )
    await refused(ctx, db, "plan.not_found", investment.adopt_plan(ctx, AdoptPlan(BOARD, 2028)))
    await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))
    await refused(
        ctx,
        db,
        "policy.cannot_adopt_plan",
        investment.adopt_plan(ctx, AdoptPlan(BESTILLERE["aukra"], 2028)),
    )
    await refused(
        ctx,
        db,
        "policy.cannot_adopt_plan",
        investment.adopt_plan(ctx, AdoptPlan("fg-helse-leder", 2028)),
    )
    assert (await investment.plan_of(ctx, 2028)).adopted_at is None
    await investment.adopt_plan(ctx, AdoptPlan(BOARD, 2028))
    await refused(ctx, db, "investment.adopted", investment.adopt_plan(ctx, AdoptPlan(BOARD, 2028)))
    await approved(ctx, "Digitalt arkiv")
    await refused(ctx, db, "investment.adopted", investment.build_plan(ctx, BuildPlan(CHAIR, 2028)))
    assert len((await investment.plan_of(ctx, 2028)).lines) == 1


async def test_an_empty_plan_cannot_be_adopted(ctx: Context, db: FakeDatabase) -> None:
    build = await investment.build_plan(ctx, BuildPlan(CHAIR, 2028))
    assert build.plan.lines == []
    await refused(
        ctx, db, "investment.empty_plan", investment.adopt_plan(ctx, AdoptPlan(BOARD, 2028))
    )
    await refused(ctx, db, "plan.not_found", investment.budget(ctx, 2030))


# --- benefit realisation -------------------------------------------------------------------------


async def test_benefits_are_planned_measured_after_delivery_and_reported(ctx: Context) -> None:
    portal = await approved(ctx, "Felles innbyggerportal")
    start = await audit_count(ctx)
    calls = await investment.plan_benefit(
        ctx,
        PlanBenefit(BESTILLERE["molde"], portal, " Færre telefonhenvendelser ", "200", "per måned"),
    )
    hours = await investment.plan_benefit(
        ctx, PlanBenefit(CHAIR, portal, "Spart saksbehandlingstid", "1 200,5", "timer per år")
    )
    assert await audit_count(ctx) == start + 2
    assert (calls.benefit, calls.planned_value, hours.planned_value) == (
        "Færre telefonhenvendelser",
        Decimal(200),
        Decimal("1200.5"),
    )
    await start_project(ctx, portal)
    await deliver_project(ctx, portal)
    assert calls.id is not None
    start = await audit_count(ctx)

    measured = await investment.record_benefit(
        ctx, RecordBenefit(CHAIR, calls.id, 150, date(2027, 1, 10), "Telling i servicetorget")
    )

    assert (measured.measured_value, measured.recorded_by) == (Decimal(150), CHAIR)
    assert await audit_count(ctx) == start + 1
    rows = await investment.benefit_report(ctx)
    assert [(r.benefit, r.planned_value, r.measured_value, r.ratio) for r in rows] == [
        ("Færre telefonhenvendelser", Decimal(200), Decimal(150), Decimal("0.7500")),
        ("Spart saksbehandlingstid", Decimal("1200.5"), None, None),
    ]
    assert [f.benefit for f in await investment.benefits_of(ctx, portal)] == [
        "Færre telefonhenvendelser",
        "Spart saksbehandlingstid",
    ]


@pytest.mark.parametrize(
    ("actor", "target", "benefit", "value", "unit", "code"),
    [
        pytest.param(
            BESTILLERE["aukra"],
            "approved",
            "Spart tid",
            "10",
            "timer",
            "policy.cannot_plan_benefit",
            id="not-submitter",
        ),
        pytest.param(
            BESTILLERE["molde"],
            "ready",
            "Spart tid",
            "10",
            "timer",
            "benefit.proposal_not_approved",
            id="not-approved",
        ),
        pytest.param(
            CHAIR,
            "approved",
            "færre telefonhenvendelser",
            "5",
            "per uke",
            "benefit.duplicate",
            id="duplicate",
        ),
        pytest.param(
            CHAIR,
            "approved",
            "Spart tid",
            "mange",
            "timer",
            "benefit.invalid_value",
            id="not-a-number",
        ),
        pytest.param(
            CHAIR, "approved", "Spart tid", "10", " ", "benefit.text_required", id="no-unit"
        ),
        pytest.param(
            CHAIR,
            "missing",
            "Spart tid",
            "10",
            "timer",
            "proposal.not_found",
            id="unknown-proposal",
        ),
    ],
)
async def test_planning_a_benefit_is_refused(
    ctx: Context,
    db: FakeDatabase,
    actor: str,
    target: str,
    benefit: str,
    value: str,
    unit: str,
    code: str,
) -> None:
    portal = await approved(ctx, "Felles innbyggerportal")
    await investment.plan_benefit(
        ctx, PlanBenefit(CHAIR, portal, "Færre telefonhenvendelser", 200, "per mnd")
    )
    waiting = await ready_proposal(ctx, "Chatbot")
    assert waiting.id is not None
    pid = {"approved": portal, "ready": waiting.id, "missing": 999}[target]
    await refused(
        ctx, db, code, investment.plan_benefit(ctx, PlanBenefit(actor, pid, benefit, value, unit))
    )


async def test_recording_a_benefit_is_refused(ctx: Context, db: FakeDatabase) -> None:
    running = await approved(ctx, "Felles innbyggerportal")
    early = await investment.plan_benefit(
        ctx, PlanBenefit(CHAIR, running, "Færre henvendelser", 200, "mnd")
    )
    assert early.id is not None
    await refused(
        ctx,
        db,
        "benefit.not_delivered",
        investment.record_benefit(ctx, RecordBenefit(CHAIR, early.id, 150, date(2027, 1, 10))),
    )
    done = await delivered(ctx, "Digitalt arkiv")
    followup = await investment.plan_benefit(
        ctx, PlanBenefit(CHAIR, done, "Spart tid", 100, "timer")
    )
    assert followup.id is not None
    await investment.record_benefit(ctx, RecordBenefit(CHAIR, followup.id, 80, date(2027, 1, 10)))
    cases: list[tuple[str, str, int | str, date]] = [
        ("policy.benefit_owner_only", BESTILLERE["molde"], 90, date(2027, 1, 11)),
        ("benefit.measured_in_future", CHAIR, 90, date(2027, 1, 12)),
        ("benefit.measurement_older", CHAIR, 90, date(2027, 1, 9)),
        ("benefit.invalid_value", CHAIR, "nitti", date(2027, 1, 11)),
    ]
    for code, actor, value, on in cases:
        await refused(
            ctx,
            db,
            code,
            investment.record_benefit(ctx, RecordBenefit(actor, followup.id, value, on)),
        )
    await refused(
        ctx,
        db,
        "benefit.not_found",
        investment.record_benefit(ctx, RecordBenefit(CHAIR, 999, 90, date(2027, 1, 11))),
    )
    stored = (await investment.benefits_of(ctx, done))[0]
    assert (stored.measured_value, stored.measured_on) == (Decimal(80), date(2027, 1, 10))
