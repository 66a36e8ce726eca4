"""Fixtures of the end-to-end tests: the running stack and a page of the Agents Playground in
Debian's Chromium (Playwright with ``executable_path``; browsers are never downloaded)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page, Route, async_playwright

from tests.e2e.stack import PLAYGROUND_CONFIG, ROOT, Stack, missing_tools, running_stack

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost")


@pytest.fixture
def playground_config() -> Path:
    """The Playground's mock Teams data; a test module overrides it to meet other people."""
    return PLAYGROUND_CONFIG


@pytest.fixture
def stack(tmp_path: Path, playground_config: Path) -> Iterator[Stack]:
    problem = missing_tools()
    if problem:
        pytest.fail(f"cannot run the end-to-end tests: {problem}", pytrace=False)
    with running_stack(tmp_path, playground_config) as running:
        yield running


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Path:
    """Where this test's screenshots go (kept by CI with the other test artifacts)."""
    name: str = request.node.name  # node is typed Any by pytest
    folder = ROOT / "test-artifacts" / "e2e" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def _local_only(route: Route) -> None:
    if route.request.url.startswith(LOCAL):
        await route.continue_()
    else:  # the Playground's page asks Office CDNs for fonts; nothing leaves this machine
        await route.abort()


@pytest.fixture
async def page(stack: Stack) -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        context = await browser.new_context(
            viewport={"width": 1400, "height": 1000}, locale="nb-NO"
        )
        await context.route("**/*", _local_only)
        page = await context.new_page()
        await page.goto(stack.playground_url)
        yield page
        await browser.close()
