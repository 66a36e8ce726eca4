"""The yearly leader election of FARTT's development groups on the fake unit of work: opening
(once per group and year), ballots, closing by itself, by the chair or by the daily sweep, and the
leader it records for the year."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from governance.domain.calendar import OSLO
from governance.domain.elections import Election
from governance.domain.errors import NotFound
from governance.domain.organisation import Mandate
from governance.services import elections, groups
from governance.services.commands import CastElectionBallot, CloseElection, RecordLeader
from governance.services.context import Context, FixedClock
from tests.fakes.uow import FakeDatabase
from tests.unit.services.helpers import audit_count, refused

CHAIR = "dl-fartt"
GROUP = "ug-helse"
FOLLDAL, ALVDAL, RENDALEN = "ug-helse-folldal", "ug-helse-alvdal", "ug-helse-rendalen"
TOLGA, TYNSET, ICT = "ug-helse-tolga", "ug-helse-tynset", "ikt-helse"
VOTERS = [FOLLDAL, ALVDAL, RENDALEN, TOLGA, TYNSET, ICT]


@pytest.fixture
def fartt(fartt_mandate: Mandate, db: FakeDatabase, clock: FixedClock) -> Context:
    """FARTT's mandate on a fresh database: no group is seeded yet."""
    return Context(fartt_mandate, db.unit, clock)


async def opened(ctx: Context) -> int:
    election = await elections.open_election(ctx, GROUP, 2027)
    assert election.id is not None
    return election.id


async def cast_all(ctx: Context, election_id: int, ballots: dict[str, str]) -> Election:
    result = None
    for voter, candidate in ballots.items():
        result = await elections.cast(ctx, CastElectionBallot(voter, election_id, candidate))
    assert result is not None
    return result


# --- opening ---------------------------------------------------------------------------------


async def test_opening_seeds_the_groups_and_is_idempotent(fartt: Context) -> None:
    assert await groups.groups(fartt) == []
    election = await elections.open_election(fartt, GROUP, 2027)
    assert (election.group_key, election.year, election.opened_by) == (GROUP, 2027, "system")
    assert election.closes_on == date(2027, 1, 25)  # 14 days after today
    assert election.is_open and election.id is not None
    assert GROUP in {g.key for g in await groups.groups(fartt)}
    entries = await audit_count(fartt)
    again = await elections.open_election(fartt, GROUP, 2027)
    assert again.id == election.id
    assert await audit_count(fartt) == entries
    found = await elections.open_for(fartt, GROUP, 2027)
    assert found is not None and found.id == election.id
    assert await elections.open_for(fartt, GROUP, 2028) is None
    other = await elections.open_election(fartt, "ug-oppvekst", 2027, closes_on=date(2027, 3, 31))
    assert other.id != election.id and other.closes_on == date(2027, 3, 31)


async def test_a_member_of_the_group_or_the_chair_may_open_it(
    fartt: Context, db: FakeDatabase
) -> None:
    await groups.seed_groups(fartt)
    await refused(
        fartt,
        db,
        "policy.cannot_record_election",
        elections.open_election(fartt, GROUP, 2027, "ug-oppvekst-folldal"),
    )
    by_member = await elections.open_election(fartt, GROUP, 2027, TOLGA)
    assert by_member.opened_by == TOLGA
    by_chair = await elections.open_election(fartt, "ug-teknisk", 2028, CHAIR)
    assert by_chair.opened_by == CHAIR


@pytest.mark.parametrize(
    ("group_key", "year", "code"),
    [
        ("forprosjektgruppa", 2027, "group.election_not_applicable"),  # a project group
        (GROUP, 2030, "group.election_year"),
        (GROUP, 2026, "group.election_year"),
        ("no-such-group", 2027, "group.not_found"),
    ],
)
async def test_opening_is_refused_where_no_leader_is_elected(
    fartt: Context,
    db: FakeDatabase,
    group_key: str,
    year: int,
    code: str,
) -> None:
    await groups.seed_groups(fartt)
    await refused(fartt, db, code, elections.open_election(fartt, group_key, year))


# --- ballots ---------------------------------------------------------------------------------


async def test_when_every_member_has_voted_the_election_closes_and_records_the_leader(
    fartt: Context,
) -> None:
    election_id = await opened(fartt)
    ballots = {FOLLDAL: TOLGA, ALVDAL: TOLGA, RENDALEN: ALVDAL, TOLGA: ALVDAL, TYNSET: TOLGA}
    partial = await cast_all(fartt, election_id, ballots)
    assert partial.is_open
    await elections.cast(
        fartt, CastElectionBallot(FOLLDAL, election_id, ALVDAL)
    )  # Folldal changes its mind
    done = await elections.cast(
        fartt, CastElectionBallot(ICT, election_id, ALVDAL)
    )  # the ICT staffer votes too
    assert not done.is_open and done.closed_by == "system"
    assert (done.winner, done.leader_refusal) == (ALVDAL, None)
    assert done.counts() == {ALVDAL: 4, TOLGA: 2}
    leader = (await groups.group(fartt, GROUP)).leader_for(2027)
    assert leader is not None and (leader.member_id, leader.year) == (ALVDAL, 2027)
    assert await elections.open_for(fartt, GROUP, 2027) is None


async def test_a_tie_records_no_leader(fartt: Context) -> None:
    election_id = await opened(fartt)
    done = await cast_all(
        fartt,
        election_id,
        {
            FOLLDAL: ALVDAL,
            ALVDAL: TOLGA,
            RENDALEN: ALVDAL,
            TOLGA: TOLGA,
            TYNSET: RENDALEN,
            ICT: RENDALEN,
        },
    )
    assert not done.is_open and done.winner is None
    assert (await groups.group(fartt, GROUP)).leader_for(2027) is None


