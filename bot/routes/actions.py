"""Card buttons: one handler per verb of ``governance.verbs``, registered with the SDK's
``action_execute`` and answered with the card that replaces the clicked one; one catch-all
answers a tampered or unknown verb. Old clients' ``Action.Submit`` fallback reaches the same
handlers through ``submitted`` (answered with a new message). Data is read through
``bot.card_data``; the actor always comes from the identity.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import date
from http import HTTPStatus
from typing import Any

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    InvokeResponse,
)
from microsoft_agents.hosting.core import AgentApplication, RouteRank, TurnContext, TurnState

from bot import card_data as cd
from bot.errors import answer_to
from bot.routes import commands, project_actions, proposal_actions, views
from bot.turns import CARD_TYPE, Answer, Reach, Turn, begin, send
from governance import verbs
from governance.domain.decisions import parse_verdict
from governance.domain.errors import DomainError, InvalidInput
from governance.domain.meetings import ItemKind
from governance.domain.proposals import Action, QaItem
from governance.domain.reports import ReportKind
from governance.domain.tally import Choice
from governance.i18n import N_
from governance.services import annual_cycle, conversations, meetings, queries, reports
from governance.services import decisions as decision_service
from governance.services import elections as election_service
from governance.services import proposals as proposal_service
from governance.services import ranking as ranking_service
from governance.services import votes as vote_service
from governance.services.commands import (
    AddToNextAgenda,
    AnswerItem,
    CastBallot,
    CastElectionBallot,
    CloseElection,
    CloseMeeting,
    CloseRound,
    ConfirmMinutes,
    CreateDraft,
    Decide,
    MarkTaskDone,
    MoveVoteDeadline,
    NextItem,
    NoteItems,
    OpenMeeting,
    OpenRound,
    OverrideRanking,
    PostponeTask,
    ProposeItem,
    RecordAttendance,
    RegisterReport,
    SubmitProposal,
    SubmitRanking,
    TakeStep,
    TickChecklist,
    UpdateDraft,
)
from governance.views import OverrideEntry, ProposalFormView, ReportFormView, Screen, ToastView

Data = dict[str, Any]
ActionHandler = Callable[[Turn, Data], Awaitable[Screen | Answer]]


def register(agent: AgentApplication[TurnState], reach: Reach) -> None:
    """A route per verb, then (ranked last) one for every other ``adaptiveCard/action``."""
    for verb, handler in ACTIONS.items():
        agent.adaptive_card.action_execute(verb)(_executing(reach, verb, handler))

    def is_card_action(context: TurnContext) -> bool:
        activity = context.activity
        return activity.type == ActivityTypes.invoke and activity.name == "adaptiveCard/action"

    async def on_other_action(context: TurnContext, state: TurnState) -> None:
        verb, data = _verb_and_data(context.activity.value)
        locale = reach.ctx.mandate.locale
        try:
            locale = (await begin(reach, context)).locale
            cd.checked(verb, data)  # an unknown verb, or data its card cannot send
            raise cd.tampered("a verb the routes did not take")
        except Exception as error:
            view = answer_to(error, f"answering the card action {verb[:40]!r}")
        body = _card_response(reach.card(view, locale))
        await context.send_activity(
            Activity(
                type=ActivityTypes.invoke_response,
                value=InvokeResponse(
                    status=HTTPStatus.OK,
                    body=body.model_dump(mode="json", by_alias=True, exclude_none=True),
                ),
            )
        )

    agent.add_route(is_card_action, on_other_action, is_invoke=True, rank=RouteRank.LAST)


def _verb_and_data(value: Any) -> tuple[str, Any]:
    """The verb and data of a malformed action, as far as they can be read."""
    action = value.get("action") if isinstance(value, dict) else None
    if not isinstance(action, dict):
        return "", None
    verb = action.get("verb")
    return (verb if isinstance(verb, str) else ""), action.get("data")


def _card_response(card: dict[str, Any]) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=CARD_TYPE, value=card)


def _executing(
    reach: Reach, verb: str, handler: ActionHandler
) -> Callable[[TurnContext, TurnState, Any], Awaitable[AdaptiveCardInvokeResponse]]:
    async def on_execute(
        context: TurnContext, state: TurnState, data: Any
    ) -> AdaptiveCardInvokeResponse:
        locale = reach.ctx.mandate.locale
        try:
            turn = await begin(reach, context)
            locale = turn.locale
            answer = await handler(turn, cd.checked(verb, data))
            if isinstance(answer, Answer):  # the clicked card becomes this card: remember it
                await _remember_clicked(turn, context, answer)
                answer = answer.view
        except Exception as error:
            answer = answer_to(error, f"handling {verb!r}")
        return _card_response(reach.card(answer, locale))

    return on_execute


async def _remember_clicked(turn: Turn, context: TurnContext, answer: Answer) -> None:
    message_id = context.activity.reply_to_id
    if message_id:
        await conversations.record_post(
            turn.ctx, answer.subject.key, turn.conversation.key, message_id
        )


async def submitted(turn: Turn, context: TurnContext, value: Data) -> None:
    """The ``Action.Submit`` fallback of old clients: the same handlers, answered in the chat."""
    verb = str(value.get("verb"))
    clean = cd.checked(verb, value)  # refuses a verb that is not one of ACTIONS
    await send(turn, context, await ACTIONS[verb](turn, clean))


async def save_proposal(turn: Turn, data: Data) -> Screen:
    """Create or update a draft (and submit it when asked); a refusal brings the form back with
    the message and everything the user typed."""
    ctx = turn.ctx
    proposal_id = cd.id_of(data, "proposal_id") if "proposal_id" in data else None
    try:
        if proposal_id is None:
            proposal = await proposal_service.create_draft(
                ctx, CreateDraft(turn.actor, cd.proposal_input(data))
            )
        else:
            proposal = await proposal_service.update_draft(
                ctx, UpdateDraft(turn.actor, proposal_id, cd.proposal_input(data))
            )
        assert proposal.id is not None
        proposal_id = proposal.id
        if cd.flag_of(data, "submit"):
            proposal = await proposal_service.submit(ctx, SubmitProposal(turn.actor, proposal.id))
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        return ProposalFormView(cd.values_of(data), proposal_id=proposal_id, error=refusal)
    return queries.proposal_view(ctx, turn.member, proposal)


async def show_proposal(turn: Turn, data: Data) -> Screen:
    full = cd.flag_of(data, verbs.FULL_TEXT)
    return await queries.proposal(turn.ctx, turn.member, cd.id_of(data, "proposal_id"), full=full)


async def edit_proposal(turn: Turn, data: Data) -> Screen:
    return await queries.proposal_form(turn.ctx, turn.member, cd.id_of(data, "proposal_id"))


def _ticks(data: Data) -> dict[str, bool]:
    """The checklist toggles as the chair has them on screen (item value → ticked)."""
    return {
        item.value: cd.flag_of(data, f"{verbs.QA_PREFIX}{item.value}")
        for item in QaItem
        if f"{verbs.QA_PREFIX}{item.value}" in data
    }


async def _save_ticks(turn: Turn, proposal_id: int, ticks: Mapping[str, bool]) -> None:
    proposal = await proposal_service.get(turn.ctx, proposal_id)
    for item in QaItem:
        if item.value in ticks and ticks[item.value] != bool(proposal.qa.get(item.value)):
            await proposal_service.tick_checklist(
                turn.ctx, TickChecklist(turn.actor, proposal_id, item, ticks[item.value])
            )


async def save_checklist(turn: Turn, data: Data) -> Screen:
    """Save the ticks; a tick the proposal cannot back comes back, unsaved, with every tick and
    the comment as entered and what the proposal lacks."""
    proposal_id, ticks = cd.id_of(data, "proposal_id"), _ticks(data)
    comment = cd.text_of(data, verbs.QA_COMMENT)
    refusal = await queries.qa_refusal(
        turn.ctx, turn.member, proposal_id, ticks, comment, ready=False
    )
    if refusal is not None:
        return refusal
    await _save_ticks(turn, proposal_id, ticks)
    return await queries.qa(turn.ctx, turn.member, proposal_id, comment=comment)


async def _step_from_checklist(turn: Turn, proposal_id: int, step: Action, data: Data) -> Screen:
    """A step ("mark as ready", "return") pressed on the checklist: a refusal brings the checklist
    back with the ticks and the comment as entered, naming each item in the way; nothing is
    saved unless the step can be taken. A return starts the checklist again: its ticks are not
    saved."""
    ticks, comment = _ticks(data), cd.text_of(data, verbs.QA_COMMENT)
    ready = step is Action.MARK_READY
    refusal = await queries.qa_refusal(
        turn.ctx, turn.member, proposal_id, ticks, comment, ready=ready
    )
    if refusal is not None:
        return refusal
    try:
        if ready:
            await _save_ticks(turn, proposal_id, ticks)
        proposal = await proposal_service.take_step(
            turn.ctx, TakeStep(turn.actor, proposal_id, step, comment=comment)
        )
    except DomainError as error:
        if error.code.startswith(("card.", "policy.")):
            raise
        current = await queries.qa(turn.ctx, turn.member, proposal_id, comment=comment)
        return replace(current, ticks={**current.proposal.qa, **ticks}, error=error)
    return queries.proposal_view(turn.ctx, turn.member, proposal)


async def take_step(turn: Turn, data: Data) -> Screen | Answer:
    proposal_id = cd.id_of(data, "proposal_id")
    try:
        step = Action(cd.text_of(data, "step"))
    except ValueError:
        raise cd.tampered("unknown step") from None
    if step not in queries.CARD_STEPS:
        raise cd.tampered("step is not a button")
    if step in queries.QA_STEPS and (verbs.QA_COMMENT in data or _ticks(data)):
        return await _step_from_checklist(turn, proposal_id, step, data)
    if step is Action.MARK_READY:  # from the proposal card: what is missing, on the checklist
        refusal = await queries.qa_refusal(turn.ctx, turn.member, proposal_id, {}, "", ready=True)
        if refusal is not None:
            return refusal
    if step is Action.OPEN_VOTE:
        return await commands.post_vote(turn, proposal_id)
    if step is Action.PUT_ON_AGENDA:
        await meetings.add_to_next_agenda(turn.ctx, AddToNextAgenda(turn.actor, proposal_id))
        return await queries.proposal(turn.ctx, turn.member, proposal_id)
    comment = cd.text_of(data, verbs.STEP_COMMENT)
    proposal = await proposal_service.take_step(
        turn.ctx, TakeStep(turn.actor, proposal_id, step, comment=comment)
    )
    return queries.proposal_view(turn.ctx, turn.member, proposal)


async def cast(turn: Turn, data: Data) -> Screen:
    """Cast the ballot of the clicker's municipality with the reason typed; "Against" without
    a reason first asks for one (nothing is recorded) unless the card already asked. A refusal
    (no municipality, a closed vote, an odd choice, a reason too long) answers with the
    clicker's vote card, the notice and the reason as typed, never a bare notice."""
    vote_id = cd.id_of(data, "vote_id")
    reason = cd.text_of(data, verbs.BALLOT_REASON)
    try:
        choice = vote_service.parse_choice(cd.text_of(data, "choice"))
        unreasoned = not reason.strip() and not cd.flag_of(data, verbs.WITHOUT_REASON)
        if choice is Choice.MOT and unreasoned:
            current = await vote_service.get(turn.ctx, vote_id)
            if current.is_open and turn.member.municipality in current.weights:
                return await views.vote_view(turn, current, ask_reason=True)
        vote = await vote_service.cast_ballot(
            turn.ctx, CastBallot(turn.actor, vote_id, choice, reason=reason)
        )
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        current = await vote_service.get(turn.ctx, vote_id)
        return await views.vote_view(turn, current, error=refusal, reason=reason)
    return await views.vote_view(turn, vote)


