"""The proposal card: state, number, title, everything the submitter wrote, the attachments,
where it is discussed, the latest history, what happens next, and buttons for the steps the
viewer may take (decided by the caller, never here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from microsoft_teams.cards import CardElement, Container, ExecuteAction, TextInput

from cards import proposal_parts as parts
from cards.elements import (
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
from cards.labels import STATE_TONES, STEP_BUTTONS, STEP_STYLES
from governance import verbs
from governance.domain.organisation import Mandate
from governance.domain.proposals import (
    TRANSITIONS,
    Action,
    Capacity,
    Proposal,
    ProposalEvent,
    ProposalKind,
    ProposalState,
    QaItem,
    state_label,
)
from governance.i18n import N_, translate
from governance.presentation import (
    KIND_LABELS,
    body_name,
    clip,
    in_oslo,
    member_name,
    moment,
    money,
    municipality_name,
    names,
    short_day,
)
from governance.views import Discussion

S = ProposalState
NEXT_STEPS: Final = {
    S.DRAFT: N_("Fill in the proposal and submit it to the committee."),
    S.SUBMITTED: N_("The chair (daglig leder) starts the quality assurance."),
    S.IN_REVIEW: N_("The chair goes through the quality-assurance checklist."),
    S.RETURNED: N_("The submitter revises the proposal and submits it again."),
    S.READY: N_("The proposal can be put on the agenda of the next committee meeting."),
    S.ON_AGENDA: N_("The committee deals with the proposal in its meeting."),
    S.VOTING: N_("The bestillere vote for their municipalities."),
    S.RECOMMENDED: N_("The one the mandate names decides on the committee's recommendation."),
    S.NOT_RECOMMENDED: N_("The one the mandate names decides whether the proposal goes ahead."),
    S.ESCALATED: N_("The committee did not agree; the board decides."),
    S.BOARD_APPROVED: N_("The project can be started."),
    S.BOARD_DECLINED: N_("The case can be closed."),
    S.IN_PROGRESS: N_("The project is under way until it is delivered."),
    S.DELIVERED: N_("The benefits are followed up after delivery."),
    S.BENEFITS_FOLLOWED_UP: N_("The case can be closed."),
    S.CLOSED: N_("The case is closed."),
    S.WITHDRAWN: N_("The proposal was withdrawn."),
}
PROJECT_STATES: Final = frozenset(
    {S.BOARD_APPROVED, S.IN_PROGRESS, S.DELIVERED, S.BENEFITS_FOLLOWED_UP}
)
FACT_LIMIT: Final = 300
HISTORY_LIMIT: Final = 5


def proposal_card(
    proposal: Proposal,
    mandate: Mandate,
    locale: str = "nb",
    *,
    next_steps: Sequence[Action] = (),
    can_edit: bool = False,
    can_show: bool = False,
    may_attach: bool = False,
    removable: frozenset[int] = frozenset(),
    discussion: Discussion | None = None,
    channel_copy: bool = False,
    error: str | None = None,
    typed: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The card of ``proposal``: everything the submitter wrote (long texts as a preview with a
    button to the full card, ``proposal_parts.full_card``; empty fields "not given"), its
    attachments and where it is discussed.

    ``next_steps``: the life-cycle steps the viewer may take now, one button each
    (``proposal.step``); when "return" is among them a comment input is added. ``can_edit`` adds
    an edit button (``proposal.edit``), ``can_show`` a button that shows the card afresh
    (``proposal.show``), for cards that sit in a channel. ``may_attach`` adds the attachment
    form, ``removable`` names the attachments with a remove button. ``discussion``: the post in
    the committee's channel (None: not looked up); ``channel_copy``: this card is that post.
    ``error`` and ``typed``: a refused attachment, shown at the top, with what was typed.
    """
    body: list[CardElement] = []
    if error:
        body.append(banner(error, "attention", title=translate(N_("Not saved"), locale)))
    body.append(_header(proposal, locale))
    body += parts.long_text(proposal.description, locale)
    body.append(facts(_facts(proposal, mandate, locale), spacing="Medium"))
    body += parts.written(proposal, mandate, locale)
    if proposal.id is not None and parts.shortened(proposal):
        body += buttons([parts.read_all_button(proposal.id, locale)])
    body += parts.attachments(
        proposal, mandate, locale, may_attach=may_attach, removable=removable, typed=typed
    )
    body += parts.discussion(proposal, mandate, locale, where=discussion, channel_copy=channel_copy)
    body.append(section(translate(N_("Next step"), locale)))
    body.append(text(translate(NEXT_STEPS[proposal.state], locale)))
    if proposal.state is S.IN_REVIEW:
        body.append(text(_qa_progress(proposal, locale), subtle=True))
    body += _history(proposal, mandate, locale)
    if Action.RETURN in next_steps:
        body.append(
            TextInput(
                id=verbs.STEP_COMMENT,
                is_multiline=True,
                max_length=1000,
                spacing="Large",
                label=translate(N_("Comment (needed when you return the proposal)"), locale),
            )
        )
    body += buttons(_actions(proposal, locale, next_steps, can_edit, can_show), spacing="Large")
    return adaptive_card(body, fallback_text=f"{proposal.number} {proposal.title}")


def step_button(proposal_id: int, step: Action, locale: str) -> ExecuteAction:
    """The button of one life-cycle step (``proposal.step``)."""
    return execute(
        translate(STEP_BUTTONS[step], locale),
        verbs.PROPOSAL_STEP,
        {"proposal_id": proposal_id, "step": step.value},
        style=STEP_STYLES.get(step),
    )


def show_button(proposal_id: int, locale: str) -> ExecuteAction:
    """A button that shows the card of a proposal (``proposal.show``)."""
    return execute(
        translate(N_("Show proposal"), locale), verbs.PROPOSAL_SHOW, {"proposal_id": proposal_id}
    )


