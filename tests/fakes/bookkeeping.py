"""In-memory repositories of conversations, posts, member settings, the outbox and reports (the
bookkeeping side of ``governance.ports.repositories``); see ``tests.fakes.repositories``."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from governance.domain.conversations import Conversation, MemberSettings, Post
from governance.domain.outbox import Delivery, DeliveryState, Kind
from governance.domain.reports import Report
from governance.i18n import N_
from tests.fakes.tables import FakeRepository


class FakeConversations(FakeRepository[Conversation]):
    table_name = "conversations"
    not_found_code = "conversation.not_found"
    not_found_message = N_("There is no conversation #{id}.")

    async def by_key(self, key: str) -> Conversation | None:
        return self._first(c for c in self._rows() if c.key == key)

    async def of_body(self, body_id: str) -> list[Conversation]:
        found = [c for c in self._rows() if c.body_id == body_id and c.active]
        return sorted(found, key=lambda c: (c.updated_at, c.id), reverse=True)

    async def personal_of(self, member_id: str) -> Conversation | None:
        found = [
            c
            for c in self._rows()
            if c.member_id == member_id and c.active and c.kind == "personal"
        ]
        # SQL orders by updated_at only, so a tie is up to the database; here the lowest id wins
        return max(found, key=lambda c: c.updated_at, default=None)

    async def of_team(self, team_id: str) -> list[Conversation]:
        return [c for c in self._rows() if c.team_id == team_id]

    async def all(self) -> list[Conversation]:
        return self._rows()


class FakePosts(FakeRepository[Post]):
    table_name = "posts"

    async def of_subject(self, subject: str) -> list[Post]:
        return [p for p in self._rows() if p.subject == subject]


class FakeSettings(FakeRepository[MemberSettings]):
    table_name = "settings"

    async def of_member(self, member_id: str) -> MemberSettings | None:
        return self._first(s for s in self._rows() if s.member_id == member_id)

    async def of_members(self, member_ids: list[str]) -> list[MemberSettings]:
        return [s for s in self._rows() if s.member_id in member_ids]


class FakeOutbox(FakeRepository[Delivery]):
    table_name = "outbox"
    not_found_code = "outbox.not_found"
    not_found_message = N_("There is no publication #{id} in the outbox.")

    async def existing_once_keys(self, keys: Iterable[str]) -> set[str]:
        wanted = set(keys)
        return {d.once_key for d in self._rows() if d.once_key in wanted and d.once_key}

    async def pending_with_key(self, key: str) -> Delivery | None:
        return self._first(
            d
            for d in self._rows()
            if d.key == key and d.state == DeliveryState.PENDING and d.claimed_by is None
        )

    async def due(self, at: datetime, limit: int, kinds: Collection[Kind]) -> list[Delivery]:
        """No other worker holds rows here, so none is skipped."""
        found = [
            d
            for d in self._rows()
            if d.state == DeliveryState.PENDING
            and d.next_attempt_at <= at
            and d.kind in kinds
            and (d.claimed_until is None or d.claimed_until <= at)
        ]
        return sorted(found, key=lambda d: d.next_attempt_at)[:limit]

    async def delivered_with_keys(self, keys: list[str]) -> list[Delivery]:
        return [d for d in self._rows() if d.key in keys and d.state == DeliveryState.DELIVERED]

    async def listing(
        self, state: DeliveryState | None = None, kinds: Collection[Kind] | None = None
    ) -> list[Delivery]:
        found = [
            d
            for d in self._rows()
            if (not state or d.state == state) and (kinds is None or d.kind in kinds)
        ]
        return sorted(found, key=lambda d: d.send_at)


class FakeReports(FakeRepository[Report]):
    table_name = "reports"
    not_found_code = "report.not_found"
    not_found_message = N_("There is no study or measure #{id}.")
