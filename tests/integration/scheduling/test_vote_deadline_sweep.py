"""A vote's deadline as the scheduler plays it over the local Teams connector (issue 13): every
bestiller gets their own vote card when it opens, once; a day before the deadline only the
municipalities that have not voted are reminded; at the deadline (ROR-IKT: remind_chair) daglig
leder is told to close it and the vote stays open; a moved deadline makes the old reminder
stale; with at_deadline close the sweep closes the vote itself, credited to Samstyre."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from governance.domain.calendar import OSLO
from governance.domain.organisation import AtDeadline, Mandate
from governance.domain.tally import Choice
from governance.domain.votes import CLOSED_AT_DEADLINE
from governance.services import audit, votes
from governance.services.commands import CastBallot, MoveVoteDeadline
from governance.services.context import Context, FixedClock
from samstyre.bootstrap import build_context
from tests.emulators.connector import Received
from tests.integration.helpers import BESTILLERE, CHAIR, open_vote_on_agenda
from tests.integration.scheduling.stack import scheduling

MOLDE, AUKRA = BESTILLERE["molde"], BESTILLERE["aukra"]
OPENED = "En avstemning er åpnet"
REMINDER = "Påminnelse"
LATE = "Fristen er ute"


def count(received: list[Received], words: str) -> int:
    return sum(words in str(r.cards()) for r in received)


async def test_opened_reminded_and_the_chair_told_at_the_deadline(
    ctx: Context, clock: FixedClock
) -> None:
    clock.advance_to(datetime(2027, 2, 1, 10, tzinfo=OSLO))  # a Monday
    async with scheduling(ctx) as stack:
        await stack.know_members([MOLDE, AUKRA, CHAIR])
        vote_id = await open_vote_on_agenda(ctx)
        vote = await votes.get(ctx, vote_id)
        # five working days, to 16:00 Norwegian time on the last
        assert vote.closes_at == datetime(2027, 2, 8, 16, tzinfo=OSLO)
        await stack.sender.sweep()
        await stack.sender.sweep()  # nothing twice
        for member in (MOLDE, AUKRA):
            chat = stack.connector.messages(f"a:personal-{member}")
            assert count(chat, OPENED) == 1, member
        assert count(stack.connector.messages(f"a:personal-{CHAIR}"), OPENED) == 0

        await votes.cast_ballot(ctx, CastBallot(MOLDE, vote_id, Choice.FOR))
        clock.advance_to(datetime(2027, 2, 7, 17, tzinfo=OSLO))  # within a day of the deadline
        await stack.sender.sweep()
        await stack.sender.sweep()
        assert count(stack.connector.messages(f"a:personal-{AUKRA}"), REMINDER) == 1
        assert count(stack.connector.messages(f"a:personal-{MOLDE}"), REMINDER) == 0

        clock.advance_to(datetime(2027, 2, 8, 16, 5, tzinfo=OSLO))
        await stack.sender.sweep()
        await stack.sender.sweep()
        assert count(stack.connector.messages(f"a:personal-{CHAIR}"), LATE) == 1
        assert (await votes.get(ctx, vote_id)).is_open  # remind_chair: the chair closes it


async def test_a_moved_deadline_sends_no_reminder_for_the_old_one(
    ctx: Context, clock: FixedClock
) -> None:
    clock.advance_to(datetime(2027, 2, 1, 10, tzinfo=OSLO))
    async with scheduling(ctx) as stack:
        await stack.know_members([AUKRA, CHAIR])
        vote_id = await open_vote_on_agenda(ctx)
        await stack.sender.sweep()
        clock.advance_to(datetime(2027, 2, 7, 17, tzinfo=OSLO))
        await votes.move_deadline(ctx, MoveVoteDeadline(CHAIR, vote_id, date(2027, 2, 12), "12:00"))
        await stack.sender.sweep()
        assert count(stack.connector.messages(f"a:personal-{AUKRA}"), REMINDER) == 0
        clock.advance_to(datetime(2027, 2, 11, 13, tzinfo=OSLO))
        await stack.sender.sweep()
        assert count(stack.connector.messages(f"a:personal-{AUKRA}"), REMINDER) == 1
        assert (await votes.get(ctx, vote_id)).closes_at == datetime(2027, 2, 12, 12, tzinfo=OSLO)
        clock.advance_to(datetime(2027, 2, 12, 12, tzinfo=OSLO) + timedelta(minutes=1))
        await stack.sender.sweep()
        assert count(stack.connector.messages(f"a:personal-{CHAIR}"), LATE) == 1


def closing_by_itself(mandate: Mandate) -> Mandate:
    """ROR-IKT with a committee rule that closes a vote at its deadline (at_deadline: close)."""
    rule = replace(mandate.rule_of(mandate.committee), at_deadline=AtDeadline.CLOSE)
    bodies = tuple(
        replace(b, decision_rule=rule) if b.id == mandate.committee else b for b in mandate.bodies
    )
    return replace(mandate, bodies=bodies)


async def test_at_deadline_close_the_sweep_closes_the_vote_and_replaces_its_cards(
    ror_mandate: Mandate, engine: AsyncEngine, clock: FixedClock
) -> None:
    ctx = build_context(closing_by_itself(ror_mandate), engine, clock)
    clock.advance_to(datetime(2027, 2, 1, 10, tzinfo=OSLO))
    async with scheduling(ctx) as stack:
        await stack.know_members([MOLDE, AUKRA, CHAIR])
        vote_id = await open_vote_on_agenda(ctx)
        await stack.sender.sweep()
        for member in BESTILLERE.values():
            await votes.cast_ballot(ctx, CastBallot(member, vote_id, Choice.FOR))
        clock.advance_to(datetime(2027, 2, 8, 16, 1, tzinfo=OSLO))
        await stack.sender.sweep()
        closed = await votes.get(ctx, vote_id)
        assert not closed.is_open and closed.closed_by == CLOSED_AT_DEADLINE
        assert count(stack.connector.messages(f"a:personal-{CHAIR}"), LATE) == 0
        entries = await audit.export(ctx.reading)
        assert any(
            e["action"] == "vote.closed" and e["actor"] == CLOSED_AT_DEADLINE for e in entries
        ), entries[-3:]
