"""Repositories of ranking rounds, investment plans, benefits, annual-cycle tasks, groups and
systems (the proposal/vote/meeting ones are in ``repositories``).

Queries name the table columns (``*_t.c``) rather than the mapped dataclasses' attributes: the
classes are mapped imperatively, so their attributes are plain dataclass fields to a type checker.
"""

from __future__ import annotations

from sqlalchemy import select

from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.errors import NotFound
from governance.domain.groups import Group
from governance.domain.investment import BenefitFollowUp, InvestmentPlan
from governance.domain.ranking import RankingRound
from governance.domain.systems import Integration, System
from governance.i18n import N_
from governance.store.repositories import SqlRepository
from governance.store.tables_groups import groups_t, integrations_t, systems_t
from governance.store.tables_plans import (
    benefits_t,
    plans_t,
    ranking_rounds_t,
    task_occurrences_t,
)


class RankingRepository(SqlRepository[RankingRound]):
    model = RankingRound
    not_found_code = "ranking.not_found"
    not_found_message = N_("There is no ranking round #{id}.")

    async def all(self) -> list[RankingRound]:
        return await self.where(order_by=[ranking_rounds_t.c.id])

    async def latest_closed(self) -> RankingRound | None:
        """The round closed last (the one whose final order counts for the investment plan)."""
        found = await self.where(
            ranking_rounds_t.c.closed_at.is_not(None),
            order_by=[ranking_rounds_t.c.closed_at.desc(), ranking_rounds_t.c.id.desc()],
        )
        return found[0] if found else None


class PlanRepository(SqlRepository[InvestmentPlan]):
    model = InvestmentPlan
    not_found_code = "plan.not_found"
    not_found_message = N_("There is no investment plan #{id}.")

    async def for_year(self, year: int) -> InvestmentPlan | None:
        found = await self.where(plans_t.c.year == year)
        return found[0] if found else None

    async def of_year(self, year: int) -> InvestmentPlan:
        """The plan of ``year``; ``NotFound`` when none has been built."""
        plan = await self.for_year(year)
        if plan is None:
            raise NotFound(
                "plan.not_found", N_("There is no investment plan for {year}."), year=year
            )
        return plan

    async def all(self) -> list[InvestmentPlan]:
        return await self.where(order_by=[plans_t.c.year])

    async def adopted(self) -> list[InvestmentPlan]:
        return await self.where(plans_t.c.adopted_at.is_not(None), order_by=[plans_t.c.year])


class BenefitRepository(SqlRepository[BenefitFollowUp]):
    model = BenefitFollowUp
    not_found_code = "benefit.not_found"
    not_found_message = N_("There is no benefit follow-up #{id}.")

    async def of_proposal(self, proposal_id: int) -> list[BenefitFollowUp]:
        return await self.where(benefits_t.c.proposal_id == proposal_id, order_by=[benefits_t.c.id])

    async def all(self) -> list[BenefitFollowUp]:
        return await self.where(order_by=[benefits_t.c.id])


class TaskRepository(SqlRepository[TaskOccurrence]):
    model = TaskOccurrence
    not_found_code = "task.not_found"
    not_found_message = N_("There is no annual-cycle task #{id}.")

    async def of_year(self, year: int) -> list[TaskOccurrence]:
        return await self.where(
            task_occurrences_t.c.year == year,
            order_by=[task_occurrences_t.c.due, task_occurrences_t.c.task_id],
        )


class GroupRepository(SqlRepository[Group]):
    model = Group
    not_found_code = "group.not_found"
    not_found_message = N_("There is no group {id}.")

    async def by_key(self, key: str) -> Group:
        found = await self.find_key(key)
        if found is None:
            raise NotFound(self.not_found_code, self.not_found_message, id=key)
        return found

    async def find_key(self, key: str) -> Group | None:
        found = await self.where(groups_t.c.key == key)
        return found[0] if found else None

    async def all(self) -> list[Group]:
        return await self.where(order_by=[groups_t.c.key])

    async def children_of(self, key: str) -> list[Group]:
        return await self.where(groups_t.c.parent == key, order_by=[groups_t.c.key])


class SystemRepository(SqlRepository[System]):
    model = System
    not_found_code = "system.not_found"
    not_found_message = N_("There is no system {id}.")

    async def all(self) -> list[System]:
        return await self.where(order_by=[systems_t.c.key])

    async def by_key(self, key: str) -> System:
        found = await self.find_key(key)
        if found is None:
            raise NotFound(self.not_found_code, N_("Unknown system: {key}."), key=key)
        return found

    async def find_key(self, key: str) -> System | None:
        found = await self.where(systems_t.c.key == key)
        return found[0] if found else None

    async def owned_by(self, body_id: str) -> list[System]:
        return await self.where(systems_t.c.owner_body == body_id, order_by=[systems_t.c.key])

    async def integrations(self) -> list[Integration]:
        stmt = select(Integration).order_by(integrations_t.c.id)
        return list((await self.session.scalars(stmt)).all())

    def add_integration(self, integration: Integration) -> None:
        self.session.add(integration)
