"""The meeting card (møtekort) of a meeting held in Teams (mandate rule 5), through its life:

* before it: the agenda in its order and the items members proposed; participants get the form
  to propose an item (orientation, discussion, eventuelt), the chair accepts or declines each and
  opens the meeting on its day;
* during it: who is present per municipality (deputies marked), the item in hand; the chair
  records attendance, takes the next item, opens the vote on the proposal in hand, closes;
* after it: the minutes draft (attendance, items, votes, decisions); the chair adds a note per
  item; each one present confirms ("godkjent"); when all have, the minutes are approved and
  published, and the card says so.

The copy posted in a channel is the same for everyone; its button opens the reader's own view.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from microsoft_teams.cards import CardElement, Choice, ChoiceSetInput, TextInput, ToggleInput

from cards.agenda import ITEM_KINDS
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
from cards.labels import outcome_label
from cards.proposal import show_button
from governance import verbs
from governance.domain.meetings import FREE_KINDS, AgendaItem, ItemStatus, Meeting
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal, ProposalState, state_label
from governance.i18n import N_, translate
from governance.presentation import (
    MEETING_KINDS,
    body_name,
    clip,
    day,
    member_name,
    moment,
    municipality_name,
    names,
)
from governance.views import MeetingView

MAX_ITEMS: Final = 20
TITLE_LIMIT: Final = 200
NOTE_LIMIT: Final = 600
NOTE_MAX_LENGTH: Final = 2000


def meeting_card(view: MeetingView, mandate: Mandate, locale: str = "nb") -> dict[str, Any]:
    """The card (see the module's docstring) for the view's reader."""
    meeting = view.meeting
    assert meeting.id is not None
    data = {"meeting_id": meeting.id}
    body: list[CardElement] = [
        caption(
            translate(MEETING_KINDS[meeting.kind], locale)
            + " · "
            + body_name(mandate, meeting.body_id)
        ),
        heading(meeting.title),
        facts([(translate(N_("Date"), locale), day(meeting.on, locale))]),
        _phase(meeting, mandate, locale),
    ]
    if view.error is not None:
        body.append(banner(translate(view.error.message, locale, **view.error.params), "attention"))
    values = view.values or {}
    chair_in_session = view.chairs and meeting.in_session
    if meeting.opened_at is not None:
        body.append(section(translate(N_("Present"), locale)))
        if chair_in_session:
            body += _attendance_form(view, mandate, values, locale)
        else:
            body += _attendance(view, mandate, locale)
    drafting = view.chairs and meeting.minutes is not None and meeting.minutes_approved_at is None
    body.append(
        section(translate(N_("Minutes") if meeting.minutes is not None else N_("Agenda"), locale))
    )
    items = meeting.items
    if not items:
        body.append(text(translate(N_("The agenda is empty."), locale), subtle=True))
    for item in items[:MAX_ITEMS]:
        body.append(_item(view, item, mandate, values, drafting, locale))
    if len(items) > MAX_ITEMS:
        body.append(
            text(
                translate(N_("… and {count} more items."), locale, count=len(items) - MAX_ITEMS),
                subtle=True,
            )
        )
    body += _proposed(view, mandate, locale)
    if meeting.minutes is not None and meeting.present:
        body.append(_confirmations(meeting, mandate, locale))
    if _may_propose(view):
        body += _propose_form(values, locale)
    body += buttons(_actions(view, data, locale), spacing="Large")
    return adaptive_card(body, fallback_text=meeting.title)


def _phase(meeting: Meeting, mandate: Mandate, locale: str) -> CardElement:
    if meeting.minutes_approved_at is not None:
        return banner(
            translate(
                N_("The minutes were approved {when}; they are published in the Teams area."),
                locale,
                when=moment(meeting.minutes_approved_at, locale),
            ),
            "good",
        )
    if meeting.minutes is not None:
        return banner(
            translate(
                N_(
                    "Minutes draft: not approved and not published until everyone present has "
                    "confirmed it."
                ),
                locale,
            ),
            "warning",
        )
    if meeting.in_session:
        assert meeting.opened_at is not None
        return banner(
            translate(
                N_("The meeting is in session (opened {when} by {name})."),
                locale,
                when=moment(meeting.opened_at, locale),
                name=member_name(mandate, meeting.opened_by),
            ),
            "good",
        )
    return text(translate(N_("Draft agenda"), locale), subtle=True)


def _participant_label(member_id: str, mandate: Mandate, locale: str) -> str:
    member = mandate.member(member_id)
    label = member.name
    if member.municipality:
        label += f", {municipality_name(mandate, member.municipality)}"
    if member.deputy:
        label += " " + translate(N_("(deputy)"), locale)
    return label


def _attendance_form(
    view: MeetingView, mandate: Mandate, values: Mapping[str, str], locale: str
) -> list[CardElement]:
    present = set(view.meeting.present)
    elements: list[CardElement] = []
    for member_id in view.participants:
        key = f"{verbs.PRESENT_PREFIX}{member_id}"
        on = values.get(key, "true" if member_id in present else "false")
        elements.append(
            ToggleInput(
                id=key,
                title=_participant_label(member_id, mandate, locale),
                value="true" if on == "true" else "false",
                value_on="true",
                value_off="false",
                wrap=True,
                spacing="Small",
            )
        )
    return elements


def _attendance(view: MeetingView, mandate: Mandate, locale: str) -> list[CardElement]:
    """Who is present, per municipality (deputies marked), then those absent."""
    meeting = view.meeting
    if not meeting.attendance:
        return [text(translate(N_("Attendance is not recorded yet."), locale), subtle=True)]
    present = set(meeting.present)
    by_place: dict[str, list[str]] = {}
    for member_id in view.participants:
        if member_id not in present:
            continue
        member = mandate.member(member_id)
        place = (
            municipality_name(mandate, member.municipality)
            if member.municipality
            else translate(N_("Without a municipality"), locale)
        )
        name = member.name + (" " + translate(N_("(deputy)"), locale) if member.deputy else "")
        by_place.setdefault(place, []).append(name)
    pairs = [(place, names(people, locale)) for place, people in by_place.items()]
    absent = [member_name(mandate, m) for m in view.participants if m not in present]
    if absent:
        pairs.append((translate(N_("Absent"), locale), names(absent, locale)))
    return [facts(pairs)]


def _item(
    view: MeetingView,
    item: AgendaItem,
    mandate: Mandate,
    values: Mapping[str, str],
    drafting: bool,
    locale: str,
) -> CardElement:
    meeting = view.meeting
    kind = translate(ITEM_KINDS[item.kind], locale)
    proposal: Proposal | None = (
        view.proposals.get(item.proposal_id) if item.proposal_id is not None else None
    )
    if proposal is not None:
        kind += f" · {proposal.number} · {translate(state_label(proposal.state), locale)}"
    details: list[CardElement] = []
    if meeting.in_session and item.position == meeting.current_position:
        details.append(text(translate(N_("In hand now"), locale), bold=True, color="Accent"))
    details += [
        text(clip(item.title, TITLE_LIMIT), bold=True),
        text(kind, subtle=True, size="Small", spacing="None"),
    ]
    if item.proposed_by:
        details.append(
            text(
                translate(
                    N_("Proposed by {name}"), locale, name=member_name(mandate, item.proposed_by)
                ),
                subtle=True,
                size="Small",
                spacing="None",
            )
        )
    if item.note:
        details.append(text(clip(translate(item.note, locale), NOTE_LIMIT), spacing="Small"))
    decided = _decided(item, meeting)
    if decided:
        details.append(
            text(
                translate(
                    N_("Decision: {decision}"), locale, decision=outcome_label(decided, locale)
                ),
                color="Accent",
                spacing="Small",
            )
        )
    if drafting and item.id is not None:
        key = f"{verbs.NOTE_PREFIX}{item.id}"
        details.append(
            TextInput(
                id=key,
                label=translate(N_("Note in the minutes"), locale),
                is_multiline=True,
                max_length=NOTE_MAX_LENGTH,
                value=values.get(key, item.minutes_note) or None,
            )
        )
    elif item.minutes_note:
        details.append(text(clip(item.minutes_note, NOTE_LIMIT), spacing="Small"))
    if item.proposal_id is not None:
        details += buttons([show_button(item.proposal_id, locale)], spacing="Small")
    number = text(translate(N_("Item {position}"), locale, position=item.position), bold=True)
    return columns(([number], "auto"), (details, "stretch"), spacing="Medium")


def _decided(item: AgendaItem, meeting: Meeting) -> str:
    """The decision recorded on the item, or the one in the minutes draft."""
    if item.decision:
        return item.decision
    for entry in (meeting.minutes or {}).get("items", []):
        if entry.get("position") == item.position:
            return str(entry.get("decision") or "")
    return ""


def _proposed(view: MeetingView, mandate: Mandate, locale: str) -> list[CardElement]:
    """Items members proposed: waiting for the chair (who gets accept and decline), or declined."""
    meeting = view.meeting
    waiting = meeting.waiting
    declined = [i for i in meeting.agenda if i.status is ItemStatus.DECLINED]
    if not waiting and not declined:
        return []
    elements: list[CardElement] = [section(translate(N_("Proposed items"), locale))]
    for item in waiting[:MAX_ITEMS]:
        assert item.id is not None
        who = member_name(mandate, item.proposed_by)
        lines: list[CardElement] = [
            text(clip(item.title, TITLE_LIMIT), bold=True),
            text(
                translate(ITEM_KINDS[item.kind], locale)
                + " · "
                + translate(N_("proposed by {name}, waiting for the chair"), locale, name=who),
                subtle=True,
                size="Small",
                spacing="None",
            ),
        ]
        if item.note:
            lines.append(text(clip(item.note, NOTE_LIMIT), spacing="Small"))
        if view.chairs and meeting.is_open:
            answer = {"meeting_id": meeting.id, "item_id": item.id}
            lines += buttons(
                [
                    execute(
                        translate(N_("Put on the agenda"), locale),
                        verbs.MEETING_ANSWER,
                        {**answer, "accept": True},
                        style="positive",
                    ),
                    execute(
                        translate(N_("Decline"), locale),
                        verbs.MEETING_ANSWER,
                        {**answer, "accept": False},
                    ),
                ],
                spacing="Small",
            )
        elements.append(columns((lines, "stretch"), spacing="Medium"))
    if declined:
        titles = names((clip(i.title, 80) for i in declined), locale)
        elements.append(
            text(
                translate(N_("Declined by the chair: {titles}"), locale, titles=titles), subtle=True
            )
        )
    return elements


def _confirmations(meeting: Meeting, mandate: Mandate, locale: str) -> CardElement:
    done = [member_name(mandate, m) for m in meeting.confirmed_by]
    waiting = [member_name(mandate, m) for m in meeting.present if m not in meeting.confirmed_by]
    pairs = [(translate(N_("Confirmed by"), locale), names(done, locale) or "—")]
    if waiting and meeting.minutes_approved_at is None:
        pairs.append((translate(N_("Waiting for"), locale), names(waiting, locale)))
    return facts(pairs, spacing="Medium")


def _may_propose(view: MeetingView) -> bool:
    meeting = view.meeting
    return view.viewer_known and view.takes_part and meeting.is_open and meeting.opened_at is None


def _propose_form(values: Mapping[str, str], locale: str) -> list[CardElement]:
    """The answer to the call for agenda items: a free item for the chair to accept. Nothing is
    marked required on the card (every button of the card sends its inputs); the bot checks."""
    chosen = values.get(verbs.ITEM_KIND) or FREE_KINDS[0].value
    return [
        section(translate(N_("Propose an item"), locale)),
        ChoiceSetInput(
            id=verbs.ITEM_KIND,
            label=translate(N_("Kind of item"), locale),
            value=chosen,
            wrap=True,
            choices=[
                Choice(title=translate(ITEM_KINDS[kind], locale), value=kind.value)
                for kind in FREE_KINDS
            ],
        ),
        TextInput(
            id=verbs.ITEM_TITLE,
            label=translate(N_("Title of the item"), locale),
            max_length=TITLE_LIMIT,
            value=values.get(verbs.ITEM_TITLE) or None,
        ),
        TextInput(
            id=verbs.ITEM_NOTE,
            label=translate(N_("What it is about (optional)"), locale),
            is_multiline=True,
            max_length=NOTE_MAX_LENGTH,
            value=values.get(verbs.ITEM_NOTE) or None,
        ),
    ]


def _actions(view: MeetingView, data: Mapping[str, Any], locale: str) -> list[Any]:
    meeting = view.meeting
    actions: list[Any] = []
    if not view.viewer_known:
        return [execute(translate(N_("Open the meeting card"), locale), verbs.MEETING_SHOW, data)]
    if _may_propose(view):
        actions.append(
            execute(translate(N_("Propose the item"), locale), verbs.MEETING_PROPOSE, data)
        )
    if view.chairs and meeting.is_open and meeting.opened_at is None and view.today >= meeting.on:
        actions.append(
            execute(
                translate(N_("Open the meeting"), locale),
                verbs.MEETING_OPEN,
                data,
                style="positive",
            )
        )
    if view.chairs and meeting.in_session:
        actions.append(
            execute(translate(N_("Save attendance"), locale), verbs.MEETING_ATTENDANCE, data)
        )
        current = meeting.current_item()
        proposal = (
            view.proposals.get(current.proposal_id)
            if current is not None and current.proposal_id is not None
            else None
        )
        if (
            proposal is not None
            and proposal.state is ProposalState.ON_AGENDA
            and proposal.id not in view.open_votes
        ):
            actions.append(
                execute(
                    translate(N_("Open the vote"), locale),
                    verbs.MEETING_VOTE,
                    {**data, "proposal_id": proposal.id},
                    style="positive",
                )
            )
        later = [i for i in meeting.items if i.position > (meeting.current_position or 0)]
        if later:
            actions.append(execute(translate(N_("Next item"), locale), verbs.MEETING_NEXT, data))
        actions.append(
            execute(
                translate(N_("Close the meeting"), locale),
                verbs.MEETING_CLOSE,
                data,
                style="destructive",
            )
        )
    if view.chairs and meeting.minutes is not None and meeting.minutes_approved_at is None:
        actions.append(execute(translate(N_("Save the notes"), locale), verbs.MEETING_NOTES, data))
    if (
        meeting.minutes is not None
        and meeting.minutes_approved_at is None
        and view.viewer_id in meeting.present
        and view.viewer_id not in meeting.confirmed_by
    ):
        actions.append(
            execute(
                translate(N_("Confirm the minutes"), locale),
                verbs.MEETING_CONFIRM,
                data,
                style="positive",
            )
        )
    return actions
