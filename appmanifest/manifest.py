"""The Teams app package: ``manifest.json`` (schema v1.30, bokmål by default), its English
localization ``en.json`` and the two icons, zipped for upload to Teams.

The command menus come from ``bot.catalogue`` (one source for the parser, the help card and the
menu). Settings: the Teams app id (``SAMSTYRE_TEAMS_APP_ID``), the bot id (the Agents SDK's
``CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID``, required), the public host name
(``SAMSTYRE_PUBLIC_HOST``) and the package version. Errors are ``ManifestError`` with one line
for the operator.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, Final

from bot.catalogue import Arg, CommandSpec, Menu, menu, usage
from governance.domain.organisation import Mandate
from governance.i18n import N_, translate

MANIFEST_VERSION: Final = "1.30"
_SCHEMAS: Final = f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}"
MANIFEST_SCHEMA: Final = f"{_SCHEMAS}/MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA: Final = f"{_SCHEMAS}/MicrosoftTeams.Localization.schema.json"
DEFAULT_LANGUAGE_TAG: Final = "nb-NO"
ADDITIONAL_LANGUAGES: Final = {"en": "en.json"}  # language tag -> file in the package

APP_ID_VARIABLE: Final = "SAMSTYRE_TEAMS_APP_ID"
BOT_ID_VARIABLE: Final = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"
PUBLIC_HOST_VARIABLE: Final = "SAMSTYRE_PUBLIC_HOST"
# For local use only: an obviously made-up id in the style of the example ids of config/*.yaml.
# Set SAMSTYRE_TEAMS_APP_ID to a GUID of your own before uploading the package to a tenant.
DEFAULT_APP_ID: Final = "00000000-0000-4000-8000-0000000000c1"
PLACEHOLDER_HOST: Final = "samstyre.example"

APP_NAME: Final = "Samstyre"
ACCENT_COLOR: Final = "#1F5C99"  # fjord blue; also the background of color.png
ICON_DIR: Final = Path(__file__).resolve().parent  # the icons sit beside this module
ICONS: Final = {"color": "color.png", "outline": "outline.png"}
BOT_SCOPES: Final = ("personal", "team", "groupChat")
# Command lists of the manifest: which menu of the catalogue, for which Teams scopes.
MENUS: Final[tuple[tuple[Menu, tuple[str, ...]], ...]] = (
    ("personal", ("personal",)),
    ("group", ("team", "groupChat")),
)

# Limits from Microsoft's manifest reference (stricter than the JSON schema for commands).
MAX_COMMANDS: Final = 12
MAX_TITLE: Final = 32
MAX_DESCRIPTION: Final = 128
MAX_DEVELOPER_NAME: Final = 32

_GUID: Final = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_HOST: Final = re.compile(r"(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")

FULL_NAME: Final = N_("Samstyre: governance of {cooperation}")
SHORT_DESCRIPTION: Final = N_(
    "ICT proposals, weighted votes, meetings and the annual cycle in Teams"
)
FULL_DESCRIPTION: Final = N_(
    "Samstyre runs the governance of {cooperation} in Teams, as its mandate describes it. "
    "The municipalities' orderers submit ICT proposals and follow them. The chair "
    "quality-assures them, puts them on the agenda of {committee} and opens the vote; each "
    "municipality votes with its weight, and a matter without agreement goes to the board "
    "automatically. Prioritisation, meetings, minutes, the annual cycle and the inventory of "
    "systems follow the mandate too."
)


class ManifestError(Exception):
    """The package cannot be built; the message says why in one line."""


@dataclass(frozen=True)
class PackageSettings:
    """What the manifest needs besides the command catalogue."""

    app_id: str
    bot_id: str
    version: str
    cooperation: str  # the cooperation's name, from its mandate
    committee: str  # the name of the body that takes proposals and votes
    package_name: str  # file name stem, e.g. samstyre-ror-ikt-0.1.0
    public_host: str | None = None

    @classmethod
    def from_env(
        cls, env: Mapping[str, str], mandate: Mandate, *, bot_id: str | None = None
    ) -> PackageSettings:
        """Settings from environment variables; ``bot_id`` (``--bot-id``) wins over the env."""
        bot = (bot_id or env.get(BOT_ID_VARIABLE, "")).strip()
        if not bot:
            raise ManifestError(
                f"the bot id is missing: set {BOT_ID_VARIABLE} to the client id of the bot's "
                "Entra app registration, or pass --bot-id"
            )
        app = env.get(APP_ID_VARIABLE, "").strip() or DEFAULT_APP_ID
        host = env.get(PUBLIC_HOST_VARIABLE, "").strip() or None
        version = _version()
        committee = next(body.name for body in mandate.bodies if body.id == mandate.committee)
        settings = cls(
            app, bot, version, mandate.name, committee, f"samstyre-{mandate.id}-{version}", host
        )
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse values Teams would refuse, naming the setting."""
        if not _GUID.fullmatch(self.bot_id):
            raise ManifestError(
                f"the bot id {self.bot_id!r} is not a GUID ({BOT_ID_VARIABLE} "
                "or --bot-id: the client id of the bot's Entra app)"
            )
        if not _GUID.fullmatch(self.app_id):
            raise ManifestError(f"{APP_ID_VARIABLE}={self.app_id!r} is not a GUID")
        if self.public_host is not None and not _HOST.fullmatch(self.public_host):
            raise ManifestError(
                f"{PUBLIC_HOST_VARIABLE}={self.public_host!r} is not a host name "
                "(write samstyre.example.no, without https:// or a path)"
            )