async def move_deadline(turn: Turn, data: Data) -> Screen:
    """The chair gives the vote a new closing time; a refusal (not the chair, a time past or
    too far ahead, a closed vote) answers with the card and why."""
    vote_id = cd.id_of(data, "vote_id")
    try:
        chosen = cd.text_of(data, verbs.CLOSES_ON)
        try:
            closes_on = date.fromisoformat(chosen)
        except ValueError:
            raise InvalidInput(
                "vote.bad_closing_day",
                N_("Choose the day the vote closes as a date; “{given}” is not one."),
                given=chosen[:40],
            ) from None
        at = cd.text_of(data, verbs.CLOSES_AT_TIME)
        vote = await vote_service.move_deadline(
            turn.ctx, MoveVoteDeadline(turn.actor, vote_id, closes_on, at)
        )
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        current = await vote_service.get(turn.ctx, vote_id)
        return await views.vote_view(turn, current, error=refusal)
    return await views.vote_view(turn, vote)


async def refresh_vote(turn: Turn, data: Data) -> Screen:
    vote = await vote_service.get(turn.ctx, cd.id_of(data, "vote_id"))
    return await views.vote_view(turn, vote)


async def close(turn: Turn, data: Data) -> Screen:
    """The chair closes the vote; anyone else gets their vote card back with why."""
    vote_id = cd.id_of(data, "vote_id")
    try:
        return await commands.finish_vote(turn, vote_id)
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        current = await vote_service.get(turn.ctx, vote_id)
        return await views.vote_view(turn, current, error=refusal)


