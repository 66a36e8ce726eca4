"""The command catalogue and parser: names in bokmål, nynorsk and English, Teams markup, case and
diacritics, arguments, refusals with their usage, and "did you mean" for typos."""

from __future__ import annotations

import time
from dataclasses import dataclass
from difflib import SequenceMatcher

import pytest

from bot import command_suggest
from bot.catalogue import (
    BAD_LOCALE,
    BAD_NUMBER,
    BY_KEY,
    COMMANDS,
    MAX_COMMAND,
    MAX_MESSAGE,
    MISSING_LOCALE,
    MISSING_NUMBER,
    Arg,
    Invalid,
    Menu,
    Parsed,
    TooLong,
    Unknown,
    example,
    help_entries,
    menu,
    parse,
    usage,
)
from bot.command_text import clean, fold, fold_name
from governance.i18n import LOCALES


@dataclass(frozen=True)
class Case:
    text: str
    key: str
    number: int | None = None
    argument: str | None = None  # text of TEXT commands, language of LOCALE commands


RECOGNISED = [
    # bokmål, the canonical names
    Case("hjelp", "help"),
    Case("nytt forslag", "new_proposal"),
    Case("mine forslag", "my_proposals"),
    Case("forslag", "proposals"),
    Case("forslag til behandling", "proposals", argument="til behandling"),
    Case("sak 12", "case", 12),
    Case("kvalitetssikre 4", "review", 4),
    Case("sett på saksliste 3", "add_to_agenda", 3),
    Case("start avstemning 5", "open_vote", 5),
    Case("avslutt avstemning 5", "close_vote", 5),
    Case("prioriter", "rank"),
    Case("møter", "meetings"),
    Case("saksliste", "agenda"),
    Case("årshjul", "annual_cycle"),
    Case("systemer", "systems"),
    Case("systemer visma flyt", "systems", argument="visma flyt"),
    Case("språk nn", "language", argument="nn"),
    # nynorsk
    Case("nytt framlegg", "new_proposal"),
    Case("set på sakliste 3", "add_to_agenda", 3),
    Case("start røysting 5", "open_vote", 5),
    Case("avslutt røysting 5", "close_vote", 5),
    Case("møte", "meetings"),
    Case("sakliste", "agenda"),
    Case("system", "systems"),
    Case("mine framlegg", "my_proposals"),
    # English
    Case("help", "help"),
    Case("new proposal", "new_proposal"),
    Case("my proposals", "my_proposals"),
    Case("proposals", "proposals"),
    Case("case 7", "case", 7),
    Case("proposal 7", "case", 7),
    Case("review 4", "review", 4),
    Case("add to agenda 3", "add_to_agenda", 3),
    Case("open vote 5", "open_vote", 5),
    Case("close vote 5", "close_vote", 5),
    Case("rank", "rank"),
    Case("meetings", "meetings"),
    Case("agenda", "agenda"),
    Case("annual cycle", "annual_cycle"),
    Case("systems", "systems"),
    Case("language en", "language", argument="en"),
    # case and diacritics, typed any way
    Case("arshjul", "annual_cycle"),
    Case("Årshjul", "annual_cycle"),
    Case("AARSHJUL", "annual_cycle"),
    Case("sprak nb", "language", argument="nb"),
    Case("mote", "meetings"),
    Case("MØTER", "meetings"),
    Case("moeter", "meetings"),
    Case("sett pa saksliste 3", "add_to_agenda", 3),
    Case("Start Røysting 5", "open_vote", 5),
    # Teams markup and punctuation
    Case("<at>Samstyre</at> sak 12", "case", 12),
    Case("<at>Samstyre</at>&nbsp;hjelp", "help"),
    Case('<p><at id="0">Samstyre</at>&nbsp;start&nbsp;avstemning 8</p>', "open_vote", 8),
    Case("<div>mine   forslag</div>", "my_proposals"),
    Case("hjelp?", "help"),
    Case("/hjelp", "help"),
    Case("nytt ikt-forslag", "new_proposal"),
    # numbers written the usual ways
    Case("sak #12", "case", 12),
    Case("sak nr 12", "case", 12),
    Case("sak nr. 12", "case", 12),
    Case("sak nr.12", "case", 12),
    Case("sak 12.", "case", 12),
    Case("case no. 12", "case", 12),
    Case("start avstemning sak 7", "open_vote", 7),
    Case("start avstemning # 7", "open_vote", 7),
    # one name, two commands: the argument decides
    Case("forslag 12", "case", 12),
    Case("forslag #12", "case", 12),
    Case("forslag mottatt", "proposals", argument="mottatt"),
    # languages by name
    Case("språk nynorsk", "language", argument="nn"),
    Case("språk bokmål", "language", argument="nb"),
    Case("språk engelsk", "language", argument="en"),
    Case("language English", "language", argument="en"),
    Case("språk nn-NO", "language", argument="nn"),
    Case("språk nb_NO", "language", argument="nb"),
    Case("språk norsk bokmål", "language", argument="nb"),
    # a bare mention and greetings ask for help; trailing words of simple commands are ignored
    Case("<at>Samstyre</at>", "help"),
    Case("", "help"),
    Case("hei", "help"),
    Case("hjelp meg", "help"),
    Case("møter neste uke", "meetings"),
]


