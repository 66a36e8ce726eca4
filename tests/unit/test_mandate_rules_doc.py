"""Every "mandate rule N" the code cites is a section of docs/mandate-rules.md that quotes the
mandate: the numbered list the docstrings refer to is kept in the repository, not in heads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "mandate-rules.md"
CODE_DIRS = (
    "governance",
    "bot",
    "cards",
    "graph_sync",
    "samstyre",
    "scheduler",
    "exports",
    "demo",
    "appmanifest",
)

# "mandate rule 5", "Rule 10", "mandate rules 5 and 10", "rules 3, 4", "rules 1, 2 and 3",
# also when a line break falls inside the citation.
_CITATION = re.compile(r"\brules?\s+(\d+(?:\s*(?:,|\band\b|\bor\b|&)\s*\d+)*)", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
# A rule's section: "## 5. Meetings: dates, agendas and minutes".
_HEADING = re.compile(r"^## (\d+)\. \S", re.MULTILINE)


def cited_numbers(text: str) -> set[int]:
    """The rule numbers a text cites."""
    return {int(n) for m in _CITATION.finditer(text) for n in _NUMBER.findall(m.group(1))}


def citations_in_code(root: Path = ROOT) -> dict[int, list[str]]:
    """Each cited rule number, with the files that cite it."""
    cited: dict[int, list[str]] = {}
    for name in CODE_DIRS:
        for path in sorted((root / name).rglob("*.py")) if (root / name).is_dir() else ():
            for number in cited_numbers(path.read_text(encoding="utf-8")):
                cited.setdefault(number, []).append(str(path.relative_to(root)))
    return cited


def sections(doc: str) -> dict[int, str]:
    """The doc's rule sections by number: the text from a heading to the next one."""
    headings = list(_HEADING.finditer(doc))
    ends = [h.start() for h in headings[1:]] + [len(doc)]
    return {int(h.group(1)): doc[h.start() : end] for h, end in zip(headings, ends, strict=True)}


def problems(doc: str, cited: dict[int, list[str]]) -> list[str]:
    """What is wrong with ``doc`` for the rules ``cited``; empty when nothing is."""
    found = sections(doc)
    missing = [
        f"rule {n} (cited in {', '.join(cited[n])}) has no '## {n}.' section"
        for n in sorted(cited)
        if n not in found
    ]
    unquoted = [
        f"rule {n}'s section quotes no mandate text (no line starting with '> ')"
        for n, text in sorted(found.items())
        if not any(line.startswith("> ") for line in text.splitlines())
    ]
    return missing + unquoted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("(mandate rule 5)", {5}, id="one"),
        pytest.param("Rule 10: the deadline", {10}, id="capitalised"),
        pytest.param("mandate rules 5 and 10", {5, 10}, id="and"),
        pytest.param("mandate rules 5\nand 10): the notices", {5, 10}, id="line-break"),
        pytest.param("rules 3, 4", {3, 4}, id="comma"),
        pytest.param("rules 1, 2 and 3", {1, 2, 3}, id="comma-and"),
        pytest.param("(rule 8; FARTT årshjul)", {8}, id="semicolon"),
        pytest.param("the decision rule of the body", set(), id="no-number"),
        pytest.param("rules are data, 5 bodies", set(), id="number-elsewhere"),
    ],
)
def test_citation_forms(text: str, expected: set[int]) -> None:
    assert cited_numbers(text) == expected


def test_the_code_cites_mandate_rules() -> None:
    assert len(citations_in_code()) >= 10


def test_every_cited_rule_has_a_section_that_quotes_the_mandate() -> None:
    assert problems(DOC.read_text(encoding="utf-8"), citations_in_code()) == []


def test_a_missing_or_unquoted_rule_is_reported() -> None:
    doc = "## 1. One\n\n> quoted\n\n## 2. Two\n\nnot quoted\n"
    assert problems(doc, {1: ["a.py"], 2: ["b.py"], 3: ["c.py"]}) == [
        "rule 3 (cited in c.py) has no '## 3.' section",
        "rule 2's section quotes no mandate text (no line starting with '> ')",
    ]
