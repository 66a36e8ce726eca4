"""Use cases of the investment plan, budget and benefit realisation (mandate rule 8): "Sammen med
daglig leder ROR-IKT prioritere prosjekter og investeringer"; FARTT: "årlig levere forslag til
investeringsplan og budsjett ... kost/nytte vurdering og begrunne innspill ut fra krav i lov,
brukerperspektiv og mulig gevinst", "Styret vedtar investeringsplan".

The chair builds the plan of a year from the proposals the board approved (and those in
progress); the board adopts it. Benefits are planned for approved proposals and measured after
delivery (gevinstrealisering).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from governance.domain import investment as plans
from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.investment import (
    BenefitFollowUp,
    BenefitRow,
    InvestmentPlan,
    Justification,
    PlanLine,
)
from governance.domain.proposals import Action, Capacity, Proposal, ProposalState, state_label
from governance.domain.subjects import AuditSubject
from governance.domain.text import require_clean_text
from governance.i18n import N_, Msg
from governance.ports import UnitOfWork
from governance.presentation import body_name
from governance.services import outbox, policies, projects
from governance.services.commands import AdoptPlan, BuildPlan, PlanBenefit, RecordBenefit
from governance.services.context import Context, record, retry_on_conflict

PLANNED_STATES = (ProposalState.BOARD_APPROVED, ProposalState.IN_PROGRESS)
BENEFIT_PLANNING_STATES = frozenset(
    {ProposalState.BOARD_APPROVED, ProposalState.IN_PROGRESS, ProposalState.DELIVERED}
)
MEASURING_STATES = frozenset({ProposalState.DELIVERED, ProposalState.BENEFITS_FOLLOWED_UP})


@dataclass(frozen=True)
class PlanBuild:
    """What ``build_plan`` did: lines added (``carried`` ones with their yearly cost only, being
    in an adopted plan of an earlier year), proposals skipped (with the reason's code), and the
    ranking round whose final order ranks the lines."""

    plan: InvestmentPlan
    added: list[int] = field(default_factory=list)
    carried: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)
    ranked_by: int | None = None


@dataclass(frozen=True)
class Budget:
    """The budget of a year: the plan's lines of that year, ranked first, and their sums."""

    year: int
    adopted: bool
    lines: list[PlanLine]
    one_off: Decimal
    yearly: Decimal
    total: Decimal


def justification_of(proposal: Proposal) -> list[str]:
    """Law if the proposal names a legal basis, users if it gives the user perspective, gain if
    it states a benefit potential."""
    given = (
        (proposal.legal_basis, Justification.LAW),
        (proposal.user_perspective, Justification.USERS),
        (proposal.benefit_potential, Justification.GAIN),
    )
    return [reason.value for text, reason in given if text.strip()]


def benefit_of(proposal: Proposal) -> str:
    """The benefit of the line: the benefit potential, else the user perspective or legal basis."""
    texts = (proposal.benefit_potential, proposal.user_perspective, proposal.legal_basis)
    return next((text.strip() for text in texts if text.strip()), "")


def parse_value(value: str | Decimal | int, field_name: str) -> Decimal:
    """A number from a form: spaces allowed, '.' or ',' as decimal mark."""
    text = str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise InvalidInput(
            "benefit.invalid_value",
            N_("{field} must be a number, not “{value}”."),
            field=field_name,
            value=str(value),
        )
    return number


@retry_on_conflict
async def build_plan(ctx: Context, cmd: BuildPlan) -> PlanBuild:
    """Create or refresh the plan of ``year``: every approved or running proposal not yet in it
    gets a line; the latest closed ranking round's final order ranks the lines."""
    actor, year = cmd.actor, cmd.year
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    if year < ctx.today().year:
        raise InvalidInput(
            "investment.year_past",
            N_("An investment plan for {year} can no longer be built."),
            year=year,
        )
    async with ctx.unit() as uow:
        plan = await uow.plans.for_year(year)
        created = plan is None
        if plan is None:
            plan = InvestmentPlan(ctx.mandate.board, year)
            uow.plans.add(plan)
        _require_not_adopted(plan)
        build, reranked = await _rank(uow, await _add_lines(uow, plan))
        if created or build.added or reranked:
            await uow.flush()
            await record(
                ctx,
                uow,
                actor,
                "plan.built",
                AuditSubject.plan(year),
                {
                    "created": created,
                    "added": build.added,
                    "carried": build.carried,
                    "skipped": {str(k): v for k, v in build.skipped.items()},
                    "ranked_by": build.ranked_by,
                    "ranks": _ranks(plan),
                },
            )
            await uow.commit()
    return build


async def _add_lines(uow: UnitOfWork, plan: InvestmentPlan) -> PlanBuild:
    funded = {
        line.proposal_id
        for earlier in await uow.plans.adopted()
        if earlier.year < plan.year
        for line in earlier.lines
    }
    added: list[int] = []
    carried: list[int] = []
    skipped: dict[int, str] = {}
    for proposal in await uow.proposals.in_states(*PLANNED_STATES):
        assert proposal.id is not None
        if plan.line_of(proposal.id) is not None:
            continue
        reasons = justification_of(proposal)
        if not reasons:
            skipped[proposal.id] = "investment.justification_required"
            continue
        one_off = Decimal(0) if proposal.id in funded else proposal.cost_one_off
        plan.add_line(
            proposal.id,
            plan.year,
            proposal.title,
            one_off,
            proposal.cost_yearly,
            benefit_of(proposal),
            reasons,
        )
        added.append(proposal.id)
        if proposal.id in funded:
            carried.append(proposal.id)
    return PlanBuild(plan, added, carried, skipped)


async def _rank(uow: UnitOfWork, build: PlanBuild) -> tuple[PlanBuild, bool]:
    """Rank the lines by the latest closed round's final order; True when a rank changed."""
    latest = await uow.rankings.latest_closed()
    if latest is None:
        return build, False
    before = _ranks(build.plan)
    build.plan.apply_ranking(latest.final_order or [])
    ranked = PlanBuild(build.plan, build.added, build.carried, build.skipped, latest.id)
    return ranked, before != _ranks(build.plan)


def _ranks(plan: InvestmentPlan) -> dict[str, int | None]:
    return {str(line.proposal_id): line.rank for line in plan.ordered_lines()}


def _require_not_adopted(plan: InvestmentPlan) -> None:
    if plan.adopted_at is not None:
        raise InvalidTransition(
            "investment.adopted", N_("The investment plan is adopted and cannot change.")
        )


@retry_on_conflict
async def adopt_plan(ctx: Context, cmd: AdoptPlan) -> InvestmentPlan:
    """The board adopts the plan of ``year`` (a board member, or the chair on its behalf)."""
    actor, year = cmd.actor, cmd.year
    policies.require_may_adopt_plan(ctx.mandate.member(actor), ctx.mandate)
    async with ctx.unit() as uow:
        plan = await uow.plans.of_year(year)
        plan.adopt(by=actor, at=ctx.clock.now())
        totals = plan.budget_total(year)
        await record(
            ctx,
            uow,
            actor,
            "plan.adopted",
            AuditSubject.plan(year),
            {
                "ranks": _ranks(plan),
                **{name: str(value) for name, value in totals.items()},
            },
        )
        await uow.commit()
    return plan


async def plan_of(ctx: Context, year: int) -> InvestmentPlan:
    async with ctx.reading() as uow:
        return await uow.plans.of_year(year)


async def budget(ctx: Context, year: int) -> Budget:
    """The budget of ``year`` from its plan: one-off, yearly and first-year total (NOK)."""
    async with ctx.reading() as uow:
        plan = await uow.plans.of_year(year)
    totals = plan.budget_total(year)
    lines = [line for line in plan.ordered_lines() if line.year == year]
    return Budget(
        year,
        plan.adopted_at is not None,
        lines,
        totals["one_off"],
        totals["yearly"],
        totals["total"],
    )


def _required_texts(benefit: str, unit: str) -> tuple[str, str]:
    text, unit = benefit.strip(), unit.strip()
    if not text or not unit:
        raise InvalidInput("benefit.text_required", N_("A benefit needs a description and a unit."))
    return text, unit


@retry_on_conflict
async def plan_benefit(ctx: Context, cmd: PlanBenefit) -> BenefitFollowUp:
    """State a benefit of an approved proposal to follow up after delivery (chair or submitter)."""
    actor, proposal_id, benefit, planned_value, unit = (
        cmd.actor,
        cmd.proposal_id,
        cmd.benefit,
        cmd.planned_value,
        cmd.unit,
    )
    member = ctx.mandate.member(actor)
    value = parse_value(planned_value, "planned_value")
    text, unit = _required_texts(benefit, unit)
    async with ctx.unit() as uow:
        proposal = await uow.proposals.get(proposal_id)
        policies.require_may_plan_benefit(member, proposal, ctx.mandate)
        _require_state(proposal, BENEFIT_PLANNING_STATES, "benefit.proposal_not_approved")
        known = {f.benefit.casefold() for f in await uow.benefits.of_proposal(proposal_id)}
        if text.casefold() in known:
            raise InvalidInput(
                "benefit.duplicate",
                N_("Proposal {number} already plans “{benefit}”."),
                number=proposal.number,
                benefit=text,
            )
        followup = BenefitFollowUp(proposal_id, text, value, unit)
        followup.schedule(projects.follow_up_dates(await uow.projects.of_proposal(proposal_id)))
        uow.benefits.add(followup)
        await uow.flush()
        await record(
            ctx,
            uow,
            actor,
            "benefit.planned",
            AuditSubject.benefit(followup.id),
            {
                "proposal": proposal_id,
                "benefit": text,
                "planned_value": str(value),
                "unit": unit,
            },
        )
        await outbox.portfolio_changed(ctx, uow, proposal_id)
        await uow.commit()
    return followup


@retry_on_conflict
async def record_benefit(ctx: Context, cmd: RecordBenefit) -> BenefitFollowUp:
    """A member of the owning group or of the project group, or the chair, records a
    measurement of a delivered proposal's benefit (never a future date). When every benefit of
    the proposal is measured, its benefits are followed up."""
    actor, followup_id, measured_value, on, note = (
        cmd.actor,
        cmd.followup_id,
        cmd.measured_value,
        cmd.on,
        cmd.note,
    )
    member = ctx.mandate.member(actor)
    require_clean_text(note, Msg(N_("Comment")))
    value = parse_value(measured_value, "measured_value")
    if on > ctx.today():
        raise InvalidInput(
            "benefit.measured_in_future",
            N_("A measurement cannot be dated {on}, after today."),
            on=on.isoformat(),
        )
    async with ctx.unit() as uow:
        followup = await uow.benefits.get(followup_id)
        proposal = await uow.proposals.get(followup.proposal_id)
        project = await uow.projects.of_proposal(followup.proposal_id)
        owner = project.owner_group if project else proposal.owner_group
        groups = await projects.benefit_groups(uow, project, owner)
        policies.require_may_measure_benefit(
            member, ctx.mandate, groups, ctx.today(), owner, body_name(ctx.mandate, owner or "")
        )
        _require_state(proposal, MEASURING_STATES, "benefit.not_delivered")
        previous = followup.measured_value
        followup.record(value, on, by=actor, note=note)
        if proposal.state is ProposalState.DELIVERED and projects.all_measured(
            await uow.benefits.of_proposal(proposal.id or 0)
        ):
            proposal.apply(
                Action.FOLLOW_UP_BENEFITS,
                by=actor,
                capacities=frozenset({Capacity.BENEFIT_OWNER}),
                at=ctx.clock.now(),
            )
        await record(
            ctx,
            uow,
            actor,
            "benefit.measured",
            AuditSubject.benefit(followup.id),
            {
                "proposal": followup.proposal_id,
                "measured_value": str(value),
                "on": on.isoformat(),
                "previous": None if previous is None else str(previous),
                "state": proposal.state.value,
            },
        )
        await outbox.portfolio_changed(ctx, uow, followup.proposal_id)
        await uow.commit()
    return followup


def _require_state(proposal: Proposal, states: frozenset[ProposalState], code: str) -> None:
    if proposal.state not in states:
        raise InvalidTransition(
            code,
            N_("Proposal {number} is {state}: its benefits cannot be followed up now."),
            number=proposal.number,
            state=state_label(proposal.state),
        )


async def benefits_of(ctx: Context, proposal_id: int) -> list[BenefitFollowUp]:
    async with ctx.reading() as uow:
        return await uow.benefits.of_proposal(proposal_id)


async def benefit_report(ctx: Context) -> list[BenefitRow]:
    """Planned against realised benefit of every followed-up proposal."""
    async with ctx.reading() as uow:
        return plans.benefit_report(await uow.benefits.all())
