""" "Did you mean …?" for the command parser: the commands closest to a message nobody matched.

A command is close when the first words of the message look like one of its names (difflib's
ratio, so ``hjlep`` finds ``hjelp`` and ``nytt forlsag`` finds ``nytt forslag``), or when a
distinctive word of the message is a word of the name (``avstemning 3`` finds both
``start avstemning`` and ``avslutt avstemning``).

The work is linear in the message: the parser passes at most ``commands.MAX_COMMAND``
characters, and difflib's full ratio (quadratic in the worst case) runs only when its
length-based and letter-count bounds (``real_quick_ratio``, ``quick_ratio``) can still reach
the threshold, i.e. only for heads about as long as the name.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Final, TypeVar

T = TypeVar("T")

MAX_SUGGESTIONS: Final = 3
THRESHOLD: Final = 0.72  # "hei" vs "hjelp" is 0.5; "hjlep" vs "hjelp" is 0.8
SHARED_WORD_SCORE: Final = 0.8
MIN_SHARED_WORD: Final = 4  # shorter words ("på", "nr", "to") say too little


def closest(
    message: tuple[str, ...], index: Iterable[tuple[str, tuple[str, ...], T]]
) -> tuple[T, ...]:
    """Up to three commands of ``index`` (name, folded name, command) closest to the folded
    words of ``message``, best first; ties keep the order of ``index``."""
    if not message:
        return ()
    best: dict[T, float] = {}
    order: dict[T, int] = {}
    for _name, folded, command in index:
        order.setdefault(command, len(order))
        score = _score(message, folded)
        if score > best.get(command, 0.0):
            best[command] = score
    ranked = sorted(
        (command for command, score in best.items() if score >= THRESHOLD),
        key=lambda command: (-best[command], order[command]),
    )
    return tuple(ranked[:MAX_SUGGESTIONS])


def _score(message: tuple[str, ...], name: tuple[str, ...]) -> float:
    head = " ".join(message[: len(name)])
    matcher = SequenceMatcher(None, head, " ".join(name), autojunk=False)
    score = 0.0  # below the threshold, a score only needs to be known to be below it
    if matcher.real_quick_ratio() >= THRESHOLD and matcher.quick_ratio() >= THRESHOLD:
        score = matcher.ratio()
    if any(len(word) >= MIN_SHARED_WORD and word in name for word in message):
        score = max(score, SHARED_WORD_SCORE)
    return score
