"""A weighted vote on a proposal in a body (mandate rule 4).

One ballot per municipality: any of its appointed members (deputies included) may cast it, the
last change wins while the vote is open. Weights and the decision rule are copied when the vote
opens, so a later change to the mandate file never alters an open or closed vote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from governance.domain.errors import Forbidden, InvalidTransition
from governance.domain.messages import N_
from governance.domain.organisation import DecisionRule
from governance.domain.tally import Choice, Outcome, Tally, tally


@dataclass(eq=False)
class Ballot:
    municipality: str
    choice: Choice
    cast_by: str
    cast_at: datetime
    id: int | None = None


@dataclass(eq=False)
class Vote:
    proposal_id: int
    body_id: str
    weights: dict[str, str]  # municipality → stemmevekt (Decimal as text), copied at opening
    rule: dict[str, str | None]  # DecisionRule.as_dict(), copied at opening
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None = None
    closed_by: str | None = None
    outcome: Outcome | None = None
    ballots: list[Ballot] = field(default_factory=list)
    id: int | None = None
    meeting_id: int | None = None  # the meeting the vote was held in, if any

    @classmethod
    def open(
        cls,
        proposal_id: int,
        body_id: str,
        weights: Mapping[str, Decimal],
        rule: DecisionRule,
        *,
        by: str,
        at: datetime,
    ) -> Vote:
        return cls(
            proposal_id=proposal_id,
            body_id=body_id,
            weights={m: str(w) for m, w in weights.items()},
            rule=rule.as_dict(),
            opened_at=at,
            opened_by=by,
        )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def decision_rule(self) -> DecisionRule:
        return DecisionRule.from_dict(self.rule)

    def weight_of(self, municipality: str) -> Decimal:
        return Decimal(self.weights[municipality])

    def ballot_of(self, municipality: str) -> Ballot | None:
        return next((b for b in self.ballots if b.municipality == municipality), None)

    def cast(
        self, municipality: str | None, choice: Choice, *, by: str, at: datetime
    ) -> tuple[Choice | None, Ballot]:
        """Cast or change the ballot of ``municipality``; returns the previous choice."""
        self._require_open()
        if municipality is None:
            raise Forbidden(
                "vote.no_municipality",
                N_("You do not represent a municipality, so you cannot cast a ballot."),
            )
        if municipality not in self.weights:
            raise Forbidden(
                "vote.municipality_not_eligible",
                N_("{municipality} has no vote in this matter."),
                municipality=municipality,
            )
        ballot = self.ballot_of(municipality)
        if ballot is None:
            ballot = Ballot(municipality, choice, by, at)
            self.ballots.append(ballot)
            return None, ballot
        previous = ballot.choice
        ballot.choice, ballot.cast_by, ballot.cast_at = choice, by, at
        return previous, ballot

    def current_tally(self) -> Tally:
        weights = {m: Decimal(w) for m, w in self.weights.items()}
        ballots = {b.municipality: b.choice for b in self.ballots}
        return tally(ballots, weights, self.decision_rule())

    def close(self, *, by: str, at: datetime) -> Tally:
        self._require_open()
        result = self.current_tally()
        self.closed_at, self.closed_by, self.outcome = at, by, result.outcome
        return result

    def _require_open(self) -> None:
        if not self.is_open:
            raise InvalidTransition("vote.closed", N_("The vote #{id} is closed."), id=self.id)


def outcome_action_name(outcome: Outcome) -> str:
    """The proposal action that records ``outcome`` (see ``proposals.Action``)."""
    return {
        Outcome.RECOMMENDED: "recommend",
        Outcome.NOT_RECOMMENDED: "not_recommend",
        Outcome.ESCALATED: "escalate",
        Outcome.NO_QUORUM: "no_quorum",
    }[outcome]
