"""Renders cards with Microsoft's Adaptive Cards JavaScript renderer (npm ``adaptivecards``) in
headless Chromium, driven by Playwright: a small page served from a temporary folder on
loopback parses each card, collects the parse and validation events, renders it, and the test
takes a screenshot. Requests to anything but loopback are blocked (and counted).

Text blocks, facts and choice labels are processed as Markdown, as in Teams: the renderer asks
its host for the HTML of each text, and gets markdown-it's (the processor the package itself
falls back on, ``window.markdownit``), rendered beforehand in Python; a text the page was not
given is reported as a problem.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page, Route, sync_playwright

from tests.cards.walk import MARKDOWN

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "node_modules" / "adaptivecards" / "dist"
BUNDLE = "adaptivecards.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FONT = "'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif"
FOREGROUND = {
    "default": {"default": "#252424", "subtle": "#616161"},
    "accent": {"default": "#5b5fc7", "subtle": "#8b8cc7"},
    "good": {"default": "#237b4b", "subtle": "#4f9d6f"},
    "warning": {"default": "#835c00", "subtle": "#a07a1f"},
    "attention": {"default": "#c4314b", "subtle": "#d1677a"},
}
BACKGROUNDS = {  # close to Teams' light theme
    "default": "#ffffff",
    "emphasis": "#f5f5f5",
    "accent": "#e8ebfa",
    "good": "#e7f2da",
    "attention": "#fcf4f6",
    "warning": "#fbf6d9",
}
HOST_CONFIG = {
    "fontFamily": FONT,
    "spacing": {
        "small": 8,
        "default": 12,
        "medium": 16,
        "large": 20,
        "extraLarge": 24,
        "padding": 16,
    },
    "separator": {"lineThickness": 1, "lineColor": "#e0e0e0"},
    "fontSizes": {"small": 12, "default": 14, "medium": 14, "large": 18, "extraLarge": 24},
    "actions": {"maxActions": 5, "buttonSpacing": 8, "actionsOrientation": "Horizontal"},
    "containerStyles": {
        name: {"backgroundColor": colour, "foregroundColors": FOREGROUND}
        for name, colour in BACKGROUNDS.items()
    },
}

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>cards</title>
<link rel="stylesheet" href="adaptivecards.css">
<style>
  body { margin: 0; padding: 16px; background: #f5f5f5;
         font-family: 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
  #host { width: 460px; background: #fff; border: 1px solid #e0e0e0; border-radius: 4px; }
  .ac-pushButton { border: 1px solid #d1d1d1; border-radius: 4px; color: #242424;
                   font-family: inherit; font-weight: 600; }
  .ac-pushButton.style-positive { background: #5b5fc7; color: #fff; border-color: #5b5fc7; }
  .ac-pushButton.style-destructive { background: #fff; color: #c4314b; border-color: #c4314b; }
  .ac-input, .ac-input input, .ac-input textarea, .ac-input select { font-family: inherit; }
</style>
<script src="%(bundle)s"></script>
<script>
window.renderCard = function (payload, hostConfig, markdown) {
  const host = document.getElementById("host");
  host.innerHTML = "";
  const problems = [];
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    if (Object.prototype.hasOwnProperty.call(markdown, text)) {
      result.outputHtml = markdown[text];
      result.didProcess = true;
    } else {
      problems.push("markdown not prepared: " + text);
    }
  };
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
  const context = new AdaptiveCards.SerializationContext();
  card.parse(payload, context);
  const name = (e) => AdaptiveCards.ValidationEvent[e.event];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push("parse " + name(e) + ": " + e.message);
  }
  for (const e of card.validateProperties().validationEvents) {
    problems.push("validate " + name(e) + ": " + e.message);
  }
  const element = card.render();
  if (element) { host.appendChild(element); }
  return {
    problems: problems,
    rendered: host.querySelectorAll(".ac-adaptiveCard").length === 1,
    text: host.innerText,
    buttons: Array.from(host.querySelectorAll("button")).map((b) => b.innerText.trim()),
    inputs: host.querySelectorAll("input, textarea, select").length,
    links: Array.from(host.querySelectorAll("a[href]")).map((a) => a.getAttribute("href")),
    html: host.innerHTML,
  };
};
</script></head>
<body><div id="host"></div></body></html>
"""


@dataclass
class Rendered:
    problems: list[str]
    rendered: bool
    text: str
    buttons: list[str]
    inputs: int
    links: list[str]
    html: str


@dataclass
class CardRenderer:
    page: Page
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def render(self, card: dict[str, Any]) -> Rendered:
        markdown = {text: MARKDOWN.render(text) for text in _strings(card)}
        result = self.page.evaluate(
            "([c, h, m]) => window.renderCard(c, h, m)", [card, HOST_CONFIG, markdown]
        )
        return Rendered(**result)

    def screenshot(self, path: Path) -> bytes:
        path.parent.mkdir(parents=True, exist_ok=True)
        return self.page.locator("#host").screenshot(path=str(path))


def _strings(value: Any) -> Iterator[str]:
    """Every string of the card: the renderer may ask for the Markdown of any of its texts."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def missing_tools() -> str | None:
    """Why the renderer cannot run here, or None."""
    if not (DIST / BUNDLE).is_file():
        return f"{DIST / BUNDLE} is missing: run `npm ci` (package.json pins adaptivecards)"
    if shutil.which("chromium") is None:
        return "chromium is not installed: `apt-get install -y chromium` (Debian's package)"
    return None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _serve(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _loopback_only(renderer: CardRenderer, route: Route) -> None:
    host = urlsplit(route.request.url).hostname
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        renderer.blocked.append(route.request.url)
        route.abort()


@contextmanager
def card_renderer(folder: Path) -> Iterator[CardRenderer]:
    """A page with the renderer loaded, served from ``folder`` on loopback."""
    for name in (BUNDLE, "adaptivecards.css"):
        shutil.copyfile(DIST / name, folder / name)
    (folder / "index.html").write_text(PAGE % {"bundle": BUNDLE}, encoding="utf-8")
    with _serve(folder) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            page = browser.new_page(viewport={"width": 520, "height": 900})
            renderer = CardRenderer(page)
            page.route("**/*", partial(_loopback_only, renderer))
            page.on("pageerror", lambda error: renderer.errors.append(str(error)))
            page.goto(url)
            page.wait_for_function("typeof window.AdaptiveCards !== 'undefined'")
            yield renderer
        finally:
            browser.close()


def card_json(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)
