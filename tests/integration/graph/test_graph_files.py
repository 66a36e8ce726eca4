"""Files through the real GraphServiceClient against the Graph emulator: simple uploads, upload
sessions, and what happens when Graph throttles, fails, resets or refuses."""

from __future__ import annotations

import os
import time

import pytest

from graph_sync.errors import PublishError
from graph_sync.graph import GraphSettings
from tests.emulators.graph import PASS, GraphEmulator, delay, refuse, reset, throttle, unavailable
from tests.integration.graph.conftest import CHANNEL, PLACE, TEAM, MakeTarget, Sleeps

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PATH = "Referater/2027/2027-03-09 Bestillerutvalget.docx"


async def test_small_file_lands_at_its_path_and_a_repeat_replaces_it(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    target = make_target()
    first = await target.put_file(PLACE, PATH, b"version 1", DOCX)
    second = await target.put_file(PLACE, PATH, b"version 2", DOCX)

    assert emulator.files(TEAM, CHANNEL) == {PATH: b"version 2"}
    assert first.url == second.url and first.item_id == second.item_id
    assert first.url.endswith(
        "/Bestillerutvalget/Referater/2027/2027-03-09%20Bestillerutvalget.docx"
    )
    assert emulator.file_item(TEAM, CHANNEL, PATH).writes == 2
    assert emulator.count("filesFolder") == 1  # cached
    assert emulator.count("content") == 2
    assert set(emulator.tokens) == {"emulator-token"}


async def test_a_12_mb_file_goes_through_an_upload_session_byte_identical(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    content = os.urandom(12 * 1024 * 1024)
    published = await make_target().put_file(
        PLACE, "Rapporter/status.pdf", content, "application/pdf"
    )

    assert emulator.files(TEAM, CHANNEL)["Rapporter/status.pdf"] == content
    assert published.url.endswith("/Rapporter/status.pdf")
    assert emulator.count("createUploadSession") == 1
    assert emulator.count("uploadChunk") == 4  # 3.2 MiB chunks; the emulator refuses a token
    assert emulator.count("content") == 0


async def test_a_connection_reset_mid_upload_is_retried(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    content = os.urandom(10 * 1024 * 1024)
    emulator.arm("uploadChunk", PASS, reset())
    emulator.arm("content", reset())
    target = make_target()
    await target.put_file(PLACE, "Rapporter/big.pdf", content, "application/pdf")
    await target.put_file(PLACE, "Rapporter/small.pdf", b"small", "application/pdf")

    files = emulator.files(TEAM, CHANNEL)
    assert files == {"Rapporter/big.pdf": content, "Rapporter/small.pdf": b"small"}
    assert emulator.count("uploadStatus") == 1  # asked where to go on after the reset
    assert emulator.count("uploadChunk") == 5
    assert emulator.count("content") == 2


async def test_a_response_slower_than_the_timeout_is_retried_and_stored_once(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    emulator.arm("content", delay(1.5))
    await make_target(request_timeout=0.5).put_file(PLACE, PATH, b"slow", DOCX)

    assert emulator.files(TEAM, CHANNEL) == {PATH: b"slow"}
    assert emulator.count("content") == 2


async def test_throttling_and_outages_end_with_each_file_once(
    emulator: GraphEmulator, make_target: MakeTarget, sleeps: Sleeps
) -> None:
    emulator.arm("filesFolder", throttle(3), unavailable())
    emulator.arm("content", throttle(7), unavailable(2), throttle(1), unavailable())
    emulator.arm("createUploadSession", throttle(5))
    emulator.arm("uploadChunk", PASS, throttle(4), unavailable(), PASS, unavailable())
    big = os.urandom(5 * 1024 * 1024)
    target = make_target()
    for n in range(3):
        await target.put_file(PLACE, f"Vedtak/sak-{n}.docx", f"vedtak {n}".encode(), DOCX)
    await target.put_file(PLACE, "Rapporter/big.pdf", big, "application/pdf")

    files = emulator.files(TEAM, CHANNEL)
    assert files == {
        **{f"Vedtak/sak-{n}.docx": f"vedtak {n}".encode() for n in range(3)},
        "Rapporter/big.pdf": big,
    }
    assert all(emulator.file_item(TEAM, CHANNEL, p).writes == 1 for p in files)
    for honoured in (3.0, 7.0, 2.0, 1.0, 5.0, 4.0):
        assert honoured in sleeps.asked


async def test_retry_after_is_waited_for_in_real_time(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    emulator.arm("content", throttle(1))
    started = time.monotonic()
    await make_target(real_sleep=True).put_file(PLACE, PATH, b"x", DOCX)
    assert time.monotonic() - started >= 1.0
    assert emulator.count("content") == 2


async def test_forbidden_files_folder_is_a_clear_error_without_retries(
    emulator: GraphEmulator, make_target: MakeTarget, sleeps: Sleeps
) -> None:
    emulator.arm("filesFolder", refuse(403))
    with pytest.raises(PublishError) as raised:
        await make_target().put_file(PLACE, PATH, b"x", DOCX)

    assert raised.value.code == "graph_forbidden" and not raised.value.retryable
    assert "no access" in raised.value.operator_message
    assert "Sites.Selected" in raised.value.operator_message
    assert "Bestillerutvalget" in raised.value.operator_message
    assert emulator.count("filesFolder") == 1 and sleeps.asked == []


async def test_unknown_channel_is_a_clear_error(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    place = PLACE.__class__("x", TEAM, "19:nope@thread.tacv2", "ROR-IKT", "Nope")
    with pytest.raises(PublishError) as raised:
        await make_target().put_file(place, PATH, b"x", DOCX)
    assert raised.value.code == "graph_not_found"
    assert emulator.count("filesFolder") == 1


async def test_a_place_without_channel_is_refused_before_any_request(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    place = PLACE.__class__("styret", None, None, "ROR-IKT", "Styret")
    with pytest.raises(PublishError, match="no Teams team and channel"):
        await make_target().put_file(place, PATH, b"x", DOCX)
    assert emulator.http_requests() == 0


async def test_endless_throttling_gives_up_after_the_attempt_budget(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    emulator.arm("content", *[throttle(1)] * 10)
    with pytest.raises(PublishError) as raised:
        await make_target(max_attempts=4).put_file(PLACE, PATH, b"x", DOCX)
    assert raised.value.retryable and "429" in raised.value.operator_message
    assert emulator.count("content") == 4


def test_settings_refuse_plain_http_except_on_loopback() -> None:
    with pytest.raises(ValueError, match="https"):
        GraphSettings(base_url="http://graph.example.org/v1.0")
    assert GraphSettings(base_url="http://127.0.0.1:9/v1.0").host == "127.0.0.1"
    with pytest.raises(ValueError, match="320 KiB"):
        GraphSettings(chunk_size=1000)