async def submit_ranking(turn: Turn, data: Data) -> Screen:
    """The caller's municipality's ranking; a refusal brings the card back with the positions
    as chosen and the reason, and changes nothing."""
    round_id = cd.id_of(data, "round_id")
    ranks = {
        int(key.removeprefix(verbs.RANK_PREFIX)): cd.text_of(data, key)
        for key in data
        if key.startswith(verbs.RANK_PREFIX)
    }
    try:
        order = _ranking_order(ranks)
        current = await ranking_service.submit_ranking(
            turn.ctx, SubmitRanking(turn.actor, round_id, order)
        )
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        found = await ranking_service.get_round(turn.ctx, round_id)
        return await queries.ranking(turn.ctx, turn.member, found, ranks=ranks, error=refusal)
    return await queries.ranking(turn.ctx, turn.member, current)


def _ranking_order(ranks: Mapping[int, str]) -> list[int]:
    """Proposal ids best first by the positions chosen ("" leaves one unranked); a place given
    twice is refused, naming the place and the proposals."""
    positions: dict[int, int] = {}
    for pid, given in ranks.items():
        if given:
            position = cd.number_in(given)
            if position is None:
                raise cd.tampered("position is not a number")
            positions[pid] = position
    for place in sorted(set(positions.values())):
        shared = sorted(pid for pid, chosen in positions.items() if chosen == place)
        if len(shared) > 1:
            raise InvalidInput(
                "ranking.same_position",
                N_("{proposals} have the same place, {place}: give each proposal its own place."),
                proposals=", ".join(f"#{pid}" for pid in shared),
                place=place,
            )
    return sorted(positions, key=lambda pid: positions[pid])


