"""What each chat command does: call the use case, answer with a view. One short handler per
command; the command words, aliases and argument parsing live in ``bot.catalogue``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot import catalogue
from bot.command_text import fold as fold_word
from bot.command_text import matching
from bot.routes import views
from bot.turns import Answer, Turn
from governance.domain.conversations import Conversation
from governance.domain.errors import InvalidInput
from governance.domain.meetings import MeetingKind
from governance.domain.proposals import STATE_LABELS, Action, ProposalState
from governance.domain.reports import ReportKind
from governance.domain.subjects import CardSubject
from governance.i18n import LOCALES, N_, translate
from governance.ports import ConversationGone, PostFailed
from governance.presentation import excerpt
from governance.services import annual_cycle, conversations, meetings, outbox, policies, queries
from governance.services import proposals as proposal_service
from governance.services import ranking as ranking_service
from governance.services import votes as vote_service
from governance.services.commands import (
    AddToNextAgenda,
    ChooseLanguage,
    CloseVote,
    LinkChannel,
    OpenVote,
    RequestStatusReport,
    TakeStep,
)
from governance.views import (
    HelpEntry,
    HelpView,
    ProposalFormView,
    ReportFormView,
    Screen,
    ToastView,
    VoteResultView,
)

log = logging.getLogger("samstyre.bot")

Handler = Callable[[Turn, object], Awaitable[Screen | Answer | None]]


async def show_help(turn: Turn, arg: object) -> Screen:
    is_chair = policies.is_chair(turn.member, turn.ctx.mandate)
    entries = catalogue.help_entries(turn.locale, is_chair=is_chair)
    return HelpView(tuple(HelpEntry(e.usage, e.description, e.chair_only) for e in entries))


async def new_proposal(turn: Turn, arg: object) -> Screen:
    policies.require_can_propose(turn.member, turn.ctx.mandate)
    return ProposalFormView()


async def my_proposals(turn: Turn, arg: object) -> Screen:
    return await queries.proposals(turn.ctx, N_("My proposals"), submitter=turn.actor)


def state_named(text: str, locale: str) -> ProposalState:
    """A state from what the reader typed: its label in their language or another one, or its
    code; the label's beginning ("klar", "under kval") or either preposition ("klar for
    saksliste") will do when it names one state."""
    found: tuple[ProposalState, ...] = ()
    for locales in ((locale,), LOCALES):
        labels = [(state, state.value) for state in STATE_LABELS] + [
            (state, translate(label, loc))
            for loc in locales
            for state, label in STATE_LABELS.items()
        ]
        if found := matching(text, labels):
            break
    if len(found) == 1:
        return found[0]
    if found:
        raise InvalidInput(
            "command.ambiguous_state",
            N_("“{text}” fits more than one state. Did you mean one of: {names}?"),
            text=excerpt(text),
            names=", ".join(translate(STATE_LABELS[state], locale) for state in found),
        )
    raise InvalidInput(
        "command.unknown_state",
        N_("“{text}” is not a state. Choose one of: {names}."),
        text=excerpt(text),
        names=", ".join(translate(label, locale) for label in STATE_LABELS.values()),
    )


async def proposals_in_state(turn: Turn, arg: object) -> Screen:
    states = [state_named(str(arg), turn.locale)] if arg else []
    return await queries.proposals(turn.ctx, N_("Proposals"), states=states)


async def show_case(turn: Turn, arg: object) -> Screen:
    return await queries.proposal(turn.ctx, turn.member, int(str(arg)))


async def review(turn: Turn, arg: object) -> Screen:
    """The chair opens quality assurance (starting the review when it was only submitted)."""
    ctx = turn.ctx
    policies.require_chair(turn.member, ctx.mandate)
    proposal = await proposal_service.get(ctx, int(str(arg)))
    if proposal.state is ProposalState.SUBMITTED:
        assert proposal.id is not None
        proposal = await proposal_service.take_step(
            ctx, TakeStep(turn.actor, proposal.id, Action.START_REVIEW)
        )
    return queries.qa_view(ctx, turn.member, proposal)


async def add_to_agenda(turn: Turn, arg: object) -> Screen:
    meeting = await meetings.add_to_next_agenda(
        turn.ctx, AddToNextAgenda(turn.actor, int(str(arg)))
    )
    return await queries.agenda(turn.ctx, meeting)


