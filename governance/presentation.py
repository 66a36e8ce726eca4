"""How the core's facts read to people, shared by every adapter that shows them (cards in Teams,
published documents): Norwegian formats (Babel) for amounts in NOK, numbers, shares, dates and
times in Europe/Oslo and lists in running text; names of people, bodies and municipalities by id;
and the words for proposal kinds, ballot choices, vote outcomes, meeting kinds and decision rules.

Locales map to Babel's ``nb_NO``, ``nn_NO`` and ``en_GB``. Dates that may start a line are
written with the weekday first ("torsdag 11. februar 2027"), because Teams reads a line starting
with "11. " as a numbered list. Unknown ids are shown as they are rather than failing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Final

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent

from governance.domain.calendar import OSLO
from governance.domain.errors import NotFound
from governance.domain.meetings import MeetingKind
from governance.domain.organisation import DecisionRule, Mandate, RuleKind
from governance.domain.proposals import ProposalKind
from governance.domain.tally import Choice, Outcome, Tally
from governance.domain.votes import CLOSED_AT_DEADLINE, Vote
from governance.i18n import N_, normalise_locale, translate

BABEL_LOCALES: Final = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
ELLIPSIS: Final = "…"


def babel_locale(locale: str | None) -> str:
    """The Babel locale of one of Samstyre's locales ("nb" → "nb_NO")."""
    return BABEL_LOCALES[normalise_locale(locale)]


def _currency_pattern(locale: str, whole: bool) -> str:
    pattern: str = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    if pattern.startswith("¤") and not pattern.startswith("¤\u00a0"):
        pattern = "¤\u00a0" + pattern[1:]
    return pattern.replace("0.00", "0") if whole else pattern


def money(amount: Decimal | int | float, locale: str | None) -> str:
    """An amount in NOK: "150 000 kr", "1 250,50 kr"; kroner without øre show no decimals."""
    value = Decimal(str(amount))
    loc = babel_locale(locale)
    pattern = _currency_pattern(loc, whole=value == value.to_integral_value())
    return format_currency(value, "NOK", format=pattern, locale=loc, currency_digits=False)


@lru_cache(maxsize=4096)  # pure, and called for every figure of every card
def number(value: Decimal | int | float, locale: str | None) -> str:
    """A plain number such as a voting weight or a count: "1", "2,5", "12 000"."""
    return format_decimal(Decimal(str(value)).normalize(), locale=babel_locale(locale))


def share(value: Decimal, locale: str | None) -> str:
    """A share as a percentage: Decimal("0.5") → "50 %"."""
    return format_percent(value, locale=babel_locale(locale))


@lru_cache(maxsize=4096)  # pure, and called for every figure of every card
def day(value: date, locale: str | None) -> str:
    """A date with its weekday: "torsdag 11. februar 2027"."""
    return format_date(value, "full", locale=babel_locale(locale))


@lru_cache(maxsize=4096)  # pure, and called for every figure of every card
def short_day(value: date, locale: str | None) -> str:
    """A compact date: "11.02.2027"."""
    return format_date(value, "short", locale=babel_locale(locale))


def in_oslo(value: datetime) -> datetime:
    """``value`` on the clock in Oslo (a naive time is taken to be Oslo time already)."""
    return value.astimezone(OSLO) if value.tzinfo else value.replace(tzinfo=OSLO)


@lru_cache(maxsize=4096)  # pure, and called for every figure of every card
def moment(value: datetime, locale: str | None) -> str:
    """A point in time in Europe/Oslo: "11.01.2027 kl. 10:00"."""
    local = in_oslo(value)
    loc = babel_locale(locale)
    return translate(
        N_("{date} at {time}"),
        locale,
        date=format_date(local.date(), "short", locale=loc),
        time=format_time(local, "short", locale=loc),
    )


def names(items: Iterable[str], locale: str | None) -> str:
    """A list in running text: "Aukra, Molde og Rauma"; empty gives ""."""
    values = list(items)
    return format_list(values, locale=babel_locale(locale)) if values else ""


ECHO_LIMIT: Final = 60  # characters of what someone typed that an answer may quote


def excerpt(text: str) -> str:
    """What an answer may quote of ``text`` someone typed: at most ``ECHO_LIMIT`` characters,
    ending in "…" when cut (a message may be 256 KB; its answer stays small)."""
    return clip(text, ECHO_LIMIT)


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def plain_amount(amount: Decimal, locale: str | None) -> str:
    """An amount as a form value the server parses back: "150000", "1250,50" (no grouping)."""
    whole = amount == amount.to_integral_value()
    text = f"{amount:.0f}" if whole else f"{amount:.2f}"
    return text if normalise_locale(locale) == "en" else text.replace(".", ",")


