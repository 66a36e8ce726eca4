"""The ``Renderer`` port (``governance.ports``) made of this package's cards: what the
scheduler's sweeps and the outbox post, without the scheduler importing any card."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from cards.agenda import agenda_card
from cards.annual_cycle import task_card
from cards.election import election_card
from cards.proposal_step import proposal_step_card
from cards.reminders import (
    bot_removed_text,
    channel_missing_text,
    draft_agenda_lead,
    meeting_call_card,
    task_lead,
)
from cards.screens import render
from cards.toast import publication_card, toast_card
from cards.vote import result_card
from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.elections import Election
from governance.domain.groups import Group
from governance.domain.meetings import Meeting, MeetingKind
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal
from governance.domain.reminders import NoticeKind
from governance.domain.tally import Tally
from governance.domain.votes import Vote
from governance.i18n import N_, translate
from governance.ports import Card
from governance.views import Screen


class CardRenderer:
    def screen(self, view: Screen, mandate: Mandate, locale: str) -> Card:
        """What the bot answers a click or a command with (``cards.screens``)."""
        return render(view, mandate, locale)

    def task(
        self,
        occurrence: TaskOccurrence,
        mandate: Mandate,
        locale: str,
        *,
        today: date,
        notice: NoticeKind | None = None,
        who: str = "",
    ) -> Card:
        lead = task_lead(notice, who, occurrence.effective_due, locale) if notice else ""
        return task_card(occurrence, mandate, locale, today=today, lead=lead)

    def meeting_call(
        self,
        kind: MeetingKind,
        body: str,
        on: date,
        locale: str,
        *,
        board_meeting: date | None,
        meeting_id: int | None = None,
    ) -> Card:
        return meeting_call_card(
            kind, body, on, locale, board_meeting=board_meeting, meeting_id=meeting_id
        )

    def draft_agenda(
        self, meeting: Meeting, mandate: Mandate, locale: str, *, proposals: dict[int, Proposal]
    ) -> Card:
        lead = draft_agenda_lead(meeting.on, locale)
        return agenda_card(meeting, mandate, locale, proposals=proposals, lead=lead)

    def election(
        self,
        election: Election,
        group: Group,
        mandate: Mandate,
        locale: str,
        *,
        today: date,
        chair: str | None = None,
    ) -> Card:
        return election_card(
            election,
            group,
            mandate,
            locale,
            today=today,
            viewer=chair,
            viewer_is_chair=chair is not None,
        )

    def vote_result(
        self,
        vote: Vote,
        proposal: Proposal,
        tally: Tally,
        mandate: Mandate,
        locale: str,
        *,
        board_meeting: date | None,
    ) -> Card:
        return result_card(vote, proposal, tally, mandate, locale, board_meeting_date=board_meeting)

    def proposal_step(self, proposal: Proposal, step: Mapping[str, Any], locale: str) -> Card:
        return proposal_step_card(proposal, step, locale)

    def announcement(self, title: str, url: str, locale: str) -> Card:
        return publication_card(title, url, locale)

    def parked(self, key: str, error: str, locale: str) -> Card:
        text = translate(
            N_(
                "A publication could not be delivered and was set aside: {key} "
                "({error}). An operator can send it again with “samstyre outbox "
                "retry”."
            ),
            locale,
            key=key,
            error=error[:300],
        )
        return toast_card(text, locale, tone="attention")

    def channel_missing(self, body: str, body_id: str, what: str, locale: str) -> Card:
        return toast_card(channel_missing_text(body, body_id, what, locale), locale, tone="warning")

    def bot_removed(self, body: str, body_id: str, locale: str) -> Card:
        return toast_card(bot_removed_text(body, body_id, locale), locale, tone="warning")
