"""Decisions after the committee (mandate rules 4 and 6): the use case of the one who decides a
matter (``governance.domain.decisions``), and the decision card that reaches them.

When the committee's vote leaves a matter recommended, not recommended or without agreement,
``request_decision`` puts its decision card into the outbox for whoever the mandate file names:
a person's personal chat (daglig leder) or a body's channel (the board). ``decide`` records the
decision with its reason in one transaction with everything that follows from it: the step of
the proposal, the audit entry, the decision document for the committee's and the board's Teams
areas (each announced in its channel), the portfolio row, and the refresh of every posted copy
of the decision card. A matter taken to the board goes on the board's next agenda and its card
to the board's channel.
"""

from __future__ import annotations

from datetime import timedelta

from governance.domain.decisions import (
    VERDICT_ACTIONS,
    Decision,
    Verdict,
    awaits_decision,
    require_meeting_held,
    require_reason,
    verdicts,
)
from governance.domain.errors import InvalidInput
from governance.domain.meetings import ItemKind, Meeting, MeetingKind
from governance.domain.messages import Msg
from governance.domain.outbox import (
    PublicationKind,
    decision_record_key,
    decision_request_key,
)
from governance.domain.proposals import Proposal
from governance.domain.reminders import body_recipient, member_recipient
from governance.domain.subjects import AuditSubject, CardSubject
from governance.domain.text import require_clean_text
from governance.i18n import N_
from governance.ports import UnitOfWork
from governance.services import outbox, policies
from governance.services.commands import Decide
from governance.services.context import Context, record, retry_on_conflict
from governance.services.submitter_notices import tell_submitter

DEFAULT_BOARD_LEAD = timedelta(days=14)  # when the file lists no board meeting ahead


async def request_decision(ctx: Context, uow: UnitOfWork, proposal: Proposal) -> None:
    """The matter's decision card goes to whoever decides it now (in this unit of work)."""
    who = policies.decider_of(proposal, ctx.mandate)
    if who is None:
        return
    assert proposal.id is not None
    recipient = body_recipient(who) if ctx.mandate.is_body(who) else member_recipient(who)
    await outbox.enqueue(
        ctx,
        uow,
        PublicationKind.DECISION_REQUEST,
        decision_request_key(proposal.id, len(proposal.history)),
        who if ctx.mandate.is_body(who) else "",
        {"proposal_id": proposal.id, "recipient": recipient},
    )


@retry_on_conflict
async def decide(ctx: Context, cmd: Decide) -> Decision:
    """Record the decision of the one the mandate file names, or refuse and change nothing."""
    mandate = ctx.mandate
    member = mandate.member(cmd.actor)
    reason = require_reason(require_clean_text(cmd.reason, Msg(N_("Reason"))))
    async with ctx.unit() as uow:
        proposal = await uow.proposals.get(cmd.proposal_id)
        decider = policies.require_decides(member, proposal, mandate)
        by_body = mandate.is_body(decider)
        if cmd.verdict not in verdicts(proposal.state, by_body=by_body):
            raise InvalidInput(
                "decision.verdict_not_open",
                N_("This decision is not one that can be made on proposal {number} now."),
                number=proposal.number,
            )
        meeting = await _meeting_of(ctx, uow, decider, cmd.meeting_id) if by_body else None
        now, from_state = ctx.clock.now(), proposal.state
        event = proposal.apply(
            VERDICT_ACTIONS[cmd.verdict],
            by=member.id,
            at=now,
            comment=reason,
            capacities=policies.capacities(member, proposal, mandate),
        )
        decision = Decision(
            proposal_id=cmd.proposal_id,
            decider=decider,
            decided_by=member.id,
            verdict=cmd.verdict,
            reason=reason,
            from_state=from_state,
            decided_at=now,
            meeting_id=meeting.id if meeting is not None else None,
        )
        uow.decisions.add(decision)
        await uow.flush()
        if meeting is not None and meeting.is_open:
            meeting.record_decision(cmd.proposal_id, cmd.verdict.value)
        board_meeting = None
        if cmd.verdict is Verdict.TO_BOARD:
            board_meeting = await put_on_board_agenda(ctx, uow, proposal, taken_by=member.id)
        await record(
            ctx,
            uow,
            member.id,
            "decision.recorded",
            AuditSubject.decision(decision.id),
            {
                "proposal_id": cmd.proposal_id,
                "decider": decider,
                "verdict": cmd.verdict.value,
                "reason": reason,
                "from": from_state.value,
                "to": proposal.state.value,
                "meeting_id": decision.meeting_id,
                "board_meeting_id": board_meeting.id if board_meeting else None,
            },
        )
        told = {"decider": decider, "reason": reason}
        if meeting is not None:
            told["meeting_on"] = meeting.on.isoformat()
        if board_meeting is not None:
            told["board_meeting_on"] = board_meeting.on.isoformat()
        await tell_submitter(ctx, uow, proposal, event, note=told)
        await _publish(ctx, uow, decision)
        await outbox.cards_changed(ctx, uow, CardSubject.decision(cmd.proposal_id))
        if awaits_decision(proposal.state):  # taken to the board: the board's turn
            await request_decision(ctx, uow, proposal)
        await uow.commit()
    return decision


