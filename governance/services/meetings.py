"""Use cases of meetings (mandate rule 5): plan them from the board dates, build the agenda
from ready proposals, close with a minutes draft, approve the minutes."""

from __future__ import annotations

from datetime import date

from governance.domain.errors import InvalidInput
from governance.domain.meetings import ItemKind, Meeting, MeetingKind, minutes_draft
from governance.domain.meetings_calendar import PlannedMeeting, planned_meetings
from governance.domain.outbox import PublicationKind, minutes_key
from governance.domain.proposals import Action, ProposalState
from governance.domain.subjects import AuditSubject
from governance.i18n import N_, translate
from governance.services import outbox, policies
from governance.services.commands import (
    AddAgendaItem,
    AddToNextAgenda,
    ApproveMinutes,
    BuildAgenda,
    CallMeeting,
    CloseMeeting,
)
from governance.services.context import Context, record, retry_on_conflict
from governance.services.submitter_notices import tell_submitter
from governance.services.votes import summary

_TITLES = {
    "committee": N_("Meeting of {body}"),
    "group_leaders": N_("Meeting with the group leaders"),
    "board": N_("Board meeting"),
    "other": N_("Meeting"),
}


def _title(ctx: Context, body_id: str, kind: MeetingKind) -> str:
    """A stored title in the cooperation's own language (the mandate's locale)."""
    return translate(_TITLES[kind.value], ctx.mandate.locale, body=ctx.mandate.body(body_id).name)


def calendar(ctx: Context, year: int) -> list[PlannedMeeting]:
    """Every meeting the mandate calls for in ``year`` (pure; nothing stored)."""
    return planned_meetings(ctx.mandate, year)


@retry_on_conflict
async def plan_year(ctx: Context, actor: str, year: int) -> list[Meeting]:
    """Store the year's planned meetings; safe to run twice (existing ones are kept)."""
    async with ctx.unit() as uow:
        created: list[Meeting] = []
        for planned in calendar(ctx, year):
            body = planned.body_id or ctx.mandate.committee
            if await uow.meetings.on_date(body, planned.kind, planned.on):
                continue
            meeting = Meeting(
                body,
                planned.kind,
                planned.on,
                _title(ctx, body, planned.kind),
                created_by=actor,
                created_at=ctx.clock.now(),
            )
            uow.meetings.add(meeting)
            created.append(meeting)
        await uow.flush()
        if created:
            await record(
                ctx,
                uow,
                actor,
                "meetings.planned",
                AuditSubject.year(year),
                {"meetings": [m.id for m in created]},
            )
        await uow.commit()
    return created


@retry_on_conflict
async def build_agenda(ctx: Context, cmd: BuildAgenda) -> Meeting:
    """Put every ``ready`` proposal on the meeting's agenda (saksliste)."""
    actor, meeting_id = cmd.actor, cmd.meeting_id
    member = ctx.mandate.member(actor)
    policies.require_chair(member, ctx.mandate)
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(meeting_id)
        for proposal in await uow.proposals.in_states(ProposalState.READY):
            event = proposal.apply(
                Action.PUT_ON_AGENDA,
                by=actor,
                at=ctx.clock.now(),
                capacities=policies.capacities(member, proposal, ctx.mandate),
            )
            meeting.add_item(ItemKind.PROPOSAL, proposal.title, proposal_id=proposal.id)
            await tell_submitter(ctx, uow, proposal, event, note=_meeting_note(meeting))
        await record(
            ctx,
            uow,
            actor,
            "meeting.agenda_built",
            AuditSubject.meeting(meeting.id),
            {"proposals": meeting.proposal_ids()},
        )
        await uow.commit()
    return meeting


@retry_on_conflict
async def add_item(ctx: Context, cmd: AddAgendaItem) -> Meeting:
    """Add one proposal (it must be ready) or a free item to the agenda."""
    actor, meeting_id, title, proposal_id, note = (
        cmd.actor,
        cmd.meeting_id,
        cmd.title,
        cmd.proposal_id,
        cmd.note,
    )
    member = ctx.mandate.member(actor)
    policies.require_chair(member, ctx.mandate)
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(meeting_id)
        if proposal_id is None:
            meeting.add_item(ItemKind.FREE, title, note=note)
        else:
            proposal = await uow.proposals.get(proposal_id)
            event = proposal.apply(
                Action.PUT_ON_AGENDA,
                by=actor,
                at=ctx.clock.now(),
                capacities=policies.capacities(member, proposal, ctx.mandate),
            )
            meeting.add_item(
                ItemKind.PROPOSAL, title or proposal.title, proposal_id=proposal.id, note=note
            )
            await tell_submitter(ctx, uow, proposal, event, note=_meeting_note(meeting))
        await record(
            ctx,
            uow,
            actor,
            "meeting.item_added",
            AuditSubject.meeting(meeting.id),
            {"title": title, "proposal": proposal_id},
        )
        await uow.commit()
    return meeting


