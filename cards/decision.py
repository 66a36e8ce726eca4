"""The decision card of a matter after the committee: the whole basis for the one who decides
(need per municipality, legal basis, user perspective, costs, benefit and how it is measured,
the committee's outcome with each municipality's ballot, earlier decisions), and for them the
form that records the decision (verdict, reason, the body's meeting). The copy in a channel is
the same for every reader; its button opens the reader's own view. Once decided, every copy
shows the decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from microsoft_teams.cards import CardElement, Choice, ChoiceSetInput, TextInput

from cards.elements import (
    Tone,
    adaptive_card,
    banner,
    buttons,
    caption,
    columns,
    execute,
    facts,
    heading,
    section,
    text,
)
from cards.labels import CHOICE_WORDS
from cards.proposal import kind_text, show_button, state_badge
from governance import verbs
from governance.domain.decisions import FOLLOWS_TEXTS, VERDICT_LABELS, Decision, Verdict
from governance.domain.meetings import Meeting
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal
from governance.domain.tally import Outcome
from governance.domain.votes import Vote
from governance.i18n import N_, translate
from governance.presentation import (
    CHOICE_LABELS,
    OUTCOME_LABELS,
    clip,
    day,
    decider_name,
    member_name,
    moment,
    money,
    municipality_name,
    names,
    number,
)

TEXT_LIMIT: Final = 1500
REASON_LIMIT: Final = 600  # a reason on the card; the decision document has it whole
VERDICT_TONES: Final[dict[Verdict, Tone]] = {
    Verdict.APPROVED: "good",
    Verdict.DECLINED: "attention",
    Verdict.TO_BOARD: "warning",
    Verdict.SENT_BACK: "warning",
}


def decision_card(
    proposal: Proposal,
    votes: Sequence[Vote],
    decisions: Sequence[Decision],
    mandate: Mandate,
    locale: str = "nb",
    *,
    decider_name: str,
    decider_is_body: bool,
    awaiting: bool,
    verdicts: Sequence[Verdict] = (),
    meetings: Sequence[Meeting] = (),
    default_meeting: int | None = None,
    viewer_known: bool = True,
    values: Mapping[str, str] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """The card (see the module's docstring). ``verdicts``: what the viewer may decide (empty:
    they only read); ``meetings``: the deciding body's meetings held, newest first."""
    assert proposal.id is not None
    body: list[CardElement] = [_header(proposal, decider_name, decider_is_body, awaiting, locale)]
    if error:
        body.append(banner(error, "attention"))
    if not awaiting and decisions:
        body += _verdict(decisions[-1], mandate, locale, prominent=True)
    body += _basis(proposal, mandate, locale)
    body += _committee(votes, mandate, locale)
    earlier = decisions if awaiting else decisions[:-1]
    if earlier:
        body.append(section(translate(N_("Earlier decisions"), locale)))
        for taken in earlier:
            body += _verdict(taken, mandate, locale, prominent=False)
    actions = []
    if awaiting and verdicts:
        body += _form(
            verdicts, meetings, default_meeting, decider_name, decider_is_body, values, locale
        )
        if not decider_is_body or meetings:
            actions.append(
                execute(
                    translate(N_("Record the decision"), locale),
                    verbs.DECISION_SAVE,
                    {"proposal_id": proposal.id},
                    style="positive",
                )
            )
    elif awaiting:
        who = (
            N_("{name} decides; its chair records the decision.")
            if decider_is_body
            else N_("{name} decides.")
        )
        body.append(text(translate(who, locale, name=decider_name), subtle=True))
        if not viewer_known:
            actions.append(
                execute(
                    translate(N_("Open the decision"), locale),
                    verbs.DECISION_OPEN,
                    {"proposal_id": proposal.id},
                )
            )
    actions.append(show_button(proposal.id, locale))
    body += buttons(actions, spacing="Large")
    return adaptive_card(body, fallback_text=f"{proposal.number} {proposal.title}")


