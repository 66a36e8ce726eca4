"""The message catalogues: every N_("...") msgid in the source is translated into bokmål, nynorsk
and English, with the same placeholders; bokmål is the default.

When a test here fails after you added or changed a message, run ``scripts/i18n-update`` and
translate the new entries in ``governance/locale/{nb,nn}/LC_MESSAGES/samstyre.po``.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from governance.i18n import (
    DEFAULT_LOCALE,
    DOMAIN,
    LOCALE_DIR,
    LOCALES,
    N_,
    Msg,
    normalise_locale,
    translate,
)

ROOT = Path(__file__).resolve().parents[2]
MAPPING = LOCALE_DIR / "babel.cfg"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {"N_": None}  # as `pybabel extract -k N_ --no-default-keywords`
FIX = "run scripts/i18n-update, then translate the new entries"


@cache
def source_msgids() -> dict[str, list[str]]:
    """Every msgid marked with N_ in the files babel.cfg names, with where it occurs."""
    with MAPPING.open(encoding="utf-8") as cfg:
        # babel ships py.typed but leaves parse_mapping_cfg unannotated
        method_map, options_map = parse_mapping_cfg(cfg, str(MAPPING))  # type: ignore[no-untyped-call]
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        assert isinstance(message, str), f"{filename}:{lineno}: N_ takes one literal string"
        found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


@cache
def catalogue(locale: str) -> Catalog:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    assert path.exists(), f"{path} is missing: {FIX}"
    with path.open("rb") as po_file:
        return read_po(po_file, locale=locale, domain=DOMAIN)


def messages(locale: str) -> list[Message]:
    return [message for message in catalogue(locale) if message.id]


def fields(text: str) -> Counter[str]:
    """The {named} placeholders of a python-brace format string."""
    return Counter(name for _, name, _, _ in Formatter().parse(text) if name is not None)


def test_the_source_has_messages_to_extract() -> None:
    msgids = source_msgids()
    assert len(msgids) > 50
    assert "Only the chair of the committee (daglig leder) may do this." in msgids
    assert any(place.startswith("exports/") for places in msgids.values() for place in places)


def test_the_template_lists_every_message_of_the_source() -> None:
    with TEMPLATE.open("rb") as pot_file:
        template = read_po(pot_file)
    missing = sorted(set(source_msgids()) - {m.id for m in template if m.id})
    assert not missing, f"{TEMPLATE.name} lacks {missing}: {FIX}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_of_the_source_is_in_the_catalogue(locale: str) -> None:
    known = {message.id for message in messages(locale)}
    missing = {msgid: places for msgid, places in source_msgids().items() if msgid not in known}
    assert not missing, f"{len(missing)} msgid(s) missing from {locale}: {missing}; {FIX}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated_and_not_fuzzy(locale: str) -> None:
    untranslated = [m.id for m in messages(locale) if not m.string or not str(m.string).strip()]
    fuzzy = [m.id for m in messages(locale) if m.fuzzy]
    assert not untranslated, f"untranslated in {locale}: {untranslated}"
    assert not fuzzy, f"fuzzy in {locale}: {fuzzy}"


def test_the_english_catalogue_repeats_the_source() -> None:
    differing = [m.id for m in messages("en") if m.string != m.id]
    assert not differing


QUOTES = {"nb": ("«", "»"), "nn": ("«", "»"), "en": ("“", "”")}  # Norwegian «…», English “…”


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_and_quotes_are_kept(locale: str) -> None:
    wrong = []
    for message in messages(locale):
        msgid, msgstr = str(message.id), str(message.string)
        try:
            same_fields = fields(msgstr) == fields(msgid)
        except ValueError as error:  # an unbalanced brace
            wrong.append(f"{msgid!r}: {error}")
            continue
        opening, closing = QUOTES[locale]
        same_quotes = (msgstr.count(opening), msgstr.count(closing)) == (
            msgid.count("“"),
            msgid.count("”"),
        )
        foreign = locale != "en" and any(q in msgstr for q in "“”")
        if not (same_fields and same_quotes) or foreign:
            wrong.append(f"{msgid!r} -> {msgstr!r}")
    assert not wrong, f"{locale}: " + "\n".join(wrong)


def is_sentence(msgid: str) -> bool:
    """Whether ``msgid`` has several words outside its placeholders (a single word such as
    "open" may well be spelt the same in nynorsk)."""
    words = [word for text, *_ in Formatter().parse(msgid) for word in text.split()]
    return sum(len(word) > 2 for word in words) >= 2


@pytest.mark.parametrize("locale", ("nb", "nn"))
def test_norwegian_catalogues_translate_rather_than_copy(locale: str) -> None:
    copied = [m.id for m in messages(locale) if m.string == m.id and is_sentence(str(m.id))]
    assert not copied, f"{locale} repeats the English text of {copied}"


SAMPLES = [
    N_("Only the chair of the committee (daglig leder) may do this."),
    N_("escalated to the board"),
    N_("The committee did not reach agreement."),
    N_("You do not represent a municipality, so you cannot cast a ballot."),
    N_("The minutes are already approved."),
]


@pytest.mark.parametrize("msgid", SAMPLES)
def test_bokmal_and_nynorsk_differ(msgid: str) -> None:
    nb, nn, en = (translate(msgid, locale) for locale in ("nb", "nn", "en"))
    assert nb != nn
    assert nb != msgid
    assert en == msgid


def test_known_wordings() -> None:
    chair_only = N_("Only the chair of the committee (daglig leder) may do this.")
    assert translate(chair_only, "nb") == (
        "Bare lederen av bestillerutvalget (daglig leder) kan gjøre dette."
    )
    assert translate(N_("escalated to the board"), "nb") == "løftet til styret"
    assert translate(N_("escalated to the board"), "nn") == "løfta til styret"
    assert translate(N_("recommended"), "nb") == "anbefalt"


def test_parameters_that_are_msgids_are_translated_too() -> None:
    text = translate(
        N_("Proposal {number} is {state}, so it cannot {action}."),
        "nb",
        number="#7",
        state=Msg("withdrawn"),
        action=Msg("submit"),
    )
    assert text == "Forslag #7 er trukket tilbake, så det er ikke mulig å sende inn."
    text = translate(
        N_("Proposal {number} is {state}, so it cannot {action}."),
        "nn",
        number="#7",
        state=Msg("withdrawn"),
        action=Msg("submit"),
    )
    assert text == "Forslag #7 er trekt tilbake, så det er ikkje mogleg å sende inn."


@pytest.mark.parametrize("locale", [None, "", "de", "sv-SE", "xx_YY"])
def test_bokmal_is_the_default(locale: str | None) -> None:
    msgid = N_("The committee did not reach agreement.")
    assert DEFAULT_LOCALE == "nb"
    assert translate(msgid, locale) == translate(msgid, "nb")


def test_an_unknown_msgid_is_shown_as_it_is() -> None:
    assert translate("Not a catalogued message {x}.", "nn", x=1) == "Not a catalogued message 1."


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("nb-NO", "nb"),
        ("nb_NO", "nb"),
        ("NB", "nb"),
        ("nn_NO", "nn"),
        ("nn-NO", "nn"),
        ("no", "nb"),
        ("no-NO", "nb"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("en", "en"),
        ("de-DE", "nb"),
        ("", "nb"),
        (None, "nb"),
    ],
)
def test_normalise_locale(given: str | None, expected: str) -> None:
    assert normalise_locale(given) == expected
