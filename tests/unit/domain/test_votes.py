"""A weighted vote on a proposal (mandate rule 4): one ballot per municipality, weights and
rule copied when the vote opens."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from governance.domain.errors import Forbidden, InvalidInput, InvalidTransition
from governance.domain.organisation import AtDeadline, DecisionRule, RuleKind
from governance.domain.proposals import TRANSITIONS, Action, Capacity, ProposalState
from governance.domain.tally import Choice, Outcome
from governance.domain.votes import Vote, closing_time, outcome_action_name
from governance.i18n import translate_error

OPENED = datetime(2025, 4, 1, 12, 0, tzinfo=UTC)
LATER = OPENED + timedelta(minutes=5)
CLOSED = OPENED + timedelta(hours=1)
CHAIR = "daglig-leder"
CONSENSUS = DecisionRule(RuleKind.CONSENSUS, escalate_to="styret")


def equal_weights() -> dict[str, Decimal]:
    return {"aukra": Decimal(1), "molde": Decimal(1), "rauma": Decimal(1), "vestnes": Decimal(1)}


def a_vote(weights: dict[str, Decimal] | None = None, rule: DecisionRule = CONSENSUS) -> Vote:
    return Vote.open(
        7,
        "bestillerutvalg",
        weights if weights is not None else equal_weights(),
        rule,
        by=CHAIR,
        at=OPENED,
    )


# --- opening ------------------------------------------------------------------------------------


def test_opening_records_who_when_and_copies_weights_and_rule() -> None:
    vote = a_vote()

    assert (vote.proposal_id, vote.body_id, vote.opened_by, vote.opened_at) == (
        7,
        "bestillerutvalg",
        CHAIR,
        OPENED,
    )
    assert vote.weights == {"aukra": "1", "molde": "1", "rauma": "1", "vestnes": "1"}
    assert vote.rule == {
        "kind": "consensus",
        "quorum_share": "0.5",
        "majority_share": "0.5",
        "escalate_to": "styret",
        "quorum_in_mandate": "false",
        "voting_days": None,
        "closing_time": "16:00",
        "at_deadline": "remind_chair",
    }
    assert vote.is_open and vote.outcome is None and vote.ballots == []
    assert vote.closes_at is None  # the rule sets no voting period


def test_changing_the_weights_after_opening_changes_nothing() -> None:
    weights = equal_weights()
    vote = a_vote(weights)

    weights["molde"] = Decimal(10)
    weights["hustadvika"] = Decimal(1)
    del weights["aukra"]

    assert vote.weight_of("molde") == Decimal(1)
    assert vote.weight_of("aukra") == Decimal(1)
    assert "hustadvika" not in vote.weights
    with pytest.raises(Forbidden) as refused:
        vote.cast("hustadvika", Choice.FOR, by="hustadvika-bestiller", at=LATER)
    assert refused.value.code == "vote.municipality_not_eligible"


def test_the_rule_is_copied_and_read_back_unchanged() -> None:
    rule = DecisionRule(
        RuleKind.WEIGHTED_MAJORITY,
        quorum_share=Decimal("0.75"),
        majority_share=Decimal("0.6"),
        escalate_to=None,
        quorum_in_mandate=True,
        voting_days=3,
        closing_time="12:30",
        at_deadline=AtDeadline.CLOSE,
    )
    vote = a_vote(rule=rule)

    assert vote.decision_rule() == rule
    assert vote.rule == {
        "kind": "weighted_majority",
        "quorum_share": "0.75",
        "majority_share": "0.6",
        "escalate_to": None,
        "quorum_in_mandate": "true",
        "voting_days": "3",
        "closing_time": "12:30",
        "at_deadline": "close",
    }


def test_a_rule_copied_before_deadlines_existed_reads_back_with_the_defaults() -> None:
    old = {"kind": "consensus", "quorum_share": "0.5", "majority_share": "0.5"}

    rule = DecisionRule.from_dict(old)  # type: ignore[arg-type]

    assert rule == DecisionRule(RuleKind.CONSENSUS)
    assert rule.voting_days is None and rule.at_deadline is AtDeadline.REMIND_CHAIR


# --- deadlines ----------------------------------------------------------------------------------

OSLO_TZ = ZoneInfo("Europe/Oslo")


def test_the_closing_time_skips_weekends_and_norwegian_holidays() -> None:
    rule = DecisionRule(voting_days=3, closing_time="16:00")
    # Opened Tuesday 1 April 2025, 14:00 Oslo: Wed 2, Thu 3, Fri 4 April.
    assert closing_time(rule, OPENED) == datetime(2025, 4, 4, 16, 0, tzinfo=OSLO_TZ)
    # Opened Wednesday 16 April 2025 (Easter): Thu 17 (skjærtorsdag), Fri 18 (langfredag) and
    # Mon 21 (2. påskedag) are holidays, the weekend too: Tue 22, Wed 23, Thu 24.
    easter = datetime(2025, 4, 16, 9, 0, tzinfo=OSLO_TZ)
    assert closing_time(rule, easter) == datetime(2025, 4, 24, 16, 0, tzinfo=OSLO_TZ)
    assert closing_time(DecisionRule(), OPENED) is None


def test_the_reminder_is_due_a_day_before_closing_and_not_after() -> None:
    vote = a_vote(rule=DecisionRule(voting_days=1, closing_time="16:00"))
    assert vote.closes_at == datetime(2025, 4, 2, 16, 0, tzinfo=OSLO_TZ)
    closes = vote.closes_at

    assert not vote.reminder_due(closes - timedelta(days=1, minutes=1))
    assert vote.reminder_due(closes - timedelta(days=1))
    assert not vote.reminder_due(closes) and vote.deadline_passed(closes)
    assert not vote.deadline_passed(closes - timedelta(seconds=1))


def test_the_chair_moves_the_deadline_within_limits() -> None:
    vote = a_vote()
    moved = vote.move_deadline(date(2025, 4, 7), "09:30", now=LATER)
    assert moved == vote.closes_at == datetime(2025, 4, 7, 9, 30, tzinfo=OSLO_TZ)

    for on, at, code in [
        (date(2025, 4, 1), "13:00", "vote.closing_time_past"),  # 13:00 Oslo is 11:00 UTC
        (date(2025, 6, 30), "16:00", "vote.closing_time_too_late"),
        (date(2025, 4, 7), "25:00", "vote.bad_closing_time"),
        (date(2025, 4, 7), "kl 16", "vote.bad_closing_time"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            vote.move_deadline(on, at, now=LATER)
        assert refused.value.code == code
    assert vote.closes_at == moved


def test_a_ballot_keeps_its_reason_and_a_change_replaces_it() -> None:
    vote = a_vote()
    vote.cast("molde", Choice.MOT, by="best-molde", at=LATER, reason="  Dyrt for Molde. ")
    assert vote.ballot_of("molde").reason == "Dyrt for Molde."  # type: ignore[union-attr]
    vote.cast("molde", Choice.FOR, by="best-molde", at=LATER)
    assert vote.ballot_of("molde").reason == ""  # type: ignore[union-attr]

    with pytest.raises(InvalidInput) as refused:
        vote.cast("aukra", Choice.MOT, by="best-aukra", at=LATER, reason="x" * 2001)
    assert refused.value.code == "vote.reason_too_long"
    with pytest.raises(InvalidInput):
        vote.cast("aukra", Choice.MOT, by="best-aukra", at=LATER, reason="nei\x00")
    assert vote.ballot_of("aukra") is None


def test_fractional_weights_survive_the_copy_exactly() -> None:
    vote = a_vote({"aukra": Decimal("1.25"), "molde": Decimal("0.1")})

    assert vote.weight_of("aukra") == Decimal("1.25")
    assert vote.weight_of("molde") == Decimal("0.1")


# --- casting ------------------------------------------------------------------------------------


def test_first_ballot_returns_no_previous_choice() -> None:
    vote = a_vote()

    previous, ballot = vote.cast("molde", Choice.FOR, by="molde-bestiller", at=LATER)

    assert previous is None
    assert (ballot.municipality, ballot.choice, ballot.cast_by, ballot.cast_at) == (
        "molde",
        Choice.FOR,
        "molde-bestiller",
        LATER,
    )
    assert vote.ballots == [ballot]
    assert vote.ballot_of("molde") is ballot


def test_one_ballot_per_municipality_and_the_last_change_wins() -> None:
    vote = a_vote()
    vote.cast("molde", Choice.FOR, by="molde-bestiller", at=LATER)

    previous, ballot = vote.cast(
        "molde", Choice.MOT, by="molde-vara", at=LATER + timedelta(minutes=1)
    )

    assert previous is Choice.FOR
    assert len(vote.ballots) == 1
    assert (ballot.choice, ballot.cast_by, ballot.cast_at) == (
        Choice.MOT,
        "molde-vara",
        LATER + timedelta(minutes=1),
    )
    assert vote.current_tally().against_count == 1
    assert vote.current_tally().for_count == 0


def test_casting_the_same_choice_again_returns_it_as_previous() -> None:
    vote = a_vote()
    vote.cast("rauma", Choice.AVSTAR, by="rauma-bestiller", at=LATER)

    previous, _ = vote.cast("rauma", Choice.AVSTAR, by="rauma-bestiller", at=LATER)

    assert previous is Choice.AVSTAR
    assert len(vote.ballots) == 1


def test_ballots_of_different_municipalities_are_kept_apart() -> None:
    vote = a_vote()
    vote.cast("molde", Choice.FOR, by="molde-bestiller", at=LATER)
    vote.cast("aukra", Choice.MOT, by="aukra-bestiller", at=LATER)

    assert [b.municipality for b in vote.ballots] == ["molde", "aukra"]
    assert vote.ballot_of("rauma") is None


def test_a_member_of_no_municipality_cannot_cast() -> None:
    vote = a_vote()

    with pytest.raises(Forbidden) as refused:
        vote.cast(None, Choice.FOR, by="ror-ikt-bestiller", at=LATER)

    assert refused.value.code == "vote.no_municipality"
    assert vote.ballots == []


def test_a_municipality_without_a_vote_in_the_matter_cannot_cast() -> None:
    vote = a_vote()

    with pytest.raises(Forbidden) as refused:
        vote.cast("hustadvika", Choice.FOR, by="hustadvika-bestiller", at=LATER)

    assert refused.value.code == "vote.municipality_not_eligible"
    assert refused.value.params == {"municipality": "hustadvika"}
    assert vote.ballots == []


def test_municipality_ids_are_matched_exactly() -> None:
    vote = a_vote()

    with pytest.raises(Forbidden) as refused:
        vote.cast("Molde", Choice.FOR, by="molde-bestiller", at=LATER)

    assert refused.value.code == "vote.municipality_not_eligible"


# --- closing ------------------------------------------------------------------------------------


def test_close_returns_the_tally_and_stores_the_outcome() -> None:
    vote = a_vote()
    for municipality in ("aukra", "molde", "rauma"):
        vote.cast(municipality, Choice.FOR, by=f"{municipality}-bestiller", at=LATER)

    result = vote.close(by=CHAIR, at=CLOSED)

    assert result.outcome is Outcome.RECOMMENDED
    assert (result.for_count, result.for_weight, result.missing) == (3, Decimal(3), ("vestnes",))
    assert (vote.outcome, vote.closed_by, vote.closed_at) == (Outcome.RECOMMENDED, CHAIR, CLOSED)
    assert not vote.is_open


def test_close_uses_the_copied_rule_and_weights() -> None:
    weights = {**equal_weights(), "molde": Decimal(3)}
    rule = DecisionRule(RuleKind.WEIGHTED_MAJORITY)
    vote = a_vote(weights, rule)
    vote.cast("molde", Choice.FOR, by="molde-bestiller", at=LATER)
    for municipality in ("aukra", "rauma", "vestnes"):
        vote.cast(municipality, Choice.MOT, by=f"{municipality}-bestiller", at=LATER)
    weights["molde"] = Decimal(1)

    result = vote.close(by=CHAIR, at=CLOSED)

    assert result.for_weight == result.against_weight == Decimal(3)
    assert result.outcome is Outcome.NOT_RECOMMENDED  # a tie, and the rule names no board


def test_one_mot_under_consensus_escalates() -> None:
    vote = a_vote()
    for municipality in ("aukra", "molde", "rauma"):
        vote.cast(municipality, Choice.FOR, by=f"{municipality}-bestiller", at=LATER)
    vote.cast("vestnes", Choice.MOT, by="vestnes-bestiller", at=LATER)

    assert vote.close(by=CHAIR, at=CLOSED).outcome is Outcome.ESCALATED


def test_closing_without_enough_ballots_gives_no_quorum() -> None:
    vote = a_vote()
    vote.cast("aukra", Choice.FOR, by="aukra-bestiller", at=LATER)

    assert vote.close(by=CHAIR, at=CLOSED).outcome is Outcome.NO_QUORUM
    assert vote.outcome is Outcome.NO_QUORUM


def test_a_closed_vote_refuses_casts() -> None:
    vote = a_vote()
    vote.cast("aukra", Choice.FOR, by="aukra-bestiller", at=LATER)
    vote.close(by=CHAIR, at=CLOSED)

    with pytest.raises(InvalidTransition) as refused:
        vote.cast("aukra", Choice.MOT, by="aukra-bestiller", at=CLOSED + timedelta(seconds=1))

    assert refused.value.code == "vote.closed"
    ballot = vote.ballot_of("aukra")
    assert ballot is not None and ballot.choice is Choice.FOR


def test_a_closed_vote_refuses_casts_before_checking_the_member() -> None:
    vote = a_vote()
    vote.close(by=CHAIR, at=CLOSED)

    with pytest.raises(InvalidTransition) as refused:
        vote.cast(None, Choice.FOR, by="ror-ikt-bestiller", at=CLOSED)

    assert refused.value.code == "vote.closed"


def test_a_vote_cannot_be_closed_twice() -> None:
    vote = a_vote()
    vote.close(by=CHAIR, at=CLOSED)

    with pytest.raises(InvalidTransition) as refused:
        vote.close(by="someone-else", at=CLOSED + timedelta(days=1))

    assert refused.value.code == "vote.closed"
    assert (vote.closed_by, vote.closed_at, vote.outcome) == (CHAIR, CLOSED, Outcome.NO_QUORUM)


def test_closed_message_names_the_vote() -> None:
    vote = a_vote()
    vote.id = 42
    vote.close(by=CHAIR, at=CLOSED)

    with pytest.raises(InvalidTransition) as refused:
        vote.close(by=CHAIR, at=CLOSED)

    assert "#42" in translate_error(refused.value, "en")


@pytest.mark.parametrize(
    ("outcome", "action", "target"),
    [
        (Outcome.RECOMMENDED, Action.RECOMMEND, ProposalState.RECOMMENDED),
        (Outcome.NOT_RECOMMENDED, Action.NOT_RECOMMEND, ProposalState.NOT_RECOMMENDED),
        (Outcome.ESCALATED, Action.ESCALATE, ProposalState.ESCALATED),
        (Outcome.NO_QUORUM, Action.NO_QUORUM, ProposalState.READY),
    ],
    ids=str,
)
def test_every_outcome_is_recorded_by_a_vote_step_on_the_proposal(
    outcome: Outcome, action: Action, target: ProposalState
) -> None:
    step = TRANSITIONS[Action(outcome_action_name(outcome))]

    assert outcome_action_name(outcome) == action.value
    assert (step.sources, step.target, step.capacity) == (
        frozenset({ProposalState.VOTING}),
        target,
        Capacity.VOTE,
    )
