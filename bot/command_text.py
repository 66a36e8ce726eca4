"""Text helpers for the command parser: cleaning a Teams message and folding words for matching.

Teams sends a channel or group-chat message with the bot's mention as ``<at>Samstyre</at>``, may
wrap text in HTML (``<p>``, ``<div>``) and uses ``&nbsp;``. ``clean`` removes all that. ``fold``
makes a word comparable regardless of case and of how Norwegian letters are typed: ``Møter``,
``moter`` and ``moeter`` fold alike, as do ``Årshjul``, ``arshjul`` and ``aarshjul``.
``matching`` finds a label (a state's) from what people type: the label, its beginning, either
preposition.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, TypeVar

# Both patterns are linear in the text: possessive runs that stop at the next "<", so a
# message of many unclosed "<at>" or "<" cannot make each of them scan to the end (which
# ``<at\b[^>]*>.*?</at>`` and ``<[^>]+>`` did: quadratic). A mention holds no other mention.
_MENTION: Final = re.compile(r"<at\b[^<>]*+>(?:[^<]++|<(?!/?at\b))*+</at>", re.IGNORECASE)
_TAG: Final = re.compile(r"<[^<>]++>")
_SPACE: Final = re.compile(r"\s+")
# A word for matching: anything between spaces, hyphens and slashes ("ikt-forslag" is two).
_WORD: Final = re.compile(r"[^\s\-/]+")
_EDGE_PUNCTUATION: Final = ".,:;!?¿¡\"'«»“”()[]{}"
# Letters with no Unicode decomposition, and two-letter spellings of æ, ø and å.
_LETTERS: Final = str.maketrans({"ø": "o", "æ": "a", "ð": "d", "þ": "th", "ß": "ss"})
_DIGRAPHS: Final = (("aa", "a"), ("ae", "a"), ("oe", "o"))

T = TypeVar("T")


def clean(text: str) -> str:
    """``text`` without mentions, HTML tags and entities, on one line with single spaces.

    A leading ``/`` or ``!`` (as typed for slash commands) is dropped too.
    """
    text = _MENTION.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text).replace("\u00a0", " ").replace("\u200b", "")
    text = _SPACE.sub(" ", text).strip()
    return text.lstrip("/!").strip()


def fold(word: str) -> str:
    """``word`` in lower case, without diacritics, with æ/ø/å and their digraphs as a/o/a."""
    word = word.strip(_EDGE_PUNCTUATION).casefold().translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", word)
    word = "".join(char for char in decomposed if not unicodedata.combining(char))
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    return word


@dataclass(frozen=True)
class Word:
    """One word of a cleaned message: its folded form and where it ends in the message."""

    folded: str
    end: int


def words(text: str) -> list[Word]:
    """The words of a cleaned message, folded, with their end offsets (punctuation-only
    words such as a lone ``?`` are skipped)."""
    found = [Word(fold(match.group()), match.end()) for match in _WORD.finditer(text)]
    return [word for word in found if word.folded]


def fold_name(name: str) -> tuple[str, ...]:
    """A command name as the tuple of its folded words (``"Sett på saksliste"`` →
    ``("sett", "pa", "saksliste")``)."""
    return tuple(word.folded for word in words(name))


# Prepositions people swap in a label ("klar for saksliste" for "klar til saksliste").
_SAME_PREPOSITION: Final = {"for": "til", "to": "til"}


def label_words(text: str) -> tuple[str, ...]:
    """``text`` as folded words for matching a label, swappable prepositions made one."""
    return tuple(_SAME_PREPOSITION.get(word.folded, word.folded) for word in words(clean(text)))


def matching(typed: str, labels: Iterable[tuple[T, str]]) -> tuple[T, ...]:
    """What ``typed`` names among ``labels`` (value, label): the values whose label it is, or
    else those whose label it begins word by word ("klar", "til beh", "under kval"), in order."""
    wanted = label_words(typed)
    exact: dict[T, None] = {}
    begun: dict[T, None] = {}
    for value, label in labels:
        words_of_label = label_words(label)
        if wanted == words_of_label:
            exact[value] = None
        elif 0 < len(wanted) <= len(words_of_label) and all(
            full.startswith(part) for part, full in zip(wanted, words_of_label, strict=False)
        ):
            begun[value] = None
    return tuple(exact or begun)
