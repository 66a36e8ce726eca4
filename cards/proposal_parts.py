"""Parts of the proposal card: what the submitter wrote (long texts as a preview; the full card,
``full_card``, holds every text in full and fits a Teams message), the attachments with their
add form and remove buttons, and where the proposal is discussed (a Teams deep link to its post
in the channel).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import quote, urlencode

from microsoft_teams.cards import Action as CardAction
from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    CardElement,
    ExecuteAction,
    OpenUrlAction,
    ShowCardAction,
    TextInput,
)

from cards.elements import adaptive_card, buttons, execute, facts, section, text
from governance import verbs
from governance.domain.attachments import MAX_TITLE, MAX_URL
from governance.domain.organisation import Mandate
from governance.domain.proposals import Action, Proposal
from governance.i18n import N_, translate
from governance.presentation import body_name, clip, member_name, municipality_name, short_day
from governance.views import Discussion

PREVIEW: Final = 280  # characters shown of a long text on the proposal card
COLLAPSE_OVER: Final = 400  # texts longer than this show as a preview
NOT_GIVEN: Final = N_("not given")
ATTACHMENT_TITLE_LABEL: Final = N_("Title")
ATTACHMENT_URL_LABEL: Final = N_("Link to the file in the Teams area (https://…)")
TEAMS_MESSAGE_LINK: Final = "https://teams.microsoft.com/l/message/{channel}/{message}"
LONG_TEXTS: Final = (
    ("benefit_potential", N_("Benefit potential")),
    ("benefit_measurement", N_("How the benefit will be measured")),
    ("legal_basis", N_("Legal basis")),
    ("user_perspective", N_("User perspective")),
    ("org_change", N_("Organisational change")),
)


def not_given(locale: str) -> str:
    return translate(NOT_GIVEN, locale)


def is_long(value: str) -> bool:
    return len(value.strip()) > COLLAPSE_OVER


def long_text(value: str, locale: str, *, full: bool = False) -> list[CardElement]:
    """``value`` in full when it is short or ``full``, else its first ``PREVIEW`` characters
    (the whole text is on the full card, ``full_card``); an empty value says "not given"."""
    if not value.strip():
        return [text(not_given(locale), subtle=True, spacing="None")]
    if full or not is_long(value):
        return [text(value, spacing="None")]
    return [text(clip(value, PREVIEW), spacing="None")]


def labelled(label: str, value: str, locale: str, *, full: bool = False) -> list[CardElement]:
    return [
        text(translate(label, locale), bold=True, spacing="Medium"),
        *long_text(value, locale, full=full),
    ]


def written(
    proposal: Proposal, mandate: Mandate, locale: str, *, full: bool = False
) -> list[CardElement]:
    """Everything the submitter wrote: the need in each municipality, the benefit and how it is
    measured, the legal basis, the user perspective and the organisational change."""
    items: list[CardElement] = [section(translate(N_("Need per municipality"), locale))]
    if not proposal.municipalities:
        items.append(text(not_given(locale), subtle=True))
    for municipality in proposal.municipalities:
        name = municipality_name(mandate, municipality)
        items += labelled(name, proposal.needs.get(municipality, ""), locale, full=full)
    items.append(section(translate(N_("Benefit and assessments"), locale)))
    for key, label in LONG_TEXTS:
        items += labelled(label, str(getattr(proposal, key)), locale, full=full)
    return items


def shortened(proposal: Proposal) -> bool:
    """Whether the card shows some text of the proposal only in part."""
    texts = [proposal.description, *proposal.needs.values()]
    texts += [str(getattr(proposal, key)) for key, _ in LONG_TEXTS]
    return any(is_long(value) for value in texts)


def read_all_button(proposal_id: int, locale: str) -> ExecuteAction:
    """Shows the card with every text of the proposal in full (``proposal.show``, full)."""
    return execute(
        translate(N_("Read everything"), locale),
        verbs.PROPOSAL_SHOW,
        {"proposal_id": proposal_id, verbs.FULL_TEXT: True},
    )


def full_card(proposal: Proposal, mandate: Mandate, locale: str) -> dict[str, Any]:
    """Everything the submitter wrote, in full, and a button back to the proposal's card.
    Without the attachments, history and steps, so that the longest texts fit a message."""
    number = translate(N_("Proposal {number}"), locale, number=proposal.number)
    body: list[CardElement] = [
        text(number, subtle=True, size="Small"),
        text(proposal.title or "—", bold=True, size="Large", spacing="None"),
        section(translate(N_("Description"), locale)),
        *long_text(proposal.description, locale, full=True),
        *written(proposal, mandate, locale, full=True),
    ]
    if proposal.id is not None:
        back = execute(
            translate(N_("Back to the proposal"), locale),
            verbs.PROPOSAL_SHOW,
            {"proposal_id": proposal.id},
        )
        body += buttons([back], spacing="Large")
    return adaptive_card(body, fallback_text=f"{proposal.number} {proposal.title}")


def attachments(
    proposal: Proposal,
    mandate: Mandate,
    locale: str,
    *,
    may_attach: bool,
    removable: frozenset[int],
    typed: Mapping[str, str] | None,
) -> list[CardElement]:
    """The links to files in the Teams area, each opened by its button; a remove button for
    those the viewer may remove, and the add form for those who may add."""
    items: list[CardElement] = [section(translate(N_("Attachments"), locale))]
    if not proposal.attachments:
        items.append(text(translate(N_("No attachments yet."), locale), subtle=True))
    for attachment in proposal.attachments:
        added = translate(
            N_("Added by {name}, {day}"),
            locale,
            name=member_name(mandate, attachment.added_by),
            day=short_day(attachment.added_at.date(), locale),
        )
        row: list[CardAction] = [
            OpenUrlAction(title=clip(attachment.title, 80), url=attachment.url)
        ]
        if attachment.id is not None and proposal.id is not None and attachment.id in removable:
            data = {"proposal_id": proposal.id, "attachment_id": attachment.id}
            row.append(execute(translate(N_("Remove"), locale), verbs.PROPOSAL_DETACH, data))
        items += [
            ActionSet(actions=list(row), spacing="Small"),
            text(added, subtle=True, size="Small", spacing="None"),
        ]
    if may_attach and proposal.id is not None:
        items.append(ActionSet(actions=[_add_form(proposal.id, locale, typed or {})]))
    elif typed and any(typed.values()):  # refused one who may not add: what they typed, to copy
        items.append(facts(_typed_pairs(typed, locale), spacing="Small"))
    return items


def _typed_pairs(typed: Mapping[str, str], locale: str) -> list[tuple[str, str]]:
    return [
        (translate(ATTACHMENT_TITLE_LABEL, locale), typed.get(verbs.ATTACHMENT_TITLE, "")),
        (translate(ATTACHMENT_URL_LABEL, locale), typed.get(verbs.ATTACHMENT_URL, "")),
    ]


def _add_form(proposal_id: int, locale: str, typed: Mapping[str, str]) -> ShowCardAction:
    form = AdaptiveCard(
        body=[
            TextInput(
                id=verbs.ATTACHMENT_TITLE,
                label=translate(ATTACHMENT_TITLE_LABEL, locale),
                max_length=MAX_TITLE,
                value=typed.get(verbs.ATTACHMENT_TITLE) or None,
            ),
            TextInput(
                id=verbs.ATTACHMENT_URL,
                label=translate(ATTACHMENT_URL_LABEL, locale),
                style="Url",
                max_length=MAX_URL,
                value=typed.get(verbs.ATTACHMENT_URL) or None,
            ),
        ],
        actions=[
            execute(
                translate(N_("Add"), locale), verbs.PROPOSAL_ATTACH, {"proposal_id": proposal_id}
            )
        ],
    )
    return ShowCardAction(title=translate(N_("Add attachment…"), locale), card=form)


def message_link(discussion: Discussion) -> str | None:
    """The Teams deep link to the proposal's post in the channel, once it is posted."""
    post, conversation = discussion.post, discussion.conversation
    if post is None or conversation is None:
        return None
    channel = conversation.channel_id or conversation.key
    link = TEAMS_MESSAGE_LINK.format(
        channel=quote(channel, safe=":@."), message=quote(post.message_id, safe="")
    )
    query = {"groupId": conversation.team_id} if conversation.team_id else {}
    return f"{link}?{urlencode({**query, 'parentMessageId': post.message_id})}"


