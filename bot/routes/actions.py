"""Card buttons: ``Action.Execute`` invokes (answered with the card that replaces the clicked
one) and their ``Action.Submit`` fallback (answered with a new message). One short handler per
verb; data is read through ``bot.card_data`` and the actor always comes from the identity."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    InvokeResponse,
)
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

import cards
from bot import card_data as cd
from bot.errors import failure_text, unexpected
from bot.routes import commands, views
from bot.turns import Turn, begin
from cards import verbs
from cards.elements import CONTENT_TYPE as CARD_TYPE
from cards.notice import notice_card
from cards.report_form import report_form
from governance.domain.errors import DomainError, InvalidInput
from governance.domain.proposals import Action, QaItem
from governance.domain.reports import ReportKind
from governance.i18n import N_, translate
from governance.services import annual_cycle, meetings, reports
from governance.services import elections as election_service
from governance.services import proposals as proposal_service
from governance.services import ranking as ranking_service
from governance.services import votes as vote_service

if TYPE_CHECKING:
    from bot.app import Bot

log = logging.getLogger("samstyre.bot")
Card = dict[str, Any]
ActionHandler = Callable[["Bot", Turn, dict[str, Any]], Awaitable[Card]]


def register(agent: AgentApplication[TurnState], bot: Bot) -> None:
    """Every ``adaptiveCard/action`` invoke, well-formed or not, is answered with a card."""

    def is_card_action(context: TurnContext) -> bool:
        activity = context.activity
        return activity.type == ActivityTypes.invoke and activity.name == "adaptiveCard/action"

    async def on_execute(context: TurnContext, state: TurnState) -> None:
        verb, data = _verb_and_data(context.activity.value)
        card = await run_action(bot, context, verb, data)
        response = AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=CARD_TYPE, value=card)
        await context.send_activity(
            Activity(
                type=ActivityTypes.invoke_response,
                value=InvokeResponse(
                    status=HTTPStatus.OK,
                    body=response.model_dump(mode="json", by_alias=True, exclude_none=True),
                ),
            )
        )

    agent.add_route(is_card_action, on_execute, is_invoke=True)


def _verb_and_data(value: Any) -> tuple[str, Any]:
    """The verb and data of an ``Action.Execute``; anything malformed gives an unknown verb."""
    action = value.get("action") if isinstance(value, dict) else None
    if not isinstance(action, dict) or action.get("type") != "Action.Execute":
        return "", None
    verb = action.get("verb")
    return (verb if isinstance(verb, str) else ""), action.get("data")


async def run_action(bot: Bot, context: TurnContext, verb: str, data: Any) -> Card:
    """The card answering ``verb``: its result, or a notice of the refusal (nothing changed)."""
    locale = bot.ctx.mandate.locale
    try:
        turn = await begin(bot.ctx, bot.memory, context)
        locale = turn.locale
        clean = cd.checked(verb, data)
        return await ACTIONS[verb](bot, turn, clean)
    except DomainError as refusal:
        return notice_card(refusal.render(locale), locale, tone="attention")
    except Exception as error:
        return notice_card(
            failure_text(unexpected(error, f"handling {verb!r}"), locale), locale, tone="attention"
        )


async def handle_submit(bot: Bot, turn: Turn, value: dict[str, Any]) -> None:
    """The ``Action.Submit`` fallback of old clients: the same handlers, answered in the chat."""
    verb = str(value.get("verb"))
    clean = cd.checked(verb, value)  # refuses a verb that is not one of ACTIONS
    await turn.reply_card(await ACTIONS[verb](bot, turn, clean))


def _input(data: dict[str, Any]) -> proposal_service.ProposalInput:
    split = [s.strip() for s in cd.text_of(data, "municipalities").split(",") if s.strip()]
    goals = [s.strip() for s in cd.text_of(data, "strategy_goals").split(",") if s.strip()]
    needs = {k.removeprefix("need_"): cd.text_of(data, k) for k in data if k.startswith("need_")}
    return proposal_service.ProposalInput(
        title=cd.text_of(data, "title"),
        description=cd.text_of(data, "description"),
        kind=cd.text_of(data, "kind") or "new_service",
        catalogue_service=cd.text_of(data, "catalogue_service") or None,
        municipalities=split,
        needs={k: v for k, v in needs.items() if v},
        cost_one_off=cd.text_of(data, "cost_one_off"),
        cost_yearly=cd.text_of(data, "cost_yearly"),
        benefit_potential=cd.text_of(data, "benefit_potential"),
        benefit_measurement=cd.text_of(data, "benefit_measurement"),
        legal_basis=cd.text_of(data, "legal_basis"),
        user_perspective=cd.text_of(data, "user_perspective"),
        org_change=cd.text_of(data, "org_change"),
        strategy_goals=goals,
        owner_group=cd.text_of(data, "owner_group") or None,
    )


async def save_proposal(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    """Create or update a draft (and submit it when asked); a refusal brings the form back with
    the message and everything the user typed."""
    proposal_id = cd.id_of(data, "proposal_id") if "proposal_id" in data else None
    try:
        if proposal_id is None:
            proposal = await proposal_service.create_draft(bot.ctx, turn.actor, _input(data))
        else:
            proposal = await proposal_service.update_draft(
                bot.ctx, turn.actor, proposal_id, _input(data)
            )
        assert proposal.id is not None
        proposal_id = proposal.id
        if cd.flag_of(data, "submit"):
            await proposal_service.submit(bot.ctx, turn.actor, proposal.id)
    except DomainError as refusal:
        if refusal.code.startswith("card."):
            raise
        return cards.proposal_form(
            bot.ctx.mandate,
            turn.locale,
            values=cd.values_of(data),
            error=refusal.render(turn.locale),
            proposal_id=proposal_id,
        )
    return await views.proposal_view(turn, proposal_id)


async def show_proposal(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    return await views.proposal_view(turn, cd.id_of(data, "proposal_id"))


async def edit_proposal(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    proposal = await proposal_service.editable(bot.ctx, turn.actor, cd.id_of(data, "proposal_id"))
    return cards.proposal_form(
        bot.ctx.mandate,
        turn.locale,
        values=cards.values_of(proposal, turn.locale),
        proposal_id=proposal.id,
    )


async def _save_ticks(bot: Bot, turn: Turn, proposal_id: int, data: dict[str, Any]) -> None:
    proposal = await proposal_service.get(bot.ctx, proposal_id)
    for item in QaItem:
        key = f"qa_{item.value}"
        if key in data and cd.flag_of(data, key) != bool(proposal.qa.get(item.value)):
            await proposal_service.tick_checklist(
                bot.ctx, turn.actor, proposal_id, item, cd.flag_of(data, key)
            )


async def save_checklist(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    proposal_id = cd.id_of(data, "proposal_id")
    await _save_ticks(bot, turn, proposal_id, data)
    proposal = await proposal_service.get(bot.ctx, proposal_id)
    return views.qa_view(turn, proposal)


async def take_step(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    proposal_id = cd.id_of(data, "proposal_id")
    try:
        step = Action(cd.text_of(data, "step"))
    except ValueError:
        raise cd.tampered("unknown step") from None
    if step not in views.CARD_STEPS:
        raise cd.tampered("step is not a button")
    if any(k.startswith("qa_") and k != "qa_comment" for k in data):
        await _save_ticks(bot, turn, proposal_id, data)
    if step is Action.OPEN_VOTE:
        await commands.open_vote(bot, turn, proposal_id)
        vote = await vote_service.open_vote_of(bot.ctx, proposal_id)
        assert vote is not None
        return await views.vote_view(turn, vote)
    if step is Action.PUT_ON_AGENDA:
        await meetings.add_to_next_agenda(bot.ctx, turn.actor, proposal_id)
    else:
        comment = cd.text_of(data, "comment") or cd.text_of(data, "qa_comment")
        await proposal_service.take_step(bot.ctx, turn.actor, proposal_id, step, comment=comment)
    return await views.proposal_view(turn, proposal_id)


async def cast(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    vote_id = cd.id_of(data, "vote_id")
    choice = vote_service.parse_choice(cd.text_of(data, "choice"))
    vote = await vote_service.cast_ballot(bot.ctx, turn.actor, vote_id, choice)
    return await views.vote_view(turn, vote)


async def refresh_vote(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    return await views.vote_view(turn, await views.vote_of(turn, cd.id_of(data, "vote_id")))


async def close(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    return await commands.finish_vote(bot, turn, cd.id_of(data, "vote_id"))


async def submit_ranking(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    round_id = cd.id_of(data, "round_id")
    positions: dict[int, int] = {}
    for key in data:
        if key.startswith("rank_") and cd.text_of(data, key):
            position = cd.number_in(cd.text_of(data, key))
            if position is None:
                raise cd.tampered("position is not a number")
            positions[int(key.removeprefix("rank_"))] = position
    if len(set(positions.values())) != len(positions):
        raise InvalidInput(
            "ranking.same_position", N_("Give each proposal its own place in the order.")
        )
    order = sorted(positions, key=lambda pid: positions[pid])
    current = await ranking_service.submit_ranking(bot.ctx, turn.actor, round_id, order)
    return await views.ranking_view(turn, current)


async def close_ranking(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    """The chair closes the round; the weighted result (standings) answers."""
    closed = await ranking_service.close_round(bot.ctx, turn.actor, cd.id_of(data, "round_id"))
    return await views.ranking_view(turn, closed)


async def task_done(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    """Mark a task done (every posted copy of its card follows, through the outbox). The list
    card answers with the list, the task card with itself."""
    occurrence = await annual_cycle.mark_done(bot.ctx, turn.actor, cd.id_of(data, "occurrence_id"))
    if cd.text_of(data, "card") == "task":
        return views.task_view(turn, occurrence)
    tasks = await annual_cycle.of_year(bot.ctx, bot.ctx.today().year)
    return views.task_list_view(turn, tasks)


async def postpone_task(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
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
        bot.ctx, turn.actor, cd.id_of(data, "occurrence_id"), to
    )
    return views.task_view(turn, occurrence)


async def save_report(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
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
            bot.ctx, turn.actor, kind, values["report_title"], values["report_text"], proposal_id
        )
    except DomainError as refusal:
        if refusal.code.startswith("card.") or refusal.code.startswith("policy."):
            raise
        return report_form(kind, turn.locale, values=values, error=refusal.render(turn.locale))
    return notice_card(
        translate(
            N_("“{title}” is registered and will be published in the committee's channel."),
            turn.locale,
            title=report.title,
        ),
        turn.locale,
        tone="good",
    )


async def election_vote(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    """The caller's ballot (the voter is the caller, never the card): their own view answers;
    every posted copy of the card follows, through the outbox."""
    election_id = cd.id_of(data, "election_id")
    candidate = cd.text_of(data, verbs.ELECTION_CANDIDATE)
    if not candidate:
        raise InvalidInput("election.no_candidate", N_("Choose a candidate first."))
    election = await election_service.cast(bot.ctx, turn.actor, election_id, candidate)
    return await views.election_view(turn, election)


async def election_close(bot: Bot, turn: Turn, data: dict[str, Any]) -> Card:
    """The chair closes the election; the result replaces every posted copy (the outbox)."""
    election = await election_service.close(bot.ctx, turn.actor, cd.id_of(data, "election_id"))
    return await views.election_view(turn, election)


ACTIONS: dict[str, ActionHandler] = {
    "proposal.save": save_proposal,
    "proposal.show": show_proposal,
    "proposal.edit": edit_proposal,
    "proposal.step": take_step,
    "qa.save": save_checklist,
    "ballot.cast": cast,
    "vote.refresh": refresh_vote,
    "vote.close": close,
    "ranking.submit": submit_ranking,
    "ranking.close": close_ranking,
    "task.done": task_done,
    "task.postpone": postpone_task,
    "report.save": save_report,
    "election.vote": election_vote,
    "election.close": election_close,
}
