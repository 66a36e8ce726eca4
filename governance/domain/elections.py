"""The yearly leader election of a development group (FARTT mandate, task 5): a ballot.

Holds the ``Election`` aggregate with its ``ElectionBallot`` children. Every active member of the
group votes, the dedicated ICT staffer included; every active member except the ICT staffer may
be elected ("Vedkommende skal ikke lede gruppa", task 6). One ballot per voter: casting again
replaces the voter's choice while the election is open. The candidate with the most votes wins;
a tie, or no ballots at all, gives no winner, and the chair settles it.

Dates: voting is open up to and including ``closes_on``; from the next day the election is due
to be closed. ``at.date()`` is the day a rule is checked on, so callers pass Norwegian time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from governance.domain.errors import Forbidden, InvalidInput, InvalidTransition
from governance.domain.groups import ELECTING_KINDS, Group
from governance.domain.messages import N_
from governance.domain.organisation import Mandate, Role


@dataclass(eq=False)
class ElectionBallot:
    """One voter's current choice; ``cast_at`` is when it was last cast."""

    voter: str
    candidate: str
    cast_at: datetime
    id: int | None = None


def ict_staffer_of(mandate: Mandate, group_key: str) -> str | None:
    """The dedicated ICT staffer the mandate file names for the group, if any."""
    body = next((b for b in mandate.bodies if b.id == group_key), None)
    return body.ict_staffer if body is not None else None


def voters(group: Group, on: date) -> list[str]:
    """Who votes on ``on``: every active member of the group, the ICT staffer too."""
    return list(dict.fromkeys(m.member_id for m in group.active_members(on)))


def candidates(group: Group, on: date, ict_staffer: str | None) -> list[str]:
    """Who may be elected on ``on``: the active members except the group's ICT staffer (the
    one the mandate names, ``ict_staffer``, and any member with that role)."""
    return [
        m.member_id
        for m in group.active_members(on)
        if m.member_id != ict_staffer and m.role != Role.ICT_STAFFER
    ]


@dataclass(eq=False)
class Election:
    """The ballot for the leader of ``group_key`` in ``year``.

    ``winner`` is set when the election closes with a clear result. ``leader_refusal`` is the
    code of the rule that kept the winner from being recorded as the group's leader (for
    example ``group.leader_already_elected``); the ballot result stands regardless.
    """

    group_key: str
    year: int
    opened_at: datetime
    opened_by: str
    closes_on: date
    closed_at: datetime | None = None
    closed_by: str | None = None
    winner: str | None = None
    leader_refusal: str | None = None
    ballots: list[ElectionBallot] = field(default_factory=list)
    id: int | None = None

    @classmethod
    def open(
        cls,
        group: Group,
        year: int,
        *,
        closes_on: date,
        by: str,
        at: datetime,
    ) -> Election:
        """Open the election of an open development group; voting ends on ``closes_on``."""
        if group.kind not in {k.value for k in ELECTING_KINDS}:
            raise InvalidTransition(
                "group.election_not_applicable", N_("This kind of group does not elect a leader.")
            )
        if group.is_closed:
            raise InvalidTransition("group.closed", N_("The group is closed."))
        if closes_on < at.date():
            raise InvalidInput(
                "election.closes_in_the_past", N_("An election cannot end before the day it opens.")
            )
        return cls(group.key, year, at, by, closes_on)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_due(self, today: date) -> bool:
        """Open, and its last day of voting has passed."""
        return self.is_open and today > self.closes_on

    def ballot_of(self, voter: str) -> ElectionBallot | None:
        return next((b for b in self.ballots if b.voter == voter), None)

    def cast(
        self,
        voter: str,
        candidate: str,
        *,
        group: Group,
        ict_staffer: str | None,
        at: datetime,
    ) -> str | None:
        """Cast or replace ``voter``'s ballot; returns the candidate chosen before, if any."""
        self._require_open(at.date())
        if group.key != self.group_key:
            raise ValueError(f"group {group.key} is not the group of election {self.id}")
        if voter not in voters(group, at.date()):
            raise Forbidden(
                "election.not_a_voter",
                N_("Only the members of {group} vote in its election."),
                group=group.name,
            )
        self._require_candidate(group, candidate, ict_staffer, at.date())
        ballot = self.ballot_of(voter)
        if ballot is None:
            self.ballots.append(ElectionBallot(voter, candidate, at))
            return None
        previous = ballot.candidate
        ballot.candidate, ballot.cast_at = candidate, at
        return previous

    def turnout(self, group: Group, on: date) -> tuple[int, int]:
        """How many of the voters of ``on`` have a ballot, and how many voters there are."""
        everyone = voters(group, on)
        return sum(1 for voter in everyone if self.ballot_of(voter) is not None), len(everyone)

    def has_everyone_voted(self, group: Group, on: date) -> bool:
        """Whether every voter of ``on`` has a ballot (then the election closes by itself)."""
        cast, total = self.turnout(group, on)
        return total > 0 and cast == total

    def counts(self) -> dict[str, int]:
        """Votes per candidate, most first (equal counts in the order first voted for)."""
        return dict(Counter(b.candidate for b in self.ballots).most_common())

    def result(self) -> str | None:
        """The candidate with the most votes; ``None`` on a tie or without ballots."""
        ranked = list(self.counts().items())
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def close(self, *, by: str, at: datetime) -> str | None:
        """Close the election and keep its result; returns the winner, if any."""
        if not self.is_open:
            raise InvalidTransition("election.closed", N_("The election is closed."))
        self.closed_at, self.closed_by, self.winner = at, by, self.result()
        return self.winner

    def leader_not_recorded(self, code: str) -> None:
        """The winner stands, but a rule of the group kept them from being its leader."""
        if self.winner is None:
            raise ValueError("only a winner can fail to be recorded as leader")
        self.leader_refusal = code

    def _require_open(self, on: date) -> None:
        if not self.is_open:
            raise InvalidTransition("election.closed", N_("The election is closed."))
        if on > self.closes_on:
            raise InvalidTransition(
                "election.voting_ended",
                N_("Voting in this election ended on {date}."),
                date=self.closes_on.strftime("%d.%m.%Y"),
            )

    def _require_candidate(
        self,
        group: Group,
        candidate: str,
        ict_staffer: str | None,
        on: date,
    ) -> None:
        if candidate in candidates(group, on, ict_staffer):
            return
        membership = group.membership_of(candidate, on)
        if membership is not None:
            raise Forbidden(
                "election.ict_staffer_not_candidate", N_("The group's ICT staffer may not lead it.")
            )
        raise InvalidInput(
            "election.not_a_candidate", N_("The leader must be an active member of the group.")
        )
