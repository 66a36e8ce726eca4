"""Use cases of meetings (mandate rule 5): plan them from the board dates; before the meeting,
build the agenda from ready proposals and the free items participants propose and the chair
accepts; during it, the chair opens it, records who is present and takes the items in order;
after it, closing drafts the minutes, the chair notes each item, and those present confirm the
minutes, which are then published. Every change refreshes the posted copies of the meeting's
card (through the outbox)."""

from __future__ import annotations

from datetime import date

from governance.domain.calendar import OSLO
from governance.domain.errors import InvalidInput
from governance.domain.meetings import ItemKind, Meeting, MeetingKind, minutes_draft, participants
from governance.domain.meetings_calendar import PlannedMeeting, planned_meetings
from governance.domain.messages import Msg
from governance.domain.outbox import PublicationKind, minutes_key
from governance.domain.proposals import Action, ProposalState
from governance.domain.subjects import AuditSubject, CardSubject
from governance.domain.text import require_clean_text
from governance.i18n import N_, translate
from governance.ports import UnitOfWork
from governance.services import outbox, policies
from governance.services.commands import (
    AddAgendaItem,
    AddToNextAgenda,
    AnswerItem,
    ApproveMinutes,
    BuildAgenda,
    CallMeeting,
    CloseMeeting,
    ConfirmMinutes,
    NextItem,
    NoteItems,
    OpenMeeting,
    ProposeItem,
    RecordAttendance,
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
    member = ctx.mandate.member(actor)
    unknown = [a for a in attendees or [] if a not in {m.id for m in ctx.mandate.members}]
    if unknown:
        raise InvalidInput(
            "meeting.unknown_attendee", N_("Unknown attendee: {ids}."), ids=", ".join(unknown)
        )
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(meeting_id)
        policies.require_chairs_meeting(member, meeting, ctx.mandate)
        results = {}
        for proposal_id in meeting.proposal_ids():
            closed = [
                v
                for v in await uow.votes.for_proposal(proposal_id)
                if v.closed_at is not None
                and (
                    v.meeting_id == meeting.id
                    or (v.meeting_id is None and v.closed_at.astimezone(OSLO).date() >= meeting.on)
                )
            ]
            if closed:
                results[proposal_id] = summary(closed[-1].current_tally())
        present = meeting.present or list(attendees or [])
        names = [ctx.mandate.member(a).name for a in present]
        meeting.close(minutes_draft(meeting, results, names), by=actor, at=ctx.clock.now())
        await record(
            ctx,
            uow,
            actor,
            "meeting.closed",
            AuditSubject.meeting(meeting.id),
            {"items": len(meeting.items), "present": present},
        )
        await _changed(ctx, uow, meeting)
        await uow.commit()
    return meeting


@retry_on_conflict
async def approve_minutes(ctx: Context, cmd: ApproveMinutes) -> Meeting:
    """The chair approves the minutes of a meeting not held in Teams (no attendance on record)."""
    actor, meeting_id = cmd.actor, cmd.meeting_id
    member = ctx.mandate.member(actor)
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(meeting_id)
        policies.require_chairs_meeting(member, meeting, ctx.mandate)
        meeting.approve_minutes(by=actor, at=ctx.clock.now())
        await _approved(ctx, uow, actor, meeting)
        await uow.commit()
    return meeting


async def _approved(ctx: Context, uow: UnitOfWork, actor: str, meeting: Meeting) -> None:
    """Approved minutes are audited and published (Word and PDF under Referater/<year>/, then
    announced in the body's channel); minutes never reach the Teams area before this."""
    assert meeting.id is not None
    await record(ctx, uow, actor, "meeting.minutes_approved", AuditSubject.meeting(meeting.id), {})
    await outbox.enqueue(
        ctx,
        uow,
        PublicationKind.MINUTES,
        minutes_key(meeting.id),
        meeting.body_id,
        {"meeting_id": meeting.id},
    )
    await _changed(ctx, uow, meeting)


async def _changed(ctx: Context, uow: UnitOfWork, meeting: Meeting) -> None:
    """Every posted copy of the meeting's card follows (after commit, outside the click)."""
    assert meeting.id is not None
    await outbox.cards_changed(ctx, uow, CardSubject.agenda(meeting.id))


@retry_on_conflict
async def propose_item(ctx: Context, cmd: ProposeItem) -> Meeting:
    """A participant proposes a free item (orientation, discussion, eventuelt) in answer to the
    call for agenda items; it waits for the chair."""
    member = ctx.mandate.member(cmd.actor)
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(cmd.meeting_id)
        policies.require_participant(member, meeting, ctx.mandate)
        item = meeting.propose_item(
            cmd.kind,
            require_clean_text(cmd.title, Msg(N_("Title"))),
            require_clean_text(cmd.note, Msg(N_("Note"))),
            by=cmd.actor,
        )
        await uow.flush()
        await record(
            ctx,
            uow,
            cmd.actor,
            "meeting.item_proposed",
            AuditSubject.meeting(meeting.id),
            {"item": item.id, "kind": item.kind.value, "title": item.title},
        )
        await _changed(ctx, uow, meeting)
        await uow.commit()
    return meeting


@retry_on_conflict
async def answer_item(ctx: Context, cmd: AnswerItem) -> Meeting:
    """The chair accepts a proposed item onto the agenda (before eventuelt) or declines it."""
    member = ctx.mandate.member(cmd.actor)
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(cmd.meeting_id)
        policies.require_chairs_meeting(member, meeting, ctx.mandate)
        item = meeting.answer_item(cmd.item_id, accept=cmd.accept)
        await record(
            ctx,
            uow,
            cmd.actor,
            "meeting.item_accepted" if cmd.accept else "meeting.item_declined",
            AuditSubject.meeting(meeting.id),
            {"item": item.id, "title": item.title, "position": item.position},
        )
        await _changed(ctx, uow, meeting)
        await uow.commit()
    return meeting


@retry_on_conflict
async def open_meeting(ctx: Context, cmd: OpenMeeting) -> Meeting:
    """The chair opens the meeting on its day; the first item is taken up."""
    member = ctx.mandate.member(cmd.actor)
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(cmd.meeting_id)
        policies.require_chairs_meeting(member, meeting, ctx.mandate)
        meeting.open(by=cmd.actor, at=ctx.clock.now(), today=ctx.today())
        await record(ctx, uow, cmd.actor, "meeting.opened", AuditSubject.meeting(meeting.id), {})
        await _changed(ctx, uow, meeting)
        await uow.commit()
    return meeting


@retry_on_conflict
async def record_attendance(ctx: Context, cmd: RecordAttendance) -> Meeting:
    """The chair records who of the participants is present (deputies included)."""
    member = ctx.mandate.member(cmd.actor)
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(cmd.meeting_id)
        policies.require_chairs_meeting(member, meeting, ctx.mandate)
        meeting.record_attendance(participants(meeting, ctx.mandate), cmd.present)
        await record(
            ctx,
            uow,
            cmd.actor,
            "meeting.attendance",
            AuditSubject.meeting(meeting.id),
            {"present": meeting.present},
        )
        await _changed(ctx, uow, meeting)
        await uow.commit()
    return meeting


@retry_on_conflict
async def next_item(ctx: Context, cmd: NextItem) -> Meeting:
    """The chair takes up the next item of the agenda, in order."""
    member = ctx.mandate.member(cmd.actor)
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(cmd.meeting_id)
        policies.require_chairs_meeting(member, meeting, ctx.mandate)
        item = meeting.next_item()
        await record(
            ctx,
            uow,
            cmd.actor,
            "meeting.item_taken",
            AuditSubject.meeting(meeting.id),
            {"position": item.position if item else None},
        )
        await _changed(ctx, uow, meeting)
        await uow.commit()
    return meeting


@retry_on_conflict
async def note_items(ctx: Context, cmd: NoteItems) -> Meeting:
    """The chair's notes per item in the minutes draft (only notes that changed are written)."""
    member = ctx.mandate.member(cmd.actor)
    notes = [(i, require_clean_text(n, Msg(N_("Note")))) for i, n in cmd.notes]
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(cmd.meeting_id)
        policies.require_chairs_meeting(member, meeting, ctx.mandate)
        changed = [
            meeting.note_item(item_id, note)
            for item_id, note in notes
            if meeting.item(item_id).minutes_note != note.strip()
        ]
        if changed:
            await record(
                ctx,
                uow,
                cmd.actor,
                "meeting.minutes_noted",
                AuditSubject.meeting(meeting.id),
                {"items": [i.position for i in changed]},
            )
            await _changed(ctx, uow, meeting)
        await uow.commit()
    return meeting


@retry_on_conflict
async def confirm_minutes(ctx: Context, cmd: ConfirmMinutes) -> Meeting:
    """One of those present confirms the minutes ("godkjent"); the last one approves them."""
    async with ctx.unit() as uow:
        meeting = await uow.meetings.get(cmd.meeting_id)
        approved = meeting.confirm_minutes(cmd.actor, at=ctx.clock.now())
        await record(
            ctx,
            uow,
            cmd.actor,
            "meeting.minutes_confirmed",
            AuditSubject.meeting(meeting.id),
            {"waiting": [m for m in meeting.present if m not in meeting.confirmed_by]},
        )
        if approved:
            await _approved(ctx, uow, cmd.actor, meeting)
        else:
            await _changed(ctx, uow, meeting)
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


async def next_meeting(
    ctx: Context, body_id: str, kind: MeetingKind | None = None
) -> Meeting | None:
    """The body's next open meeting from today (its ordinary kind unless ``kind`` is given: the
    committee's own meetings, never those with the group leaders), planning this year's and next
    year's meetings from the mandate first when none is stored yet (nothing is written when one
    exists)."""
    today = ctx.today()
    wanted = kind or _ordinary_kind(ctx, body_id)
    async with ctx.reading() as uow:
        found = await uow.meetings.next_open(body_id, today, wanted)
    if found is None:
        for year in (today.year, today.year + 1):
            await plan_year(ctx, "system", year)
        async with ctx.reading() as uow:
            found = await uow.meetings.next_open(body_id, today, wanted)
    return found


def _ordinary_kind(ctx: Context, body_id: str) -> MeetingKind | None:
    if body_id == ctx.mandate.committee:
        return MeetingKind.COMMITTEE
    if body_id == ctx.mandate.board:
        return MeetingKind.BOARD
    return None


async def current(ctx: Context, body_id: str, kind: MeetingKind | None = None) -> Meeting | None:
    """The meeting a body's members work on now: the one in session, else the latest whose
    minutes wait for approval, else the next one."""
    wanted = kind or _ordinary_kind(ctx, body_id)
    async with ctx.reading() as uow:
        held = [m for m in await uow.meetings.of_body(body_id) if wanted in (None, m.kind)]
    in_session = [m for m in held if m.in_session]
    if in_session:
        return in_session[-1]
    drafts = [m for m in held if m.minutes is not None and m.minutes_approved_at is None]
    if drafts:
        return drafts[-1]
    return await next_meeting(ctx, body_id, wanted)


async def add_to_next_agenda(ctx: Context, cmd: AddToNextAgenda) -> Meeting:
    """The chair puts a ready proposal on the committee's next meeting's agenda (rule 5)."""
    actor, proposal_id = cmd.actor, cmd.proposal_id
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    meeting = await next_meeting(ctx, ctx.mandate.committee, MeetingKind.COMMITTEE)
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
