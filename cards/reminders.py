"""What the annual cycle's and the meeting rhythm's notices say (mandate rules 5 and 10): the
line that opens a task card sent by the scheduler, the call for agenda items, the draft agenda's
opening line, and the chair's warnings when a notice cannot be delivered."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Final

from microsoft_teams.cards import CardElement

from cards.elements import adaptive_card, banner, buttons, execute, facts
from governance import verbs
from governance.domain.meetings import MeetingKind
from governance.domain.reminders import NoticeKind
from governance.i18n import N_, translate
from governance.presentation import day

TASK_LEADS: Final = {
    NoticeKind.TASK_POSTED: N_("New task in the annual cycle for {body}, due {due}."),
    NoticeKind.TASK_LEADER: N_(
        "You lead {body}: this task of the annual cycle is yours to follow up, due {due}."
    ),
    NoticeKind.TASK_REMINDER: N_("Reminder: this task of {body} is due in two weeks, {due}."),
    NoticeKind.TASK_OVERDUE: N_(
        "Overdue: this task of {body} was due {due} and is not marked as done."
    ),
}
_CALLS: Final = {
    MeetingKind.COMMITTEE: N_(
        "Call for agenda items: {body} meets {on}. Proposals to be "
        "discussed must be ready (quality-assured) by {deadline}; the "
        "chair puts them on the agenda."
    ),
    MeetingKind.GROUP_LEADERS: N_(
        "Call for agenda items: the committee meets the group "
        "leaders {on}. Send the chair what your group wants to raise "
        "by {deadline}."
    ),
}


def task_lead(kind: NoticeKind, body: str, due: date, locale: str) -> str:
    return translate(TASK_LEADS[kind], locale, body=body, due=day(due, locale))


def meeting_call_card(
    kind: MeetingKind,
    body: str,
    on: date,
    locale: str,
    *,
    board_meeting: date | None = None,
    meeting_id: int | None = None,
) -> dict[str, Any]:
    """The call for agenda items, a week before the meeting; items are due two days before. Its
    button opens the reader's own meeting card, with the form to propose an item."""
    deadline = day(on - timedelta(days=2), locale)
    text = translate(_CALLS[kind], locale, body=body, on=day(on, locale), deadline=deadline)
    pairs = [(translate(N_("Meeting"), locale), day(on, locale))]
    if board_meeting is not None:
        pairs.append(
            (translate(N_("Prepares the board meeting"), locale), day(board_meeting, locale))
        )
    elements: list[CardElement] = [
        banner(text, "default", title=translate(N_("Meeting call"), locale)),
        facts(pairs),
    ]
    if meeting_id is not None:
        elements += buttons(
            [
                execute(
                    translate(N_("Propose an item"), locale),
                    verbs.MEETING_SHOW,
                    {"meeting_id": meeting_id},
                    style="positive",
                )
            ]
        )
    return adaptive_card(elements, fallback_text=text)


def draft_agenda_lead(on: date, locale: str) -> str:
    return translate(
        N_("Draft agenda for the meeting {on}. The chair can still add items."),
        locale,
        on=day(on, locale),
    )


def channel_missing_text(body: str, body_id: str, what: str, locale: str) -> str:
    return translate(
        N_(
            "A notice for {body} could not be posted: no Teams channel is linked to "
            "it. Add Samstyre to the body's channel and write “kanal {id}” there, "
            "or set its channel_id in the mandate file. The notice: {what}"
        ),
        locale,
        body=body,
        id=body_id,
        what=what,
    )


def bot_removed_text(body: str, body_id: str, locale: str) -> str:
    return translate(
        N_(
            "Samstyre can no longer post in the channel of {body} (it was removed "
            "or blocked there). Its notices are not posted until a channel is "
            "linked again: add Samstyre to the channel and write “kanal {id}” "
            "there."
        ),
        locale,
        body=body,
        id=body_id,
    )
