"""What every card must be, whatever its family: schema 1.5 JSON without nulls, camelCase, and
buttons that keep the verb contract of ``governance.verbs`` (Action.Execute with an Action.Submit
fallback carrying the same data plus the verb; ids as ints)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cards import attachment
from governance import verbs
from governance.domain.organisation import Mandate
from governance.i18n import LOCALES
from tests.cards.samples import every_card, worst_cards
from tests.cards.walk import buttons, has_null, keys

CAMEL = re.compile(r"^(\$schema|[a-z][a-zA-Z0-9]*)$")


def all_cards(mandate: Mandate) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for locale in LOCALES:
        found += [(f"{name}-{locale}", card) for name, card in every_card(mandate, locale).items()]
    found += [(f"worst-{name}", card) for name, card in worst_cards(mandate, "nb").items()]
    return found


def test_the_verbs_are_the_ones_the_bot_parses() -> None:
    assert verbs.ALL_VERBS == (
        "proposal.save",
        "proposal.show",
        "proposal.edit",
        "proposal.step",
        "proposal.attach",
        "proposal.detach",
        "qa.save",
        "ballot.cast",
        "vote.refresh",
        "vote.close",
        "vote.deadline",
        "ranking.submit",
        "ranking.open",
        "ranking.close",
        "ranking.override",
        "report.save",
        "task.done",
        "task.postpone",
        "election.vote",
        "election.close",
        "decision.open",
        "decision.save",
        "meeting.show",
        "meeting.propose",
        "meeting.answer",
        "meeting.open",
        "meeting.attendance",
        "meeting.next",
        "meeting.vote",
        "meeting.close",
        "meeting.notes",
        "meeting.confirm",
        "project.show",
        "project.start",
        "project.status",
        "project.deliver",
        "benefit.plan",
        "benefit.measure",
    )


def test_every_card_is_plain_schema_1_5_json(ror_mandate: Mandate) -> None:
    for name, card in all_cards(ror_mandate):
        assert card["type"] == "AdaptiveCard", name
        assert card["version"] == "1.5", name
        assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json", name
        assert "schema" not in card, name
        assert card["body"], name
        assert not has_null(card), name
        odd = sorted({key for key in keys(card) if not CAMEL.match(key)})
        assert not odd, f"{name}: keys not in camelCase: {odd}"


def test_every_button_is_execute_with_a_submit_fallback(ror_mandate: Mandate) -> None:
    seen: set[str] = set()
    for name, card in all_cards(ror_mandate):
        for button in buttons(card):
            assert button["type"] == "Action.Execute", name
            assert button["verb"] in verbs.ALL_VERBS, name
            assert button["title"].strip(), name
            assert button["fallback"] == {
                "type": "Action.Submit",
                "title": button["title"],
                "data": {**button["data"], "verb": button["verb"]},
                **({"style": button["style"]} if "style" in button else {}),
            }, name
            ids = {k: v for k, v in button["data"].items() if k.endswith("_id")}
            assert all(type(v) is int for v in ids.values()), f"{name}: {ids}"
            seen.add(button["verb"])
    assert seen == set(verbs.ALL_VERBS)


# Keys some buttons of a verb add (always the flag true): the full proposal card.
OPTIONAL_KEYS = {verbs.PROPOSAL_SHOW: {verbs.FULL_TEXT}}


@pytest.mark.parametrize(
    ("verb", "data_keys"),
    [
        (verbs.PROPOSAL_SHOW, {"proposal_id"}),
        (verbs.PROPOSAL_EDIT, {"proposal_id"}),
        (verbs.PROPOSAL_STEP, {"proposal_id", "step"}),
        (verbs.PROPOSAL_ATTACH, {"proposal_id"}),
        (verbs.PROPOSAL_DETACH, {"proposal_id", "attachment_id"}),
        (verbs.QA_SAVE, {"proposal_id"}),
        (verbs.BALLOT_CAST, {"vote_id", "choice"}),
        (verbs.VOTE_CLOSE, {"vote_id"}),
        (verbs.VOTE_REFRESH, {"vote_id"}),
        (verbs.RANKING_SUBMIT, {"round_id"}),
        (verbs.RANKING_OPEN, set()),
        (verbs.RANKING_CLOSE, {"round_id"}),
        (verbs.RANKING_OVERRIDE, {"round_id"}),
        (verbs.REPORT_SAVE, {"kind"}),
        (verbs.TASK_DONE, {"occurrence_id", "card"}),
        (verbs.TASK_POSTPONE, {"occurrence_id", "card"}),
        (verbs.ELECTION_VOTE, {"election_id"}),
        (verbs.ELECTION_CLOSE, {"election_id"}),
        (verbs.MEETING_SHOW, {"meeting_id"}),
        (verbs.MEETING_PROPOSE, {"meeting_id"}),
        (verbs.MEETING_ANSWER, {"meeting_id", "item_id", "accept"}),
        (verbs.MEETING_OPEN, {"meeting_id"}),
        (verbs.MEETING_ATTENDANCE, {"meeting_id"}),
        (verbs.MEETING_NEXT, {"meeting_id"}),
        (verbs.MEETING_VOTE, {"meeting_id", "proposal_id"}),
        (verbs.MEETING_CLOSE, {"meeting_id"}),
        (verbs.MEETING_NOTES, {"meeting_id"}),
        (verbs.MEETING_CONFIRM, {"meeting_id"}),
        (verbs.PROJECT_SHOW, {"proposal_id"}),
        (verbs.PROJECT_START, {"proposal_id"}),
        (verbs.PROJECT_STATUS, {"proposal_id"}),
        (verbs.PROJECT_DELIVER, {"proposal_id"}),
        (verbs.BENEFIT_PLAN, {"proposal_id"}),
        (verbs.BENEFIT_MEASURE, {"proposal_id", "followup_id"}),
    ],
)
def test_each_verb_sends_exactly_its_data(
    ror_mandate: Mandate, verb: str, data_keys: set[str]
) -> None:
    found = [b for _, card in all_cards(ror_mandate) for b in buttons(card) if b["verb"] == verb]
    assert found
    optional = OPTIONAL_KEYS.get(verb, set())
    for button in found:
        assert data_keys <= set(button["data"]) <= data_keys | optional
        assert all(button["data"][key] is True for key in optional & set(button["data"]))


def test_attachment_wraps_a_card() -> None:
    card = {"type": "AdaptiveCard", "version": "1.5", "body": []}
    assert attachment(card) == {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "content": card,
    }
