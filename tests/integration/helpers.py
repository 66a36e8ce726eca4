"""Builders shared by the integration tests: drive proposals through the real use cases."""

from __future__ import annotations

from governance.domain.proposals import Action, Proposal, QaItem
from governance.services import proposals
from governance.services.context import Context
from governance.services.proposals import ProposalInput

CHAIR = "dl-ror"
BESTILLERE = {"aukra": "best-aukra", "molde": "best-molde", "rauma": "best-rauma",
              "vestnes": "best-vestnes"}


def full_input(title: str = "Felles innbyggerportal") -> ProposalInput:
    return ProposalInput(
        title=title,
        description="Én portal for søknader og innsyn for alle fire kommuner.",
        kind="new_service",
        municipalities=["molde", "rauma"],
        needs={"molde": "Mange skjema på papir.", "rauma": "Ingen digital innsyn i dag."},
        cost_one_off="450 000", cost_yearly="60000,50",
        benefit_potential="Færre henvendelser til servicetorget.",
        benefit_measurement="Antall telefonhenvendelser per måned.",
        legal_basis="Forvaltningsloven § 11",
        user_perspective="Innbyggere kan søke hele døgnet.",
        org_change="Servicetorget får nye rutiner.",
        strategy_goals=[], owner_group=None,
    )


async def ready_proposal(ctx: Context, title: str = "Felles innbyggerportal") -> Proposal:
    """A proposal submitted by Molde's bestiller and quality-assured to ``ready``."""
    data = full_input(title)
    data.strategy_goals = [ctx.mandate.strategy_goals[0].id]
    data.owner_group = next(b.id for b in ctx.mandate.bodies if b.kind == "faggruppe")
    proposal = await proposals.create_draft(ctx, BESTILLERE["molde"], data)
    assert proposal.id is not None
    await proposals.submit(ctx, BESTILLERE["molde"], proposal.id)
    await proposals.take_step(ctx, CHAIR, proposal.id, Action.START_REVIEW)
    for item in QaItem:
        await proposals.tick_checklist(ctx, CHAIR, proposal.id, item)
    return await proposals.take_step(ctx, CHAIR, proposal.id, Action.MARK_READY)