async def open_vote(turn: Turn, arg: object) -> Answer:
    """The chair opens a vote by command; see ``post_vote``."""
    return await post_vote(turn, int(str(arg)))


async def post_vote(turn: Turn, proposal_id: int) -> Answer:
    """Open the vote; its card is posted as a new post in the committee's channel and answers
    the chair where they asked (a command typed in that channel needs no other reply). Every
    posted card is remembered, so closing the vote replaces it with the outcome."""
    ctx = turn.ctx
    vote = await vote_service.open_vote(ctx, OpenVote(turn.actor, proposal_id))
    assert vote.id is not None
    subject = CardSubject.vote(vote.id)
    channel = await conversations.of_body(ctx, ctx.mandate.committee)
    if channel is not None:
        await learn_roster(turn, channel)
    view = await views.vote_view(turn, vote)
    if channel is None:
        return Answer(view, subject)
    neutral = await views.vote_view(turn, vote, neutral=True)
    try:
        await turn.reach.notifier.post_card(channel, turn.card(neutral), subject=subject.key)
    except (ConversationGone, PostFailed) as error:  # the chair still gets the card here
        log.warning("the vote card could not be posted in %s: %s", channel.key, error)
        return Answer(view, subject)
    return Answer(
        view, subject, posted_here=channel.key == turn.conversation.key, posted_in=channel.key
    )


async def learn_roster(turn: Turn, channel: Conversation) -> None:
    """The members' Teams ids from the channel's roster, so that each gets their own view of
    the vote card (``refresh.userIds``) before they ever wrote to the bot. A roster Teams will
    not give is logged; those who wrote to the bot are known all the same."""
    try:
        roster = await turn.reach.notifier.members(channel)
    except (ConversationGone, PostFailed) as error:
        log.warning("the roster of %s could not be read: %s", channel.key, error)
        return
    if await conversations.remember_roster(turn.ctx, roster):
        turn.memory.forget_chat_ids()


async def close_vote(turn: Turn, arg: object) -> Screen:
    proposal_id = int(str(arg))
    vote = await queries.open_vote_of(turn.ctx, proposal_id)
    if vote is None or vote.id is None:
        return ToastView(
            N_("Proposal #{number} has no open vote."), {"number": proposal_id}, "attention"
        )
    return await finish_vote(turn, vote.id)


async def finish_vote(turn: Turn, vote_id: int) -> Screen:
    """Close the vote and answer with the outcome; every posted vote card follows, through the
    outbox (Teams' throttling delays those copies, never this answer)."""
    result = await vote_service.close_vote(turn.ctx, CloseVote(turn.actor, vote_id))
    board_date = result.board_meeting.on if result.board_meeting else None
    return VoteResultView(result.vote, result.proposal, result.tally, board_date)


async def rank(turn: Turn, arg: object) -> Screen:
    """Show the open ranking round; with none open, the chair sees what a round would take and
    opens it from that card (``ranking.open``), never by the command alone."""
    ctx = turn.ctx
    current = await ranking_service.current_round(ctx)
    if current is not None:
        return await queries.ranking(ctx, turn.member, current)
    if policies.is_chair(turn.member, ctx.mandate):
        return await queries.round_to_open(ctx, turn.member, round_title(turn))
    return ToastView(N_("No ranking round is open."))


def round_title(turn: Turn) -> str:
    """The title of a round opened today: "Prioriteringer 04.12.2026"."""
    return translate(
        N_("Priorities {date}"), turn.locale, date=turn.ctx.today().strftime("%d.%m.%Y")
    )


async def meetings_list(turn: Turn, arg: object) -> Screen:
    return await queries.meetings(turn.ctx, turn.ctx.today())


async def agenda(turn: Turn, arg: object) -> Screen:
    meeting = await meetings.next_meeting(turn.ctx, turn.ctx.mandate.committee)
    if meeting is None:
        return ToastView(N_("No meeting of the committee is planned."))
    return await queries.agenda(turn.ctx, meeting)


