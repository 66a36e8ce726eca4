"""The yearly leader election of a development group (FARTT tasks 5 and 6)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

import pytest

from governance.domain.elections import Election, candidates, ict_staffer_of, voters
from governance.domain.errors import DomainError, Forbidden, InvalidInput, InvalidTransition
from governance.domain.groups import Group
from governance.domain.organisation import Mandate

AT = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)
JAN = date(2027, 1, 1)
LAST_DAY = date(2027, 1, 25)


def development_group() -> Group:
    group = Group.establish(
        "ug-helse", "Utviklingsgruppe helse", "utviklingsgruppe", "styret", ["helse"], "system", AT
    )
    group.add_member("kari", "tynset", "member", JAN, "system")
    group.add_member("ola", "alvdal", "member", JAN, "system")
    group.add_member("siri", "tolga", "group_leader", JAN, "system")
    group.add_member("ikt-per", None, "ict_staffer", JAN, "system")
    return group


def election(group: Group | None = None) -> Election:
    result = Election.open(
        group or development_group(), 2027, closes_on=LAST_DAY, by="system", at=AT
    )
    result.id = 4
    return result


def cast(e: Election, group: Group, *ballots: tuple[str, str], at: datetime = AT) -> None:
    for voter, candidate in ballots:
        e.cast(voter, candidate, group=group, ict_staffer=None, at=at)


# --- who votes, who may be elected ------------------------------------------------------------


def test_every_active_member_votes_and_all_but_the_ict_staffer_may_be_elected() -> None:
    group = development_group()
    group.add_member("nils", "os", "member", date(2027, 6, 1), "system")  # not yet started
    assert voters(group, AT.date()) == ["kari", "ola", "siri", "ikt-per"]
    assert candidates(group, AT.date(), None) == ["kari", "ola", "siri"]
    assert candidates(group, AT.date(), "ola") == ["kari", "siri"]  # named by the mandate


def test_the_mandate_names_each_development_groups_ict_staffer(fartt_mandate: Mandate) -> None:
    assert ict_staffer_of(fartt_mandate, "ug-helse") == "ikt-helse"
    assert ict_staffer_of(fartt_mandate, "styret") is None
    assert ict_staffer_of(fartt_mandate, "no-such-group") is None


# --- opening ---------------------------------------------------------------------------------


def test_an_election_opens_for_a_development_group() -> None:
    opened = election()
    assert (opened.group_key, opened.year, opened.closes_on) == ("ug-helse", 2027, LAST_DAY)
    assert (opened.opened_at, opened.opened_by) == (AT, "system")
    assert opened.is_open and opened.ballots == [] and opened.winner is None


def test_only_open_development_groups_hold_elections() -> None:
    faggruppe = Group.establish("fg", "Faggruppe", "faggruppe", None, [], "system", AT)
    with pytest.raises(InvalidTransition) as refused:
        Election.open(faggruppe, 2027, closes_on=LAST_DAY, by="system", at=AT)
    assert refused.value.code == "group.election_not_applicable"
    closed = development_group()
    closed.close("styret", AT)
    with pytest.raises(InvalidTransition) as refused:
        Election.open(closed, 2027, closes_on=LAST_DAY, by="system", at=AT)
    assert refused.value.code == "group.closed"
    with pytest.raises(InvalidInput) as invalid:
        Election.open(development_group(), 2027, closes_on=date(2027, 1, 10), by="x", at=AT)
    assert invalid.value.code == "election.closes_in_the_past"


# --- ballots ---------------------------------------------------------------------------------


def test_one_ballot_per_voter_and_casting_again_replaces_the_choice() -> None:
    group, e = development_group(), election()
    assert e.cast("kari", "ola", group=group, ict_staffer=None, at=AT) is None
    later = AT + timedelta(hours=2)
    assert e.cast("kari", "siri", group=group, ict_staffer=None, at=later) == "ola"
    [ballot] = e.ballots
    assert (ballot.voter, ballot.candidate, ballot.cast_at) == ("kari", "siri", later)
    assert e.counts() == {"siri": 1}


def test_the_ict_staffer_votes_but_is_no_candidate() -> None:
    group, e = development_group(), election()
    cast(e, group, ("ikt-per", "kari"))
    assert e.counts() == {"kari": 1}
    with pytest.raises(Forbidden) as refused:
        cast(e, group, ("kari", "ikt-per"))
    assert refused.value.code == "election.ict_staffer_not_candidate"


def test_the_ict_staffer_the_mandate_names_is_no_candidate_whatever_the_role() -> None:
    group, e = development_group(), election()
    with pytest.raises(Forbidden) as refused:
        e.cast("kari", "ola", group=group, ict_staffer="ola", at=AT)
    assert refused.value.code == "election.ict_staffer_not_candidate"


@pytest.mark.parametrize(
    ("voter", "candidate", "error", "code"),
    [
        ("nils", "kari", Forbidden, "election.not_a_voter"),
        ("kari", "nils", InvalidInput, "election.not_a_candidate"),
        ("kari", "", InvalidInput, "election.not_a_candidate"),
        ("kari", "ikt-per", Forbidden, "election.ict_staffer_not_candidate"),
    ],
)
def test_refused_ballots_change_nothing(
    voter: str, candidate: str, error: type[DomainError], code: str
) -> None:
    group, e = development_group(), election()
    cast(e, group, ("ola", "kari"))
    before = asdict(e)
    with pytest.raises(error) as refused:
        e.cast(voter, candidate, group=group, ict_staffer=None, at=AT)
    assert refused.value.code == code
    assert asdict(e) == before


def test_a_member_who_left_the_group_no_longer_votes() -> None:
    group, e = development_group(), election()
    group.replace_member("kari", "liv", date(2027, 1, 5), "radmann-tynset")
    with pytest.raises(Forbidden) as refused:
        cast(e, group, ("kari", "ola"))
    assert refused.value.code == "election.not_a_voter"
    cast(e, group, ("liv", "ola"))
    assert e.counts() == {"ola": 1}


def test_a_closed_election_refuses_ballots() -> None:
    group, e = development_group(), election()
    cast(e, group, ("kari", "ola"))
    e.close(by="dl", at=AT)
    before = asdict(e)
    with pytest.raises(InvalidTransition) as refused:
        cast(e, group, ("ola", "kari"))
    assert refused.value.code == "election.closed"
    with pytest.raises(InvalidTransition):
        e.close(by="dl", at=AT)
    assert asdict(e) == before


def test_voting_ends_after_the_last_day() -> None:
    group, e = development_group(), election()
    cast(e, group, ("kari", "ola"), at=datetime(2027, 1, 25, 22, 0, tzinfo=UTC))
    assert not e.is_due(LAST_DAY) and e.is_due(LAST_DAY + timedelta(days=1))
    with pytest.raises(InvalidTransition) as refused:
        cast(e, group, ("ola", "kari"), at=datetime(2027, 1, 26, 8, 0, tzinfo=UTC))
    assert refused.value.code == "election.voting_ended"
    assert "25.01.2027" in str(refused.value)


def test_everyone_has_voted_once_each_active_member_has_a_ballot() -> None:
    group, e = development_group(), election()
    cast(e, group, ("kari", "ola"), ("ola", "siri"), ("siri", "ola"))
    assert not e.has_everyone_voted(group, AT.date())
    assert e.turnout(group, AT.date()) == (3, 4)
    cast(e, group, ("ikt-per", "ola"))
    assert e.has_everyone_voted(group, AT.date())
    assert e.turnout(group, AT.date()) == (4, 4)
    assert not election().has_everyone_voted(
        Group.establish("ug-tom", "Tom", "utviklingsgruppe", None, [], "system", AT), AT.date()
    )


# --- result ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ballots", "winner"),
    [
        ([("kari", "ola"), ("ola", "siri"), ("siri", "ola")], "ola"),
        ([("kari", "ola")], "ola"),
        ([("kari", "ola"), ("ola", "siri")], None),  # tie
        ([("kari", "ola"), ("ola", "siri"), ("siri", "kari")], None),  # three-way tie
        ([("kari", "ola"), ("ola", "ola"), ("siri", "kari"), ("ikt-per", "kari")], None),
        ([], None),  # no ballots
    ],
)
def test_the_candidate_with_most_votes_wins_and_a_tie_has_no_winner(
    ballots: list[tuple[str, str]],
    winner: str | None,
) -> None:
    group, e = development_group(), election()
    cast(e, group, *ballots)
    assert e.result() == winner
    assert e.close(by="dl", at=AT) == winner
    assert (e.winner, e.closed_by, e.closed_at, e.is_open) == (winner, "dl", AT, False)


def test_a_winner_not_recorded_as_leader_keeps_the_reason() -> None:
    group, e = development_group(), election()
    cast(e, group, ("kari", "ola"))
    e.close(by="system", at=AT)
    e.leader_not_recorded("group.leader_already_elected")
    assert (e.winner, e.leader_refusal) == ("ola", "group.leader_already_elected")
    no_winner = election()
    no_winner.close(by="system", at=AT)
    with pytest.raises(ValueError):
        no_winner.leader_not_recorded("group.closed")
