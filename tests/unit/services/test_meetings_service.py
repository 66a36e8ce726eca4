"""Meetings on the fake unit of work (mandate rule 5): planning a year once, calling an extra
meeting, the agenda, closing with minutes and approving them; refusals that store nothing."""

from __future__ import annotations

from datetime import date

from governance.domain.meetings import ItemKind, MeetingKind
from governance.domain.proposals import ProposalState
from governance.services import meetings, proposals
from governance.services.commands import (
    AddAgendaItem,
    ApproveMinutes,
    BuildAgenda,
    CallMeeting,
    CloseMeeting,
)
from governance.services.context import Context
from tests.fakes.uow import FakeDatabase
from tests.integration.helpers import BESTILLERE, CHAIR, ready_proposal
from tests.unit.services.helpers import refused


async def test_planning_a_year_twice_stores_its_meetings_once(
    ctx: Context, db: FakeDatabase
) -> None:
    created = await meetings.plan_year(ctx, CHAIR, 2027)
    assert created and [m.id for m in created] == list(range(1, len(created) + 1))
    assert await meetings.plan_year(ctx, CHAIR, 2027) == []
    assert len(db.rows("meetings")) == len(created)
    assert [e.action for e in db.audit] == ["meetings.planned"]
    assert db.audit[0].data == {"meetings": [m.id for m in created]}


async def test_upcoming_meetings_come_by_date_from_the_given_day(ctx: Context) -> None:
    await meetings.plan_year(ctx, CHAIR, 2027)
    committee = ctx.mandate.committee
    found = await meetings.upcoming(ctx, committee, date(2027, 6, 1))
    assert found and all(m.body_id == committee and m.on >= date(2027, 6, 1) for m in found)
    assert [m.on for m in found] == sorted(m.on for m in found)


async def test_the_chair_calls_an_extra_meeting_once_per_day(
    ctx: Context, db: FakeDatabase
) -> None:
    committee, on = ctx.mandate.committee, date(2027, 3, 3)
    meeting = await meetings.create_meeting(
        ctx, CallMeeting(CHAIR, committee, MeetingKind.OTHER, on, "Ekstra")
    )
    assert (meeting.title, meeting.on, meeting.is_open) == ("Ekstra", on, True)
    assert await meetings.on_date(ctx, committee, MeetingKind.OTHER, on) is not None
    await refused(
        ctx,
        db,
        "meeting.exists",
        meetings.create_meeting(ctx, CallMeeting(CHAIR, committee, MeetingKind.OTHER, on)),
    )
    await refused(
        ctx,
        db,
        "policy.chair_only",
        meetings.create_meeting(
            ctx, CallMeeting(BESTILLERE["molde"], committee, MeetingKind.OTHER, on)
        ),
    )


async def test_the_agenda_takes_the_ready_proposals_and_a_free_item(ctx: Context) -> None:
    ready = await ready_proposal(ctx)
    meeting = (await meetings.plan_year(ctx, CHAIR, 2027))[0]
    assert meeting.id is not None
    await meetings.build_agenda(ctx, BuildAgenda(CHAIR, meeting.id))
    built = await meetings.add_item(ctx, AddAgendaItem(CHAIR, meeting.id, title="Eventuelt"))
    assert [(i.kind, i.title, i.proposal_id) for i in built.agenda] == [
        (ItemKind.PROPOSAL, ready.title, ready.id),
        (ItemKind.FREE, "Eventuelt", None),
    ]
    stored = await meetings.get(ctx, meeting.id)
    assert [i.position for i in stored.agenda] == sorted(i.position for i in stored.agenda)
    assert (await proposals.get(ctx, ready.id or 0)).state is ProposalState.ON_AGENDA


async def test_only_the_chair_builds_the_agenda(ctx: Context, db: FakeDatabase) -> None:
    await ready_proposal(ctx)
    meeting = (await meetings.plan_year(ctx, CHAIR, 2027))[0]
    assert meeting.id is not None
    await refused(
        ctx,
        db,
        "policy.chair_only",
        meetings.build_agenda(ctx, BuildAgenda(BESTILLERE["molde"], meeting.id)),
    )
    await refused(ctx, db, "meeting.not_found", meetings.build_agenda(ctx, BuildAgenda(CHAIR, 999)))


async def test_closing_drafts_the_minutes_and_approving_them_publishes_them(
    ctx: Context, db: FakeDatabase
) -> None:
    meeting = (await meetings.plan_year(ctx, CHAIR, 2027))[0]
    assert meeting.id is not None
    await meetings.add_item(ctx, AddAgendaItem(CHAIR, meeting.id, title="Orientering"))
    closed = await meetings.close_meeting(
        ctx, CloseMeeting(CHAIR, meeting.id, attendees=[BESTILLERE["rauma"]])
    )
    assert not closed.is_open and closed.minutes
    await refused(
        ctx,
        db,
        "meeting.unknown_attendee",
        meetings.close_meeting(ctx, CloseMeeting(CHAIR, meeting.id, attendees=["stranger"])),
    )
    approved = await meetings.approve_minutes(ctx, ApproveMinutes(CHAIR, meeting.id))
    assert approved.minutes_approved_at == ctx.clock.now()
    assert f"minutes:meeting:{meeting.id}" in [d.key for d in db.rows("outbox")]
    assert [e.action for e in db.audit][-2:] == ["meeting.closed", "meeting.minutes_approved"]
