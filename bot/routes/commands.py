"""What each chat command does: call the use case, answer with a card. One short handler per
command; the command words, aliases and argument parsing live in ``bot.catalogue``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import cards
from bot import catalogue
from bot.command_text import fold as fold_word
from bot.posting import ConversationGone, PostFailed
from bot.routes import views
from bot.turns import Turn
from cards import help as help_cards
from cards import lists, notice, systems
from cards import vote as vote_cards
from cards.report_form import report_form
from governance.domain.errors import InvalidInput
from governance.domain.proposals import STATE_LABELS, Action, ProposalState
from governance.domain.reports import ReportKind
from governance.domain.subjects import CardSubject
from governance.i18n import N_, translate
from governance.presentation import excerpt
from governance.services import annual_cycle, conversations, meetings, outbox, policies
from governance.services import groups as group_service
from governance.services import proposals as proposal_service
from governance.services import ranking as ranking_service
from governance.services import systems as system_service
from governance.services import votes as vote_service

if TYPE_CHECKING:
    from bot.app import Bot

log = logging.getLogger("samstyre.bot")

Handler = Callable[["Bot", Turn, object], Awaitable[None]]


async def show_help(bot: Bot, turn: Turn, arg: object) -> None:
    is_chair = policies.is_chair(turn.member, bot.ctx.mandate)
    entries = [
        help_cards.HelpEntry(e.usage, e.description, e.chair_only)
        for e in catalogue.help_entries(turn.locale, is_chair=is_chair)
    ]
    await turn.reply_card(help_cards.help_card(entries, turn.locale))


async def new_proposal(bot: Bot, turn: Turn, arg: object) -> None:
    policies.require_can_propose(turn.member, bot.ctx.mandate)
    await turn.reply_card(cards.proposal_form(bot.ctx.mandate, turn.locale))


async def my_proposals(bot: Bot, turn: Turn, arg: object) -> None:
    found = await proposal_service.mine(bot.ctx, turn.actor)
    title = translate(N_("My proposals"), turn.locale)
    await turn.reply_card(lists.proposal_list(found, bot.ctx.mandate, turn.locale, title=title))


def state_named(text: str, locale: str) -> ProposalState:
    """A state from its label in the reader's language (``klar for saksliste``) or its code."""
    wanted = fold(text)
    for state, label in STATE_LABELS.items():
        if wanted in {fold(state.value), fold(translate(label, locale))}:
            return state
    names = ", ".join(translate(label, locale) for label in STATE_LABELS.values())
    raise InvalidInput(
        "command.unknown_state",
        N_("“{text}” is not a state. Choose one of: {names}."),
        text=excerpt(text),
        names=names,
    )


async def proposals_in_state(bot: Bot, turn: Turn, arg: object) -> None:
    states = [state_named(str(arg), turn.locale)] if arg else []
    found = await proposal_service.listing(bot.ctx, *states)
    title = translate(N_("Proposals"), turn.locale)
    await turn.reply_card(lists.proposal_list(found, bot.ctx.mandate, turn.locale, title=title))


async def show_case(bot: Bot, turn: Turn, arg: object) -> None:
    await turn.reply_card(await views.proposal_view(turn, int(str(arg))))


async def review(bot: Bot, turn: Turn, arg: object) -> None:
    """The chair opens quality assurance (starting the review when it was only submitted)."""
    policies.require_chair(turn.member, bot.ctx.mandate)
    proposal = await proposal_service.get(bot.ctx, int(str(arg)))
    if proposal.state is ProposalState.SUBMITTED:
        assert proposal.id is not None
        proposal = await proposal_service.take_step(
            bot.ctx, turn.actor, proposal.id, Action.START_REVIEW
        )
    await turn.reply_card(views.qa_view(turn, proposal))


async def add_to_agenda(bot: Bot, turn: Turn, arg: object) -> None:
    meeting = await meetings.add_to_next_agenda(bot.ctx, turn.actor, int(str(arg)))
    await turn.reply_card(await views.agenda_view(turn, meeting))


