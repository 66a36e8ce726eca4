"""What this process remembers between turns, to spare the database a read on every click:
conversations already stored, members' settings, the committee's chat user ids and the
proposal a vote card is about. Entries live 30 seconds; this process forgets its own at once
when it changes them, so another replica's change shows within 30 seconds."""

from __future__ import annotations

import logging

from cachetools import TTLCache

from bot.addresses import same_origin
from governance.domain.conversations import Conversation, ConversationMoved, MemberSettings
from governance.domain.proposals import Proposal
from governance.services import conversations
from governance.services import proposals as proposal_service
from governance.services.context import Context

TTL_SECONDS = 30.0
log = logging.getLogger("samstyre.security")


class Memory:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._conversations: dict[str, str] = {}  # key → service URL stored
        self._settings: TTLCache[str, MemberSettings | None] = TTLCache(1024, TTL_SECONDS)
        self._chat_ids: TTLCache[tuple[str, ...], list[str]] = TTLCache(64, TTL_SECONDS)
        self._proposals: TTLCache[int, Proposal] = TTLCache(256, TTL_SECONDS)

    async def remember_conversation(self, conversation: Conversation) -> None:
        """Store a conversation when it is new or its service URL moved; a move the core
        refuses (another tenant, team or service host) is logged and nothing is stored."""
        service_url = str(conversation.address.get("serviceUrl", ""))
        if self._conversations.get(conversation.key) == service_url:
            return
        try:
            await conversations.remember(self.ctx, conversation, same_origin)
        except ConversationMoved as refused:
            log.warning("kept the stored address: %s", refused)
            return
        self._conversations[conversation.key] = service_url

    async def settings(self, member_id: str) -> MemberSettings | None:
        if member_id not in self._settings:
            self._settings[member_id] = await conversations.settings_of(self.ctx, member_id)
        return self._settings[member_id]

    def forget_settings(self, member_id: str) -> None:
        self._settings.pop(member_id, None)
        self._chat_ids.clear()

    def forget_chat_ids(self) -> None:
        """Members' Teams ids were learned (a roster): read them afresh."""
        self._settings.clear()
        self._chat_ids.clear()

    async def chat_user_ids(self, member_ids: list[str]) -> list[str]:
        key = tuple(member_ids)
        if key not in self._chat_ids:
            self._chat_ids[key] = await conversations.chat_user_ids(self.ctx, member_ids)
        return self._chat_ids[key]

    async def proposal_being_voted(self, proposal_id: int) -> Proposal:
        """The proposal of a vote card; it cannot be edited while it is on the agenda or voted
        on, so a copy a few seconds old shows the same title and facts."""
        if proposal_id not in self._proposals:
            self._proposals[proposal_id] = await proposal_service.get(self.ctx, proposal_id)
        return self._proposals[proposal_id]

    def forget_proposal(self, proposal_id: int) -> None:
        self._proposals.pop(proposal_id, None)
