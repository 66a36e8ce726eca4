"""A weighted vote on a proposal in a body (mandate rule 4).

One ballot per municipality: any of its appointed members (deputies included) may cast it, the
last change wins while the vote is open. Weights and the decision rule are copied when the vote
opens, so a later change to the mandate file never alters an open or closed vote.

A vote may have a closing time (``closes_at``): the decision rule's ``voting_days`` working
days after it opens, at the rule's ``closing_time`` in Europe/Oslo; the chair may move it while
the vote is open. A day before it the municipalities that have not voted are reminded; when it
comes the vote closes by itself or the chair is told, as the rule's ``at_deadline`` says.
A ballot may carry the municipality's reason (the vote card asks for one against).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final

from governance.domain.calendar import is_working_day, oslo_date, oslo_datetime, require_aware
from governance.domain.errors import Forbidden, InvalidInput, InvalidTransition
from governance.domain.messages import N_
from governance.domain.organisation import AtDeadline, DecisionRule
from governance.domain.tally import Choice, Outcome, Tally, tally
from governance.domain.text import require_clean_text


@dataclass(eq=False)
class Ballot:
    municipality: str
    choice: Choice
    cast_by: str
    cast_at: datetime
    reason: str = ""
    id: int | None = None


MAX_REASON_LENGTH: Final = 2000
CLOSED_AT_DEADLINE: Final = "system"  # ``closed_by`` of a vote its deadline closed
REMIND_BEFORE: Final = timedelta(days=1)  # the reminder to those who have not voted
MAX_VOTING_DAYS: Final = 60  # the latest closing time the chair may set, in calendar days


def closing_time(rule: DecisionRule, opened_at: datetime) -> datetime | None:
    """When a vote opened at ``opened_at`` under ``rule`` closes: the ``voting_days``-th working
    day after the opening day (Norwegian public holidays and weekends skipped) at the rule's
    ``closing_time`` in Europe/Oslo; None when the rule sets no voting period."""
    if rule.voting_days is None:
        return None
    day, left = oslo_date(opened_at), rule.voting_days
    while left:
        day += timedelta(days=1)
        left -= is_working_day(day)
    hour, minute = (int(part) for part in rule.closing_time.split(":"))
    return oslo_datetime(day, hour, minute)


def reason_of(reason: str) -> str:
    """The ballot's reason as stored (the card asks for one against; none is required)."""
    reason = require_clean_text(reason.strip(), N_("Reason"))
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(
            "vote.reason_too_long",
            N_("The reason is {length} characters long; at most {limit} fit."),
            length=len(reason),
            limit=MAX_REASON_LENGTH,
        )
    return reason


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
    closes_at: datetime | None = None  # when the vote closes (or the chair is told to)

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
            closes_at=closing_time(rule, at),
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

    @property
    def at_deadline(self) -> AtDeadline:
        return self.decision_rule().at_deadline

    def deadline_passed(self, now: datetime) -> bool:
        return self.closes_at is not None and now >= self.closes_at

    def reminder_due(self, now: datetime) -> bool:
        """True from a day before the closing time until it comes, while the vote is open."""
        return (
            self.is_open
            and self.closes_at is not None
            and self.closes_at - REMIND_BEFORE <= now < self.closes_at
        )

    def move_deadline(self, closes_on: date, closes_at_time: str, *, now: datetime) -> datetime:
        """The chair sets a new closing time (Europe/Oslo): later than now and at most
        ``MAX_VOTING_DAYS`` days ahead; returns it."""
        self._require_open()
        try:
            hour, minute = (int(part) for part in closes_at_time.split(":"))
            when = oslo_datetime(closes_on, hour, minute)
        except ValueError:
            raise InvalidInput(
                "vote.bad_closing_time",
                N_("“{value}” is not a time of day; write it as 16:00."),
                value=closes_at_time,
            ) from None
        if when <= require_aware(now):
            raise InvalidInput(
                "vote.closing_time_past",
                N_("The new closing time must be later than now."),
            )
        if when > now + timedelta(days=MAX_VOTING_DAYS):
            raise InvalidInput(
                "vote.closing_time_too_late",
                N_("A vote can stay open at most {days} days from now."),
                days=MAX_VOTING_DAYS,
            )
        self.closes_at = when
        return when

    def cast(
        self,
        municipality: str | None,
        choice: Choice,
        *,
        by: str,
        at: datetime,
        reason: str = "",
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
        reason = reason_of(reason)
        ballot = self.ballot_of(municipality)
        if ballot is None:
            ballot = Ballot(municipality, choice, by, at, reason)
            self.ballots.append(ballot)
            return None, ballot
        previous = ballot.choice
        ballot.choice, ballot.cast_by, ballot.cast_at, ballot.reason = choice, by, at, reason
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
