"""Proactive posts: cards into a body's channel or a member's personal chat, and updates of
cards posted earlier (a vote card after the vote closes): the core's ``Notifier`` port
(``governance.ports``), through which the scheduler reaches Teams."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext

from bot.addresses import continuation_of
from bot.origin import ServiceHosts, safe_id
from bot.posting import ConversationGone, PostFailed, with_retries
from bot.sdk import connector_client
from bot.throttle import Throttle
from bot.turns import card_message
from governance.domain.conversations import Conversation
from governance.ports import RosterEntry
from governance.services import conversations
from governance.services.context import Context

log = logging.getLogger("samstyre.notifier")


class TeamsNotifier:
    """Posts and updates cards proactively. Every request waits for its slot under Teams' rate
    limits (``bot.throttle``) and is retried on 429/5xx (``bot.posting``); a 403 raises
    ``ConversationGone`` and any other failure ``PostFailed``, for the caller to decide."""

    def __init__(
        self,
        ctx: Context,
        adapter: CloudAdapter,
        app_id: str,
        *,
        local: bool,
        hosts: ServiceHosts,
        throttle: Throttle | None = None,
    ) -> None:
        self.ctx, self.adapter, self.app_id, self.local = ctx, adapter, app_id, local
        self.hosts = hosts
        self.throttle = throttle or Throttle()

    def _check_address(self, conversation: Conversation, *ids: str) -> None:
        """A stored address is used only on a Teams host and with path-safe ids (an address
        stored before these checks existed, or written into the database by hand, included)."""
        service_url = conversation.address.get("serviceUrl")
        if not self.hosts.allows(service_url):
            log.error(
                "refused to post to %s: its serviceUrl is not a Teams service host",
                conversation.key,
            )
            raise PostFailed(f"{conversation.key}: serviceUrl is not a Teams service host")
        stored_id = (conversation.address.get("conversation") or {}).get("id")
        if not all(safe_id(i) for i in (conversation.key, stored_id, *ids)):
            log.error(
                "refused to post to %s: an id would leave its URL path segment",
                conversation.key[:80],
            )
            raise PostFailed("a stored id is not a valid Teams id")

    async def _continue(self, conversation: Conversation, work: Any) -> None:
        activity = continuation_of(conversation)
        if self.local:  # the emulator: anonymous, no outgoing token
            await self.adapter.continue_conversation_with_claims(
                ClaimsIdentity({}, None), activity, work
            )
        else:
            await self.adapter.continue_conversation(self.app_id, activity, work)

    async def _request(
        self, conversation: Conversation, act: Callable[[TurnContext], Awaitable[str | None]]
    ) -> str | None:
        """One request to Teams inside a continued turn, throttled and retried. The SDK hands
        errors inside a proactive turn to the adapter's error handler, which only logs them:
        they are caught here and raised to the caller instead."""

        async def once() -> str | None:
            outcome: list[str | None] = []
            failure: list[BaseException] = []

            async def work(context: TurnContext) -> None:
                try:
                    # the slot is taken as late as possible and held until Teams answered
                    async with self.throttle.slot(conversation.key, conversation.tenant_id):
                        outcome.append(await act(context))
                except Exception as error:
                    failure.append(error)

            await self._continue(conversation, work)
            if failure:
                raise failure[0]
            return outcome[0] if outcome else None

        return await with_retries(once, conversation.key)

    async def post_card(
        self, conversation: Conversation, card: dict[str, Any], *, subject: str | None = None
    ) -> str | None:
        """Post a new message with ``card``; remember it under ``subject`` to update it later."""

        async def send(context: TurnContext) -> str | None:
            response = await context.send_activity(card_message(card))
            return response.id if response is not None and response.id else None

        self._check_address(conversation)
        message_id = await self._request(conversation, send)
        if subject and message_id:
            await conversations.record_post(self.ctx, subject, conversation.key, message_id)
        return message_id

    async def post_to_body(
        self, body_id: str, card: dict[str, Any], *, subject: str | None = None
    ) -> str | None:
        """Post into the body's channel; ``None`` when no channel is linked to the body yet."""
        conversation = await conversations.of_body(self.ctx, body_id)
        if conversation is None:
            log.warning("no channel is linked to body %s; nothing posted", body_id)
            return None
        return await self.post_card(conversation, card, subject=subject)

    async def members(self, conversation: Conversation) -> list[RosterEntry]:
        """The conversation's roster (``GET /v3/conversations/{id}/members``; for a channel,
        its team's members), read with the bot's credentials on the stored Teams host."""
        found: list[RosterEntry] = []

        async def read(context: TurnContext) -> str | None:
            client = connector_client(context)
            if client is None:
                raise PostFailed("no connector client for this conversation")
            accounts = await client.conversations.get_conversation_members(conversation.key)
            for account in accounts:
                extra = account.model_extra or {}
                upn = getattr(account, "user_principal_name", None) or extra.get(
                    "userPrincipalName"
                )
                found.append(
                    RosterEntry(
                        str(account.id or ""),
                        account.aad_object_id or extra.get("objectId"),
                        str(upn) if upn else None,
                    )
                )
            return None

        self._check_address(conversation)
        await self._request(conversation, read)
        return found

    async def update_posts(self, subject: str, card: dict[str, Any]) -> int:
        """Replace every message posted about ``subject`` with ``card``; how many were replaced.
        A message that can no longer be updated (deleted, bot removed) is logged and left; when
        Teams could not be reached for some (throttled past the retries), the others are still
        updated and ``PostFailed`` is raised at the end, so that the caller tries again later
        (updating a message twice does no harm)."""
        updated, failed = 0, []
        for post in await conversations.posts_of(self.ctx, subject):
            conversation = await conversations.get(self.ctx, post.conversation_key)
            replacement = card_message(card)
            replacement.id = post.message_id

            async def update(context: TurnContext, activity: Activity = replacement) -> None:
                activity.type = ActivityTypes.message
                await context.update_activity(activity)
                return None

            try:
                self._check_address(conversation, post.message_id)
                await self._request(conversation, update)
            except ConversationGone as error:
                log.warning("could not update %s in %s: %s", subject, conversation.key, error)
                continue
            except PostFailed as error:
                log.warning("could not update %s in %s yet: %s", subject, conversation.key, error)
                failed.append(conversation.key)
                continue
            updated += 1
        if failed:
            raise PostFailed(f"{subject}: {len(failed)} of its posts were not updated")
        return updated
