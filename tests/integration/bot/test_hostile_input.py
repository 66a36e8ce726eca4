"""One bad input must not block anything: huge chat messages, deeply nested JSON and invokes the
bot does not implement, sent over real HTTP to ``samstyre serve``'s web app."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot import catalogue, command_suggest
from bot.server import MAX_BODY
from tests.integration.bot.teams import MOLDE, TeamsSide, activity


def filling(teams: TeamsSide, prefix: str) -> dict[str, Any]:
    """MOLDE's message of ``prefix`` and letters, as large as the body limit allows."""
    envelope = activity(MOLDE, service_url=teams.connector_url, text=prefix)
    room = MAX_BODY - len(json.dumps(envelope).encode()) - 16
    letters = ("abcdefghijklmnopqrstuvwxyz" * (room // 26 + 1))[:room]
    return envelope | {"text": prefix + letters}


@pytest.mark.parametrize(
    "prefix", ["", "hjelp ", "sak ", "forslag ", "språk ", "systemer ", "<at>Samstyre</at> "]
)
async def test_a_256_kb_message_gets_a_short_answer_without_matching(
    teams: TeamsSide,
    monkeypatch: pytest.MonkeyPatch,
    prefix: str,
) -> None:
    matched: list[tuple[str, ...]] = []
    closest = command_suggest.closest  # what bot.catalogue imported

    def recording(message: tuple[str, ...], index: Any) -> Any:
        matched.append(message)
        return closest(message, index)

    monkeypatch.setattr(catalogue, "closest", recording)
    body = filling(teams, prefix)
    assert MAX_BODY - 1024 < len(json.dumps(body).encode()) < MAX_BODY
    status, _ = await teams.post(body)
    assert status in (200, 202)
    [reply] = teams.connector.messages()
    card = json.dumps(reply.cards(), ensure_ascii=False)
    assert len(card) < 4096
    assert "abcdefghijklmnopqrstuvwxyz" * 3 not in card  # at most an excerpt of what was typed
    assert "200" in card  # the refusal says how long a command may be
    assert matched == []


async def test_a_long_unknown_command_is_quoted_as_an_excerpt(
    teams: TeamsSide,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    matched: list[tuple[str, ...]] = []
    closest = command_suggest.closest  # what bot.catalogue imported

    def recording(message: tuple[str, ...], index: Any) -> Any:
        matched.append(message)
        return closest(message, index)

    monkeypatch.setattr(catalogue, "closest", recording)
    [answer] = await teams.say(MOLDE, "hjlep " + "q" * (catalogue.MAX_COMMAND - 6))
    card = json.dumps(answer, ensure_ascii=False)
    assert "q" * 50 in card and "q" * 60 not in card and "…" in card
    assert [len(" ".join(words)) for words in matched] == [catalogue.MAX_COMMAND]