async def open_vote(bot: Bot, turn: Turn, arg: object) -> None:
    """The chair opens a vote; its card is posted as a new post in the committee's channel (and
    answers the chair where they asked, if elsewhere). Every posted card is remembered, so
    closing the vote replaces it with the outcome."""
    vote = await vote_service.open_vote(bot.ctx, turn.actor, int(str(arg)))
    card = await views.vote_view(turn, vote)
    assert vote.id is not None
    subject = CardSubject.vote(vote.id).key
    channel = await conversations.of_body(bot.ctx, bot.ctx.mandate.committee)
    if channel is not None:
        try:
            await bot.notifier.post_card(channel, card, subject=subject)
        except (ConversationGone, PostFailed) as error:  # the chair still gets the card here
            log.warning("the vote card could not be posted in %s: %s", channel.key, error)
        else:
            if channel.key == turn.conversation.key:
                return
    if turn.activity.type == "message":
        message_id = await turn.reply_card(card)
    else:  # a button: the clicked card becomes the vote card
        message_id = turn.activity.reply_to_id
    if message_id:
        await conversations.record_post(bot.ctx, subject, turn.conversation.key, message_id)


async def close_vote(bot: Bot, turn: Turn, arg: object) -> None:
    proposal_id = int(str(arg))
    vote = await vote_service.open_vote_of(bot.ctx, proposal_id)
    if vote is None or vote.id is None:
        await turn.reply_card(
            notice.notice_card(
                translate(
                    N_("Proposal #{number} has no open vote."), turn.locale, number=proposal_id
                ),
                turn.locale,
                tone="attention",
            )
        )
        return
    await finish_vote(bot, turn, vote.id)


async def finish_vote(bot: Bot, turn: Turn, vote_id: int) -> dict[str, Any]:
    """Close the vote and answer with the outcome; every posted vote card follows, through the
    outbox (Teams' throttling delays those copies, never this answer)."""
    result = await vote_service.close_vote(bot.ctx, turn.actor, vote_id)
    board_date = result.board_meeting.on if result.board_meeting else None
    card = vote_cards.result_card(
        result.vote,
        result.proposal,
        result.tally,
        bot.ctx.mandate,
        turn.locale,
        board_meeting_date=board_date,
    )
    if turn.activity.type == "message":
        await turn.reply_card(card)
    return card


async def rank(bot: Bot, turn: Turn, arg: object) -> None:
    """Show the open ranking round; the chair opens one over the rankable proposals if none."""
    title = translate(N_("Priorities {date}"), turn.locale, date=bot.ctx.today().isoformat())
    current = await ranking_service.current_round(bot.ctx, turn.actor, title)
    if current is None:
        await turn.reply_card(
            notice.notice_card(translate(N_("No ranking round is open."), turn.locale), turn.locale)
        )
        return
    await turn.reply_card(await views.ranking_view(turn, current))


async def meetings_list(bot: Bot, turn: Turn, arg: object) -> None:
    found = await meetings.upcoming(bot.ctx, bot.ctx.mandate.committee, bot.ctx.today())
    board = await meetings.upcoming(bot.ctx, bot.ctx.mandate.board, bot.ctx.today())
    listed = sorted([*found, *board], key=lambda m: m.on)[:12]
    await turn.reply_card(lists.meeting_list(listed, bot.ctx.mandate, turn.locale))


async def agenda(bot: Bot, turn: Turn, arg: object) -> None:
    meeting = await meetings.next_meeting(bot.ctx, bot.ctx.mandate.committee)
    if meeting is None:
        await turn.reply_card(
            notice.notice_card(
                translate(N_("No meeting of the committee is planned."), turn.locale), turn.locale
            )
        )
        return
    await turn.reply_card(await views.agenda_view(turn, meeting))


async def annual(bot: Bot, turn: Turn, arg: object) -> None:
    tasks = await annual_cycle.this_year(bot.ctx)
    await turn.reply_card(views.task_list_view(turn, tasks))