async def open_ranking(turn: Turn, data: Data) -> Screen:
    """The chair opens a round over the proposals kept on the card; a refusal brings the card
    back as ticked, with the reason, and nothing opens."""
    chosen = [
        int(key.removeprefix(verbs.INCLUDE_PREFIX))
        for key in data
        if key.startswith(verbs.INCLUDE_PREFIX) and cd.flag_of(data, key)
    ]
    title = commands.round_title(turn)
    try:
        opened = await ranking_service.open_round(turn.ctx, OpenRound(turn.actor, title, chosen))
    except DomainError as refusal:
        if refusal.code.startswith(("card.", "policy.")):
            raise
        return await queries.round_to_open(
            turn.ctx, turn.member, title, chosen=chosen, error=refusal
        )
    return await queries.ranking(turn.ctx, turn.member, opened)


async def close_ranking(turn: Turn, data: Data) -> Screen:
    """The chair closes the round; the weighted result (standings) answers."""
    closed = await ranking_service.close_round(
        turn.ctx, CloseRound(turn.actor, cd.id_of(data, "round_id"))
    )
    return await queries.ranking(turn.ctx, turn.member, closed)


async def override_ranking(turn: Turn, data: Data) -> Screen:
    """The chair's own order of a closed round, with a reason; the standings answer with both
    orders. A refusal brings the card back with the places and the reason as entered."""
    round_id = cd.id_of(data, "round_id")
    entered = OverrideEntry(
        {
            int(key.removeprefix(verbs.PLACE_PREFIX)): _place_text(value)
            for key, value in data.items()
            if key.startswith(verbs.PLACE_PREFIX)
        },
        cd.text_of(data, verbs.OVERRIDE_REASON),
    )
    try:
        command = OverrideRanking(turn.actor, round_id, _order_of(entered.places), entered.reason)
        overridden = await ranking_service.override_ranking(turn.ctx, command)
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        current = await ranking_service.get_round(turn.ctx, round_id)
        return await queries.ranking(turn.ctx, turn.member, current, entered=entered, error=refusal)
    return await queries.ranking(turn.ctx, turn.member, overridden)


