"""``forslag <status>`` takes what people type: a state's label in the reader's language (or
another), with either preposition, its beginning when that names one state, in any case and
with æ, ø and å typed as they come; a beginning that fits several states gets a "did you
mean"; anything else is refused with the list of states."""

from __future__ import annotations

import pytest

from bot.routes.commands import state_named
from governance.domain.errors import InvalidInput
from governance.domain.proposals import ProposalState
from governance.i18n import translate_error

S = ProposalState


@pytest.mark.parametrize(
    ("typed", "locale", "state"),
    [
        ("klar til saksliste", "nb", S.READY),
        ("klar for saksliste", "nb", S.READY),  # as the README wrote it
        ("Klar For Saksliste", "nb", S.READY),
        ("klar", "nb", S.READY),
        ("klar til", "nn", S.READY),
        ("ready for the agenda", "en", S.READY),
        ("ready", "en", S.READY),  # the code, and the label's beginning
        ("på sakslisten", "nb", S.ON_AGENDA),
        ("pa saksliste", "nb", S.ON_AGENDA),
        ("på sakslista", "nn", S.ON_AGENDA),
        ("under kval", "nb", S.IN_REVIEW),
        ("under gjennomforing", "nb", S.IN_PROGRESS),
        ("til avrøysting", "nn", S.VOTING),
        ("til avst", "nb", S.VOTING),
        ("avslått", "nb", S.BOARD_DECLINED),
        ("avslaatt", "nb", S.BOARD_DECLINED),
        ("løftet til styret", "nb", S.ESCALATED),
        ("loefta", "nn", S.ESCALATED),
        ("tilrådd", "nn", S.RECOMMENDED),
        ("anbefalt", "nn", S.RECOMMENDED),  # bokmål typed by a nynorsk reader
        ("ikke anbefalt", "nb", S.NOT_RECOMMENDED),
        ("anbefalt", "nb", S.RECOMMENDED),  # a whole label wins over a longer one it begins
        ("withdrawn", "nb", S.WITHDRAWN),
        ("in_review", "nn", S.IN_REVIEW),
        ("trukket", "nb", S.WITHDRAWN),
    ],
)
def test_a_state_is_found_from_what_people_type(
    typed: str, locale: str, state: ProposalState
) -> None:
    assert state_named(typed, locale) is state


@pytest.mark.parametrize(
    ("typed", "locale", "expected"),
    [
        (
            "under",
            "nb",
            "«under» passer på flere statuser. Mente du en av disse: under kvalitetssikring, "
            "under gjennomføring?",
        ),
        (
            "sendt",
            "nn",
            "«sendt» passar på fleire statusar. Meinte du ein av desse: sendt inn, "
            "sendt tilbake til omarbeiding?",
        ),
        (
            "in",
            "en",
            "“in” fits more than one state. Did you mean one of: in quality assurance, "
            "in progress?",
        ),
    ],
)
def test_a_beginning_that_fits_several_states_asks_which(
    typed: str, locale: str, expected: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        state_named(typed, locale)
    assert refused.value.code == "command.ambiguous_state"
    assert translate_error(refused.value, locale) == expected


@pytest.mark.parametrize("typed", ["halvferdig", "klar til styret", "saksliste", "til beh"])
def test_what_names_no_state_is_refused_with_the_list(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        state_named(typed, "nb")
    assert refused.value.code == "command.unknown_state"
    text = translate_error(refused.value, "nb")
    assert text.startswith(f"«{typed}» er ikke en status.")
    assert "klar til saksliste" in text and "under kvalitetssikring" in text
