"""Free text is printable: what is removed at the boundary and refused in the core."""

from __future__ import annotations

import pytest

from governance.domain.errors import InvalidInput
from governance.domain.text import clean_text, is_clean, require_clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Felles\x01 portal", "Felles portal"),
        ("NUL\x00 inni", "NUL inni"),
        ("unit\x1fseparator", "unitseparator"),
        ("DEL\x7f og C1\x85", "DEL og C1"),  # invisible, though XML would take them
        ("ensom \ud800 surrogat", "ensom  surrogat"),
        ("ikke\ufffe tegn\uffff", "ikke tegn"),
        ("linje 1\r\nlinje 2\rlinje 3", "linje 1\nlinje 2\nlinje 3"),
        ("tab\tog\nlinjeskift", "tab\tog\nlinjeskift"),
        ("Rødven, Ålesund og Ærøy", "Rødven, Ålesund og Ærøy"),
        ("Digitalt 🚀 løft – «nytt» — ok", "Digitalt 🚀 løft – «nytt» — ok"),
    ],
)
def test_invisible_characters_are_removed_and_the_rest_kept(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert is_clean(clean)
    assert is_clean(raw) is (raw == clean)


@pytest.mark.parametrize("raw", ["a\x01b", "a\x00b", "a\ud800b", "a\rb", "a\ufffeb"])
def test_the_core_refuses_text_that_still_holds_them(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        require_clean_text(raw, "Tittel")
    assert refused.value.code == "text.invisible_characters"


def test_clean_text_passes_the_core() -> None:
    assert require_clean_text("Ny tittel\nmed to linjer", "Tittel") == "Ny tittel\nmed to linjer"