def _place_text(value: Any) -> str:
    """A number input's value as text: clients send "3", 3 or 3.0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cd.text_of({"place": value}, "place")


def _order_of(places: Mapping[int, str]) -> list[int]:
    """Proposal ids by the places chosen; a proposal without a place is left out (the round
    then refuses the order as incomplete), two on the same place are refused here."""
    chosen: dict[int, int] = {}
    for pid, given in places.items():
        if given:
            place = cd.number_in(given)
            if place is None:
                raise cd.tampered("place is not a number")
            chosen[pid] = place
    if len(set(chosen.values())) != len(chosen):
        raise InvalidInput(
            "ranking.same_position", N_("Give each proposal its own place in the order.")
        )
    return sorted(chosen, key=lambda pid: chosen[pid])


async def task_done(turn: Turn, data: Data) -> Screen:
    """Mark a task done (every posted copy of its card follows, through the outbox). The list
    card answers with the list, the task card with itself."""
    occurrence = await annual_cycle.mark_done(
        turn.ctx, MarkTaskDone(turn.actor, cd.id_of(data, "occurrence_id"))
    )
    if cd.text_of(data, "card") == "task":
        return queries.task_view(turn.ctx, turn.member, occurrence)
    return await queries.tasks(turn.ctx, turn.member, turn.ctx.today().year)


async def postpone_task(turn: Turn, data: Data) -> Screen:
    """Move a task's deadline to the chosen date (later than the current one)."""
    chosen = cd.text_of(data, "postpone_to")
    try:
        to = date.fromisoformat(chosen)
    except ValueError:
        raise InvalidInput(
            "task.postpone_date",
            N_("Choose the new deadline as a date; “{given}” is not one."),
            given=chosen[:40],
        ) from None
    occurrence = await annual_cycle.postpone(
        turn.ctx, PostponeTask(turn.actor, cd.id_of(data, "occurrence_id"), to)
    )
    return queries.task_view(turn.ctx, turn.member, occurrence)


async def save_report(turn: Turn, data: Data) -> Screen:
    """The chair registers a study or measure; a refusal brings the form back as written."""
    try:
        kind = ReportKind(cd.text_of(data, "kind"))
    except ValueError:
        raise cd.tampered("unknown report kind") from None
    number = cd.text_of(data, "proposal_number").lstrip("#")
    values = {k: cd.text_of(data, k) for k in ("report_title", "report_text", "proposal_number")}
    try:
        proposal_id = cd.number_in(number) if number else None
        if number and proposal_id is None:
            raise InvalidInput(
                "report.proposal", N_("“{given}” is not a proposal number."), given=number[:40]
            )
        report = await reports.register(
            turn.ctx,
            RegisterReport(
                turn.actor, kind, values["report_title"], values["report_text"], proposal_id
            ),
        )
    except DomainError as refusal:
        if refusal.code.startswith("card.") or refusal.code.startswith("policy."):
            raise
        return ReportFormView(kind, values, error=refusal)
    return ToastView(
        N_("“{title}” is registered and will be published in the committee's channel."),
        {"title": report.title},
        tone="good",
    )