def _header(
    proposal: Proposal, decider: str, by_body: bool, awaiting: bool, locale: str
) -> CardElement:
    lead = (
        translate(N_("For decision by {name}"), locale, name=decider)
        if awaiting
        else translate(N_("Decided"), locale)
    )
    number = caption(
        translate(N_("Proposal {number}"), locale, number=proposal.number) + " · " + lead
    )
    return columns(
        ([number, heading(proposal.title or "—")], "stretch"),
        ([state_badge(proposal.state, locale)], "auto"),
    )


def _verdict(
    decision: Decision, mandate: Mandate, locale: str, *, prominent: bool
) -> list[CardElement]:
    label = translate(VERDICT_LABELS[decision.verdict], locale)
    who = member_name(mandate, decision.decided_by)
    line = translate(
        N_("{verdict} by {decider}, recorded by {name} {when}"),
        locale,
        verdict=label,
        decider=decider_name(mandate, decision.decider),
        name=who,
        when=moment(decision.decided_at, locale),
    )
    parts = [line]
    follows = decision.follows_committee
    if follows is not None:
        parts.append(translate(FOLLOWS_TEXTS[follows], locale))
    parts.append(
        translate(N_("Reason: {reason}"), locale, reason=clip(decision.reason, TEXT_LIMIT))
    )
    if prominent:
        return [banner("\n\n".join(parts), VERDICT_TONES[decision.verdict])]
    return [text("\n\n".join(parts), spacing="Small")]


def _basis(proposal: Proposal, mandate: Mandate, locale: str) -> list[CardElement]:
    def t(msgid: str) -> str:
        return translate(msgid, locale)

    items: list[CardElement] = [section(t(N_("The basis")))]
    if proposal.description:
        items.append(text(clip(proposal.description, TEXT_LIMIT)))
    items.append(
        facts(
            [
                (t(N_("Kind")), kind_text(proposal, mandate, locale)),
                (
                    t(N_("Municipalities")),
                    names((municipality_name(mandate, m) for m in proposal.municipalities), locale),
                ),
                (t(N_("One-off cost")), money(proposal.cost_one_off, locale)),
                (t(N_("Yearly cost")), money(proposal.cost_yearly, locale)),
                (t(N_("Submitted by")), member_name(mandate, proposal.submitter)),
            ]
        )
    )
    needs = [
        (municipality_name(mandate, m), clip(proposal.needs[m], TEXT_LIMIT))
        for m in proposal.municipalities
        if proposal.needs.get(m, "").strip()
    ]
    if needs:
        items.append(text(t(N_("Need per municipality")), bold=True, spacing="Medium"))
        items.append(facts(needs))
    for label, value in (
        (N_("Benefit potential"), proposal.benefit_potential),
        (N_("How the benefit is measured"), proposal.benefit_measurement),
        (N_("User perspective"), proposal.user_perspective),
        (N_("Legal basis"), proposal.legal_basis),
        (N_("Organisational change"), proposal.org_change),
    ):
        if value.strip():
            items.append(text(t(label), bold=True, spacing="Medium"))
            items.append(text(clip(value, TEXT_LIMIT), spacing="None"))
    return items


