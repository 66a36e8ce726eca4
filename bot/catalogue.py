"""The bot's text commands: the catalogue (one ``CommandSpec`` per command, with its names in
bokmål, nynorsk and English) and ``parse``, which turns a Teams message into a command.

Pure data and matching: no SDK, no I/O. Routes dispatch on ``Parsed.spec.key``; the help card
renders ``help_entries``; ``samstyre manifest build`` takes the Teams command menus from the
``menu_personal``/``menu_group`` positions here, so the catalogue is the one source.

Matching ignores case and diacritics (``MØTER``, ``moter`` and ``møter`` are one word), tries
the longest name first (``mine forslag`` before ``forslag``) and, when one name belongs to two
commands, lets the argument decide (``forslag 12`` shows case 12, ``forslag`` lists proposals).
Commands without an argument ignore trailing words (``hjelp meg`` is ``hjelp``); a number is
strict, because it names the case a vote is opened on.

A message is matched only when it is short (``MAX_MESSAGE``, ``MAX_COMMAND``): the longest real
command is about 30 characters, so anything longer is no command and gets ``TooLong`` without
any matching, which keeps the work per message small whatever a client sends. A reply quotes at
most ``ECHO_LIMIT`` characters of what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Final, Literal

from bot.command_suggest import closest
from bot.command_text import clean, fold, fold_name, words
from governance.i18n import LOCALES, N_, normalise_locale, translate
from governance.presentation import excerpt

# The longest command with its argument ("sett på sakslisten 123456789", "forslag klar for
# saksliste", "koble kanal Styret i ROR-IKT") is about 30 characters; 200 leaves room for
# words before or after it and for a long search, yet bounds the fuzzy matching (difflib, about
# 120 names) to well under a millisecond. The raw limit allows for Teams' markup around it
# (mentions with attributes, <p>/<div>, &nbsp;) and bounds the cleaning.
MAX_COMMAND: Final = 200  # characters of the cleaned message
MAX_MESSAGE: Final = 4000  # characters of the message as Teams sends it

Menu = Literal["personal", "group"]  # the command menu of personal chats, of teams and group chats


class Arg(Enum):
    """What a command takes after its name."""

    NONE = "none"
    NUMBER = "number"  # a case number, required: "sak 12", "sak #12", "sak nr 12"
    TEXT = "text"  # optional free text: "forslag til behandling", "systemer visma"
    LOCALE = "locale"  # required: nb, nn or en ("bokmål", "nynorsk", "engelsk" work too)


@dataclass(frozen=True)
class CommandSpec:
    """One command. ``nb``/``nn``/``en`` hold its names, canonical first, then aliases.

    ``menu_personal``/``menu_group`` are the command's positions in the Teams command menu of
    personal chats and of teams and group chats (lower first; ``None``: not in that menu).
    """

    key: str
    nb: tuple[str, ...]
    nn: tuple[str, ...]
    en: tuple[str, ...]
    description: str  # msgid
    arg: Arg = Arg.NONE
    arg_label: str | None = None  # msgid of the placeholder shown in usage ("nr", "søk")
    chair_only: bool = False
    menu_personal: int | None = None
    menu_group: int | None = None

    def names(self, locale: str | None) -> tuple[str, ...]:
        """The names in ``locale`` (``nb``, ``nn``, ``en``; ``nb-NO`` and the like work too),
        canonical first."""
        return {"nb": self.nb, "nn": self.nn, "en": self.en}[normalise_locale(locale)]

    def all_names(self) -> Iterator[str]:
        """Every name in every locale, each once."""
        yield from dict.fromkeys((*self.nb, *self.nn, *self.en))


_NUMBER: Final = N_("number")
COMMANDS: Final[tuple[CommandSpec, ...]] = (
    CommandSpec(
        "help",
        ("hjelp", "hei", "hallo", "meny"),
        ("hjelp", "hei", "hallo", "meny"),
        ("help", "hello", "hi", "menu"),
        N_("Show what I can do"),
        menu_personal=1,
        menu_group=1,
    ),
    CommandSpec(
        "new_proposal",
        ("nytt forslag", "nytt ikt-forslag", "foreslå"),
        ("nytt forslag", "nytt framlegg", "nytt ikt-forslag", "nytt ikt-framlegg", "gjer framlegg"),
        ("new proposal", "propose", "submit proposal"),
        N_("Submit a new ICT proposal for your municipality"),
        menu_personal=2,
        menu_group=12,
    ),
    CommandSpec(
        "my_proposals",
        ("mine forslag",),
        ("mine forslag", "mine framlegg"),
        ("my proposals",),
        N_("List the proposals you have submitted"),
        menu_personal=3,
    ),
    CommandSpec(
        "proposals",
        ("forslag", "alle forslag"),
        ("forslag", "framlegg", "alle forslag"),
        ("proposals", "all proposals"),
        N_("List proposals, optionally in one state"),
        arg=Arg.TEXT,
        arg_label=N_("status"),
        menu_personal=5,
        menu_group=5,
    ),
    CommandSpec(
        "case",
        ("sak", "forslag", "vis sak"),
        ("sak", "forslag", "framlegg", "vis sak"),
        ("case", "proposal", "show case"),
        N_("Show one proposal with its state and history"),
        arg=Arg.NUMBER,
        arg_label=_NUMBER,
        menu_personal=4,
        menu_group=4,
    ),
    CommandSpec(
        "review",
        ("kvalitetssikre", "kvalitetssikring"),
        ("kvalitetssikre", "kvalitetssikra", "kvalitetssikring"),
        ("review", "quality check", "qa"),
        N_("Quality-assure a submitted proposal"),
        arg=Arg.NUMBER,
        arg_label=_NUMBER,
        chair_only=True,
        menu_personal=12,
    ),
    CommandSpec(
        "add_to_agenda",
        ("sett på saksliste", "sett på sakslisten", "sett på sakslista"),
        (
            "set på sakslista",
            "set på saksliste",
            "set på sakliste",
            "set på saklista",
            "sett på sakliste",
        ),
        ("add to agenda", "put on agenda"),
        N_("Put a ready proposal on the next committee meeting's agenda"),
        arg=Arg.NUMBER,
        arg_label=_NUMBER,
        chair_only=True,
        menu_group=8,
    ),
    CommandSpec(
        "open_vote",
        ("start avstemning", "åpne avstemning", "åpne avstemningen"),
        ("start røysting", "start avrøysting", "opne røysting", "opne avrøysting"),
        ("open vote", "start vote"),
        N_("Open the committee's vote on a proposal"),
        arg=Arg.NUMBER,
        arg_label=_NUMBER,
        chair_only=True,
        menu_group=6,
    ),
    CommandSpec(
        "close_vote",
        ("avslutt avstemning", "lukk avstemning", "steng avstemning"),
        ("avslutt røysting", "avslutt avrøysting", "lukk røysting", "steng røysting"),
        ("close vote", "end vote"),
        N_("Close the vote on a proposal and count the ballots"),
        arg=Arg.NUMBER,
        arg_label=_NUMBER,
        chair_only=True,
        menu_group=7,
    ),
    CommandSpec(
        "rank",
        ("prioriter", "prioritering", "rangering"),
        ("prioriter", "prioritering", "rangering"),
        ("rank", "ranking", "prioritise", "prioritize"),
        N_("Rank the ready proposals for your municipality"),
        menu_personal=6,
        menu_group=9,
    ),
    CommandSpec(
        "meetings",
        ("møter", "møte", "møteplan"),
        ("møte", "møter", "møteplan"),
        ("meetings", "meeting"),
        N_("Show the coming committee meetings"),
        menu_personal=7,
        menu_group=3,
    ),
    CommandSpec(
        "meeting",
        ("møtekort", "neste møte"),
        ("møtekort", "neste møte"),
        ("meeting card", "next meeting"),
        N_("Open the card of the committee's current meeting: agenda, attendance, minutes"),
        arg=Arg.TEXT,
        arg_label=N_("styret or faggruppeledere"),
        menu_personal=None,
        menu_group=None,
    ),
    CommandSpec(
        "agenda",
        ("saksliste", "sakslisten", "sakslista", "dagsorden"),
        ("saksliste", "sakslista", "sakliste", "saklista", "dagsorden"),
        ("agenda",),
        N_("Show the agenda of the next committee meeting"),
        menu_personal=8,
        menu_group=2,
    ),
    CommandSpec(
        "board_agenda",
        ("saksliste styret", "sakslisten styret", "styrets saksliste"),
        (
            "saksliste styret",
            "sakslista styret",
            "sakliste styret",
            "styret si saksliste",
            "styret si sakliste",
        ),
        ("board agenda",),
        N_("Show the agenda of the next board meeting"),
        menu_personal=None,
        menu_group=None,
    ),
    CommandSpec(
        "annual_cycle",
        ("årshjul", "årshjulet"),
        ("årshjul", "årshjulet"),
        ("annual cycle", "annual wheel"),
        N_("Show this year's annual-cycle tasks"),
        menu_personal=9,
        menu_group=10,
    ),
    CommandSpec(
        "systems",
        ("systemer", "system", "fagsystemer"),
        ("system", "fagsystem"),
        ("systems", "system"),
        N_("Search the inventory of line-of-business systems"),
        arg=Arg.TEXT,
        arg_label=N_("search"),
        menu_personal=10,
        menu_group=11,
    ),
    CommandSpec(
        "language",
        ("språk",),
        ("språk", "mål"),
        ("language", "lang"),
        N_("Choose the language I answer you in"),
        arg=Arg.LOCALE,
        menu_personal=11,
    ),
    CommandSpec(
        "study",
        ("utredning", "ny utredning"),
        ("utgreiing", "ny utgreiing"),
        ("study", "new study"),
        N_("Register a study; it is published in the channel"),
        chair_only=True,
    ),
    CommandSpec(
        "measure",
        ("tiltak", "nytt tiltak"),
        ("tiltak", "nytt tiltak"),
        ("measure", "new measure"),
        N_("Register a measure; it is published in the channel"),
        chair_only=True,
    ),
    CommandSpec(
        "status_report",
        ("statusrapport", "lag statusrapport"),
        ("statusrapport", "lag statusrapport"),
        ("status report",),
        N_("Publish a status report for the board now"),
        chair_only=True,
    ),
    CommandSpec(
        "link_channel",
        ("kanal", "koble kanal", "knytt kanal"),
        ("kanal", "kople kanal", "knyt kanal"),
        ("channel", "link channel"),
        N_("Make this channel the channel of a body (committee, board, group)"),
        arg=Arg.TEXT,
        arg_label=N_("body"),
        chair_only=True,
    ),
)
BY_KEY: Final = {spec.key: spec for spec in COMMANDS}

MISSING_NUMBER: Final = N_("Which case? Write {usage}, for example “{example}”.")
BAD_NUMBER: Final = N_("“{given}” is not a case number. Write {usage}, for example “{example}”.")
MISSING_LOCALE: Final = N_("Which language? Write {usage}.")
BAD_LOCALE: Final = N_("I do not speak “{given}”. Write {usage}.")
NOT_UNDERSTOOD: Final = N_("I did not understand “{text}”.")
DID_YOU_MEAN: Final = N_("Did you mean {suggestions}?")
SEE_HELP: Final = N_("Write “{help}” to see what I can do.")
TOO_LONG: Final = N_("That is too long for a command (at most {limit} characters).")
QUOTES: Final = {"nb": ("«", "»"), "nn": ("«", "»"), "en": ("“", "”")}  # as the catalogues quote
CHAIR_ONLY: Final = N_("chair only")  # the help card's mark on chair-only entries

# "språk nn", "språk nynorsk", "språk nn-NO", "language English": the first word decides.
_LANGUAGES: Final = {
    **dict.fromkeys(("nb", "bokmal", "nob", "no", "norsk"), "nb"),
    **dict.fromkeys(("nn", "nynorsk", "nno"), "nn"),
    **dict.fromkeys(("en", "english", "engelsk", "eng"), "en"),
}
_LANGUAGE_SEPARATORS: Final = re.compile(r"[\s_\-]+")
# Words that may stand before the number: "sak nr. 12", "case no 12", "start avstemning sak 12".
_NUMBER_PREFIX: Final = re.compile(
    r"^(?:(?:nr|no|nummer|number|num|sak|case|forslag|framlegg|proposal)\.?(?=[\s#\d]|$)\s*)+",
    re.IGNORECASE,
)
_NUMBER_PATTERN: Final = re.compile(r"#?\s*(\d{1,9})\.?")


@dataclass(frozen=True)
class Parsed:
    """A recognised command with its argument: ``number`` for NUMBER commands, ``text``
    (``None`` when left out) for TEXT commands, ``language`` for LOCALE commands."""

    spec: CommandSpec
    name: str  # the name that matched, as written in the catalogue ("" for a bare mention)
    number: int | None = None
    text: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Invalid:
    """A command whose argument is missing or wrong; ``render`` explains it with its usage."""

    spec: CommandSpec
    error: str  # msgid, one of MISSING_NUMBER, BAD_NUMBER, MISSING_LOCALE, BAD_LOCALE
    given: str = ""

    def render(self, locale: str | None) -> str:
        return translate(
            self.error,
            locale,
            usage=usage(self.spec, locale),
            example=example(self.spec, locale),
            given=excerpt(self.given),
        )


@dataclass(frozen=True)
class Unknown:
    """No command matched ``text``; ``candidates`` are the closest commands, best first."""

    text: str
    candidates: tuple[CommandSpec, ...] = ()

    def suggestions(self, locale: str | None, *, is_chair: bool = True) -> tuple[str, ...]:
        """Usages of the candidates in ``locale`` (chair-only ones only for the chair)."""
        return tuple(
            usage(spec, locale) for spec in self.candidates if is_chair or not spec.chair_only
        )

    def render(self, locale: str | None, *, is_chair: bool = True) -> str:
        lines = [translate(NOT_UNDERSTOOD, locale, text=excerpt(self.text))] if self.text else []
        if suggestions := self.suggestions(locale, is_chair=is_chair):
            opening, closing = QUOTES[normalise_locale(locale)]
            quoted = ", ".join(f"{opening}{suggestion}{closing}" for suggestion in suggestions)
            lines.append(translate(DID_YOU_MEAN, locale, suggestions=quoted))
        lines.append(translate(SEE_HELP, locale, help=BY_KEY["help"].names(locale)[0]))
        return " ".join(lines)


@dataclass(frozen=True)
class TooLong:
    """A message too long to be a command; it was not matched against the catalogue."""

    def render(self, locale: str | None) -> str:
        return " ".join(
            (
                translate(TOO_LONG, locale, limit=MAX_COMMAND),
                translate(SEE_HELP, locale, help=BY_KEY["help"].names(locale)[0]),
            )
        )


@dataclass(frozen=True)
class HelpEntry:
    """One line of the help card."""

    key: str
    usage: str
    description: str
    aliases: tuple[str, ...]
    chair_only: bool


def parse(text: str) -> Parsed | Invalid | Unknown | TooLong:
    """The command ``text`` asks for. An empty message (a bare @mention) asks for help; one
    longer than ``MAX_MESSAGE`` characters, or ``MAX_COMMAND`` once cleaned, is ``TooLong``."""
    if len(text) > MAX_MESSAGE:
        return TooLong()
    cleaned = clean(text)
    if len(cleaned) > MAX_COMMAND:
        return TooLong()
    message = words(cleaned)
    if not message:
        return Parsed(BY_KEY["help"], "")
    first_invalid: Invalid | None = None
    for name, folded, spec in _INDEX:
        if tuple(word.folded for word in message[: len(folded)]) != folded:
            continue
        rest = cleaned[message[len(folded) - 1].end :].strip()
        result = _with_argument(spec, name, rest)
        if isinstance(result, Parsed):
            return result
        first_invalid = first_invalid or result
    folded_message = tuple(word.folded for word in message)
    return first_invalid or Unknown(cleaned, closest(folded_message, _INDEX))


def usage(spec: CommandSpec, locale: str | None) -> str:
    """How to write ``spec`` in ``locale``: ``sak <nr>``, ``forslag [status]``,
    ``språk nb|nn|en``."""
    name = spec.names(locale)[0]
    if spec.arg is Arg.NUMBER:
        return f"{name} <{translate(spec.arg_label or _NUMBER, locale)}>"
    if spec.arg is Arg.TEXT:
        return f"{name} [{translate(spec.arg_label or N_('search'), locale)}]"
    if spec.arg is Arg.LOCALE:
        return f"{name} {'|'.join(LOCALES)}"
    return name


def example(spec: CommandSpec, locale: str | None) -> str:
    """A complete example of ``spec`` in ``locale`` (``sak 12``)."""
    name = spec.names(locale)[0]
    return {Arg.NUMBER: f"{name} 12", Arg.LOCALE: f"{name} nn"}.get(spec.arg, name)


def help_entries(locale: str | None, *, is_chair: bool) -> list[HelpEntry]:
    """Every command, translated, in catalogue order; for others than the chair the chair-only
    commands come last (the card marks them)."""
    loc = normalise_locale(locale)
    entries = [
        HelpEntry(
            spec.key,
            usage(spec, loc),
            translate(spec.description, loc),
            spec.names(loc)[1:],
            spec.chair_only,
        )
        for spec in COMMANDS
    ]
    return entries if is_chair else sorted(entries, key=lambda entry: entry.chair_only)


def menu(scope: Menu) -> list[CommandSpec]:
    """The commands of the Teams command menu of personal chats (``personal``) or of teams and
    group chats (``group``), in menu order."""

    def position(spec: CommandSpec) -> int | None:
        return spec.menu_personal if scope == "personal" else spec.menu_group

    listed = [spec for spec in COMMANDS if position(spec) is not None]
    return sorted(listed, key=lambda spec: position(spec) or 0)


# --- matching -------------------------------------------------------------------------------
def _with_argument(spec: CommandSpec, name: str, rest: str) -> Parsed | Invalid:
    if spec.arg is Arg.NUMBER:
        return _number(spec, name, rest)
    if spec.arg is Arg.LOCALE:
        language = _LANGUAGES.get(fold(_LANGUAGE_SEPARATORS.split(rest, maxsplit=1)[0]))
        if language:
            return Parsed(spec, name, language=language)
        return Invalid(spec, BAD_LOCALE if rest else MISSING_LOCALE, rest)
    if spec.arg is Arg.TEXT:
        return Parsed(spec, name, text=rest or None)
    return Parsed(spec, name)


def _number(spec: CommandSpec, name: str, rest: str) -> Parsed | Invalid:
    bare = _NUMBER_PREFIX.sub("", rest).strip()
    if not bare:
        return Invalid(spec, MISSING_NUMBER)
    match = _NUMBER_PATTERN.fullmatch(bare)
    if match is None or int(match.group(1)) == 0:
        return Invalid(spec, BAD_NUMBER, rest)
    return Parsed(spec, name, number=int(match.group(1)))


def _index() -> tuple[tuple[str, tuple[str, ...], CommandSpec], ...]:
    """Every (name, folded name, command), longest name first; for one name, commands that
    need an argument before those that take any text or none."""
    order = {Arg.NUMBER: 0, Arg.LOCALE: 0, Arg.TEXT: 1, Arg.NONE: 2}
    entries = [(name, fold_name(name), spec) for spec in COMMANDS for name in spec.all_names()]
    return tuple(sorted(entries, key=lambda e: (-len(e[1]), -len(" ".join(e[1])), order[e[2].arg])))


_INDEX: Final = _index()