async def election_vote(turn: Turn, data: Data) -> Screen:
    """The caller's ballot (the voter is the caller, never the card): their own view answers;
    every posted copy of the card follows, through the outbox."""
    election_id = cd.id_of(data, "election_id")
    candidate = cd.text_of(data, verbs.ELECTION_CANDIDATE)
    if not candidate:
        raise InvalidInput("election.no_candidate", N_("Choose a candidate first."))
    election = await election_service.cast(
        turn.ctx, CastElectionBallot(turn.actor, election_id, candidate)
    )
    return await queries.election(turn.ctx, turn.member, election)


async def election_close(turn: Turn, data: Data) -> Screen:
    """The chair closes the election; the result replaces every posted copy (the outbox)."""
    election = await election_service.close(
        turn.ctx, CloseElection(turn.actor, cd.id_of(data, "election_id"))
    )
    return await queries.election(turn.ctx, turn.member, election)


async def open_decision(turn: Turn, data: Data) -> Screen:
    """The reader's own view of a matter's decision card (the form for the one who decides)."""
    return await queries.decision(turn.ctx, turn.member, cd.id_of(data, "proposal_id"))


async def save_decision(turn: Turn, data: Data) -> Screen:
    """Record the decision; a refusal (the wrong person, no reason, a meeting not held) brings
    the card back with the message and what was entered, and changes nothing."""
    proposal_id = cd.id_of(data, "proposal_id")
    values = {key: cd.text_of(data, key) for key in cd.DECISION_INPUTS}
    meeting_text = values[verbs.DECISION_MEETING]
    meeting_id = cd.number_in(meeting_text) if meeting_text else None
    if meeting_text and meeting_id is None:
        raise cd.tampered("meeting is not a number")
    try:
        verdict = parse_verdict(values[verbs.DECISION_VERDICT])
        await decision_service.decide(
            turn.ctx,
            Decide(turn.actor, proposal_id, verdict, values[verbs.DECISION_REASON], meeting_id),
        )
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        return await queries.decision(
            turn.ctx, turn.member, proposal_id, values=values, error=refusal
        )
    return await queries.decision(turn.ctx, turn.member, proposal_id)


async def show_meeting(turn: Turn, data: Data) -> Screen:
    """The reader's own view of a meeting's card."""
    return await queries.meeting(turn.ctx, turn.member, cd.id_of(data, "meeting_id"))


def _meeting_step(
    step: Callable[[Turn, int, Data], Awaitable[object]],
) -> ActionHandler:
    """A meeting button: the step, then the clicker's meeting card; a refusal brings the card
    back with the message and everything entered on it, and changes nothing."""

    async def handler(turn: Turn, data: Data) -> Screen | Answer:
        meeting_id = cd.id_of(data, "meeting_id")
        try:
            answer = await step(turn, meeting_id, data)
        except DomainError as refusal:
            if refusal.code.startswith("card."):
                raise
            return await queries.meeting(
                turn.ctx, turn.member, meeting_id, values=cd.meeting_values(data), error=refusal
            )
        if isinstance(answer, Answer):
            return answer
        return await queries.meeting(turn.ctx, turn.member, meeting_id)

    return handler


async def _propose_item(turn: Turn, meeting_id: int, data: Data) -> None:
    kind_text = cd.text_of(data, verbs.ITEM_KIND) or ItemKind.ORIENTATION.value
    try:
        kind = ItemKind(kind_text)
    except ValueError:
        raise cd.tampered("unknown item kind") from None
    await meetings.propose_item(
        turn.ctx,
        ProposeItem(
            turn.actor,
            meeting_id,
            kind,
            cd.text_of(data, verbs.ITEM_TITLE),
            cd.text_of(data, verbs.ITEM_NOTE),
        ),
    )


async def _answer_item(turn: Turn, meeting_id: int, data: Data) -> None:
    accept = data.get("accept")
    if not isinstance(accept, bool):
        raise cd.tampered("accept is not true or false")
    await meetings.answer_item(
        turn.ctx, AnswerItem(turn.actor, meeting_id, cd.id_of(data, "item_id"), accept)
    )


async def _open_meeting(turn: Turn, meeting_id: int, data: Data) -> None:
    await meetings.open_meeting(turn.ctx, OpenMeeting(turn.actor, meeting_id))


