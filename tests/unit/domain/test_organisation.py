"""The mandate's look-ups (members by identity, bodies, decision rules) and how domain errors
render their messages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from governance.domain.errors import DomainError, Forbidden, InvalidInput, NotFound
from governance.domain.organisation import (
    Body,
    BodyKind,
    DecisionRule,
    Mandate,
    Member,
    Municipality,
    Role,
    RuleKind,
)
from governance.i18n import Msg, normalise_locale, translate, translate_error

OBJECT_ID = "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
ROR_OBJECT_ID = "6a1b2c3d-0000-4000-8000-00000000beef"
MAJORITY = DecisionRule(RuleKind.WEIGHTED_MAJORITY, quorum_share=Decimal("0.6"))


def a_mandate() -> Mandate:
    return Mandate(
        id="ror-ikt",
        name="ROR-IKT",
        committee="bestillerutvalg",
        board="styret",
        municipalities=(
            Municipality("aukra", "Aukra", Decimal(1)),
            Municipality("molde", "Molde", Decimal(3)),
        ),
        members=(
            Member(
                "molde-bestiller",
                "Kari Nordmann",
                object_id=OBJECT_ID,
                upn="Kari.Nordmann@Molde.kommune.no",
                municipality="molde",
                roles=frozenset({Role.BESTILLER}),
            ),
            Member(
                "aukra-bestiller",
                "Ola Nordmann",
                upn="ola.nordmann@aukra.kommune.no",
                municipality="aukra",
                roles=frozenset({Role.BESTILLER}),
            ),
            Member(
                "daglig-leder",
                "Per Leder",
                object_id=ROR_OBJECT_ID,
                upn="per.leder@ror-ikt.no",
                roles=frozenset({Role.CHAIR, Role.BESTILLER}),
            ),
            Member(
                "vara-molde",
                "Vara Molde",
                upn="vara@molde.kommune.no",
                municipality="molde",
                deputy=True,
            ),
        ),
        bodies=(
            Body(
                "bestillerutvalg",
                "Bestillerutvalget",
                BodyKind.BESTILLERUTVALG,
                chair="daglig-leder",
                members=("molde-bestiller", "aukra-bestiller"),
            ),
            Body("styret", "Styret", BodyKind.STYRET, decision_rule=MAJORITY),
            Body("fag-arkiv", "Faggruppe arkiv", BodyKind.FAGGRUPPE, parent="bestillerutvalg"),
            Body("fag-helse", "Faggruppe helse", BodyKind.FAGGRUPPE, parent="bestillerutvalg"),
        ),
    )


# --- members by identity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "object_id",
    [OBJECT_ID, OBJECT_ID.lower(), OBJECT_ID.swapcase()],
    ids=["as-stored", "lower", "swapped-case"],
)
def test_member_is_found_by_object_id_whatever_the_case(object_id: str) -> None:
    assert a_mandate().member_by_identity(object_id=object_id).id == "molde-bestiller"


@pytest.mark.parametrize(
    "upn",
    [
        "ola.nordmann@aukra.kommune.no",
        "OLA.NORDMANN@AUKRA.KOMMUNE.NO",
        "Ola.Nordmann@Aukra.kommune.no",
    ],
    ids=["as-stored", "upper", "mixed"],
)
def test_member_is_found_by_upn_whatever_the_case(upn: str) -> None:
    assert a_mandate().member_by_identity(upn=upn).id == "aukra-bestiller"


def test_object_id_wins_over_upn() -> None:
    member = a_mandate().member_by_identity(
        object_id=ROR_OBJECT_ID, upn="ola.nordmann@aukra.kommune.no"
    )
    assert member.id == "daglig-leder"


def test_upn_is_used_when_the_object_id_is_not_registered() -> None:
    member = a_mandate().member_by_identity(
        object_id="00000000-0000-0000-0000-000000000000", upn="vara@molde.kommune.no"
    )
    assert member.id == "vara-molde"


@pytest.mark.parametrize(
    ("object_id", "upn"),
    [
        ("00000000-0000-0000-0000-000000000000", None),
        (None, "ukjent@molde.kommune.no"),
        ("00000000-0000-0000-0000-000000000000", "ukjent@molde.kommune.no"),
        (None, None),
        ("", ""),
    ],
    ids=["unknown-object-id", "unknown-upn", "both-unknown", "none-given", "blank"],
)
def test_an_unknown_identity_is_refused(object_id: str | None, upn: str | None) -> None:
    with pytest.raises(NotFound) as refused:
        a_mandate().member_by_identity(object_id=object_id, upn=upn)

    assert refused.value.code == "member.unknown_identity"


# --- other look-ups -----------------------------------------------------------------------------


def test_look_ups_by_id() -> None:
    mandate = a_mandate()

    assert mandate.municipality("molde").weight == Decimal(3)
    assert mandate.member("aukra-bestiller").name == "Ola Nordmann"
    assert mandate.body("fag-arkiv").parent == "bestillerutvalg"


@pytest.mark.parametrize(
    ("look_up", "code"),
    [
        ("municipality", "municipality.not_found"),
        ("member", "member.not_found"),
        ("body", "body.not_found"),
    ],
)
def test_look_ups_refuse_unknown_ids(look_up: str, code: str) -> None:
    with pytest.raises(NotFound) as refused:
        getattr(a_mandate(), look_up)("finnes-ikke")

    assert refused.value.code == code
    assert refused.value.params == {"id": "finnes-ikke"}


def test_weights_are_the_stemmevekt_of_each_municipality() -> None:
    assert a_mandate().weights() == {"aukra": Decimal(1), "molde": Decimal(3)}


def test_bodies_of_a_kind() -> None:
    faggrupper = a_mandate().bodies_of_kind(BodyKind.FAGGRUPPE)
    assert [b.id for b in faggrupper] == ["fag-arkiv", "fag-helse"]
    assert a_mandate().bodies_of_kind(BodyKind.UTVIKLINGSGRUPPE) == ()


def test_chair_of_a_body_and_chairs_of_the_cooperation() -> None:
    mandate = a_mandate()

    chair = mandate.chair_of("bestillerutvalg")
    assert chair is not None and chair.id == "daglig-leder"
    assert mandate.chair_of("styret") is None
    assert [m.id for m in mandate.chairs()] == ["daglig-leder"]


def test_member_roles() -> None:
    chair = a_mandate().member("daglig-leder")

    assert chair.has_role(Role.CHAIR)
    assert not chair.has_role(Role.BOARD_MEMBER)
    assert chair.municipality is None


# --- decision rules -----------------------------------------------------------------------------


def test_a_body_without_a_rule_decides_by_consensus_and_escalates_to_the_board() -> None:
    rule = a_mandate().rule_of("bestillerutvalg")

    assert rule == DecisionRule(
        RuleKind.CONSENSUS,
        quorum_share=Decimal("0.5"),
        majority_share=Decimal("0.5"),
        escalate_to="styret",
    )


def test_a_body_with_a_rule_keeps_its_own() -> None:
    assert a_mandate().rule_of("styret") is MAJORITY


def test_rule_of_an_unknown_body_is_refused() -> None:
    with pytest.raises(NotFound) as refused:
        a_mandate().rule_of("finnes-ikke")

    assert refused.value.code == "body.not_found"


@pytest.mark.parametrize(
    "rule",
    [
        DecisionRule(),
        DecisionRule(RuleKind.CONSENSUS, escalate_to="styret"),
        DecisionRule(RuleKind.WEIGHTED_MAJORITY, Decimal("0.75"), Decimal("0.6"), None),
        DecisionRule(RuleKind.WEIGHTED_MAJORITY, Decimal(0), Decimal("0.5"), "representantskapet"),
    ],
    ids=["default", "consensus-to-board", "qualified-majority", "zero-quorum"],
)
def test_a_decision_rule_survives_the_round_trip_through_a_dict(rule: DecisionRule) -> None:
    assert DecisionRule.from_dict(rule.as_dict()) == rule


def test_a_stored_rule_without_a_kind_reads_back_as_consensus() -> None:
    rule = DecisionRule.from_dict(
        {"kind": None, "quorum_share": "0.5", "majority_share": None, "escalate_to": "styret"}
    )

    assert rule == DecisionRule(RuleKind.CONSENSUS, escalate_to="styret")


# --- messages (DomainError.render) --------------------------------------------------------------


def test_render_in_english_fills_the_placeholders() -> None:
    error = NotFound("body.not_found", "Unknown body: {id}.", id="fag-helse")

    text = translate_error(error, "en")

    assert "fag-helse" in text
    assert "{" not in text and "}" not in text


def test_render_translates_message_parameters_too() -> None:
    error = InvalidInput(
        "proposal.unknown_reference",
        "Unknown value in {field}: {values}.",
        field=Msg("strategy_goals"),
        values="a, b",
    )

    text = translate_error(error, "en")

    assert text == translate(
        "Unknown value in {field}: {values}.",
        "en",
        field=translate("strategy_goals", "en"),
        values="a, b",
    )
    assert "a, b" in text and "{" not in text


def test_render_without_parameters_gives_the_message() -> None:
    error = NotFound(
        "member.unknown_identity", "You are not registered as a member of this cooperation."
    )

    text = translate_error(error, "en")

    assert text
    assert "{" not in text


def test_render_of_a_real_refusal_has_no_placeholders_left() -> None:
    with pytest.raises(NotFound) as refused:
        a_mandate().municipality("hustadvika")

    text = translate_error(refused.value, "en")

    assert "hustadvika" in text
    assert "{" not in text and "}" not in text


@pytest.mark.parametrize("locale", ["de", "xx-YY", "sv_SE", "", None], ids=str)
def test_an_unknown_locale_falls_back_to_the_default_without_crashing(
    locale: str | None,
) -> None:
    error = Forbidden(
        "vote.municipality_not_eligible",
        "{municipality} has no vote in this matter.",
        municipality="Hustadvika",
    )

    text = translate_error(error, locale)

    assert text == translate_error(error, "nb")
    assert "Hustadvika" in text and "{" not in text


@pytest.mark.parametrize(
    ("locale", "normalised"),
    [
        ("nb", "nb"),
        ("nb-NO", "nb"),
        ("nn_NO", "nn"),
        ("no", "nb"),
        ("NN", "nn"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("de-DE", "nb"),
        ("", "nb"),
        (None, "nb"),
    ],
    ids=str,
)
def test_locales_are_normalised(locale: str | None, normalised: str) -> None:
    assert normalise_locale(locale) == normalised


def test_a_domain_error_carries_its_code_message_and_parameters() -> None:
    error = NotFound("body.not_found", "Unknown body: {id}.", id="fag-helse")

    assert isinstance(error, DomainError)
    assert (error.code, error.message, error.params) == (
        "body.not_found",
        "Unknown body: {id}.",
        {"id": "fag-helse"},
    )
    assert str(error) == "body.not_found: Unknown body: fag-helse."