@pytest.mark.parametrize("case", RECOGNISED, ids=lambda case: case.text or "<empty>")
def test_command_is_recognised(case: Case) -> None:
    parsed = parse(case.text)
    assert isinstance(parsed, Parsed), parsed
    assert parsed.spec.key == case.key
    assert parsed.number == case.number
    assert (parsed.text or parsed.language) == case.argument


def test_longest_name_wins() -> None:
    parsed = parse("mine forslag")
    assert isinstance(parsed, Parsed)
    assert parsed.spec.key == "my_proposals"
    assert parsed.text is None


REFUSED = [
    ("sak", "case", MISSING_NUMBER, ""),
    ("sak nr", "case", MISSING_NUMBER, ""),
    ("sak abc", "case", BAD_NUMBER, "abc"),
    ("sak 0", "case", BAD_NUMBER, "0"),
    ("sak -3", "case", BAD_NUMBER, "-3"),
    ("sak 12 13", "case", BAD_NUMBER, "12 13"),
    ("start avstemning", "open_vote", MISSING_NUMBER, ""),
    ("avslutt avstemning neste", "close_vote", BAD_NUMBER, "neste"),
    ("kvalitetssikre", "review", MISSING_NUMBER, ""),
    ("sett på saksliste", "add_to_agenda", MISSING_NUMBER, ""),
    ("proposal", "case", MISSING_NUMBER, ""),
    ("språk", "language", MISSING_LOCALE, ""),
    ("språk tysk", "language", BAD_LOCALE, "tysk"),
]


@pytest.mark.parametrize(("text", "key", "error", "given"), REFUSED)
def test_missing_or_wrong_argument_is_refused_precisely(
    text: str, key: str, error: str, given: str
) -> None:
    parsed = parse(text)
    assert isinstance(parsed, Invalid), parsed
    assert (parsed.spec.key, parsed.error, parsed.given) == (key, error, given)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("sak", "nb", "Hvilken sak? Skriv sak <nr>, for eksempel «sak 12»."),
        ("sak x", "nn", "«x» er ikkje eit saksnummer. Skriv sak <nr>, til dømes «sak 12»."),
        (
            "start røysting",
            "nn",
            "Kva sak? Skriv start røysting <nr>, til dømes «start røysting 12».",
        ),
        (
            "open vote x",
            "en",
            "“x” is not a case number. Write open vote <number>, for example “open vote 12”.",
        ),
        ("språk", "nb", "Hvilket språk? Skriv språk nb|nn|en."),
        ("language klingon", "en", "I do not speak “klingon”. Write language nb|nn|en."),
    ],
)
def test_a_refusal_shows_the_usage_in_the_readers_language(
    text: str, locale: str, expected: str
) -> None:
    parsed = parse(text)
    assert isinstance(parsed, Invalid)
    assert parsed.render(locale) == expected


SUGGESTED = [
    ("hjlep", ["help"]),
    ("hjelpp", ["help"]),
    ("nytt forlsag", ["new_proposal"]),
    ("mine forlsag", ["my_proposals"]),
    ("avstemning 3", ["open_vote", "close_vote"]),
    ("røysting 3", ["open_vote", "close_vote"]),
    ("arshjl", ["annual_cycle"]),
    ("sakslite", ["agenda"]),
    ("kvalitetsikre 3", ["review"]),
    ("prioritr", ["rank"]),
    ("meetngs", ["meetings"]),
]