async def _meeting_of(
    ctx: Context, uow: UnitOfWork, body_id: str, meeting_id: int | None
) -> Meeting:
    """The body's meeting that decided: named, of that body, and held."""
    body = ctx.mandate.body(body_id)
    if meeting_id is None:
        raise InvalidInput(
            "decision.meeting_required",
            N_("Choose the meeting of {body} that made the decision."),
            body=body.name,
        )
    meeting = await uow.meetings.get(meeting_id)
    if meeting.body_id != body_id:
        raise InvalidInput(
            "decision.meeting_of_other_body",
            N_("That meeting is not a meeting of {body}."),
            body=body.name,
        )
    require_meeting_held(meeting.on, ctx.today(), body.name)
    return meeting


async def _publish(ctx: Context, uow: UnitOfWork, decision: Decision) -> None:
    """The decision document goes to the committee's and the board's Teams areas (each is
    announced in its channel once filed); the portfolio row shows it as the last decision."""
    assert decision.id is not None
    payload = {"decision_id": decision.id, "proposal_id": decision.proposal_id}
    mandate = ctx.mandate
    for body_id, board in ((mandate.committee, False), (mandate.board, True)):
        await outbox.enqueue(
            ctx,
            uow,
            PublicationKind.DECISION,
            decision_record_key(decision.id, board=board),
            body_id,
            payload,
        )
    await outbox.portfolio_changed(ctx, uow, decision.proposal_id)


async def put_on_board_agenda(
    ctx: Context, uow: UnitOfWork, proposal: Proposal, *, taken_by: str | None = None
) -> Meeting:
    """The matter goes on the agenda of the board's next open meeting (one is put on record
    from the mandate's board dates, or 14 days ahead when no date is known). ``taken_by``: the
    person who took it there; else the committee did not reach agreement."""
    board = ctx.mandate.board
    today = ctx.today()
    meeting = await uow.meetings.next_open(board, today)
    if meeting is None:
        upcoming = sorted(d for d in ctx.mandate.board_meetings if d >= today)
        on = upcoming[0] if upcoming else today + DEFAULT_BOARD_LEAD
        meeting = Meeting(
            board,
            MeetingKind.BOARD,
            on,
            ctx.mandate.body(board).name,
            created_by="system",
            created_at=ctx.clock.now(),
        )
        uow.meetings.add(meeting)
    note = (
        N_("Taken to the board by the one who decides.")
        if taken_by is not None
        else N_("The committee did not reach agreement.")
    )
    meeting.add_item(ItemKind.ESCALATED, proposal.title, proposal_id=proposal.id, note=note)
    await uow.flush()
    return meeting
