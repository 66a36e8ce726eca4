"""In-memory repositories, one per Protocol of ``governance.ports.repositories`` (those of the
bookkeeping, conversations to reports, are in ``tests.fakes.bookkeeping``).

Each query filters and orders as its SQL counterpart in ``governance.store`` does (the order is
named where it is not by id); the not-found codes and messages are the SQL repositories'.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.audit import GENESIS, AuditEntry, entry_hash
from governance.domain.decisions import Decision
from governance.domain.elections import Election
from governance.domain.errors import NotFound
from governance.domain.groups import Group
from governance.domain.investment import BenefitFollowUp, InvestmentPlan
from governance.domain.meetings import Meeting, MeetingKind
from governance.domain.projects import Project
from governance.domain.proposals import Proposal, ProposalState
from governance.domain.ranking import RankingRound
from governance.domain.systems import Integration, System
from governance.domain.votes import Vote
from governance.i18n import N_
from tests.fakes.tables import FakeRepository, Tables


class FakeProposals(FakeRepository[Proposal]):
    table_name = "proposals"
    not_found_code = "proposal.not_found"
    not_found_message = N_("There is no proposal #{id}.")

    async def in_states(self, *states: ProposalState) -> list[Proposal]:
        return [p for p in self._rows() if p.state in states]

    async def all(self) -> list[Proposal]:
        return self._rows()

    async def by_submitter(self, member_id: str) -> list[Proposal]:
        return [p for p in self._rows() if p.submitter == member_id]


class FakeVotes(FakeRepository[Vote]):
    table_name = "votes"
    not_found_code = "vote.not_found"
    not_found_message = N_("There is no vote #{id}.")

    async def open_for(self, proposal_id: int) -> Vote | None:
        return self._first(v for v in self._rows() if v.proposal_id == proposal_id and v.is_open)

    async def open_ones(self) -> list[Vote]:
        return [v for v in self._rows() if v.is_open]

    async def for_proposal(self, proposal_id: int) -> list[Vote]:
        return [v for v in self._rows() if v.proposal_id == proposal_id]

    async def all(self) -> list[Vote]:
        return self._rows()


class FakeMeetings(FakeRepository[Meeting]):
    table_name = "meetings"
    not_found_code = "meeting.not_found"
    not_found_message = N_("There is no meeting #{id}.")

    async def of_body(self, body_id: str, *, from_date: date | None = None) -> list[Meeting]:
        found = [m for m in self._rows() if m.body_id == body_id]
        found = [m for m in found if from_date is None or m.on >= from_date]
        return sorted(found, key=lambda m: m.on)  # by date, then id (stable sort of id order)

    async def on_date(self, body_id: str, kind: MeetingKind, on: date) -> Meeting | None:
        return self._first(
            m for m in self._rows() if (m.body_id, m.kind, m.on) == (body_id, kind, on)
        )

    async def open_ones(self) -> list[Meeting]:
        return sorted((m for m in self._rows() if m.closed_at is None), key=lambda m: m.on)

    async def next_open(
        self, body_id: str, on_or_after: date, kind: MeetingKind | None = None
    ) -> Meeting | None:
        return self._first(
            m
            for m in await self.of_body(body_id, from_date=on_or_after)
            if m.is_open and (kind is None or m.kind is kind)
        )


class FakeAuditLog:
    """The audit log as a list; entries are hashed as ``AuditRepository`` hashes them, and their
    data goes through JSON as it does into the SQL column."""

    def __init__(self, tables: Tables, *, writable: bool) -> None:
        self._tables, self._writable = tables, writable

    async def head(self) -> tuple[int, str] | None:
        last = self._tables.audit[-1] if self._tables.audit else None
        return (last.seq, last.hash) if last else None

    async def append(
        self, *, actor: str, action: str, subject: str, data: dict[str, Any], at: datetime
    ) -> AuditEntry:
        if not self._writable:
            raise RuntimeError("the audit log is appended to only in an audited unit of work")
        seq, prev = await self.head() or (0, GENESIS)
        digest = entry_hash(seq + 1, at, actor, action, subject, data, prev)
        stored = json.loads(json.dumps(data))
        self._tables.audit.append(
            AuditEntry(seq + 1, at.astimezone(UTC), actor, action, subject, stored, prev, digest)
        )
        return AuditEntry(seq + 1, at, actor, action, subject, data, prev, digest)

    async def entries(self, *, subject: str | None = None) -> list[AuditEntry]:
        return [e for e in self._tables.audit if subject is None or e.subject == subject]

    async def count(self) -> int:
        return len(self._tables.audit)


class FakeRankings(FakeRepository[RankingRound]):
    table_name = "rankings"
    not_found_code = "ranking.not_found"
    not_found_message = N_("There is no ranking round #{id}.")

    async def all(self) -> list[RankingRound]:
        return self._rows()

    async def latest_closed(self) -> RankingRound | None:
        closed = [r for r in self._rows() if r.closed_at is not None]
        return max(closed, key=lambda r: (r.closed_at, r.id), default=None)


class FakePlans(FakeRepository[InvestmentPlan]):
    table_name = "plans"
    not_found_code = "plan.not_found"
    not_found_message = N_("There is no investment plan #{id}.")

    async def for_year(self, year: int) -> InvestmentPlan | None:
        return self._first(p for p in self._rows() if p.year == year)

    async def of_year(self, year: int) -> InvestmentPlan:
        plan = await self.for_year(year)
        if plan is None:
            raise NotFound(
                "plan.not_found", N_("There is no investment plan for {year}."), year=year
            )
        return plan

    async def all(self) -> list[InvestmentPlan]:
        return sorted(self._rows(), key=lambda p: p.year)

    async def adopted(self) -> list[InvestmentPlan]:
        return [p for p in await self.all() if p.adopted_at is not None]


class FakeBenefits(FakeRepository[BenefitFollowUp]):
    table_name = "benefits"
    not_found_code = "benefit.not_found"
    not_found_message = N_("There is no benefit follow-up #{id}.")

    async def of_proposal(self, proposal_id: int) -> list[BenefitFollowUp]:
        return [b for b in self._rows() if b.proposal_id == proposal_id]

    async def all(self) -> list[BenefitFollowUp]:
        return self._rows()


class FakeTasks(FakeRepository[TaskOccurrence]):
    table_name = "tasks"
    not_found_code = "task.not_found"
    not_found_message = N_("There is no annual-cycle task #{id}.")

    async def of_year(self, year: int) -> list[TaskOccurrence]:
        found = [t for t in self._rows() if t.year == year]
        return sorted(found, key=lambda t: (t.due, t.task_id))


class FakeGroups(FakeRepository[Group]):
    table_name = "groups"
    not_found_code = "group.not_found"
    not_found_message = N_("There is no group {id}.")

    async def by_key(self, key: str) -> Group:
        found = await self.find_key(key)
        if found is None:
            raise NotFound(self.not_found_code, self.not_found_message, id=key)
        return found

    async def find_key(self, key: str) -> Group | None:
        return self._first(g for g in self._rows() if g.key == key)

    async def all(self) -> list[Group]:
        return sorted(self._rows(), key=lambda g: g.key)

    async def children_of(self, key: str) -> list[Group]:
        return [g for g in await self.all() if g.parent == key]


class FakeSystems(FakeRepository[System]):
    table_name = "systems"
    not_found_code = "system.not_found"
    not_found_message = N_("There is no system {id}.")

    async def all(self) -> list[System]:
        return sorted(self._rows(), key=lambda s: s.key)

    async def by_key(self, key: str) -> System:
        found = await self.find_key(key)
        if found is None:
            raise NotFound(self.not_found_code, N_("Unknown system: {key}."), key=key)
        return found

    async def find_key(self, key: str) -> System | None:
        return self._first(s for s in self._rows() if s.key == key)

    async def owned_by(self, body_id: str) -> list[System]:
        return [s for s in await self.all() if s.owner_body == body_id]

    async def integrations(self) -> list[Integration]:
        self._tables.flush()
        table = self._tables.table("integrations")
        return [table[i] for i in sorted(table)]

    def add_integration(self, integration: Integration) -> None:
        self._tables.pending.append(("integrations", integration))


class FakeElections(FakeRepository[Election]):
    table_name = "elections"
    not_found_code = "election.not_found"
    not_found_message = N_("There is no election #{id}.")

    async def of_group(self, group_key: str, year: int) -> Election | None:
        return self._first(e for e in self._rows() if (e.group_key, e.year) == (group_key, year))

    async def due(self, today: date) -> list[Election]:
        found = [e for e in self._rows() if e.closed_at is None and e.closes_on < today]
        return sorted(found, key=lambda e: e.closes_on)


class FakeDecisions(FakeRepository[Decision]):
    table_name = "decisions"
    not_found_code = "decision.not_found"
    not_found_message = N_("There is no decision #{id}.")

    async def of_proposal(self, proposal_id: int) -> list[Decision]:
        return [d for d in self._rows() if d.proposal_id == proposal_id]

    async def all(self) -> list[Decision]:
        return self._rows()


class FakeProjects(FakeRepository[Project]):
    table_name = "projects"
    not_found_code = "project.not_found"
    not_found_message = N_("There is no project #{id}.")

    async def of_proposal(self, proposal_id: int) -> Project | None:
        return self._first(p for p in self._rows() if p.proposal_id == proposal_id)

    async def for_proposal(self, proposal_id: int) -> Project:
        project = await self.of_proposal(proposal_id)
        if project is None:
            raise NotFound(
                "project.not_started",
                N_("No project is started for proposal #{id}."),
                id=proposal_id,
            )
        return project

    async def all(self) -> list[Project]:
        return self._rows()
