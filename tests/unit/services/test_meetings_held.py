"""Meetings held in Teams, on the fake unit of work (mandate rule 5): the committee's own agenda
(never the meeting with the group leaders), free items proposed by participants and answered by
the chair, opening on the day, attendance, the items in order, the vote of the meeting, the
minutes notes and their confirmation by everyone present before anything is published; every
refusal stores nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from governance.domain.calendar import OSLO
from governance.domain.meetings import ItemKind, ItemStatus, Meeting, MeetingKind, participants
from governance.domain.tally import Choice
from governance.services import meetings, votes
from governance.services.commands import (
    AddAgendaItem,
    AddToNextAgenda,
    AnswerItem,
    ApproveMinutes,
    CastBallot,
    CloseMeeting,
    CloseVote,
    ConfirmMinutes,
    NextItem,
    NoteItems,
    OpenMeeting,
    OpenVote,
    ProposeItem,
    RecordAttendance,
)
from governance.services.context import Context, FixedClock
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import BESTILLERE, CHAIR, ready_proposal
from tests.unit.services.helpers import refused

MOLDE, RAUMA = BESTILLERE["molde"], BESTILLERE["rauma"]
BOARD_CHAIR = "styreleder-ror"
GROUP_LEADER = "fg-helse-leder"


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)


async def first_committee_meeting(ctx: Context) -> Meeting:
    planned = await meetings.plan_year(ctx, CHAIR, 2027)
    meeting = next(m for m in planned if m.kind is MeetingKind.COMMITTEE)
    assert meeting.id is not None
    return meeting


async def test_a_proposal_goes_on_the_committee_meeting_not_the_one_with_the_group_leaders(
    ctx: Context, clock: FixedClock
) -> None:
    clock.advance_to(at(date(2027, 2, 1)))
    proposal = await ready_proposal(ctx)
    assert proposal.id is not None
    meeting = await meetings.add_to_next_agenda(ctx, AddToNextAgenda(CHAIR, proposal.id))
    group_leaders = await meetings.on_date(
        ctx, ctx.mandate.committee, MeetingKind.GROUP_LEADERS, date(2027, 3, 4)
    )
    assert group_leaders is not None and group_leaders.proposal_ids() == []
    assert (meeting.kind, meeting.on) == (MeetingKind.COMMITTEE, date(2027, 3, 24))
    assert meeting.proposal_ids() == [proposal.id]


async def test_the_group_leaders_take_part_in_their_own_meetings_only(ctx: Context) -> None:
    planned = await meetings.plan_year(ctx, CHAIR, 2027)
    leaders = next(m for m in planned if m.kind is MeetingKind.GROUP_LEADERS)
    committee = next(m for m in planned if m.kind is MeetingKind.COMMITTEE)
    assert GROUP_LEADER in participants(leaders, ctx.mandate)
    assert GROUP_LEADER not in participants(committee, ctx.mandate)
    assert participants(committee, ctx.mandate)[0] == CHAIR


async def test_members_propose_items_the_chair_accepts_before_eventuelt_or_declines(
    ctx: Context, db: FakeDatabase
) -> None:
    meeting = await first_committee_meeting(ctx)
    assert meeting.id is not None
    await meetings.add_item(ctx, AddAgendaItem(CHAIR, meeting.id, title="Budsjett"))
    await meetings.propose_item(
        ctx, ProposeItem(MOLDE, meeting.id, ItemKind.ANY_OTHER_BUSINESS, "Nytt fra Molde")
    )
    await meetings.propose_item(
        ctx, ProposeItem(RAUMA, meeting.id, ItemKind.DISCUSSION, "Felles innkjøp", "Nettbrett")
    )
    proposed = await meetings.propose_item(
        ctx, ProposeItem(RAUMA, meeting.id, ItemKind.ORIENTATION, "Fiber")
    )
    waiting = {i.title: i for i in proposed.waiting}
    assert set(waiting) == {"Nytt fra Molde", "Felles innkjøp", "Fiber"}
    assert [i.title for i in proposed.items] == ["Budsjett"]  # nothing waits on the agenda
    assert waiting["Felles innkjøp"].proposed_by == RAUMA

    await refused(
        ctx,
        db,
        "policy.meeting_participant_only",
        meetings.propose_item(ctx, ProposeItem(BOARD_CHAIR, meeting.id, ItemKind.DISCUSSION, "X")),
    )
    await refused(
        ctx,
        db,
        "meeting.item_title_required",
        meetings.propose_item(ctx, ProposeItem(MOLDE, meeting.id, ItemKind.DISCUSSION, "  ")),
    )
    await refused(
        ctx,
        db,
        "meeting.item_kind",
        meetings.propose_item(ctx, ProposeItem(MOLDE, meeting.id, ItemKind.PROPOSAL, "Sak")),
    )
    item_ids = {t: i.id or 0 for t, i in waiting.items()}
    await refused(
        ctx,
        db,
        "policy.meeting_chair_only",
        meetings.answer_item(ctx, AnswerItem(MOLDE, meeting.id, item_ids["Fiber"], True)),
    )

    await meetings.answer_item(ctx, AnswerItem(CHAIR, meeting.id, item_ids["Nytt fra Molde"], True))
    await meetings.answer_item(ctx, AnswerItem(CHAIR, meeting.id, item_ids["Felles innkjøp"], True))
    answered = await meetings.answer_item(
        ctx, AnswerItem(CHAIR, meeting.id, item_ids["Fiber"], False)
    )
    assert [(i.position, i.title) for i in answered.items] == [
        (1, "Budsjett"),
        (2, "Felles innkjøp"),
        (3, "Nytt fra Molde"),  # eventuelt stays last
    ]
    assert answered.item(item_ids["Fiber"]).status is ItemStatus.DECLINED
    await refused(
        ctx,
        db,
        "meeting.item_answered",
        meetings.answer_item(ctx, AnswerItem(CHAIR, meeting.id, item_ids["Fiber"], True)),
    )
    actions = [e.action for e in db.audit if e.action.startswith("meeting.item")]
    assert actions.count("meeting.item_proposed") == 3
    assert actions[-3:] == [
        "meeting.item_accepted",
        "meeting.item_accepted",
        "meeting.item_declined",
    ]
    assert any(d.key == f"cards:agenda:{meeting.id}" for d in db.rows("outbox"))


async def test_a_meeting_is_held_in_order_and_its_minutes_approved_by_those_present(
    ctx: Context, db: FakeDatabase, clock: FixedClock
) -> None:
    proposal = await ready_proposal(ctx)
    meeting = await first_committee_meeting(ctx)
    assert meeting.id is not None and proposal.id is not None
    await meetings.add_item(ctx, AddAgendaItem(CHAIR, meeting.id, proposal_id=proposal.id))
    await meetings.add_item(ctx, AddAgendaItem(CHAIR, meeting.id, title="Orientering"))

    await refused(
        ctx, db, "meeting.not_yet", meetings.open_meeting(ctx, OpenMeeting(CHAIR, meeting.id))
    )
    clock.advance_to(at(meeting.on))
    await refused(
        ctx,
        db,
        "policy.meeting_chair_only",
        meetings.open_meeting(ctx, OpenMeeting(MOLDE, meeting.id)),
    )
    await refused(
        ctx,
        db,
        "meeting.not_opened",
        meetings.record_attendance(ctx, RecordAttendance(CHAIR, meeting.id, (MOLDE,))),
    )
    opened = await meetings.open_meeting(ctx, OpenMeeting(CHAIR, meeting.id))
    assert opened.in_session and opened.current_position == 1
    await refused(
        ctx,
        db,
        "meeting.unknown_attendee",
        meetings.record_attendance(ctx, RecordAttendance(CHAIR, meeting.id, (BOARD_CHAIR,))),
    )
    await refused(
        ctx,
        db,
        "meeting.attendance_required",
        meetings.close_meeting(ctx, CloseMeeting(CHAIR, meeting.id)),
    )
    present = (CHAIR, MOLDE, RAUMA, "vara-molde")
    held = await meetings.record_attendance(ctx, RecordAttendance(CHAIR, meeting.id, present))
    assert set(held.present) == set(present)
    assert {a["member"] for a in held.attendance or []} == set(participants(held, ctx.mandate))

    vote = await votes.open_vote(ctx, OpenVote(CHAIR, proposal.id))
    assert vote.meeting_id == meeting.id  # the vote belongs to the meeting in session
    assert vote.id is not None
    for municipality in ("aukra", "molde", "rauma", "vestnes"):
        await votes.cast_ballot(ctx, CastBallot(BESTILLERE[municipality], vote.id, Choice.FOR))
    await votes.close_vote(ctx, CloseVote(CHAIR, vote.id))
    taken = await meetings.next_item(ctx, NextItem(CHAIR, meeting.id))
    in_hand = taken.current_item()
    assert in_hand is not None and in_hand.title == "Orientering"
    assert taken.items[0].decision == "recommended"

    closed = await meetings.close_meeting(ctx, CloseMeeting(CHAIR, meeting.id))
    assert closed.minutes is not None
    assert closed.minutes["attendees"] == [ctx.mandate.member(m).name for m in closed.present]
    assert closed.minutes["items"][0]["vote"]["outcome"] == "recommended"
    first = closed.items[0].id or 0
    noted = await meetings.note_items(
        ctx, NoteItems(CHAIR, meeting.id, ((first, "Anbefalt enstemmig."),))
    )
    assert noted.minutes is not None and noted.minutes["items"][0]["minutes_note"] == (
        "Anbefalt enstemmig."
    )
    await refused(
        ctx,
        db,
        "policy.meeting_chair_only",
        meetings.note_items(ctx, NoteItems(MOLDE, meeting.id, ((first, "Endret"),))),
    )
    await refused(
        ctx,
        db,
        "meeting.not_present",
        meetings.confirm_minutes(ctx, ConfirmMinutes(BESTILLERE["vestnes"], meeting.id)),
    )
    await refused(
        ctx,
        db,
        "meeting.members_confirm",
        meetings.approve_minutes(ctx, ApproveMinutes(CHAIR, meeting.id)),
    )
    minutes_key = f"minutes:meeting:{meeting.id}"
    for member in present[:-1]:
        confirmed = await meetings.confirm_minutes(ctx, ConfirmMinutes(member, meeting.id))
        assert confirmed.minutes_approved_at is None
        assert minutes_key not in [d.key for d in db.rows("outbox")]  # never a draft
    await refused(
        ctx,
        db,
        "meeting.already_confirmed",
        meetings.confirm_minutes(ctx, ConfirmMinutes(MOLDE, meeting.id)),
    )
    approved = await meetings.confirm_minutes(ctx, ConfirmMinutes(present[-1], meeting.id))
    assert approved.minutes_approved_at == clock.now()
    assert minutes_key in [d.key for d in db.rows("outbox")]
    assert [e.action for e in db.audit][-2:] == [
        "meeting.minutes_confirmed",
        "meeting.minutes_approved",
    ]


async def test_a_future_meetings_agenda_never_shows_a_result_decided_before_it(
    ctx: Context, clock: FixedClock
) -> None:
    proposal = await ready_proposal(ctx)
    meeting = await first_committee_meeting(ctx)
    assert meeting.id is not None and proposal.id is not None
    await meetings.add_item(ctx, AddAgendaItem(CHAIR, meeting.id, proposal_id=proposal.id))
    assert clock.now().date() < meeting.on
    vote = await votes.open_vote(ctx, OpenVote(CHAIR, proposal.id))
    assert vote.id is not None and vote.meeting_id is None
    for municipality in ("aukra", "molde", "rauma", "vestnes"):
        await votes.cast_ballot(ctx, CastBallot(BESTILLERE[municipality], vote.id, Choice.FOR))
    await votes.close_vote(ctx, CloseVote(CHAIR, vote.id))
    later = await meetings.get(ctx, meeting.id)
    assert [i.decision for i in later.items] == [""]


@pytest.mark.parametrize("kind", [MeetingKind.BOARD])
async def test_the_board_chair_leads_the_board_meeting(
    ctx: Context, db: FakeDatabase, clock: FixedClock, kind: MeetingKind
) -> None:
    planned = await meetings.plan_year(ctx, CHAIR, 2027)
    board = next(m for m in planned if m.kind is kind)
    assert board.id is not None
    clock.advance_to(at(board.on))
    await refused(
        ctx,
        db,
        "policy.meeting_chair_only",
        meetings.open_meeting(ctx, OpenMeeting(CHAIR, board.id)),
    )
    opened = await meetings.open_meeting(ctx, OpenMeeting(BOARD_CHAIR, board.id))
    assert opened.in_session
    assert participants(opened, ctx.mandate)[0] == BOARD_CHAIR
