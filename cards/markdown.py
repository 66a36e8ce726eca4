"""Text shown as written: Teams reads the text of a ``TextBlock`` and a ``Fact``'s title and value
as Markdown (Microsoft Learn, "Format cards in Microsoft Teams": bold, italic, lists and
``[title](url)`` links), so a proposal titled ``[Stem her](https://…)`` would become a live link.

``escape_markdown`` puts a backslash (CommonMark's escape) before every character that could
start formatting, and only those, so ordinary Norwegian text stays as it is ("Nytt fagsystem -
barnehage (Molde)" is unchanged):

- anywhere: ``\\ [ ] * _ ~ ` |`` (links, emphasis, strike-through, code, tables) and
  ``(`` right after ``]``;
- ``<``, ``>`` and an ``&`` that would start an entity become the entities ``&lt;``, ``&gt;``
  and ``&amp;``: a backslash keeps ``<nr>`` for a CommonMark processor, but a host that reads
  the text as HTML (Teams does, so a usage "sak <nr>" lost its ``<nr>``) takes ``\\<nr\\>``
  for a tag; an entity reads as the character in both;
- at the start of a line, only where Markdown would read it so: ``#``, ``-`` or ``+`` before
  a space (a heading, a list item; "#12" stays), a line of only ``-`` or ``=`` (a rule, an
  underlined heading), and the ``.`` or ``)`` after a number ("1. ", a numbered list); leading
  spaces, which a card does not show anyway, are dropped (four would start a code block).

A bare address (``https://…``) may still be shown as a link by a client that links addresses:
its text is then its target, so it cannot pass for something else.

No ``](`` and no unescaped ``[`` survive, so even a client that ignored backslash escapes could
not make a link of user text (it would show the backslashes, nothing more). The element helpers
of ``cards.elements`` apply it to every text they are given. Escaping rather than a
``RichTextBlock`` of ``TextRun``s (which never reads Markdown): a fact's value cannot be a text
run, and a heading would lose its heading role.

Left alone: input labels, input values, dropdown choices and button titles, which are plain
text; the titles of toggles and of expanded choices, which the JavaScript renderer reads as
Markdown, come from the mandate file and the catalogue, never from people.
"""

from __future__ import annotations

import re
from typing import Final

_LINES: Final = re.compile(r"(\r\n|\r|\n)")
_INLINE: Final = re.compile(r"([\\\[\]*_~`|])|(?<=\])\(")
_ENTITIES: Final = re.compile(r"[<>]|&(?=#?\w+;)")
_ENTITY: Final = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_LINE_START: Final = re.compile(
    r"^(?:#{1,6}|[-+])(?=[ \t]|$)"  # a heading ("# "), a list item ("- ")
    r"|^[-=](?=[-= \t]*$)"  # a line of - or =: a rule, or the underline of a heading
    r"|^\d{1,9}(?=[.)](?:[ \t]|$))"  # a numbered list item ("1. ", "2) ")
)


def escape_markdown(value: str) -> str:
    """``value`` escaped so that Markdown shows it exactly as written (see the module)."""
    parts = _LINES.split(value)
    for n in range(0, len(parts), 2):  # the even parts are lines, the odd ones line breaks
        parts[n] = _escape_line(parts[n])
    return "".join(parts)


def _escape_line(line: str) -> str:
    line = _INLINE.sub(_backslashed, line.lstrip(" \t"))
    line = _ENTITIES.sub(_entity, line)
    return _LINE_START.sub(_line_start, line)


def _backslashed(found: re.Match[str]) -> str:
    return "\\" + found.group(0)


def _entity(found: re.Match[str]) -> str:
    return _ENTITY[found.group(0)]


def _line_start(found: re.Match[str]) -> str:
    marker = found.group(0)  # a number is followed by its escaped "." or ")"
    return f"{marker}\\" if marker[0].isdigit() else f"\\{marker}"