async def systems_list(bot: Bot, turn: Turn, arg: object) -> None:
    inventory = await system_service.inventory(bot.ctx)
    groups = {g.key: g.name for g in await group_service.groups(bot.ctx)}
    await turn.reply_card(
        systems.systems_card(
            inventory, bot.ctx.mandate, turn.locale, query=str(arg or ""), group_names=groups
        )
    )


async def language(bot: Bot, turn: Turn, arg: object) -> None:
    settings = await conversations.set_locale(bot.ctx, turn.actor, str(arg or ""))
    bot.memory.forget_settings(turn.actor)
    await turn.reply_card(
        notice.notice_card(
            translate(
                N_("From now on I speak {language} with you."),
                settings.locale,
                language=translate(LANGUAGE_NAMES[settings.locale], settings.locale),
            ),
            settings.locale,
            tone="good",
        )
    )


async def link_channel(bot: Bot, turn: Turn, arg: object) -> None:
    """The chair makes this channel the channel of a body; without a name, says which body it
    belongs to now and which bodies there are."""
    policies.require_chair(turn.member, bot.ctx.mandate)
    bodies = bot.ctx.mandate.bodies
    names = ", ".join(f"{b.id} ({b.name})" for b in bodies)
    wanted = fold(str(arg or ""))
    body = next((b for b in bodies if wanted and wanted in (fold(b.id), fold(b.name))), None)
    if body is None:
        current = await conversations.get(bot.ctx, turn.conversation.key)
        linked = bot.ctx.mandate.body(current.body_id).name if current.body_id else None
        text = translate(
            N_("This channel belongs to {body}.")
            if linked
            else N_("This channel does not belong to any body yet."),
            turn.locale,
            body=linked or "",
        )
        hint = translate(N_("Write “kanal <body>” with one of: {names}."), turn.locale, names=names)
        await turn.reply_card(notice.notice_card(f"{text} {hint}", turn.locale))
        return
    await conversations.link_body(bot.ctx, turn.actor, turn.conversation.key, body.id)
    await turn.reply_card(
        notice.notice_card(
            translate(
                N_("This channel is now the channel of {body}."), turn.locale, body=body.name
            ),
            turn.locale,
            tone="good",
        )
    )


async def new_study(bot: Bot, turn: Turn, arg: object) -> None:
    policies.require_chair(turn.member, bot.ctx.mandate)
    await turn.reply_card(report_form(ReportKind.STUDY, turn.locale))


async def new_measure(bot: Bot, turn: Turn, arg: object) -> None:
    policies.require_chair(turn.member, bot.ctx.mandate)
    await turn.reply_card(report_form(ReportKind.MEASURE, turn.locale))


async def status_report(bot: Bot, turn: Turn, arg: object) -> None:
    """The chair asks for a status report; the publisher puts it in the board's Teams area."""
    await outbox.request_status_report(bot.ctx, turn.actor)
    await turn.reply_card(
        notice.notice_card(
            translate(
                N_(
                    "The status report is being made; it appears in the board's channel "
                    "in a moment."
                ),
                turn.locale,
            ),
            turn.locale,
            tone="good",
        )
    )


def fold(text: str) -> str:
    return " ".join(fold_word(w) for w in text.split())


LANGUAGE_NAMES = {"nb": N_("Norwegian bokmål"), "nn": N_("Norwegian nynorsk"), "en": N_("English")}

HANDLERS: dict[str, Handler] = {
    "help": show_help,
    "new_proposal": new_proposal,
    "my_proposals": my_proposals,
    "proposals": proposals_in_state,
    "case": show_case,
    "review": review,
    "add_to_agenda": add_to_agenda,
    "open_vote": open_vote,
    "close_vote": close_vote,
    "rank": rank,
    "meetings": meetings_list,
    "agenda": agenda,
    "annual_cycle": annual,
    "systems": systems_list,
    "language": language,
    "link_channel": link_channel,
    "status_report": status_report,
    "study": new_study,
    "measure": new_measure,
}