async def _attendance(turn: Turn, meeting_id: int, data: Data) -> None:
    present = tuple(
        key.removeprefix(verbs.PRESENT_PREFIX)
        for key in data
        if key.startswith(verbs.PRESENT_PREFIX) and cd.flag_of(data, key)
    )
    await meetings.record_attendance(turn.ctx, RecordAttendance(turn.actor, meeting_id, present))


async def _next_item(turn: Turn, meeting_id: int, data: Data) -> None:
    await meetings.next_item(turn.ctx, NextItem(turn.actor, meeting_id))


async def _meeting_vote(turn: Turn, meeting_id: int, data: Data) -> Answer | None:
    """Open the vote on the proposal in hand; its card is posted in the committee's channel. The
    chair keeps the meeting card unless there is no channel to post the vote card in."""
    proposal_id = cd.id_of(data, "proposal_id")
    meeting = await meetings.get(turn.ctx, meeting_id)
    current = meeting.current_item()
    if current is None or current.proposal_id != proposal_id:
        raise InvalidInput(
            "meeting.vote_not_in_hand", N_("Take up the proposal's item before opening its vote.")
        )
    answer = await commands.post_vote(turn, proposal_id)
    return None if answer.posted_in is not None else answer


async def _close_meeting(turn: Turn, meeting_id: int, data: Data) -> None:
    await meetings.close_meeting(turn.ctx, CloseMeeting(turn.actor, meeting_id))


async def _note_items(turn: Turn, meeting_id: int, data: Data) -> None:
    notes = tuple(
        (int(key.removeprefix(verbs.NOTE_PREFIX)), cd.text_of(data, key))
        for key in data
        if key.startswith(verbs.NOTE_PREFIX)
    )
    await meetings.note_items(turn.ctx, NoteItems(turn.actor, meeting_id, notes))


async def _confirm_minutes(turn: Turn, meeting_id: int, data: Data) -> None:
    await meetings.confirm_minutes(turn.ctx, ConfirmMinutes(turn.actor, meeting_id))


ACTIONS: dict[str, ActionHandler] = {
    verbs.PROPOSAL_SAVE: save_proposal,
    verbs.PROPOSAL_SHOW: show_proposal,
    verbs.PROPOSAL_EDIT: edit_proposal,
    verbs.PROPOSAL_STEP: take_step,
    verbs.QA_SAVE: save_checklist,
    verbs.BALLOT_CAST: cast,
    verbs.VOTE_REFRESH: refresh_vote,
    verbs.VOTE_CLOSE: close,
    verbs.VOTE_DEADLINE: move_deadline,
    verbs.RANKING_SUBMIT: submit_ranking,
    verbs.RANKING_OPEN: open_ranking,
    verbs.RANKING_CLOSE: close_ranking,
    verbs.RANKING_OVERRIDE: override_ranking,
    verbs.TASK_DONE: task_done,
    verbs.TASK_POSTPONE: postpone_task,
    verbs.REPORT_SAVE: save_report,
    verbs.ELECTION_VOTE: election_vote,
    verbs.ELECTION_CLOSE: election_close,
    verbs.DECISION_OPEN: open_decision,
    verbs.DECISION_SAVE: save_decision,
    verbs.MEETING_SHOW: show_meeting,
    verbs.MEETING_PROPOSE: _meeting_step(_propose_item),
    verbs.MEETING_ANSWER: _meeting_step(_answer_item),
    verbs.MEETING_OPEN: _meeting_step(_open_meeting),
    verbs.MEETING_ATTENDANCE: _meeting_step(_attendance),
    verbs.MEETING_NEXT: _meeting_step(_next_item),
    verbs.MEETING_VOTE: _meeting_step(_meeting_vote),
    verbs.MEETING_CLOSE: _meeting_step(_close_meeting),
    verbs.MEETING_NOTES: _meeting_step(_note_items),
    verbs.MEETING_CONFIRM: _meeting_step(_confirm_minutes),
    **project_actions.ACTIONS,
    **proposal_actions.ACTIONS,
}