async def meeting_card(turn: Turn, arg: object) -> Screen:
    """The card of the meeting the committee works on now (in session, minutes waiting for
    approval, or the next); "styret" gives the board's, "faggruppeledere" the next meeting with
    the group leaders."""
    ctx = turn.ctx
    wanted = fold(str(arg or ""))
    board = ctx.mandate.body(ctx.mandate.board)
    if wanted and wanted in ("styret", "board", fold(board.id), fold(board.name)):
        found = await meetings.current(ctx, board.id)
    elif wanted and wanted.startswith(("faggruppe", "group leader")):
        found = await meetings.current(ctx, ctx.mandate.committee, MeetingKind.GROUP_LEADERS)
    else:
        found = await meetings.current(ctx, ctx.mandate.committee)
    if found is None or found.id is None:
        return ToastView(N_("No meeting of the committee is planned."))
    return await queries.meeting(ctx, turn.member, found.id)


async def board_agenda(turn: Turn, arg: object) -> Screen:
    """The board's own agenda (saksliste styret): its next meeting from the mandate file."""
    meeting = await meetings.next_meeting(turn.ctx, turn.ctx.mandate.board)
    if meeting is None:
        return ToastView(N_("No meeting of the board is planned."))
    return await queries.agenda(turn.ctx, meeting)


async def annual(turn: Turn, arg: object) -> Screen:
    tasks = await annual_cycle.this_year(turn.ctx)
    return queries.task_list_view(turn.ctx, turn.member, tasks)


async def systems_list(turn: Turn, arg: object) -> Screen:
    return await queries.systems(turn.ctx, str(arg or ""))


async def language(turn: Turn, arg: object) -> Screen:
    settings = await conversations.set_locale(turn.ctx, ChooseLanguage(turn.actor, str(arg or "")))
    turn.memory.forget_settings(turn.actor)
    chosen = translate(LANGUAGE_NAMES[settings.locale], settings.locale)
    text = translate(
        N_("From now on I speak {language} with you."), settings.locale, language=chosen
    )
    return ToastView(text, tone="good", plain=True)  # in the language just chosen


async def link_channel(turn: Turn, arg: object) -> Screen:
    """The chair makes this channel the channel of a body; without a name, says which body it
    belongs to now and which bodies there are."""
    ctx = turn.ctx
    policies.require_chair(turn.member, ctx.mandate)
    bodies = await conversations.linkable(ctx)
    names = ", ".join(f"{ident} ({name})" for ident, name in bodies)
    wanted = fold(str(arg or ""))
    found = next((b for b in bodies if wanted and wanted in (fold(b[0]), fold(b[1]))), None)
    if found is None:
        current = await conversations.get(ctx, turn.conversation.key)
        named = dict(bodies)
        linked = named.get(current.body_id, current.body_id) if current.body_id else None
        text = translate(
            N_("This channel belongs to {body}.")
            if linked
            else N_("This channel does not belong to any body yet."),
            turn.locale,
            body=linked or "",
        )
        hint = translate(N_("Write “kanal <body>” with one of: {names}."), turn.locale, names=names)
        return ToastView(f"{text} {hint}", plain=True)
    await conversations.link_body(ctx, LinkChannel(turn.actor, turn.conversation.key, found[0]))
    return ToastView(
        N_("This channel is now the channel of {body}."), {"body": found[1]}, tone="good"
    )


async def new_study(turn: Turn, arg: object) -> Screen:
    policies.require_chair(turn.member, turn.ctx.mandate)
    return ReportFormView(ReportKind.STUDY)


async def new_measure(turn: Turn, arg: object) -> Screen:
    policies.require_chair(turn.member, turn.ctx.mandate)
    return ReportFormView(ReportKind.MEASURE)


async def status_report(turn: Turn, arg: object) -> Screen:
    """The chair asks for a status report; the publisher puts it in the board's Teams area."""
    await outbox.request_status_report(turn.ctx, RequestStatusReport(turn.actor))
    return ToastView(
        N_("The status report is being made; it appears in the board's channel in a moment."),
        tone="good",
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
    "board_agenda": board_agenda,
    "meeting": meeting_card,
    "annual_cycle": annual,
    "systems": systems_list,
    "language": language,
    "link_channel": link_channel,
    "status_report": status_report,
    "study": new_study,
    "measure": new_measure,
}