def state_badge(state: ProposalState, locale: str) -> Container:
    """The state of a proposal as a small coloured box."""
    label = translate(state_label(state), locale)
    return Container(style=STATE_TONES[state], items=[text(label, bold=True, size="Small")])


def kind_text(proposal: Proposal, mandate: Mandate, locale: str) -> str:
    """ "New service", or "Change to a service in the catalogue: Klientdrift"."""
    label = translate(KIND_LABELS[proposal.kind], locale)
    if proposal.kind is ProposalKind.CHANGE_SERVICE and proposal.catalogue_service:
        names_by_id = {s.id: s.name for s in mandate.service_catalogue}
        service = names_by_id.get(proposal.catalogue_service, proposal.catalogue_service)
        return f"{label}: {service}"
    return label


def _header(proposal: Proposal, locale: str) -> CardElement:
    number = caption(translate(N_("Proposal {number}"), locale, number=proposal.number))
    return columns(
        ([number, heading(proposal.title or "—")], "stretch"),
        ([state_badge(proposal.state, locale)], "auto"),
    )


def _facts(proposal: Proposal, mandate: Mandate, locale: str) -> list[tuple[str, str]]:
    """The short fields; an empty one says "not given" rather than vanish."""

    def t(msgid: str) -> str:
        return translate(msgid, locale)

    def cost(amount: Decimal) -> str:
        return money(amount, locale) if amount else ""

    submitter = member_name(mandate, proposal.submitter)
    if proposal.submitter_municipality:
        submitter += f" ({municipality_name(mandate, proposal.submitter_municipality)})"
    goals = {g.id: g.title for g in mandate.strategy_goals}
    pairs = [(t(N_("Kind")), kind_text(proposal, mandate, locale))]
    if proposal.kind is ProposalKind.CHANGE_SERVICE and not proposal.catalogue_service:
        pairs.append((t(N_("Service in the catalogue")), ""))
    pairs += [
        (
            t(N_("Municipalities")),
            names((municipality_name(mandate, m) for m in proposal.municipalities), locale),
        ),
        (t(N_("One-off cost")), cost(proposal.cost_one_off)),
        (t(N_("Yearly cost")), cost(proposal.cost_yearly)),
        (
            t(N_("Strategy goals")),
            clip(names((goals.get(g, g) for g in proposal.strategy_goals), locale), FACT_LIMIT),
        ),
        (
            t(N_("Owning group")),
            body_name(mandate, proposal.owner_group) if proposal.owner_group else "",
        ),
        (t(N_("Submitted by")), submitter),
        (t(N_("Created")), short_day(in_oslo(proposal.created_at).date(), locale)),
    ]
    return [(label, value or parts.not_given(locale)) for label, value in pairs]


def _qa_progress(proposal: Proposal, locale: str) -> str:
    ticked = sum(1 for item in QaItem if proposal.qa.get(item.value))
    return translate(
        N_("Quality assurance: {ticked} of {total} points checked."),
        locale,
        ticked=ticked,
        total=len(QaItem),
    )


def _history(proposal: Proposal, mandate: Mandate, locale: str) -> list[CardElement]:
    if not proposal.history:
        return []
    latest = sorted(proposal.history, key=lambda e: e.at, reverse=True)[:HISTORY_LIMIT]
    items: list[CardElement] = [section(translate(N_("History"), locale))]
    for event in latest:
        items += _event(event, mandate, locale)
    if len(proposal.history) > HISTORY_LIMIT:
        items.append(
            text(
                translate(
                    N_("The latest {shown} of {total} events."),
                    locale,
                    shown=HISTORY_LIMIT,
                    total=len(proposal.history),
                ),
                subtle=True,
                size="Small",
            )
        )
    return items


VOTE_OUTCOMES: Final = frozenset(
    a.value for a, step in TRANSITIONS.items() if step.capacity is Capacity.VOTE
)


def _actor(event: ProposalEvent, mandate: Mandate, locale: str) -> str:
    """Who took the step: a vote's outcome is the committee's, never the chair's who closed it."""
    if event.action in VOTE_OUTCOMES:
        return translate(
            N_("the vote in {body}"), locale, body=body_name(mandate, mandate.committee)
        )
    return member_name(mandate, event.by)


def _event(event: ProposalEvent, mandate: Mandate, locale: str) -> list[CardElement]:
    try:
        what = translate(state_label(ProposalState(event.to_state)), locale)
    except ValueError:
        what = event.to_state
    line = f"{moment(event.at, locale)} · {_actor(event, mandate, locale)}: {what}"
    items: list[CardElement] = [text(line, spacing="Small")]
    if event.comment:
        comment = translate(
            N_("Comment: {comment}"), locale, comment=clip(event.comment, FACT_LIMIT)
        )
        items.append(text(comment, subtle=True, spacing="None"))
    return items


def _actions(
    proposal: Proposal,
    locale: str,
    next_steps: Sequence[Action],
    can_edit: bool,
    can_show: bool,
) -> list[ExecuteAction]:
    if proposal.id is None:
        return []
    actions = [step_button(proposal.id, step, locale) for step in next_steps]
    if proposal.state in PROJECT_STATES:
        actions.append(
            execute(
                translate(N_("Open the project"), locale),
                verbs.PROJECT_SHOW,
                {"proposal_id": proposal.id},
            )
        )
    if can_edit:
        actions.append(
            execute(
                translate(N_("Edit"), locale), verbs.PROPOSAL_EDIT, {"proposal_id": proposal.id}
            )
        )
    if can_show:
        actions.append(show_button(proposal.id, locale))
    return actions