def _committee(votes: Sequence[Vote], mandate: Mandate, locale: str) -> list[CardElement]:
    """The committee's last vote: its outcome, each municipality's ballot and the totals."""
    items: list[CardElement] = [section(translate(N_("The committee's vote"), locale))]
    closed = [v for v in votes if v.closed_at is not None and v.outcome is not None]
    if not closed:
        items.append(text(translate(N_("The committee has not voted on it."), locale), subtle=True))
        return items
    vote = closed[-1]
    assert vote.outcome is not None and vote.closed_at is not None
    tally = vote.current_tally()
    items.append(
        text(
            translate(
                N_(
                    "{outcome} ({date}): for {for_weight}, against {against_weight}, abstained "
                    "{abstain_weight} of the voting weight {total}."
                ),
                locale,
                outcome=translate(OUTCOME_LABELS[Outcome(vote.outcome)], locale),
                date=day(vote.closed_at.date(), locale),
                for_weight=number(tally.for_weight, locale),
                against_weight=number(tally.against_weight, locale),
                abstain_weight=number(tally.abstain_weight, locale),
                total=number(tally.total_weight, locale),
            )
        )
    )
    order = [m.id for m in mandate.municipalities if m.id in vote.weights]
    order += sorted(set(vote.weights) - set(order))
    rows = []
    for municipality in order:
        ballot = vote.ballot_of(municipality)
        if ballot is None:
            cast = translate(N_("Did not vote"), locale)
        else:
            choice = translate(CHOICE_LABELS[ballot.choice], locale)
            cast = f"{choice} ({member_name(mandate, ballot.cast_by)})"
        rows.append((municipality_name(mandate, municipality), cast))
    items.append(facts(rows))
    return items + _reasons(vote, order, mandate, locale)


def _reasons(vote: Vote, order: Sequence[str], mandate: Mandate, locale: str) -> list[CardElement]:
    """The reasons the municipalities gave with their ballots (clipped here; the decision
    document in the Teams area holds them whole)."""
    lines = []
    for municipality in order:
        ballot = vote.ballot_of(municipality)
        if ballot is None or not ballot.reason:
            continue
        lines.append(
            translate(
                N_("{municipality} ({choice}): “{reason}”"),
                locale,
                municipality=municipality_name(mandate, municipality),
                choice=translate(CHOICE_WORDS[ballot.choice], locale),
                reason=clip(ballot.reason, REASON_LIMIT),
            )
        )
    if not lines:
        return []
    return [
        text(translate(N_("Reasons given"), locale), bold=True, spacing="Medium"),
        *(text(line, spacing="Small") for line in lines),
    ]


def _form(
    verdicts: Sequence[Verdict],
    meetings: Sequence[Meeting],
    default_meeting: int | None,
    decider: str,
    by_body: bool,
    values: Mapping[str, str] | None,
    locale: str,
) -> list[CardElement]:
    v = values or {}
    items: list[CardElement] = [section(translate(N_("Your decision"), locale))]
    items.append(
        ChoiceSetInput(
            id=verbs.DECISION_VERDICT,
            label=translate(N_("Decision"), locale),
            is_required=True,
            error_message=translate(N_("Choose the decision."), locale),
            style="expanded",
            wrap=True,
            value=v.get(verbs.DECISION_VERDICT) or None,
            choices=[
                Choice(title=translate(VERDICT_LABELS[verdict], locale), value=verdict.value)
                for verdict in verdicts
            ],
        )
    )
    items.append(
        TextInput(
            id=verbs.DECISION_REASON,
            label=translate(N_("Reason (published with the decision)"), locale),
            is_multiline=True,
            is_required=True,
            error_message=translate(N_("Give the reason."), locale),
            max_length=4000,
            value=v.get(verbs.DECISION_REASON) or None,
        )
    )
    if by_body:
        if not meetings:
            items.append(
                banner(
                    translate(
                        N_("No meeting of {body} that has been held is on record yet."),
                        locale,
                        body=decider,
                    ),
                    "warning",
                )
            )
        else:
            chosen = v.get(verbs.DECISION_MEETING) or (
                str(default_meeting) if default_meeting is not None else None
            )
            items.append(
                ChoiceSetInput(
                    id=verbs.DECISION_MEETING,
                    label=translate(N_("The meeting that decided"), locale),
                    is_required=True,
                    error_message=translate(N_("Choose the meeting."), locale),
                    value=chosen,
                    wrap=True,
                    choices=[
                        Choice(title=f"{m.title} {day(m.on, locale)}", value=str(m.id))
                        for m in meetings
                        if m.id is not None
                    ],
                )
            )
    return items
