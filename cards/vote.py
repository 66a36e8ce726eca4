"""The vote card (mandate rule 4) and the result card of a closed vote.

While a vote is open: when it closes, the three ballot buttons with a reason field (asked for
when voting against), the viewer's municipality's current ballot, the live weighted tally, who
has not voted yet, the rule and the quorum (marked when it is the file's assumption), the
chair's close button and deadline form, and a refresh that gives every listed user their own
view. A copy sent as a personal notice says why it came (opened, reminder, deadline). When
closed: the outcome (recommended, not recommended, escalated to the board, no quorum) with the
weighted and unweighted counts and each municipality's ballot and reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from microsoft_teams.cards import (
    AdaptiveCard,
    CardElement,
    DateInput,
    ExecuteAction,
    ShowCardAction,
    TextInput,
    TimeInput,
)

from cards.elements import (
    adaptive_card,
    banner,
    buttons,
    caption,
    columns,
    execute,
    heading,
    refresh,
    section,
    stored_id,
    text,
)
from cards.labels import CHOICE_WORDS, OUTCOME_TONES
from governance import verbs
from governance.domain.organisation import AtDeadline, Mandate
from governance.domain.proposals import Proposal
from governance.domain.reminders import NoticeKind
from governance.domain.tally import Choice, Outcome, Tally
from governance.domain.votes import MAX_REASON_LENGTH, Vote
from governance.i18n import N_, translate
from governance.presentation import (
    CHOICE_LABELS,
    OUTCOME_LABELS,
    body_name,
    closed_text,
    day,
    in_oslo,
    member_name,
    moment,
    municipality_name,
    names,
    number,
    quorum_assumption,
    quorum_text,
    rule_text,
)

OUTCOME_TEXTS = {
    Outcome.RECOMMENDED: N_("{body} recommends the proposal."),
    Outcome.NOT_RECOMMENDED: N_("{body} does not recommend the proposal."),
    Outcome.ESCALATED: N_("{body} did not reach agreement, so the matter goes to {board}."),
    Outcome.NO_QUORUM: N_(
        "Too little of the voting weight took part. The proposal stays ready for the next meeting."
    ),
}


def vote_card(
    vote: Vote,
    proposal: Proposal,
    tally: Tally,
    mandate: Mandate,
    locale: str = "nb",
    *,
    viewer_municipality: str | None,
    viewer_is_chair: bool,
    refresh_user_ids: Sequence[str],
    viewer_known: bool = True,
    error: str | None = None,
    occasion: NoticeKind | None = None,
    reason: str = "",
    ask_reason: bool = False,
) -> dict[str, Any]:
    """The vote as ``viewer_municipality``'s representative sees it; a closed vote shows
    its result (``result_card``). ``refresh_user_ids`` (at most 60 are kept) get the card
    refreshed automatically with ``vote.refresh``. ``viewer_known`` False: the neutral copy
    of a channel (no ballot, no close button; a button that opens one's own view). A member
    without a municipality is told why they have no ballot. ``error``: a refused click.
    ``occasion``: the personal notice this copy is. ``reason``: the reason typed (kept after a
    refusal); ``ask_reason``: "Against" was pressed without one, so the card asks."""
    if not vote.is_open:
        return result_card(vote, proposal, tally, mandate, locale, board_meeting_date=None)
    vote_id = stored_id(vote.id, "vote")
    title = translate(N_("Vote on proposal {number}"), locale, number=proposal.number)
    opened = translate(
        N_("Opened {when} by {name}"),
        locale,
        when=moment(vote.opened_at, locale),
        name=member_name(mandate, vote.opened_by),
    )
    body: list[CardElement] = [
        caption(title),
        heading(proposal.title),
        text(opened, subtle=True, size="Small", spacing="None"),
        text(_deadline_text(vote, locale), size="Small", spacing="None"),
    ]
    if occasion is not None:
        body.append(_occasion(vote, occasion, mandate, viewer_municipality, locale))
    if error:
        body.append(banner(error, "attention"))
    if ask_reason and viewer_municipality is not None:
        body.append(_reason_asked(mandate, viewer_municipality, locale))
    if not viewer_known:
        body.append(
            text(
                translate(
                    N_(
                        "Each member of the committee sees their municipality's ballot here; "
                        "if not, press “Open my ballot”."
                    ),
                    locale,
                ),
                subtle=True,
            )
        )
    elif viewer_municipality is not None:
        body.append(_own_ballot(vote, mandate, viewer_municipality, locale))
        if viewer_municipality in vote.weights:
            body.append(_reason_input(vote, viewer_municipality, reason, locale))
        actions = _ballot_buttons(vote_id, vote, viewer_municipality, locale)
        if ask_reason:
            actions.append(
                execute(
                    translate(N_("Against without a reason"), locale),
                    verbs.BALLOT_CAST,
                    {"vote_id": vote_id, "choice": Choice.MOT.value, verbs.WITHOUT_REASON: True},
                )
            )
        body += buttons(actions)
    else:
        body.append(
            banner(
                translate(
                    N_(
                        "You do not represent a municipality in {body}, so you have no ballot; "
                        "you follow the vote here."
                    ),
                    locale,
                    body=body_name(mandate, vote.body_id),
                ),
                "default",
            )
        )
    body += _tally(vote, tally, mandate, locale)
    if viewer_is_chair and tally.missing:
        body.append(_who_has_not_voted(vote, tally, mandate, locale))
    body += _rule(vote, tally, mandate, locale)
    body.append(
        text(
            translate(
                N_("If the vote closed now: {outcome}"),
                locale,
                outcome=translate(OUTCOME_LABELS[tally.outcome], locale),
            ),
            subtle=True,
        )
    )
    if not viewer_known:
        mine = execute(
            translate(N_("Open my ballot"), locale), verbs.VOTE_REFRESH, {"vote_id": vote_id}
        )
        body += buttons([mine], spacing="Large")
    elif viewer_is_chair:
        close = execute(
            translate(N_("Close the vote"), locale), verbs.VOTE_CLOSE, {"vote_id": vote_id}
        )
        body += buttons([close, _move_deadline(vote, vote_id, locale)], spacing="Large")
    return adaptive_card(
        body,
        fallback_text=title,
        refresh=refresh(verbs.VOTE_REFRESH, {"vote_id": vote_id}, refresh_user_ids),
    )


def result_card(
    vote: Vote,
    proposal: Proposal,
    tally: Tally,
    mandate: Mandate,
    locale: str = "nb",
    *,
    board_meeting_date: date | None,
    error: str | None = None,
) -> dict[str, Any]:
    """The result of a closed vote; ``board_meeting_date`` is the board meeting an escalated
    matter was put on, when known; ``error``: a click refused on the closed vote."""
    title = translate(N_("Result of the vote on proposal {number}"), locale, number=proposal.number)
    outcome = vote.outcome or tally.outcome
    body: list[CardElement] = [caption(title), heading(proposal.title)]
    if error:
        body.append(banner(error, "attention"))
    body.append(
        banner(
            _outcome_text(vote, outcome, mandate, locale, board_meeting_date),
            OUTCOME_TONES[outcome],
            title=translate(OUTCOME_LABELS[outcome], locale),
        )
    )
    body += _tally(vote, tally, mandate, locale)
    body += _ballots(vote, mandate, locale)
    body += _rule(vote, tally, mandate, locale)
    if vote.closed_at is not None:
        body.append(text(closed_text(vote, mandate, locale), subtle=True, size="Small"))
    return adaptive_card(body, fallback_text=title)


def _deadline_text(vote: Vote, locale: str) -> str:
    """When the vote closes and what happens then, as the mandate file's rule says."""
    if vote.closes_at is None:
        return translate(N_("No deadline: the chair closes the vote."), locale)
    when = moment(vote.closes_at, locale)
    if vote.at_deadline is AtDeadline.CLOSE:
        return translate(N_("Closes by itself {when}."), locale, when=when)
    return translate(
        N_("Deadline {when}; then the chair is reminded to close the vote."), locale, when=when
    )


def _occasion(
    vote: Vote, occasion: NoticeKind, mandate: Mandate, municipality: str | None, locale: str
) -> CardElement:
    """Why this personal copy came: the vote opened, it closes soon, its deadline came."""
    named = municipality_name(mandate, municipality) if municipality else ""
    when = moment(vote.closes_at, locale) if vote.closes_at is not None else ""
    if occasion is NoticeKind.VOTE_REMINDER:
        return banner(
            translate(
                N_("The vote closes {when} and {municipality} has not voted yet."),
                locale,
                when=when,
                municipality=named,
            ),
            "warning",
            title=translate(N_("Reminder"), locale),
        )
    if occasion is NoticeKind.VOTE_DEADLINE:
        return banner(
            translate(
                N_("The deadline was {when}. Close the vote, or give it a new deadline."),
                locale,
                when=when,
            ),
            "attention",
            title=translate(N_("The deadline has passed"), locale),
        )
    what = (
        N_("{body} votes on this proposal. Vote for {municipality} here or in the channel.")
        if named
        else N_("{body} votes on this proposal.")
    )
    return banner(
        translate(what, locale, body=body_name(mandate, vote.body_id), municipality=named),
        "default",
        title=translate(N_("A vote has opened"), locale),
    )


def _reason_asked(mandate: Mandate, municipality: str, locale: str) -> CardElement:
    return banner(
        translate(
            N_(
                "Why does {municipality} vote against? The reason goes with the matter, to the "
                "board too if there is no agreement. Write it below and press “Against”, or "
                "press “Against without a reason”."
            ),
            locale,
            municipality=municipality_name(mandate, municipality),
        ),
        "warning",
        title=translate(N_("Give a reason"), locale),
    )


def _reason_input(vote: Vote, municipality: str, typed: str, locale: str) -> CardElement:
    ballot = vote.ballot_of(municipality)
    value = typed or (ballot.reason if ballot is not None else "")
    return TextInput(
        id=verbs.BALLOT_REASON,
        label=translate(N_("Reason (asked for when voting against)"), locale),
        is_multiline=True,
        max_length=MAX_REASON_LENGTH,
        value=value or None,
    )


def _move_deadline(vote: Vote, vote_id: int, locale: str) -> ShowCardAction:
    """The chair's "New deadline…": a date and a time (Europe/Oslo), then ``vote.deadline``."""
    current = in_oslo(vote.closes_at) if vote.closes_at is not None else None
    form = AdaptiveCard(
        body=[
            DateInput(
                id=verbs.CLOSES_ON,
                label=translate(N_("Closes on"), locale),
                value=current.date().isoformat() if current else None,
                is_required=True,
                error_message=translate(N_("Choose the day the vote closes."), locale),
            ),
            TimeInput(
                id=verbs.CLOSES_AT_TIME,
                label=translate(N_("At (Norwegian time)"), locale),
                value=current.strftime("%H:%M") if current else "16:00",
                is_required=True,
                error_message=translate(N_("Choose the time the vote closes."), locale),
            ),
        ],
        actions=[
            execute(
                translate(N_("Set deadline"), locale), verbs.VOTE_DEADLINE, {"vote_id": vote_id}
            )
        ],
    )
    return ShowCardAction(title=translate(N_("New deadline…"), locale), card=form)


def _who_has_not_voted(vote: Vote, tally: Tally, mandate: Mandate, locale: str) -> CardElement:
    """For the chair: the members of each municipality that has not voted, to remind them."""
    members = mandate.body(vote.body_id).members if mandate.is_body(vote.body_id) else ()
    lines = []
    for municipality in tally.missing:
        people = [
            mandate.member(m).name
            for m in members
            if mandate.member(m).municipality == municipality
        ]
        named = municipality_name(mandate, municipality)
        lines.append(f"{named}: {names(people, locale)}" if people else named)
    return banner(
        "\n\n".join(lines),
        "warning",
        title=translate(N_("Who has not voted yet"), locale),
    )


def _own_ballot(vote: Vote, mandate: Mandate, municipality: str, locale: str) -> CardElement:
    name = municipality_name(mandate, municipality)
    if municipality not in vote.weights:
        return banner(
            translate(
                N_("Your municipality ({municipality}) has no vote in this matter."),
                locale,
                municipality=name,
            ),
            "default",
        )
    ballot = vote.ballot_of(municipality)
    if ballot is None:
        return banner(
            translate(
                N_("Your municipality ({municipality}) has not voted yet."),
                locale,
                municipality=name,
            ),
            "warning",
        )
    voted = translate(
        N_("Your municipality ({municipality}) has voted: {choice}"),
        locale,
        municipality=name,
        choice=translate(CHOICE_WORDS[ballot.choice], locale),
    )
    by = translate(
        N_("Cast by {name}, {when}. You can change it while the vote is open."),
        locale,
        name=member_name(mandate, ballot.cast_by),
        when=moment(ballot.cast_at, locale),
    )
    if ballot.reason:
        by += "\n\n" + translate(N_("Reason: {reason}"), locale, reason=ballot.reason)
    return banner(by, "good", title=voted)


def _ballot_buttons(
    vote_id: int,
    vote: Vote,
    municipality: str | None,
    locale: str,
) -> list[ExecuteAction]:
    ballot = vote.ballot_of(municipality) if municipality else None
    result = []
    for choice in Choice:
        label = translate(CHOICE_LABELS[choice], locale)
        chosen = ballot is not None and ballot.choice is choice
        result.append(
            execute(
                f"✓ {label}" if chosen else label,
                verbs.BALLOT_CAST,
                {"vote_id": vote_id, "choice": choice.value},
                style="positive" if chosen else None,
            )
        )
    return result


def _tally(vote: Vote, tally: Tally, mandate: Mandate, locale: str) -> list[CardElement]:
    def t(msgid: str) -> str:
        return translate(msgid, locale)

    rows = [
        (t(CHOICE_LABELS[Choice.FOR]), tally.for_weight, tally.for_count),
        (t(CHOICE_LABELS[Choice.MOT]), tally.against_weight, tally.against_count),
        (t(CHOICE_LABELS[Choice.AVSTAR]), tally.abstain_weight, tally.abstain_count),
    ]
    header = [
        (t(N_("Ballot")), True),
        (t(N_("Voting weight")), True),
        (t(N_("Municipalities")), True),
    ]
    items: list[CardElement] = [section(t(N_("Tally"))), _row(header)]
    for label, weight, count in rows:
        items.append(_row([(label, False), (number(weight, locale), False), (str(count), False)]))
    cast = len(vote.weights) - len(tally.missing)
    items.append(
        text(
            translate(
                N_(
                    "{cast} of {total} municipalities have voted "
                    "(voting weight {weight} of {total_weight})."
                ),
                locale,
                cast=cast,
                total=len(vote.weights),
                weight=number(tally.cast_weight, locale),
                total_weight=number(tally.total_weight, locale),
            ),
            spacing="Small",
        )
    )
    if tally.missing:
        missing = names((municipality_name(mandate, m) for m in tally.missing), locale)
        items.append(
            text(
                translate(N_("Not voted yet: {names}"), locale, names=missing),
                bold=vote.is_open,
                spacing="Small",
            )
        )
    return items


def _row(cells: list[tuple[str, bool]]) -> CardElement:
    widths = ("stretch", "100px", "100px")
    return columns(
        *(
            ([text(value, bold=bold, align=None if width == "stretch" else "Right")], width)
            for (value, bold), width in zip(cells, widths, strict=True)
        ),
        spacing="Small",
    )


def _rule(vote: Vote, tally: Tally, mandate: Mandate, locale: str) -> list[CardElement]:
    rule = vote.decision_rule()
    items: list[CardElement] = [
        section(translate(N_("Rule and quorum"), locale)),
        text(rule_text(rule, mandate, locale)),
        text(quorum_text(rule, tally, locale), spacing="Small"),
    ]
    if not rule.quorum_in_mandate:
        items.append(text(quorum_assumption(mandate, locale), subtle=True, size="Small"))
    return items


def _outcome_text(
    vote: Vote,
    outcome: Outcome,
    mandate: Mandate,
    locale: str,
    board_date: date | None,
) -> str:
    rule = vote.decision_rule()
    board = body_name(mandate, rule.escalate_to or mandate.board)
    result = translate(
        OUTCOME_TEXTS[outcome], locale, body=body_name(mandate, vote.body_id), board=board
    )
    if outcome is Outcome.ESCALATED and board_date is not None:
        result += " " + translate(
            N_("It is on the agenda of the board meeting on {date}."),
            locale,
            date=day(board_date, locale),
        )
    return result


def _ballots(vote: Vote, mandate: Mandate, locale: str) -> list[CardElement]:
    """Each municipality's ballot: "Aukra: for · Molde: mot · Rauma: —", then each reason
    given ("Molde (mot): «…»")."""
    parts, reasons = [], []
    for municipality in vote.weights:
        ballot = vote.ballot_of(municipality)
        choice = translate(CHOICE_WORDS[ballot.choice], locale) if ballot else "—"
        named = municipality_name(mandate, municipality)
        parts.append(f"{named}: {choice}")
        if ballot is not None and ballot.reason:
            reasons.append(
                translate(
                    N_("{municipality} ({choice}): “{reason}”"),
                    locale,
                    municipality=named,
                    choice=choice,
                    reason=ballot.reason,
                )
            )
    items: list[CardElement] = [text(" · ".join(parts), spacing="Medium")]
    if reasons:
        items.append(section(translate(N_("Reasons given"), locale)))
        items += [text(line, spacing="Small") for line in reasons]
    return items
