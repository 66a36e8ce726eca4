"""The core's ports to Teams: a ``Notifier`` that posts into Teams
(``bot.notifier.TeamsNotifier``) and a ``Renderer`` that makes the cards
(``cards.renderer.CardRenderer``) for the bot's answers, the sweeps and the outbox. The bot and
the scheduler are written against these, so neither imports the cards; the composition root
(``samstyre.bootstrap.wire``) plugs them in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.conversations import Conversation
from governance.domain.elections import Election
from governance.domain.groups import Group
from governance.domain.meetings import Meeting, MeetingKind
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal
from governance.domain.reminders import NoticeKind
from governance.domain.tally import Tally
from governance.domain.votes import Vote
from governance.views import Screen

Card = dict[str, Any]


class ConversationGone(Exception):
    """Teams answered 403: the bot is no longer in the conversation or may not write there."""

    def __init__(self, conversation: str, detail: str) -> None:
        super().__init__(f"403 in {conversation}: {detail}")
        self.conversation, self.detail = conversation, detail


class PostFailed(Exception):
    """Teams kept failing after every retry (or failed in a way a retry cannot fix)."""


@dataclass(frozen=True)
class RosterEntry:
    """One person of a conversation's roster: the chat's user id and their identity."""

    user_id: str
    object_id: str | None = None
    upn: str | None = None


class Notifier(Protocol):
    """Posts cards into Teams conversations and updates cards posted before. Raises
    ``ConversationGone`` (403) or ``PostFailed``; ``update_posts`` updates every copy it can
    before it raises."""

    async def post_card(
        self, conversation: Conversation, card: Card, *, subject: str | None = None
    ) -> str | None:
        """The new message's id; remembered under ``subject`` to update it later."""
        ...

    async def post_to_body(
        self, body_id: str, card: Card, *, subject: str | None = None
    ) -> str | None:
        """Post into the body's channel; ``None`` when no channel is linked to the body."""
        ...

    async def update_posts(self, subject: str, card: Card) -> int:
        """Replace every message posted about ``subject``; how many were replaced."""
        ...

    async def members(self, conversation: Conversation) -> list[RosterEntry]:
        """The people of a conversation (a channel: its team's roster), as Teams lists them."""
        ...


class Renderer(Protocol):
    """The cards the bot answers with and the sweeps and the outbox post, in ``locale``."""

    def screen(self, view: Screen, mandate: Mandate, locale: str) -> Card:
        """The card showing a view of ``governance.views`` (what a click or command answers)."""
        ...

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
        """A task of the annual cycle; as ``notice`` (posted, reminder…) to ``who``."""
        ...

    def meeting_call(
        self,
        kind: MeetingKind,
        body: str,
        on: date,
        locale: str,
        *,
        board_meeting: date | None,
        meeting_id: int | None = None,
    ) -> Card: ...

    def draft_agenda(
        self, meeting: Meeting, mandate: Mandate, locale: str, *, proposals: dict[int, Proposal]
    ) -> Card: ...

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
        """The copy for everyone, or ``chair``'s own copy with the button that closes it."""
        ...

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
        """A closed vote's outcome; ``board_meeting``: where an escalated matter went."""
        ...

    def proposal_step(self, proposal: Proposal, step: Mapping[str, Any], locale: str) -> Card:
        """To a submitter: a step of their proposal (``step``: the notice's payload, as
        ``governance.services.submitter_notices`` records it)."""
        ...

    def announcement(self, title: str, url: str, locale: str) -> Card:
        """A published document, linked."""
        ...

    def parked(self, key: str, error: str, locale: str) -> Card:
        """To a chair: a publication could not be delivered and was set aside."""
        ...

    def channel_missing(self, body: str, body_id: str, what: str, locale: str) -> Card:
        """To a chair: a notice for a body without a linked channel was not posted."""
        ...

    def bot_removed(self, body: str, body_id: str, locale: str) -> Card:
        """To a chair: the bot can no longer post in the body's channel."""
        ...