@pytest.mark.parametrize(("text", "keys"), SUGGESTED)
def test_a_typo_gets_did_you_mean_suggestions(text: str, keys: list[str]) -> None:
    parsed = parse(text)
    assert isinstance(parsed, Unknown), parsed
    suggested = [spec.key for spec in parsed.candidates]
    assert set(keys) <= set(suggested)
    assert len(suggested) <= 3
    assert suggested[0] in keys


@pytest.mark.parametrize("text", ["blah blah", "takk for sist", "xyz", "12"])
def test_nonsense_gets_no_suggestions(text: str) -> None:
    parsed = parse(text)
    assert isinstance(parsed, Unknown)
    assert parsed.candidates == ()


def test_suggestions_are_in_the_users_language() -> None:
    parsed = parse("avstemning 3")
    assert isinstance(parsed, Unknown)
    assert set(parsed.suggestions("nn")) == {"start røysting <nr>", "avslutt røysting <nr>"}
    assert set(parsed.suggestions("en")) == {"open vote <number>", "close vote <number>"}
    assert parsed.render("nb").startswith("Jeg forsto ikke «avstemning 3». Mente du «")
    assert parsed.render("nb").endswith("Skriv «hjelp» for å se hva jeg kan gjøre.")


def test_members_are_not_steered_to_chair_commands() -> None:
    parsed = parse("avstemning 3")
    assert isinstance(parsed, Unknown)
    assert parsed.suggestions("nb", is_chair=False) == ()
    assert "Mente du" not in parsed.render("nb", is_chair=False)


def test_unknown_text_is_shown_cleaned() -> None:
    parsed = parse("<at>Samstyre</at>&nbsp;blah")
    assert isinstance(parsed, Unknown)
    assert parsed.text == "blah"
    assert parsed.render("en") == "I did not understand “blah”. Write “help” to see what I can do."


