"""The submitter hears of each step of their proposal in their personal chat, in their language,
once (issue 12): the sweep posts what the steps put in the outbox; a submitter without a
personal chat is skipped with the reason."""

from __future__ import annotations

from datetime import datetime

from governance.domain.calendar import OSLO
from governance.domain.outbox import DeliveryState
from governance.domain.proposals import Action, QaItem
from governance.domain.reminders import NoticeKind
from governance.services import conversations, meetings, proposals, reminders
from governance.services.commands import (
    AddToNextAgenda,
    ChooseLanguage,
    CreateDraft,
    SubmitProposal,
    TakeStep,
    TickChecklist,
)
from governance.services.context import Context, FixedClock
from tests.emulators.connector import Received
from tests.integration.helpers import BESTILLERE, CHAIR, full_input
from tests.integration.scheduling.stack import scheduling

MOLDE, AUKRA, RAUMA = BESTILLERE["molde"], BESTILLERE["aukra"], BESTILLERE["rauma"]
SUBMITTED_NN = "er sendt inn til utvalet."
RETURNED_NN = "er sendt tilbake til deg for endring."
ON_AGENDA_NN = "er sett på sakslista til utvalet."


def texts(received: list[Received]) -> list[str]:
    return [str(r.cards()) for r in received]


def count(chat: list[str], words: str) -> int:
    return sum(words in card for card in chat)


async def submitted(ctx: Context, member: str, title: str) -> int:
    data = full_input(title)
    data.strategy_goals = [ctx.mandate.strategy_goals[0].id]
    data.owner_group = next(b.id for b in ctx.mandate.bodies if b.kind == "faggruppe")
    draft = await proposals.create_draft(ctx, CreateDraft(member, data))
    assert draft.id is not None
    await proposals.submit(ctx, SubmitProposal(member, draft.id))
    return draft.id


async def test_the_submitter_is_told_each_step_once_in_their_language(
    ctx: Context, clock: FixedClock
) -> None:
    clock.advance_to(datetime(2027, 2, 1, 10, tzinfo=OSLO))
    async with scheduling(ctx) as stack:
        await stack.know_members([MOLDE, AUKRA, CHAIR])
        await conversations.set_locale(ctx, ChooseLanguage(MOLDE, "nn"))
        await conversations.set_locale(ctx, ChooseLanguage(AUKRA, "en"))
        ours = await submitted(ctx, MOLDE, "Felles innbyggerportal")
        theirs = await submitted(ctx, AUKRA, "Felles arkiv")
        await stack.sender.sweep()
        molde = texts(stack.connector.messages(f"a:personal-{MOLDE}"))
        assert count(molde, f"Forslag #{ours} «Felles innbyggerportal» {SUBMITTED_NN}") == 1
        assert count(molde, "proposal.show") == 1
        aukra = texts(stack.connector.messages(f"a:personal-{AUKRA}"))
        assert count(aukra, f"Proposal #{theirs} “Felles arkiv” is submitted") == 1

        await proposals.take_step(ctx, TakeStep(CHAIR, ours, Action.START_REVIEW))
        await proposals.take_step(
            ctx, TakeStep(CHAIR, ours, Action.RETURN, "Beskriv gevinsten for Aukra.")
        )
        await stack.sender.sweep()
        molde = texts(stack.connector.messages(f"a:personal-{MOLDE}"))
        assert count(molde, RETURNED_NN) == 1
        assert count(molde, "Beskriv gevinsten for Aukra.") == 1
        assert count(molde, "Kommentar frå dagleg leiar") == 1

        await proposals.submit(ctx, SubmitProposal(MOLDE, ours))
        await proposals.take_step(ctx, TakeStep(CHAIR, ours, Action.START_REVIEW))
        for item in QaItem:
            await proposals.tick_checklist(ctx, TickChecklist(CHAIR, ours, item))
        await proposals.take_step(ctx, TakeStep(CHAIR, ours, Action.MARK_READY))
        meeting = await meetings.add_to_next_agenda(ctx, AddToNextAgenda(CHAIR, ours))
        await stack.sender.sweep()
        await stack.sender.sweep()  # a second sweep posts nothing again
        molde = texts(stack.connector.messages(f"a:personal-{MOLDE}"))
        assert count(molde, ON_AGENDA_NN) == 1
        assert count(molde, meeting.on.strftime("%Y")) >= 1
        assert count(molde, RETURNED_NN) == 1
        assert count(molde, SUBMITTED_NN) == 2  # the first submission and the second
        steps = [n for n in await reminders.listing(ctx) if n.kind is NoticeKind.PROPOSAL_STEP]
        assert {n.state for n in steps} == {DeliveryState.DELIVERED}
        assert len([n for n in steps if n.payload["proposal_id"] == ours]) == 7


async def test_a_submitter_without_a_personal_chat_is_skipped_with_the_reason(
    ctx: Context, clock: FixedClock
) -> None:
    clock.advance_to(datetime(2027, 2, 1, 10, tzinfo=OSLO))
    async with scheduling(ctx) as stack:
        await stack.know_members([CHAIR])
        await submitted(ctx, RAUMA, "Felles arkiv")
        await stack.sender.sweep()
        steps = [n for n in await reminders.listing(ctx) if n.kind is NoticeKind.PROPOSAL_STEP]
        assert [n.state for n in steps] == [DeliveryState.SKIPPED]
        assert f"{RAUMA} has no personal chat" in steps[0].last_error
        assert stack.connector.messages(f"a:personal-{RAUMA}") == []
