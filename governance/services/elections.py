"""Use cases of the yearly leader election of a development group: utviklingsgruppene "skal årlig
velge leder", and the group's IKT-medarbeider "skal ikke lede gruppa" (FARTT tasks 5 and 6).

An election is opened once per group and year (by the annual cycle, the chair or a member of the
group). The group's members vote; when all of them have voted the election closes by itself,
otherwise the chair closes it, or the daily sweep does once its last day has passed. A clear
winner is recorded as the group's leader for the year in the same transaction; when the group's
rules refuse that (a sitting leader, a winner who left the group), the ballot result stands, no
leader is recorded, and the reason is kept on the election and in the audit log.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from governance.domain.elections import Election, ict_staffer_of
from governance.domain.errors import DomainError
from governance.domain.groups import GROUP_KINDS, Group
from governance.domain.subjects import AuditSubject, CardSubject
from governance.ports import UnitOfWork
from governance.services import groups, policies
from governance.services.commands import CastElectionBallot, CloseElection
from governance.services.context import Context, record, retry_on_conflict
from governance.services.outbox import cards_changed

log = logging.getLogger(__name__)

SYSTEM = "system"
VOTING_DAYS = 14  # how long an election runs when the caller names no last day


async def _ensure_seeded(ctx: Context, group_key: str, actor: str) -> None:
    """A group of the mandate file is created (with all others) before its first election."""
    if not any(b.id == group_key and b.kind in GROUP_KINDS for b in ctx.mandate.bodies):
        return  # not a group of the mandate file: it exists in the database, or not at all
    async with ctx.reading() as uow:
        if await uow.groups.find_key(group_key) is not None:
            return
    await groups.seed_groups(ctx, actor)


@retry_on_conflict
async def open_election(
    ctx: Context,
    group_key: str,
    year: int,
    actor: str = SYSTEM,
    *,
    closes_on: date | None = None,
) -> Election:
    """Open the leader election of a development group for ``year`` (this year or the next);
    voting runs until ``closes_on`` (default 14 days from today). Opening again returns the
    election already opened for that group and year. The annual cycle opens it as "system";
    a person must be the chair or a member of the group."""
    groups.require_election_year(ctx, year)
    member = ctx.mandate.member(actor) if actor != SYSTEM else None
    await _ensure_seeded(ctx, group_key, actor)
    async with ctx.unit() as uow:
        existing = await uow.elections.of_group(group_key, year)
        if existing is not None:
            await uow.commit()  # nothing changed; a rollback would expire what is handed back
            return existing
        group = await uow.groups.by_key(group_key)
        if member is not None:
            policies.require_may_record_election(member, ctx.mandate, group, ctx.today())
        last_day = closes_on or ctx.today() + timedelta(days=VOTING_DAYS)
        election = Election.open(group, year, closes_on=last_day, by=actor, at=ctx.local_now())
        uow.elections.add(election)
        await uow.flush()
        await record(
            ctx,
            uow,
            actor,
            "election.opened",
            AuditSubject.election(election.id),
            {
                "group": group_key,
                "year": year,
                "closes_on": last_day.isoformat(),
            },
        )
        await uow.commit()
    return election


@retry_on_conflict
async def cast(ctx: Context, cmd: CastElectionBallot) -> Election:
    """Cast or change the actor's ballot (the actor comes from the caller's identity, never from
    the card). When every member has voted, the election closes and its result is recorded."""
    actor, election_id, candidate = cmd.actor, cmd.election_id, cmd.candidate
    ctx.mandate.member(actor)
    async with ctx.unit() as uow:
        election = await uow.elections.get(election_id)
        group = await uow.groups.by_key(election.group_key)
        now = ctx.local_now()
        previous = election.cast(
            actor,
            candidate,
            group=group,
            ict_staffer=ict_staffer_of(ctx.mandate, group.key),
            at=now,
        )
        await record(
            ctx,
            uow,
            actor,
            "election.ballot_cast",
            AuditSubject.election(election_id),
            {"candidate": candidate, "previous": previous},
        )
        if election.has_everyone_voted(group, now.date()):
            await _finish(ctx, uow, election, group, SYSTEM, now)
        await cards_changed(ctx, uow, CardSubject.election(election_id))
        await uow.commit()
    return election


@retry_on_conflict
async def close(ctx: Context, cmd: CloseElection) -> Election:
    """The chair closes the election before its last day; the result is recorded at once."""
    actor, election_id = cmd.actor, cmd.election_id
    policies.require_chair(ctx.mandate.member(actor), ctx.mandate)
    async with ctx.unit() as uow:
        election = await uow.elections.get(election_id)
        group = await uow.groups.by_key(election.group_key)
        await _finish(ctx, uow, election, group, actor, ctx.local_now())
        await cards_changed(ctx, uow, CardSubject.election(election_id))
        await uow.commit()
    return election


async def close_due(ctx: Context) -> list[Election]:
    """The daily sweep: close every open election whose last day of voting has passed. Each is
    closed in its own transaction; one a rule refuses (its group is gone) is logged and the rest
    are closed. Safe to run twice."""
    async with ctx.reading() as uow:
        due = [e.id for e in await uow.elections.due(ctx.today()) if e.id is not None]
    closed = []
    for election_id in due:
        try:
            election = await _close_if_due(ctx, election_id)
        except DomainError as error:
            log.warning("election %s was not closed: %s", election_id, error)
            continue
        if election is not None:
            closed.append(election)
    return closed


@retry_on_conflict
async def _close_if_due(ctx: Context, election_id: int) -> Election | None:
    async with ctx.unit() as uow:
        election = await uow.elections.get(election_id)
        if not election.is_due(ctx.today()):
            return None  # closed meanwhile (by its last voter, the chair, another sweep)
        group = await uow.groups.by_key(election.group_key)
        await _finish(ctx, uow, election, group, SYSTEM, ctx.local_now())
        await cards_changed(ctx, uow, CardSubject.election(election_id))
        await uow.commit()
    return election


async def _finish(
    ctx: Context,
    uow: UnitOfWork,
    election: Election,
    group: Group,
    actor: str,
    at: datetime,
) -> None:
    """Close the election and record its winner as the group's leader for the year."""
    winner = election.close(by=actor, at=at)
    if winner is not None:
        try:
            group.elect_leader(
                winner,
                election.year,
                by=actor,
                at=at,
                ict_staffer=ict_staffer_of(ctx.mandate, group.key),
            )
        except DomainError as refusal:
            election.leader_not_recorded(refusal.code)
    await record(
        ctx,
        uow,
        actor,
        "election.closed",
        AuditSubject.election(election.id),
        {
            "group": group.key,
            "year": election.year,
            "votes": election.counts(),
            "winner": winner,
            "leader_recorded": winner is not None and not election.leader_refusal,
            "reason": election.leader_refusal or (None if winner else _no_winner(election)),
        },
    )
    if winner is not None and election.leader_refusal is None:
        await record(
            ctx,
            uow,
            actor,
            "group.leader_elected",
            AuditSubject.group(group.key),
            {"leader": winner, "year": election.year, "election": election.id},
        )


def _no_winner(election: Election) -> str:
    return "no_ballots" if not election.ballots else "tie"


async def get(ctx: Context, election_id: int) -> Election:
    async with ctx.reading() as uow:
        return await uow.elections.get(election_id)


async def open_for(ctx: Context, group_key: str, year: int) -> Election | None:
    """The open election of ``group_key`` for ``year``; ``None`` if none was opened or it is
    closed."""
    async with ctx.reading() as uow:
        election = await uow.elections.of_group(group_key, year)
    return election if election is not None and election.is_open else None
