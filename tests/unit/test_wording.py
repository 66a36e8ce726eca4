"""Words that read right in bokmål and nynorsk (issue 13): Norwegian quotes «…», a count that
agrees with its noun ("1 åpen", "2 åpne"), one term for a proposal and for the agenda in
nynorsk, and none of the phrases a Norwegian editor struck out."""

from __future__ import annotations

from datetime import date

import pytest
from babel.messages.pofile import read_po

from cards.lists import task_list
from governance.config import load_mandate
from governance.domain.annual_cycle import OccurrenceState, occurrences_for_year
from governance.i18n import DOMAIN, LOCALE_DIR
from tests.cards.walk import all_text

STRUCK_OUT = {
    "nb": ["punktet kontrollerer", "sin rangering", "runden lukkes", "forfalt siden"],
    "nn": [
        "punktet kontrollerer",
        "gjorde.",
        "framlegg",
        "sakliste",
        "saklista",
        "vedtaksført",
        "medlemer ",
        "stemmevekt",
        "Grunngjeving",
        "forfalle",
    ],
}


def msgstrs(locale: str) -> list[str]:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po_file:
        return [str(m.string) for m in read_po(po_file, locale=locale) if m.id]


@pytest.mark.parametrize("locale", ["nb", "nn"])
def test_norwegian_quotes_are_used(locale: str) -> None:
    texts = msgstrs(locale)
    assert not [text for text in texts if "“" in text or "”" in text]
    assert sum("«" in text for text in texts) >= 30


@pytest.mark.parametrize("locale", ["nb", "nn"])
def test_the_struck_out_phrases_are_gone(locale: str) -> None:
    found = {
        phrase: text
        for text in msgstrs(locale)
        for phrase in STRUCK_OUT[locale]
        if phrase.casefold() in text.casefold()
    }
    assert found == {}


@pytest.mark.parametrize(
    ("locale", "open_count", "expected"),
    [
        ("nb", 1, "1 åpen, 0 utført."),
        ("nb", 2, "2 åpne, 0 utført."),
        ("nn", 1, "1 open, 0 utført."),
        ("nn", 2, "2 opne, 0 utført."),
        ("en", 1, "1 open, 0 done."),
        ("en", 2, "2 open, 0 done."),
    ],
)
def test_the_count_of_open_tasks_agrees_with_its_word(
    locale: str, open_count: int, expected: str
) -> None:
    mandate = load_mandate(LOCALE_DIR.parents[1] / "config" / "ror-ikt.yaml")
    today = date(2027, 1, 4)
    year = occurrences_for_year(mandate.annual_tasks, 2027)
    tasks = [t for t in year if t.state(today) is not OccurrenceState.DONE]
    assert len(tasks) >= 2
    card = task_list(tasks[:open_count], mandate, locale, today=today)
    assert expected in all_text(card)