def discussion(
    proposal: Proposal,
    mandate: Mandate,
    locale: str,
    *,
    where: Discussion | None,
    channel_copy: bool,
) -> list[CardElement]:
    """Where the proposal is discussed: replies to its card in the committee's channel."""
    body = body_name(mandate, where.body_id if where is not None else mandate.committee)
    items: list[CardElement] = [section(translate(N_("Discussion"), locale))]
    link = message_link(where) if where is not None else None
    if channel_copy:
        message = N_("Reply to this post to discuss the proposal.")
    elif link is not None:
        message = N_(
            "The replies to the proposal's post in the channel of {body} are its discussion."
        )
    elif not any(e.action == Action.SUBMIT.value for e in proposal.history):
        message = N_(
            "When the proposal is submitted, its card is posted in the channel of {body}; the "
            "replies there are its discussion."
        )
    elif where is not None and not where.linked:
        message = N_(
            "The discussion takes place in the channel of {body}, but no channel is linked to "
            "it yet, so the card is not posted there."
        )
    elif where is not None:
        message = N_(
            "The proposal's card is on its way to the channel of {body}; the replies there "
            "will be its discussion."
        )
    else:
        message = N_(
            "The discussion takes place in the replies to the proposal's post in the channel "
            "of {body}."
        )
    items.append(text(translate(message, locale, body=body)))
    if link is not None:
        title = translate(N_("Discussion in the channel"), locale)
        items.append(ActionSet(actions=[OpenUrlAction(title=title, url=link)]))
    return items