def test_a_message_longer_than_any_command_is_refused_without_matching(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_matching(*args: object) -> None:
        raise AssertionError("matched")

    monkeypatch.setattr(command_suggest, "SequenceMatcher", no_matching)
    for text in ("a" * (MAX_COMMAND + 1), "hjelp " * 100, "<p>" + "x" * MAX_MESSAGE + "</p>"):
        parsed = parse(text)
        assert isinstance(parsed, TooLong)
        assert parsed.render("en") == (
            "That is too long for a command (at most 200 "
            "characters). Write “help” to see what I can do."
        )
    # Markup does not count towards the command's length.
    assert isinstance(parse("<at>Samstyre</at>" * 100 + " hjelp"), Parsed)


def test_an_answer_quotes_at_most_an_excerpt_of_what_was_typed() -> None:
    unknown = parse("x" * MAX_COMMAND)
    assert isinstance(unknown, Unknown)
    assert "“" + "x" * 59 + "…”" in unknown.render("en")
    invalid = parse("sak " + "y" * 150)
    assert isinstance(invalid, Invalid)
    assert "“" + "y" * 59 + "…”" in invalid.render("en")
    assert "y" * 60 not in invalid.render("en")


@pytest.mark.parametrize(
    "text",
    [
        "<at>" * 60_000,
        "<at x" * 60_000,
        "<" * 200_000,
        "<at>a</at" * 30_000,
        "&amp;" * 50_000,
        "a\u0301" * 100_000,
        " \t" * 100_000,
    ],
)
def test_cleaning_a_huge_message_is_linear(text: str) -> None:
    start = time.perf_counter()
    words_left = clean(text)  # the parser never cleans more than MAX_MESSAGE characters
    assert time.perf_counter() - start < 0.5, len(words_left)


def test_the_matcher_runs_difflib_only_where_the_threshold_is_reachable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    class Counting(SequenceMatcher[str]):
        a: str  # set by set_seq1 (the head here); typeshed's stub leaves the attribute out

        def ratio(self) -> float:
            calls.append(self.a)
            return super().ratio()

    monkeypatch.setattr(command_suggest, "SequenceMatcher", Counting)
    parse("x" * MAX_COMMAND)
    parse("hjlep")
    assert calls and all(len(head) < 40 for head in calls)


@pytest.mark.parametrize(
    ("key", "locale", "expected"),
    [
        ("case", "nb", "sak <nr>"),
        ("case", "en", "case <number>"),
        ("open_vote", "nn", "start røysting <nr>"),
        ("proposals", "nb", "forslag [status]"),
        ("systems", "nn", "system [søk]"),
        ("systems", "en", "systems [search]"),
        ("language", "nb", "språk nb|nn|en"),
        ("help", "en", "help"),
        ("add_to_agenda", "nb-NO", "sett på saksliste <nr>"),
    ],
)
def test_usage(key: str, locale: str, expected: str) -> None:
    assert usage(BY_KEY[key], locale) == expected


@pytest.mark.parametrize("locale", LOCALES)
def test_the_help_lists_every_command_in_the_readers_language(locale: str) -> None:
    entries = help_entries(locale, is_chair=True)
    assert [entry.key for entry in entries] == [spec.key for spec in COMMANDS]
    for entry, spec in zip(entries, COMMANDS, strict=True):
        assert entry.usage == usage(spec, locale)
        assert entry.description
        assert entry.chair_only == spec.chair_only


def test_the_help_of_a_member_marks_chair_commands_and_puts_them_last() -> None:
    entries = help_entries("nb", is_chair=False)
    assert len(entries) == len(COMMANDS)
    flags = [entry.chair_only for entry in entries]
    assert flags == sorted(flags)
    chair = {entry.key for entry in entries if entry.chair_only}
    assert chair == {
        "review",
        "add_to_agenda",
        "open_vote",
        "close_vote",
        "link_channel",
        "status_report",
        "study",
        "measure",
    }
    assert help_entries("nb", is_chair=False)[0].description == "Vis hva jeg kan gjøre"


# --- the catalogue itself ---------------------------------------------------------------------
def test_every_command_has_names_in_every_language() -> None:
    for spec in COMMANDS:
        for locale in LOCALES:
            assert spec.names(locale), (spec.key, locale)


def test_every_name_parses_to_its_own_command() -> None:
    for spec in COMMANDS:
        for name in spec.all_names():
            text = example(spec, "en").replace(spec.en[0], name, 1)
            parsed = parse(text)
            assert isinstance(parsed, Parsed), (name, parsed)
            assert parsed.spec.key == spec.key or (name, parsed.spec.key) in SHARED, name


SHARED = {("forslag", "case"), ("framlegg", "case")}  # "forslag 12" shows case 12


def test_two_commands_share_a_name_only_when_the_argument_tells_them_apart() -> None:
    owners: dict[tuple[str, ...], set[str]] = {}
    for spec in COMMANDS:
        for name in spec.all_names():
            owners.setdefault(fold_name(name), set()).add(spec.key)
    shared = {name: keys for name, keys in owners.items() if len(keys) > 1}
    assert shared == {("forslag",): {"case", "proposals"}, ("framlegg",): {"case", "proposals"}}
    assert BY_KEY["case"].arg is Arg.NUMBER and BY_KEY["proposals"].arg is Arg.TEXT


@pytest.mark.parametrize("scope", ["personal", "group"])
def test_each_command_menu_holds_at_most_twelve_distinct_commands(scope: Menu) -> None:
    listed = menu(scope)
    assert 0 < len(listed) <= 12
    assert len({spec.key for spec in listed}) == len(listed)
    assert listed[0].key == "help"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<at>Samstyre</at>&nbsp;sak  12", "sak 12"),
        ("<p>hjelp</p>", "hjelp"),
        ("  /språk   nn ", "språk nn"),
        ("a&amp;b", "a&b"),
    ],
)
def test_clean(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Møter", "moter"),
        ("moeter", "moter"),
        ("ÅRSHJUL", "arshjul"),
        ("aarshjul", "arshjul"),
        ("Sæter", "sater"),
        ("saeter", "sater"),
        ("hjelp?", "hjelp"),
        ("Rødven", "rodven"),
    ],
)
def test_fold(word: str, folded: str) -> None:
    assert fold(word) == folded


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("kanal styret", "styret"),
        ("koble kanal Styret i ROR-IKT", "Styret i ROR-IKT"),
        ("kople kanal styret", "styret"),
        ("link channel board", "board"),
        ("kanal", None),
    ],
)
def test_the_chair_names_a_body_for_the_channel(text: str, body: str | None) -> None:
    parsed = parse(text)
    assert isinstance(parsed, Parsed) and parsed.spec.key == "link_channel"
    assert parsed.text == body
