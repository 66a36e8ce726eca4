"""The board's portfolio list through the real GraphServiceClient against the Graph emulator:
created with its columns, one row per key, ever, in $batch requests of up to 20."""

from __future__ import annotations

import pytest

from governance.ports.publishing import Column, ListItem
from graph_sync.errors import PublishError
from tests.emulators.graph import PASS, GraphEmulator, delay, reset, throttle, unavailable
from tests.integration.graph.conftest import BOARD, MakeTarget, Sleeps

LIST = "Saksoversikt"
KEY = "Saksnummer"
COLUMNS = [
    Column(KEY),
    Column("Tilstand"),
    Column("Kostnad", "number"),
    Column("Lenke", "url"),
    Column("Endret", "dateTime"),
]


def rows(n: int, state: str = "innsendt") -> list[ListItem]:
    return [
        ListItem(
            f"2027/{i:03d}",
            {"Tilstand": state, "Kostnad": i * 1000, "Lenke": f"https://example.org/sak/{i}"},
        )
        for i in range(1, n + 1)
    ]


async def test_the_list_is_created_with_its_columns_once(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    target = make_target()
    assert await target.upsert_list_items(LIST, KEY, COLUMNS, rows(3)) == 3
    assert await target.upsert_list_items(LIST, KEY, COLUMNS, rows(3)) == 3
    await make_target().upsert_list_items(LIST, KEY, [*COLUMNS, Column("Rang", "number")], rows(1))

    board = emulator.list_named(BOARD, LIST)
    assert list(board.columns) == ["Title", KEY, "Tilstand", "Kostnad", "Lenke", "Endret", "Rang"]
    assert board.columns[KEY]["indexed"] and board.columns[KEY]["enforceUniqueValues"]
    assert emulator.count("createList") == 1 and emulator.count("createColumn") == 1
    assert emulator.count("siteRoot") == 2  # once per target
    assert board.created == 3 and len(board.items) == 3


async def test_500_items_are_created_once_and_a_second_run_only_updates(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    target = make_target()
    assert await target.upsert_list_items(LIST, KEY, COLUMNS, rows(500)) == 500
    first_run = emulator.http_requests()
    assert await target.upsert_list_items(LIST, KEY, COLUMNS, rows(500, "vedtatt")) == 500

    board = emulator.list_named(BOARD, LIST)
    assert board.created == 500 and board.updated == 500 and len(board.items) == 500
    assert {f["Tilstand"] for f in board.items.values()} == {"vedtatt"}
    assert sorted(f[KEY] for f in board.items.values()) == [i.key for i in rows(500)]
    assert first_run == 1 + 2 + 50  # site, find + create list, 25 look-up and 25 write batches
    assert emulator.http_requests() - first_run == 50
    assert emulator.count("createItem") == 500 and emulator.count("updateItem") == 500


async def test_batch_needs_at_most_a_fifteenth_of_the_requests(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    await make_target().upsert_list_items(LIST, KEY, COLUMNS, rows(500))
    batched = emulator.http_requests()
    emulator.log.clear()
    await make_target(use_batch=False).upsert_list_items("Saksoversikt 2", KEY, COLUMNS, rows(500))
    single = emulator.http_requests()

    print(
        f"\n500 items: $batch {batched} requests, one per item {single}, "
        f"ratio 1/{single / batched:.1f}"
    )
    assert single == 1 + 2 + 1000 and batched * 15 <= single


async def test_throttled_sub_requests_and_batches_end_with_each_row_once(
    emulator: GraphEmulator, make_target: MakeTarget, sleeps: Sleeps
) -> None:
    emulator.arm("siteRoot", throttle(2))
    emulator.arm("batch", PASS, throttle(6), PASS, unavailable(), reset())
    emulator.arm("createItem", throttle(3), throttle(3), PASS, unavailable(), throttle(9))
    emulator.arm("items", unavailable(), PASS, throttle(1))
    emulator.arm("updateItem", throttle(4))
    target = make_target()
    assert await target.upsert_list_items(LIST, KEY, COLUMNS, rows(45)) == 45
    assert await target.upsert_list_items(LIST, KEY, COLUMNS, rows(45, "vedtatt")) == 45

    board = emulator.list_named(BOARD, LIST)
    assert len(board.items) == 45 and board.created == 45 and board.updated == 45
    for honoured in (2.0, 6.0, 9.0, 4.0):
        assert honoured in sleeps.asked


async def test_a_create_whose_answer_was_lost_is_not_created_again(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    emulator.arm("batch", PASS, delay(1.5))  # the write batch is done, its answer comes late
    target = make_target(request_timeout=0.5)
    assert await target.upsert_list_items(LIST, KEY, COLUMNS, rows(20)) == 20

    board = emulator.list_named(BOARD, LIST)
    assert len(board.items) == 20 and board.created == 20 and board.updated == 20


async def test_an_unknown_field_is_a_clear_error(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    item = ListItem("2027/001", {"Ukjent": "x"})
    with pytest.raises(PublishError, match="not recognized") as raised:
        await make_target().upsert_list_items(LIST, KEY, COLUMNS, [item])
    assert not raised.value.retryable


async def test_a_site_id_from_settings_skips_the_group_lookup(
    emulator: GraphEmulator, make_target: MakeTarget
) -> None:
    target = make_target(board_site_id=emulator.sites[BOARD], board_team_id=None)
    await target.upsert_list_items(LIST, KEY, COLUMNS, rows(2))
    assert emulator.count("siteRoot") == 0
