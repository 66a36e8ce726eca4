"""Reading what a card sends back, strictly: only the keys that verb's card can send, ids that are
positive integers, nothing else. Tampered or malformed data is refused with a clear message and
before any use case runs; who acts (and for which municipality) is never read from here."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from governance import verbs
from governance.domain.errors import InvalidInput
from governance.domain.text import clean_text
from governance.i18n import N_
from governance.services.commands import ProposalInput

FORM_FIELDS = frozenset(
    {
        "title",
        "description",
        "kind",
        "catalogue_service",
        "municipalities",
        "cost_one_off",
        "cost_yearly",
        "benefit_potential",
        "benefit_measurement",
        "legal_basis",
        "user_perspective",
        "org_change",
        "strategy_goals",
        "owner_group",
    }
)
DECISION_INPUTS = (verbs.DECISION_VERDICT, verbs.DECISION_REASON, verbs.DECISION_MEETING)
# Every input of the meeting card comes along with each of its buttons.
MEETING_INPUTS = frozenset(
    {"meeting_id", verbs.ITEM_KIND, verbs.ITEM_TITLE, verbs.ITEM_NOTE, "proposal_id"}
)
MEETING_VERBS = (
    verbs.MEETING_SHOW,
    verbs.MEETING_PROPOSE,
    verbs.MEETING_ANSWER,
    verbs.MEETING_OPEN,
    verbs.MEETING_ATTENDANCE,
    verbs.MEETING_NEXT,
    verbs.MEETING_VOTE,
    verbs.MEETING_CLOSE,
    verbs.MEETING_NOTES,
    verbs.MEETING_CONFIRM,
)
# Every input of the project card comes along with each of its buttons.
PROJECT_INPUTS = frozenset(
    {
        "proposal_id",
        verbs.PROJECT_SCOPE,
        verbs.PROJECT_BUDGET,
        verbs.PROJECT_OWNER,
        verbs.PROJECT_LEADER,
        verbs.PROJECT_MEMBERS,
        verbs.PROJECT_STATUS_INPUT,
        verbs.PROJECT_COMMENT,
        verbs.BENEFIT_TEXT,
        verbs.BENEFIT_VALUE,
        verbs.BENEFIT_UNIT,
        verbs.MEASURE_ON,
        verbs.MEASURE_NOTE,
    }
)
PROJECT_VERBS = (
    verbs.PROJECT_SHOW,
    verbs.PROJECT_START,
    verbs.PROJECT_STATUS,
    verbs.PROJECT_DELIVER,
    verbs.BENEFIT_PLAN,
)
_PROJECT_PATTERN = re.compile(r"measure_[0-9]{1,9}")
_MEETING_PATTERN = re.compile(r"(present_[A-Za-z0-9_.@-]{1,100}|note_[0-9]{1,9})")
# The vote card's inputs: the reason beside the ballot, the chair's new deadline.
_VOTE_INPUTS = (verbs.BALLOT_REASON, verbs.CLOSES_ON, verbs.CLOSES_AT_TIME)
# Keys each verb's card may send (besides "verb", which the Action.Submit fallback adds).
ALLOWED: dict[str, frozenset[str]] = {
    verbs.PROPOSAL_SAVE: FORM_FIELDS | {"proposal_id", "submit"},
    verbs.PROPOSAL_SHOW: frozenset({"proposal_id", verbs.FULL_TEXT}),
    verbs.PROPOSAL_EDIT: frozenset({"proposal_id"}),
    verbs.PROPOSAL_STEP: frozenset({"proposal_id", "step", "qa_comment", "comment"}),
    verbs.PROPOSAL_ATTACH: frozenset(
        {"proposal_id", verbs.ATTACHMENT_TITLE, verbs.ATTACHMENT_URL, verbs.STEP_COMMENT}
    ),
    verbs.PROPOSAL_DETACH: frozenset({"proposal_id", "attachment_id", verbs.STEP_COMMENT}),
    verbs.QA_SAVE: frozenset({"proposal_id", "qa_comment"}),
    verbs.BALLOT_CAST: frozenset({"vote_id", "choice", *_VOTE_INPUTS, verbs.WITHOUT_REASON}),
    verbs.VOTE_REFRESH: frozenset({"vote_id"}),
    verbs.VOTE_CLOSE: frozenset({"vote_id", *_VOTE_INPUTS}),
    verbs.VOTE_DEADLINE: frozenset({"vote_id", *_VOTE_INPUTS}),
    verbs.RANKING_SUBMIT: frozenset({"round_id"}),
    verbs.RANKING_OPEN: frozenset(),
    verbs.RANKING_CLOSE: frozenset({"round_id"}),
    verbs.RANKING_OVERRIDE: frozenset({"round_id", verbs.OVERRIDE_REASON}),
    verbs.REPORT_SAVE: frozenset({"kind", "report_title", "report_text", "proposal_number"}),
    verbs.TASK_DONE: frozenset({"occurrence_id", "card"}),
    verbs.TASK_POSTPONE: frozenset({"occurrence_id", "card", "postpone_to"}),
    verbs.ELECTION_VOTE: frozenset({"election_id", "election_candidate"}),
    verbs.ELECTION_CLOSE: frozenset({"election_id", "election_candidate"}),
    verbs.DECISION_OPEN: frozenset({"proposal_id", *DECISION_INPUTS}),
    verbs.DECISION_SAVE: frozenset({"proposal_id", *DECISION_INPUTS}),
    **{verb: MEETING_INPUTS for verb in MEETING_VERBS},
    verbs.MEETING_ANSWER: MEETING_INPUTS | {"item_id", "accept"},
    **{verb: PROJECT_INPUTS for verb in PROJECT_VERBS},
    verbs.BENEFIT_MEASURE: PROJECT_INPUTS | {"followup_id"},
}
# Input ids with a variable part: needs per municipality, QA items, rank positions.
PATTERNS: dict[str, re.Pattern[str]] = {
    verbs.PROPOSAL_SAVE: re.compile(r"need_[a-z0-9_-]{1,60}"),
    verbs.PROPOSAL_STEP: re.compile(r"qa_[a-z_]{1,60}"),
    verbs.QA_SAVE: re.compile(r"qa_[a-z_]{1,60}"),
    verbs.RANKING_SUBMIT: re.compile(r"rank_[0-9]{1,9}"),
    verbs.RANKING_OPEN: re.compile(r"include_[0-9]{1,9}"),
    verbs.RANKING_CLOSE: re.compile(r"rank_[0-9]{1,9}"),
    verbs.RANKING_OVERRIDE: re.compile(r"place_[0-9]{1,9}"),
    **{verb: _MEETING_PATTERN for verb in MEETING_VERBS},
    **{verb: _PROJECT_PATTERN for verb in (*PROJECT_VERBS, verbs.BENEFIT_MEASURE)},
}
MAX_TEXT = 8000

TAMPERED = N_(
    "The card sent data it cannot send, so nothing was done. Open the card again "
    "from the chat and try once more."
)


def tampered(reason: str) -> InvalidInput:
    return InvalidInput("card.tampered", TAMPERED, reason=reason)


def checked(verb: str, data: Any) -> dict[str, Any]:
    """The card data of ``verb`` if every key is one its card sends; otherwise ``card.tampered``."""
    if verb not in ALLOWED:
        raise InvalidInput(
            "card.unknown_action", N_("This button is not one of Samstyre's, so nothing was done.")
        )
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise tampered("data is not an object")
    pattern = PATTERNS.get(verb)
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key == "verb":
            if value != verb:
                raise tampered("verb differs")
            continue
        if key not in ALLOWED[verb] and not (pattern and pattern.fullmatch(str(key))):
            raise tampered(f"unexpected key {key!r}")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise InvalidInput(
                "card.too_long", N_("A field is longer than {limit} characters."), limit=MAX_TEXT
            )
        clean[str(key)] = value
    return clean


MAX_ID = 2**31 - 1  # ids are 32-bit in the store
_ID_TEXT = re.compile(r"[0-9]{1,10}")  # ASCII digits only: str.isdigit() accepts '²'


def id_of(data: Mapping[str, Any], key: str) -> int:
    """A positive integer id up to ``MAX_ID``; bools, floats, texts with other characters (or
    other digits than 0-9) are refused."""
    value = data.get(key)
    if isinstance(value, bool) or value is None:
        raise tampered(f"{key} missing")
    if isinstance(value, int) and 0 < value <= MAX_ID:
        return value
    if isinstance(value, str) and _ID_TEXT.fullmatch(value) and 0 < int(value) <= MAX_ID:
        return int(value)
    raise tampered(f"{key} is not an id")


def number_in(text: str) -> int | None:
    """A whole number from 1 to ``MAX_ID`` written with ASCII digits, else None."""
    if _ID_TEXT.fullmatch(text) and 0 < int(text) <= MAX_ID:
        return int(text)
    return None


def text_of(data: Mapping[str, Any], key: str) -> str:
    """What was typed, without the invisible control characters that come along when text is
    pasted (``governance.domain.text``)."""
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise tampered(f"{key} is not text")
    return clean_text(str(value)).strip()


def flag_of(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key, False)
    return value is True or (isinstance(value, str) and value.lower() == "true")


def values_of(data: Mapping[str, Any]) -> dict[str, str]:
    """What the user typed into a form, to show it again after a refusal."""
    return {k: text_of(data, k) for k in data if k in FORM_FIELDS or k.startswith("need_")}


def meeting_values(data: Mapping[str, Any]) -> dict[str, str]:
    """What was entered on the meeting card, to show it again after a refusal."""
    return {
        k: text_of(data, k)
        for k in data
        if k in (verbs.ITEM_KIND, verbs.ITEM_TITLE, verbs.ITEM_NOTE)
        or k.startswith((verbs.PRESENT_PREFIX, verbs.NOTE_PREFIX))
    }


def proposal_input(data: Mapping[str, Any]) -> ProposalInput:
    """The proposal form's inputs (``verbs.PROPOSAL_SAVE``), as the use cases take them."""
    split = [s.strip() for s in text_of(data, "municipalities").split(",") if s.strip()]
    goals = [s.strip() for s in text_of(data, "strategy_goals").split(",") if s.strip()]
    needs = {k.removeprefix("need_"): text_of(data, k) for k in data if k.startswith("need_")}
    return ProposalInput(
        title=text_of(data, "title"),
        description=text_of(data, "description"),
        kind=text_of(data, "kind") or "new_service",
        catalogue_service=text_of(data, "catalogue_service") or None,
        municipalities=split,
        needs={k: v for k, v in needs.items() if v},
        cost_one_off=text_of(data, "cost_one_off"),
        cost_yearly=text_of(data, "cost_yearly"),
        benefit_potential=text_of(data, "benefit_potential"),
        benefit_measurement=text_of(data, "benefit_measurement"),
        legal_basis=text_of(data, "legal_basis"),
        user_perspective=text_of(data, "user_perspective"),
        org_change=text_of(data, "org_change"),
        strategy_goals=goals,
        owner_group=text_of(data, "owner_group") or None,
    )


def project_values(data: Mapping[str, Any]) -> dict[str, str]:
    """What was entered on the project card, to show it again after a refusal."""
    return {
        k: text_of(data, k)
        for k in data
        if (k in PROJECT_INPUTS and k != "proposal_id") or k.startswith(verbs.MEASURE_PREFIX)
    }