def manifest(settings: PackageSettings) -> dict[str, Any]:
    """The app manifest, in bokmål (``nb-NO``, the default language)."""
    host = settings.public_host or PLACEHOLDER_HOST
    texts = _texts(settings, "nb")
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": settings.version,
        "id": settings.app_id,
        "localizationInfo": {
            "defaultLanguageTag": DEFAULT_LANGUAGE_TAG,
            "additionalLanguages": [
                {"languageTag": tag, "file": file} for tag, file in ADDITIONAL_LANGUAGES.items()
            ],
        },
        "developer": {
            "name": settings.cooperation[:MAX_DEVELOPER_NAME],
            "websiteUrl": f"https://{host}/",
            "privacyUrl": f"https://{host}/privacy",
            "termsOfUseUrl": f"https://{host}/terms",
        },
        "name": {"short": texts["name.short"], "full": texts["name.full"]},
        "description": {"short": texts["description.short"], "full": texts["description.full"]},
        "icons": dict(ICONS),
        "accentColor": ACCENT_COLOR,
        "bots": [
            {
                "botId": settings.bot_id,
                "scopes": list(BOT_SCOPES),
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {
                        "scopes": list(scopes),
                        "commands": [_command(spec, "nb") for spec in menu(key)],
                    }
                    for key, scopes in MENUS
                ],
            }
        ],
        "validDomains": [settings.public_host] if settings.public_host else [],
    }


def localization(settings: PackageSettings, locale: str) -> dict[str, Any]:
    """The localization file of ``locale``: names, descriptions and the command menus."""
    texts: dict[str, Any] = {"$schema": LOCALIZATION_SCHEMA, **_texts(settings, locale)}
    for index, (key, _scopes) in enumerate(MENUS):
        for position, spec in enumerate(menu(key)):
            prefix = f"bots[0].commandLists[{index}].commands[{position}]"
            command = _command(spec, locale)
            texts[f"{prefix}.title"] = command["title"]
            texts[f"{prefix}.description"] = command["description"]
    return texts


def build_package(settings: PackageSettings, out_dir: Path, icon_dir: Path = ICON_DIR) -> Path:
    """Write the zip (manifest, localization files and icons at its root) into ``out_dir``."""
    files: dict[str, bytes] = {"manifest.json": _json(manifest(settings))}
    for tag, file in ADDITIONAL_LANGUAGES.items():
        files[file] = _json(localization(settings, tag))
    for file in ICONS.values():
        path = icon_dir / file
        if not path.is_file():
            raise ManifestError(
                f"icon {path} is missing (python -m appmanifest.make_icons draws it)"
            )
        files[file] = path.read_bytes()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{settings.package_name}.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # reproducible
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16  # rw-r--r-- when unpacked
            package.writestr(entry, data)
    return target


def _command(spec: CommandSpec, locale: str) -> dict[str, str]:
    title = spec.names(locale)[0]
    description = translate(spec.description, locale)
    if spec.arg is not Arg.NONE:
        description = f"{description}: {usage(spec, locale)}"
    if len(title) > MAX_TITLE or len(description) > MAX_DESCRIPTION:
        raise ManifestError(f"command {spec.key} is too long for the Teams menu in {locale}")
    return {"title": title, "description": description}


def _texts(settings: PackageSettings, locale: str) -> dict[str, str]:
    params = {"cooperation": settings.cooperation, "committee": settings.committee}
    return {
        "name.short": APP_NAME,
        "name.full": translate(FULL_NAME, locale, **params),
        "description.short": translate(SHORT_DESCRIPTION, locale),
        "description.full": translate(FULL_DESCRIPTION, locale, **params),
    }


def _json(data: Mapping[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _version() -> str:
    try:
        return package_version("samstyre")
    except PackageNotFoundError as error:
        raise ManifestError(
            "samstyre is not installed, so its version is unknown (pip install -e .)"
        ) from error