async def test_non_members_and_the_ict_staffer_as_candidate_are_refused(
    fartt: Context,
    db: FakeDatabase,
) -> None:
    election_id = await opened(fartt)
    await elections.cast(fartt, CastElectionBallot(FOLLDAL, election_id, ALVDAL))
    await refused(
        fartt,
        db,
        "election.not_a_voter",
        elections.cast(fartt, CastElectionBallot("ug-oppvekst-folldal", election_id, ALVDAL)),
    )
    await refused(
        fartt,
        db,
        "election.not_a_voter",
        elections.cast(fartt, CastElectionBallot(CHAIR, election_id, ALVDAL)),
    )
    await refused(
        fartt,
        db,
        "election.ict_staffer_not_candidate",
        elections.cast(fartt, CastElectionBallot(ALVDAL, election_id, ICT)),
    )
    await refused(
        fartt,
        db,
        "election.not_a_candidate",
        elections.cast(fartt, CastElectionBallot(ALVDAL, election_id, "ug-oppvekst-folldal")),
    )
    await refused(
        fartt,
        db,
        "member.not_found",
        elections.cast(fartt, CastElectionBallot("stranger", election_id, ALVDAL)),
    )
    await refused(
        fartt,
        db,
        "election.not_found",
        elections.cast(fartt, CastElectionBallot(ALVDAL, election_id + 99, TOLGA)),
    )


# --- closing ---------------------------------------------------------------------------------


async def test_the_chair_closes_early_and_only_the_chair(
    fartt: Context,
    db: FakeDatabase,
) -> None:
    election_id = await opened(fartt)
    await cast_all(fartt, election_id, {FOLLDAL: TYNSET, ALVDAL: TYNSET, ICT: ALVDAL})
    await refused(
        fartt, db, "policy.chair_only", elections.close(fartt, CloseElection(TYNSET, election_id))
    )
    closed = await elections.close(fartt, CloseElection(CHAIR, election_id))
    assert (closed.winner, closed.closed_by) == (TYNSET, CHAIR)
    leader = (await groups.group(fartt, GROUP)).leader_for(2027)
    assert leader is not None and (leader.member_id, leader.elected_by) == (TYNSET, CHAIR)
    await refused(
        fartt,
        db,
        "election.closed",
        elections.cast(fartt, CastElectionBallot(RENDALEN, election_id, ALVDAL)),
    )
    await refused(
        fartt, db, "election.closed", elections.close(fartt, CloseElection(CHAIR, election_id))
    )


async def test_without_ballots_the_chair_decides(fartt: Context) -> None:
    election_id = await opened(fartt)
    closed = await elections.close(fartt, CloseElection(CHAIR, election_id))
    assert closed.winner is None and not closed.is_open
    assert (await groups.group(fartt, GROUP)).leader_for(2027) is None


async def test_a_sitting_leader_keeps_the_ballot_result_without_recording_a_new_one(
    fartt: Context,
) -> None:
    election_id = await opened(fartt)
    await groups.elect_leader(fartt, RecordLeader(CHAIR, GROUP, TOLGA, 2027))
    await elections.cast(fartt, CastElectionBallot(FOLLDAL, election_id, ALVDAL))
    closed = await elections.close(fartt, CloseElection(CHAIR, election_id))
    assert (closed.winner, closed.leader_refusal) == (ALVDAL, "group.leader_already_elected")
    leader = (await groups.group(fartt, GROUP)).leader_for(2027)
    assert leader is not None and leader.member_id == TOLGA
    stored = await elections.get(fartt, election_id)
    assert (stored.winner, stored.leader_refusal, stored.is_open) == (
        ALVDAL,
        "group.leader_already_elected",
        False,
    )


async def test_the_daily_sweep_closes_what_is_due_and_is_safe_to_run_twice(
    fartt: Context,
    clock: FixedClock,
    db: FakeDatabase,
) -> None:
    helse = await opened(fartt)
    oppvekst = await elections.open_election(
        fartt, "ug-oppvekst", 2027, closes_on=date(2027, 2, 28)
    )
    await elections.cast(fartt, CastElectionBallot(FOLLDAL, helse, RENDALEN))
    assert await elections.close_due(fartt) == []
    clock.advance_to(datetime(2027, 1, 25, 23, 0, tzinfo=OSLO))  # the last day of voting
    assert await elections.close_due(fartt) == []
    await elections.cast(fartt, CastElectionBallot(ALVDAL, helse, RENDALEN))
    clock.advance_to(datetime(2027, 1, 26, 6, 0, tzinfo=OSLO))
    await refused(
        fartt,
        db,
        "election.voting_ended",
        elections.cast(fartt, CastElectionBallot(TOLGA, helse, ALVDAL)),
    )
    [closed] = await elections.close_due(fartt)
    assert (closed.id, closed.winner, closed.closed_by) == (helse, RENDALEN, "system")
    leader = (await groups.group(fartt, GROUP)).leader_for(2027)
    assert leader is not None and leader.member_id == RENDALEN
    before = db.snapshot()
    assert await elections.close_due(fartt) == []
    assert db.snapshot() == before
    assert (await elections.get(fartt, oppvekst.id or 0)).is_open


async def test_an_unknown_election_is_not_found(fartt: Context) -> None:
    with pytest.raises(NotFound) as missing:
        await elections.get(fartt, 404)
    assert missing.value.code == "election.not_found"
