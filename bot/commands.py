"""TEMPORARY stand-in until the command catalogue lands (not committed)."""
from __future__ import annotations

from dataclasses import dataclass, field

from cards.help import HelpEntry


@dataclass(frozen=True)
class Spec:
    key: str


@dataclass(frozen=True)
class Parsed:
    spec: Spec
    argument: object = None


@dataclass(frozen=True)
class Unknown:
    text: str


@dataclass(frozen=True)
class Invalid:
    message: str
    params: dict[str, object] = field(default_factory=dict)


NAMES = [("nytt forslag", "new_proposal"), ("mine forslag", "my_proposals"), ("forslag", "proposals"),
         ("sak", "case"), ("kvalitetssikre", "review"), ("sett på saksliste", "add_to_agenda"),
         ("start avstemning", "open_vote"), ("avslutt avstemning", "close_vote"),
         ("prioriter", "rank"), ("møter", "meetings"), ("saksliste", "agenda"),
         ("årshjul", "annual_cycle"), ("systemer", "systems"), ("språk", "language"),
         ("hjelp", "help")]


def parse(text: str) -> Parsed | Unknown | Invalid:
    t = " ".join(text.strip().lower().split())
    for name, key in sorted(NAMES, key=lambda n: -len(n[0])):
        if t == name or t.startswith(name + " "):
            arg = t[len(name):].strip() or None
            if key in ("case", "review", "add_to_agenda", "open_vote", "close_vote"):
                arg = int(str(arg).lstrip("#"))
            return Parsed(Spec(key), arg)
    return Unknown(text)


def unknown_text(parsed: Unknown, locale: str) -> str:
    return f"ukjent: {parsed.text}"


def help_entries(locale: str, *, is_chair: bool) -> list[HelpEntry]:
    return [HelpEntry(n, k) for n, k in NAMES]
