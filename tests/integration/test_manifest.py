"""The Teams app package: ``samstyre manifest build`` as a real process, the result validated
offline against the v1.30 schemas bundled in @microsoft/app-manifest (node), the icons checked
with Pillow, and the command menus checked against the parser they come from.

Needs node and the npm packages (``npm ci``); without them these tests fail, they do not skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from appmanifest import make_icons
from appmanifest.manifest import (
    BOT_ID_VARIABLE,
    DEFAULT_APP_ID,
    PackageSettings,
    localization,
    manifest,
)
from bot.catalogue import Arg, Menu, Parsed, menu, parse
from governance.domain.organisation import Mandate
from tests.integration.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / "appmanifest" / "validate.mjs"
BOT_ID = "00000000-0000-4000-8000-0000000000c2"
PACKAGE_FILES = {"manifest.json", "en.json", "color.png", "outline.png"}


def node() -> str:
    path = shutil.which("node")
    assert path, "node is not on PATH: install Node.js 20+ to validate the app package"
    assert (ROOT / "node_modules" / "@microsoft" / "app-manifest").is_dir(), (
        "node_modules/@microsoft/app-manifest is missing: run `npm ci` in the repository root"
    )
    return path


def build(
    out: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``samstyre manifest build`` in a fresh process, without the caller's Samstyre settings."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSTYRE_", "CONNECTIONS__"))}
    return run_cli("manifest", "build", "--out", str(out), *args, env={**base, **(env or {})})


def unpack(done: subprocess.CompletedProcess[str], into: Path) -> Path:
    assert done.returncode == 0, done.stderr
    package = Path(done.stdout.strip())
    assert package.is_file() and package.suffix == ".zip"
    with zipfile.ZipFile(package) as archive:
        assert set(archive.namelist()) == PACKAGE_FILES  # all at the root
        archive.extractall(into)
    return into


def validate(folder: Path) -> dict[str, list[str]]:
    done = subprocess.run(
        [node(), str(VALIDATOR), str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, list[str]] = json.loads(done.stdout)
    return report


def read(folder: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    return unpack(build(out / "zip", "--bot-id", BOT_ID), out / "files")


def test_the_package_is_valid_against_the_bundled_v1_30_schemas(package: Path) -> None:
    assert validate(package) == {"manifest.json": [], "en.json": []}


def test_the_validator_reports_schema_errors(package: Path, tmp_path: Path) -> None:
    broken = shutil.copytree(package, tmp_path / "broken")
    data = read(broken, "manifest.json")
    data["accentColor"] = "blue"
    (broken / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    english = read(broken, "en.json")
    english["name.short"] = "x" * 31
    (broken / "en.json").write_text(json.dumps(english), encoding="utf-8")
    report = validate(broken)
    assert any("/accentColor" in error for error in report["manifest.json"])
    assert any("/name.short" in error for error in report["en.json"])


def test_the_manifest_declares_one_bot_in_three_scopes_in_bokmal(package: Path) -> None:
    data = read(package, "manifest.json")
    assert data["$schema"] == (
        "https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.schema.json"
    )
    assert data["manifestVersion"] == "1.30"
    assert data["version"] == version("samstyre")
    assert data["id"] == DEFAULT_APP_ID
    assert data["localizationInfo"] == {
        "defaultLanguageTag": "nb-NO",
        "additionalLanguages": [{"languageTag": "en", "file": "en.json"}],
    }
    (bot,) = data["bots"]
    assert bot["botId"] == BOT_ID
    assert bot["scopes"] == ["personal", "team", "groupChat"]
    assert bot["supportsFiles"] is False
    assert "ROR-IKT" in data["description"]["full"]
    assert "Bestillerutvalget" in data["description"]["full"]
    assert data["description"]["short"].startswith("IKT-forslag")
    assert data["validDomains"] == []
    assert "webApplicationInfo" not in data


def test_icons_have_the_sizes_teams_requires_and_the_outline_is_white_on_transparent(
    package: Path,
) -> None:
    with Image.open(package / "color.png") as color:
        assert color.format == "PNG" and color.size == (192, 192)
    with Image.open(package / "outline.png") as outline:
        assert outline.format == "PNG" and outline.size == (32, 32)
        rgba = outline.convert("RGBA")
        pixels = [rgba.getpixel((x, y)) for x in range(32) for y in range(32)]
    visible = [pixel for pixel in pixels if isinstance(pixel, tuple) and pixel[3] > 0]
    assert all(pixel[:3] == (255, 255, 255) for pixel in visible), "outline must be white only"
    assert any(isinstance(p, tuple) and p[3] == 0 for p in pixels), "background not transparent"
    assert any(pixel[3] == 255 for pixel in visible)


def test_the_committed_icons_are_what_make_icons_draws() -> None:
    for name, drawn in (
        ("color.png", make_icons.color_icon()),
        ("outline.png", make_icons.outline_icon()),
    ):
        with Image.open(ROOT / "appmanifest" / name) as committed:
            assert committed.convert("RGBA").tobytes() == drawn.convert("RGBA").tobytes(), (
                f"appmanifest/{name} is stale: run .venv/bin/python -m appmanifest.make_icons"
            )


def commands(data: Mapping[str, Any]) -> list[tuple[int, int, dict[str, str]]]:
    return [
        (list_index, position, command)
        for list_index, command_list in enumerate(data["bots"][0]["commandLists"])
        for position, command in enumerate(command_list["commands"])
    ]


def test_command_menus_fit_teams_limits(package: Path) -> None:
    data = read(package, "manifest.json")
    lists = data["bots"][0]["commandLists"]
    assert 1 <= len(lists) <= 3
    assert [entry["scopes"] for entry in lists] == [["personal"], ["team", "groupChat"]]
    english = read(package, "en.json")
    for list_index, position, command in commands(data):
        assert len(lists[list_index]["commands"]) <= 12
        prefix = f"bots[0].commandLists[{list_index}].commands[{position}]"
        for title, description in (
            (command["title"], command["description"]),
            (english[f"{prefix}.title"], english[f"{prefix}.description"]),
        ):
            assert 0 < len(title) <= 32, title
            assert 0 < len(description) <= 128, description


def test_every_menu_command_parses_in_both_languages(package: Path) -> None:
    """A menu title puts the command into the compose box; with its argument it must parse."""
    data, english = read(package, "manifest.json"), read(package, "en.json")
    for list_index, position, command in commands(data):
        prefix = f"bots[0].commandLists[{list_index}].commands[{position}]"
        for locale, title in (("nb", command["title"]), ("en", english[f"{prefix}.title"])):
            spec = getattr(parse(title), "spec", None)
            assert spec is not None, f"{locale} menu title {title!r} is not a command"
            argument = {Arg.NUMBER: " 12", Arg.LOCALE: " nn"}.get(spec.arg, "")
            complete = parse(title + argument)
            assert isinstance(complete, Parsed), (title, complete)
            assert complete.spec.key == spec.key, title
            assert title == spec.names(locale)[0]


def test_menus_are_generated_from_the_catalogue(package: Path) -> None:
    lists = read(package, "manifest.json")["bots"][0]["commandLists"]
    scopes: tuple[Menu, ...] = ("personal", "group")
    for command_list, scope in zip(lists, scopes, strict=True):
        titles = [command["title"] for command in command_list["commands"]]
        assert titles == [spec.names("nb")[0] for spec in menu(scope)]
    personal, group = ([c["title"] for c in entry["commands"]] for entry in lists)
    assert personal[:3] == ["hjelp", "nytt forslag", "mine forslag"]
    assert {"start avstemning", "avslutt avstemning"} <= set(group)


def test_a_missing_bot_id_is_explained_in_one_line(tmp_path: Path) -> None:
    done = build(tmp_path)
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert BOT_ID_VARIABLE in done.stderr and "--bot-id" in done.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("env", "args", "complaint"),
    [
        ({BOT_ID_VARIABLE: "not-a-guid"}, (), "is not a GUID"),
        ({"SAMSTYRE_TEAMS_APP_ID": "app"}, ("--bot-id", BOT_ID), "SAMSTYRE_TEAMS_APP_ID"),
        (
            {"SAMSTYRE_PUBLIC_HOST": "https://x.example/"},
            ("--bot-id", BOT_ID),
            "SAMSTYRE_PUBLIC_HOST",
        ),
        ({}, ("--bot-id", BOT_ID, "--config", "config/none.yaml"), "config/none.yaml"),
    ],
)
def test_wrong_settings_are_refused_in_one_line(
    tmp_path: Path, env: dict[str, str], args: tuple[str, ...], complaint: str
) -> None:
    done = build(tmp_path, *args, env=env)
    assert done.returncode != 0
    assert complaint in done.stderr
    assert "Traceback" not in done.stderr


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    env = {
        BOT_ID_VARIABLE: BOT_ID,
        "SAMSTYRE_TEAMS_APP_ID": "11111111-2222-4333-8444-555555555555",
        "SAMSTYRE_PUBLIC_HOST": "samstyre.ror-ikt.example",
    }
    files = unpack(build(tmp_path / "zip", env=env), tmp_path / "files")
    data = read(files, "manifest.json")
    assert data["id"] == env["SAMSTYRE_TEAMS_APP_ID"]
    assert data["bots"][0]["botId"] == BOT_ID
    assert data["validDomains"] == ["samstyre.ror-ikt.example"]
    assert data["developer"]["websiteUrl"] == "https://samstyre.ror-ikt.example/"
    assert validate(files) == {"manifest.json": [], "en.json": []}


def test_another_cooperation_needs_no_code_change(tmp_path: Path) -> None:
    done = build(tmp_path / "zip", "--bot-id", BOT_ID, "--config", "config/fartt.yaml")
    files = unpack(done, tmp_path / "files")
    assert Path(done.stdout.strip()).name == f"samstyre-fartt-{version('samstyre')}.zip"
    data = read(files, "manifest.json")
    assert "IKT Fjellregionen" in data["description"]["full"]
    assert len(data["developer"]["name"]) <= 32
    assert validate(files) == {"manifest.json": [], "en.json": []}


def test_the_english_file_translates_what_the_manifest_says(ror_mandate: Mandate) -> None:
    settings = PackageSettings.from_env({}, ror_mandate, bot_id=BOT_ID)
    data, english = manifest(settings), localization(settings, "en")
    assert english["name.short"] == data["name"]["short"] == "Samstyre"
    assert english["description.short"] != data["description"]["short"]
    assert english["bots[0].commandLists[0].commands[0].title"] == "help"
    titles = [key for key in english if key.endswith(".title")]
    assert len(titles) == len(commands(data))
