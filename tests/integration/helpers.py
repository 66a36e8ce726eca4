"""Builders shared by the integration tests: drive proposals through the real use cases, and run
the ``samstyre`` command line as a real process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Awaitable, Mapping
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.errors import DomainError
from governance.domain.projects import Project
from governance.domain.proposals import Action, Proposal, QaItem
from governance.services import meetings, projects, proposals, votes
from governance.services.commands import (
    AddAgendaItem,
    CreateDraft,
    DeliverProject,
    OpenVote,
    ProposalInput,
    StartProject,
    SubmitProposal,
    TakeStep,
    TickChecklist,
)
from governance.services.context import Context
from governance.store.mapping import metadata

ROOT = Path(__file__).resolve().parents[2]
CHAIR = "dl-ror"
# Every identity that may cast a ballot in ROR-IKT's committee (Molde's deputy included).
CASTERS = ["best-aukra", "best-molde", "best-rauma", "best-vestnes", "vara-molde"]
# The example mandate's Teams ids of the committee's and the board's channels.
COMMITTEE_TEAM, COMMITTEE_CHANNEL = (
    "00000000-0000-4000-8000-0000000000b1",
    "19:bestillerutvalget-example@thread.tacv2",
)
BOARD_TEAM, BOARD_CHANNEL = (
    "00000000-0000-4000-8000-0000000000b2",
    "19:styret-example@thread.tacv2",
)
BESTILLERE = {
    "aukra": "best-aukra",
    "molde": "best-molde",
    "rauma": "best-rauma",
    "vestnes": "best-vestnes",
}


def full_input(title: str = "Felles innbyggerportal") -> ProposalInput:
    return ProposalInput(
        title=title,
        description="Én portal for søknader og innsyn for alle fire kommuner.",
        kind="new_service",
        municipalities=["molde", "rauma"],
        needs={"molde": "Mange skjema på papir.", "rauma": "Ingen digital innsyn i dag."},
        cost_one_off="450 000",
        cost_yearly="60000,50",
        benefit_potential="Færre henvendelser til servicetorget.",
        benefit_measurement="Antall telefonhenvendelser per måned.",
        legal_basis="Forvaltningsloven § 11",
        user_perspective="Innbyggere kan søke hele døgnet.",
        org_change="Servicetorget får nye rutiner.",
        strategy_goals=[],
        owner_group=None,
    )


def submittable_input(ctx: Context, title: str = "Felles innbyggerportal") -> ProposalInput:
    """``full_input`` with a strategy goal and an owning group of the mandate: all that
    submitting needs (and quality assurance checks)."""
    data = full_input(title)
    data.strategy_goals = [ctx.mandate.strategy_goals[0].id]
    data.owner_group = next(b.id for b in ctx.mandate.bodies if b.kind == "faggruppe")
    return data


async def ready_proposal(ctx: Context, title: str = "Felles innbyggerportal") -> Proposal:
    """A proposal submitted by Molde's bestiller and quality-assured to ``ready``."""
    data = submittable_input(ctx, title)
    proposal = await proposals.create_draft(ctx, CreateDraft(BESTILLERE["molde"], data))
    assert proposal.id is not None
    await proposals.submit(ctx, SubmitProposal(BESTILLERE["molde"], proposal.id))
    await proposals.take_step(ctx, TakeStep(CHAIR, proposal.id, Action.START_REVIEW))
    for item in QaItem:
        await proposals.tick_checklist(ctx, TickChecklist(CHAIR, proposal.id, item))
    return await proposals.take_step(ctx, TakeStep(CHAIR, proposal.id, Action.MARK_READY))


PROJECT_LEADER = "fg-arkiv-leder"
PROJECT_OWNER = "faggruppe-arkiv"


async def start_project(
    ctx: Context, proposal_id: int, *, leader: str = PROJECT_LEADER, members: tuple[str, ...] = ()
) -> Project:
    """The approver starts the project with the archive faggruppe as owner."""
    actor = await projects.commissioning_member(ctx, proposal_id)
    return await projects.start_project(
        ctx,
        StartProject(
            actor,
            proposal_id,
            "Innføre løsningen i alle kommunene",
            "450000",
            PROJECT_OWNER,
            leader,
            members,
        ),
    )


async def deliver_project(ctx: Context, proposal_id: int, leader: str = PROJECT_LEADER) -> None:
    await projects.deliver(ctx, DeliverProject(leader, proposal_id, "Levert som avtalt."))


async def snapshot(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: a refusal must leave all of them as they were."""
    async with engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in await conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in metadata.sorted_tables
        }


async def audit_count(ctx: Context) -> int:
    async with ctx.reading() as uow:
        return await uow.audit.count()


async def refused(
    ctx: Context, engine: AsyncEngine, code: str, action: Awaitable[object]
) -> DomainError:
    count, before = await audit_count(ctx), await snapshot(engine)
    with pytest.raises(DomainError) as caught:
        await action
    assert caught.value.code == code
    assert await audit_count(ctx) == count
    assert await snapshot(engine) == before
    return caught.value


MOT_REASON = "Kommunen har nettopp kjøpt en egen portal."


def ballot_data(vote_id: int, choice: str) -> dict[str, Any]:
    """What a vote card's button sends: the choice and the reason field ("mot" with a reason,
    as a bestiller answers the card that asks for one)."""
    return {"vote_id": vote_id, "choice": choice, "ballot_reason": MOT_REASON * (choice == "mot")}


async def open_vote_on_agenda(ctx: Context) -> int:
    """A ready proposal put on the first planned 2027 meeting with a vote opened on it."""
    proposal = await ready_proposal(ctx)
    meeting = (await meetings.plan_year(ctx, CHAIR, 2027))[0]
    assert proposal.id is not None and meeting.id is not None
    await meetings.add_item(ctx, AddAgendaItem(CHAIR, meeting.id, proposal_id=proposal.id))
    vote = await votes.open_vote(ctx, OpenVote(CHAIR, proposal.id))
    assert vote.id is not None
    return vote.id


def run_cli(
    *args: str, env: Mapping[str, str], cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """``samstyre ARGS`` in a fresh Python process with exactly ``env``."""
    return subprocess.run(
        [sys.executable, "-m", "samstyre.cli", *args],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