# --- names by id ------------------------------------------------------------------------------
def member_name(mandate: Mandate, member_id: str | None) -> str:
    if member_id is None:
        return ""
    try:
        return mandate.member(member_id).name
    except NotFound:
        return member_id


def body_name(mandate: Mandate, body_id: str) -> str:
    try:
        return mandate.body(body_id).name
    except NotFound:
        return body_id


def decider_name(mandate: Mandate, ident: str) -> str:
    """The name of who decides a matter: a body's or a member's (``Mandate.decider_of``)."""
    return body_name(mandate, ident) if mandate.is_body(ident) else member_name(mandate, ident)


def municipality_name(mandate: Mandate, municipality_id: str) -> str:
    try:
        return mandate.municipality(municipality_id).name
    except NotFound:
        return municipality_id


# --- words ------------------------------------------------------------------------------------
KIND_LABELS: Final = {
    ProposalKind.NEW_SERVICE: N_("New service"),
    ProposalKind.CHANGE_SERVICE: N_("Change to a service in the catalogue"),
}

CHOICE_LABELS: Final = {
    Choice.FOR: N_("For"),
    Choice.MOT: N_("Against"),
    Choice.AVSTAR: N_("Abstain"),
}

OUTCOME_LABELS: Final = {
    Outcome.RECOMMENDED: N_("Recommended"),
    Outcome.NOT_RECOMMENDED: N_("Not recommended"),
    Outcome.ESCALATED: N_("Escalated to the board"),
    Outcome.NO_QUORUM: N_("No quorum"),
}

MEETING_KINDS: Final = {
    MeetingKind.COMMITTEE: N_("Committee meeting"),
    MeetingKind.GROUP_LEADERS: N_("Meeting with the group leaders"),
    MeetingKind.BOARD: N_("Board meeting"),
    MeetingKind.OTHER: N_("Meeting"),
}


def rule_text(rule: DecisionRule, mandate: Mandate, locale: str | None) -> str:
    """The decision rule in words, with where the matter goes without agreement."""
    if rule.kind is RuleKind.CONSENSUS:
        what = translate(
            N_("Rule: agreement (consensus). Abstentions do not count against agreement."), locale
        )
    else:
        what = translate(
            N_(
                "Rule: weighted majority; more than {share} of the weight cast "
                "for or against decides."
            ),
            locale,
            share=share(rule.majority_share, locale),
        )
    if rule.escalate_to:
        what += " " + translate(
            N_("Without agreement the matter goes to {body}."),
            locale,
            body=body_name(mandate, rule.escalate_to),
        )
    return what


def quorum_text(rule: DecisionRule, tally: Tally, locale: str | None) -> str:
    """How much of the voting weight must vote, and whether it did."""
    quorum = translate(
        N_("Quorum: at least {share} of the voting weight ({needed} of {total}) must vote."),
        locale,
        share=share(rule.quorum_share, locale),
        needed=number(rule.quorum_share * tally.total_weight, locale),
        total=number(tally.total_weight, locale),
    )
    met = translate(
        N_("Quorum reached.") if tally.quorum_met else N_("Quorum not reached."), locale
    )
    return f"{quorum} {met}"


def closed_text(vote: Vote, mandate: Mandate, locale: str | None) -> str:
    """ "Closed … by Dagny Lie", or that Samstyre closed it at its deadline."""
    assert vote.closed_at is not None
    when = moment(vote.closed_at, locale)
    if vote.closed_by == CLOSED_AT_DEADLINE:
        return translate(N_("Closed by Samstyre at the deadline, {when}"), locale, when=when)
    return translate(
        N_("Closed {when} by {name}"), locale, when=when, name=member_name(mandate, vote.closed_by)
    )


def quorum_assumption(mandate: Mandate, locale: str | None) -> str:
    """The quorum is the cooperation's own assumption in its mandate file, not the mandate's
    (``DecisionRule.quorum_in_mandate`` False): said on the vote card and in the document."""
    return translate(
        N_(
            "The mandate sets no quorum: this one is an assumption in {cooperation}'s setup "
            "file, which the board may change."
        ),
        locale,
        cooperation=mandate.name,
    )