@retry_on_conflict
async def close_meeting(ctx: Context, cmd: CloseMeeting) -> Meeting:
    """Close the meeting; the minutes draft (referat) is made from its votes and decisions."""
    actor, meeting_id, attendees = cmd.actor, cmd.meeting_id, cmd.attendees
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    unknown = [a for a in attendees or [] if a not in {m.id for m in ctx.mandate.members}]
    if unknown:
        raise InvalidInput(
            "meeting.unknown_attendee", N_("Unknown attendee: {ids}."), ids=", ".join(unknown)
        )
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(meeting_id)
        results = {}
        for proposal_id in meeting.proposal_ids():
            closed = [v for v in await uow.votes.for_proposal(proposal_id) if not v.is_open]
            if closed:
                results[proposal_id] = summary(closed[-1].current_tally())
        names = [ctx.mandate.member(a).name for a in attendees or []]
        meeting.close(minutes_draft(meeting, results, names), by=actor, at=ctx.clock.now())
        await record(
            ctx,
            uow,
            actor,
            "meeting.closed",
            AuditSubject.meeting(meeting.id),
            {"items": len(meeting.agenda)},
        )
        await uow.commit()
    return meeting


@retry_on_conflict
async def approve_minutes(ctx: Context, cmd: ApproveMinutes) -> Meeting:
    actor, meeting_id = cmd.actor, cmd.meeting_id
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(meeting_id)
        meeting.approve_minutes(by=actor, at=ctx.clock.now())
        await record(
            ctx, uow, actor, "meeting.minutes_approved", AuditSubject.meeting(meeting.id), {}
        )
        await outbox.enqueue(
            ctx,
            uow,
            PublicationKind.MINUTES,
            minutes_key(meeting_id),
            meeting.body_id,
            {"meeting_id": meeting.id},
        )
        await uow.commit()
    return meeting


async def upcoming(ctx: Context, body_id: str, from_date: date) -> list[Meeting]:
    async with ctx.reading() as uow:
        return await uow.meetings.of_body(body_id, from_date=from_date)


async def on_date(ctx: Context, body_id: str, kind: MeetingKind, on: date) -> Meeting | None:
    """The body's meeting of ``kind`` on ``on``, planning that year from the mandate first when
    it is not on record."""
    async with ctx.reading() as uow:
        found = await uow.meetings.on_date(body_id, kind, on)
    if found is None:
        await plan_year(ctx, "system", on.year)
        async with ctx.reading() as uow:
            found = await uow.meetings.on_date(body_id, kind, on)
    return found


async def get(ctx: Context, meeting_id: int) -> Meeting:
    async with ctx.reading() as uow:
        return await uow.meetings.get(meeting_id)


@retry_on_conflict
async def create_meeting(ctx: Context, cmd: CallMeeting) -> Meeting:
    """The chair calls an extra meeting of a body (beyond those derived from the mandate)."""
    actor, body_id, kind, on, title = cmd.actor, cmd.body_id, cmd.kind, cmd.on, cmd.title
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    ctx.mandate.body(body_id)
    async with ctx.unit() as uow:
        if await uow.meetings.on_date(body_id, kind, on):
            raise InvalidInput(
                "meeting.exists",
                N_("{body} already meets on {on}."),
                body=ctx.mandate.body(body_id).name,
                on=on.isoformat(),
            )
        meeting = Meeting(
            body_id,
            kind,
            on,
            title or _title(ctx, body_id, kind),
            created_by=actor,
            created_at=ctx.clock.now(),
        )
        uow.meetings.add(meeting)
        await uow.flush()
        await record(
            ctx,
            uow,
            actor,
            "meeting.created",
            AuditSubject.meeting(meeting.id),
            {"body": body_id, "kind": kind.value, "on": on.isoformat()},
        )
        await uow.commit()
    return meeting


async def next_meeting(ctx: Context, body_id: str) -> Meeting | None:
    """The body's next open meeting from today, planning this year's and next year's meetings
    from the mandate first when none is stored yet (nothing is written when one exists)."""
    today = ctx.today()
    async with ctx.reading() as uow:
        found = await uow.meetings.next_open(body_id, today)
    if found is None:
        for year in (today.year, today.year + 1):
            await plan_year(ctx, "system", year)
        async with ctx.reading() as uow:
            found = await uow.meetings.next_open(body_id, today)
    return found


async def add_to_next_agenda(ctx: Context, cmd: AddToNextAgenda) -> Meeting:
    """The chair puts a ready proposal on the committee's next meeting's agenda (rule 5)."""
    actor, proposal_id = cmd.actor, cmd.proposal_id
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    meeting = await next_meeting(ctx, ctx.mandate.committee)
    if meeting is None or meeting.id is None:
        raise InvalidInput(
            "meeting.none_planned",
            N_(
                "No meeting of the committee is planned, so there is no agenda "
                "to add to. Add the board's meeting dates to the mandate file."
            ),
        )
    return await add_item(ctx, AddAgendaItem(actor, meeting.id, proposal_id=proposal_id))


def _meeting_note(meeting: Meeting) -> dict[str, str]:
    """What the submitter's notice says of the meeting whose agenda their proposal is on."""
    return {"meeting_on": meeting.on.isoformat()}
