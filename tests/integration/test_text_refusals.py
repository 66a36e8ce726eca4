"""The use cases refuse free text that still holds invisible characters, whatever the entry
point (the chat adapter removes them first), and store nothing; on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.proposals import Action
from governance.domain.reports import ReportKind
from governance.services import proposals, reports
from governance.services.commands import CreateDraft, RegisterReport, TakeStep
from governance.services.context import Context
from tests.integration.helpers import BESTILLERE, CHAIR, full_input, ready_proposal, refused


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\ud800", "\r"])
async def test_a_proposal_with_invisible_characters_is_refused(
    ctx: Context,
    engine: AsyncEngine,
    bad: str,
) -> None:
    data = full_input(f"Felles{bad}portal")
    await refused(
        ctx,
        engine,
        "text.invisible_characters",
        proposals.create_draft(ctx, CreateDraft(BESTILLERE["molde"], data)),
    )
    data = full_input("Felles portal")
    data.legal_basis = f"Forvaltningsloven{bad}"
    await refused(
        ctx,
        engine,
        "text.invisible_characters",
        proposals.create_draft(ctx, CreateDraft(BESTILLERE["molde"], data)),
    )


async def test_a_comment_or_report_with_invisible_characters_is_refused(
    ctx: Context,
    engine: AsyncEngine,
) -> None:
    proposal = await ready_proposal(ctx)
    assert proposal.id is not None
    await refused(
        ctx,
        engine,
        "text.invisible_characters",
        proposals.take_step(ctx, TakeStep(CHAIR, proposal.id, Action.RETURN, "Se\x00 på")),
    )
    await refused(
        ctx,
        engine,
        "text.invisible_characters",
        reports.register(ctx, RegisterReport(CHAIR, ReportKind.STUDY, "Utredning\x01", "Tekst")),
    )
