"""The ``samstyre`` command line: config check, db upgrade, demo, overview, calendar, audit,
manifest build.

Exit status 0 on success; otherwise non-zero with a one-line reason on stderr (English, for
operators). Text meant for committee members goes through the message catalogue.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable, Coroutine, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from appmanifest.manifest import ManifestError, PackageSettings, build_package
from exports import overview
from exports.calendar_entries import CalendarEntry, calendar_entries, render_table
from exports.calendar_ics import write_calendars
from governance.config import ConfigErrors, load_mandate, summarise
from governance.domain.errors import DomainError
from governance.domain.organisation import Mandate
from governance.i18n import LOCALES, translate_error
from governance.services import audit as audit_service
from samstyre.bootstrap import (
    NotReady,
    OtherCooperation,
    application,
    database,
    display_url,
    readers,
)
from samstyre.settings import database_of

DEFAULT_CONFIG = "config/ror-ikt.yaml"
DEFAULT_PACKAGE_DIR = "build/appPackage"


YEARS = range(2000, 2101)


class CliError(Exception):
    """A failure explained to the operator in one line."""


class UsageError(CliError):
    """Bad input from the operator (exit status 2), explained in one line."""


Environ = Mapping[str, str]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samstyre", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    config = commands.add_parser("config", help="mandate files").add_subparsers(
        dest="action", required=True
    )
    config.add_parser("check", help="validate a mandate YAML file").add_argument("file")
    db = commands.add_parser("db", help="database").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="migrate the database (DATABASE_URL) to the newest schema")
    demo = commands.add_parser("demo", help="fill the database with an example history")
    demo.add_argument("--config", default=DEFAULT_CONFIG)
    view = commands.add_parser("overview", help="coming meetings and annual-cycle tasks")
    view.add_argument("--config", default=DEFAULT_CONFIG)
    view.add_argument("--lang", choices=LOCALES, default=None)
    calendar = commands.add_parser(
        "calendar", help="the year's meetings, deadlines and notices, from the mandate file"
    )
    calendar.add_argument("year", help=f"the year ({YEARS.start}-{YEARS.stop - 1})")
    calendar.add_argument("--config", default=DEFAULT_CONFIG)
    calendar.add_argument("--lang", choices=LOCALES, default=None)
    calendar.add_argument(
        "--ics",
        metavar="DIR",
        default=None,
        help="write one iCalendar file per body (<body id>.ics) into DIR",
    )
    serve = commands.add_parser("serve", help="run the Teams bot (POST /api/messages)")
    serve.add_argument("--config", default=DEFAULT_CONFIG)
    serve.add_argument("--port", type=int, default=3978)
    serve.add_argument(
        "--local",
        action="store_true",
        help="no Entra credentials: anonymous, for the local Agents Playground only",
    )
    worker = commands.add_parser(
        "worker", help="run the annual cycle's scheduler alone (no HTTP server)"
    )
    worker.add_argument("--config", default=DEFAULT_CONFIG)
    worker.add_argument(
        "--local",
        action="store_true",
        help="post to a local emulator without Microsoft credentials",
    )
    box = commands.add_parser(
        "outbox", help="what waits to leave: publications, the bot's messages, notices"
    )
    box_actions = box.add_subparsers(dest="action", required=True)
    box_list = box_actions.add_parser(
        "list", help="list deliveries (pending, failed, done, skipped)"
    )
    box_list.add_argument("--failed", action="store_true", help="only those set aside")
    box_list.add_argument("--config", default=DEFAULT_CONFIG)
    box_retry = box_actions.add_parser("retry", help="send a set-aside publication again")
    box_retry.add_argument("id", type=int)
    box_retry.add_argument("--config", default=DEFAULT_CONFIG)
    publish = commands.add_parser("publish", help="publish on demand").add_subparsers(
        dest="action", required=True
    )
    status = publish.add_parser("status", help="queue a status report for the board now")
    status.add_argument("--config", default=DEFAULT_CONFIG)
    audit = commands.add_parser("audit", help="the audit log").add_subparsers(
        dest="action", required=True
    )
    audit.add_parser("verify", help="check the SHA-256 chain of the audit log")
    export = audit.add_parser("export", help="write the audit log as JSON Lines")
    export.add_argument("--out", default="-", help="file to write (default: standard output)")
    app_package = commands.add_parser("manifest", help="the Teams app package").add_subparsers(
        dest="action", required=True
    )
    build = app_package.add_parser(
        "build", help="build the Teams app package (zip: manifest.json, en.json, icons)"
    )
    build.add_argument(
        "--config",
        default=DEFAULT_CONFIG,
        help="mandate file; its cooperation's name appears in the descriptions",
    )
    build.add_argument("--out", default=DEFAULT_PACKAGE_DIR, help="folder to write the zip into")
    build.add_argument(
        "--bot-id",
        default=None,
        help="the bot's Entra app client id (default: "
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID)",
    )
    return parser


def main(argv: Sequence[str] | None = None, environ: Environ | None = None) -> int:
    """Run one command. The command line is the process's edge: the environment is read here,
    once (``environ`` stands in for it), and every command gets it as a mapping."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    environ = dict(os.environ) if environ is None else dict(environ)
    handler = _HANDLERS[(args.command, getattr(args, "action", None))]
    try:
        return asyncio.run(handler(args, environ))
    except ConfigErrors as errors:
        print(str(errors), file=sys.stderr)
        return 2
    except DomainError as error:
        print(f"samstyre: {translate_error(error, 'en')}", file=sys.stderr)
    except (UsageError, OtherCooperation) as error:
        print(f"samstyre: {error}", file=sys.stderr)
        return 2
    except (CliError, ManifestError, NotReady, OSError) as error:
        print(f"samstyre: {error}", file=sys.stderr)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        where = display_url(database_of(environ))
        print(f"samstyre: database error at {where}: {reason}", file=sys.stderr)
    except Exception as error:  # the last line of defence: one line, never a traceback
        logging.getLogger("samstyre").debug("unexpected error", exc_info=True)
        print(f"samstyre: unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
    return 1


async def _config_check(args: argparse.Namespace, environ: Environ) -> int:
    print(summarise(load_mandate(args.file)))
    return 0


async def _db_upgrade(_args: argparse.Namespace, environ: Environ) -> int:
    url = database_of(environ)
    async with database(url, migrate=True):
        print(f"database at {display_url(url)} is at the newest schema")
    return 0


async def _demo(args: argparse.Namespace, environ: Environ) -> int:
    from demo.history import load_demo

    async with application(args.config, database_url=database_of(environ)) as app:
        print(await load_demo(app.context))
    return 0


async def _overview(args: argparse.Namespace, environ: Environ) -> int:
    async with application(args.config, database_url=database_of(environ), writes=False) as app:
        print(await overview.render(app.context, args.lang or app.context.mandate.locale))
    return 0


async def _calendar(args: argparse.Namespace, environ: Environ) -> int:
    year = _year(args.year)
    mandate = _mandate(args.config)
    locale = args.lang or mandate.locale
    entries = calendar_entries(mandate, year, locale)
    if args.ics is None:
        print(render_table(mandate, year, entries, locale))
        return 0
    written = await asyncio.to_thread(_export, mandate, year, entries, locale, Path(args.ics))
    for path in written:
        print(f"wrote {path}")
    return 0


def _export(
    mandate: Mandate, year: int, entries: list[CalendarEntry], locale: str, folder: Path
) -> list[Path]:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--ics {folder} is a file, not a folder")
    try:
        return write_calendars(mandate, year, entries, locale, folder, datetime.now(UTC))
    except OSError as error:
        raise CliError(
            f"cannot write the calendars to {folder}: {error.strerror or error}"
        ) from None


def _year(text: str) -> int:
    if text.isascii() and text.isdigit() and int(text) in YEARS:
        return int(text)
    raise UsageError(
        f"the year must be a number from {YEARS.start} to {YEARS.stop - 1}, not {text!r}"
    )


def _mandate(path: str) -> Mandate:
    """The mandate file, or one line naming its first problem."""
    try:
        return load_mandate(path)
    except ConfigErrors as errors:
        first, more = str(errors.errors[0] if errors.errors else errors), len(errors.errors) - 1
        hint = f" (and {more} more; see `samstyre config check {path}`)" if more else ""
        raise UsageError(f"bad mandate file {first}{hint}") from None


async def _serve(args: argparse.Namespace, environ: Environ) -> int:
    from samstyre.serve import serve
    from samstyre.settings import SETTINGS_ERRORS

    logging.getLogger("samstyre").setLevel(logging.INFO)
    try:
        await serve(args.config, environ, port=args.port, local=args.local)
    except SETTINGS_ERRORS as error:
        raise CliError(str(error)) from None
    return 0


async def _worker(args: argparse.Namespace, environ: Environ) -> int:
    from samstyre.serve import work
    from samstyre.settings import SETTINGS_ERRORS

    logging.getLogger("samstyre").setLevel(logging.INFO)
    try:
        await work(args.config, environ, local=args.local)
    except SETTINGS_ERRORS as error:
        raise CliError(str(error)) from None
    return 0


async def _outbox_list(args: argparse.Namespace, environ: Environ) -> int:
    from governance.domain.outbox import DeliveryState
    from governance.services import outbox

    async with application(args.config, database_url=database_of(environ), writes=False) as app:
        items = await outbox.listing(app.context, DeliveryState.FAILED if args.failed else None)
    for item in items:
        line = (
            f"{item.id:>6}  {item.state.value:<9}  {item.attempts:>2}  {item.kind.value:<15}  "
            f"{item.key}"
        )
        print(f"{line}  {item.last_error}" if item.last_error else line)
    if not items:
        print("no publications" + (" set aside" if args.failed else ""))
    return 0


async def _outbox_retry(args: argparse.Namespace, environ: Environ) -> int:
    from governance.services import outbox

    async with application(args.config, database_url=database_of(environ)) as app:
        item = await outbox.retry(app.context, args.id)
    print(f"publication {item.id} ({item.key}) will be sent again")
    return 0


async def _publish_status(args: argparse.Namespace, environ: Environ) -> int:
    from governance.services import outbox

    async with application(args.config, database_url=database_of(environ)) as app:
        item = await outbox.status_report(app.context, "system")
    print(f"status report queued ({item.key}); the serve process delivers it")
    return 0


async def _audit_verify(_args: argparse.Namespace, environ: Environ) -> int:
    async with database(database_of(environ)) as engine:
        count, problems = await audit_service.verify(readers(engine))
    if problems:
        for problem in problems:
            print(f"audit: {problem}", file=sys.stderr)
        raise CliError(f"audit log is NOT intact: {len(problems)} problem(s) in {count} entries")
    print(f"audit log intact: {count} entries")
    return 0


async def _audit_export(args: argparse.Namespace, environ: Environ) -> int:
    async with database(database_of(environ)) as engine:
        entries = await audit_service.export(readers(engine))
    lines = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entries)
    if args.out == "-":
        sys.stdout.write(lines)
    else:
        await asyncio.to_thread(Path(args.out).write_text, lines, encoding="utf-8")
        print(f"wrote {len(entries)} entries to {args.out}", file=sys.stderr)
    return 0


async def _manifest_build(args: argparse.Namespace, environ: Environ) -> int:
    mandate = load_mandate(args.config)
    settings = PackageSettings.from_env(environ, mandate, bot_id=args.bot_id)
    print(await asyncio.to_thread(build_package, settings, Path(args.out)))
    return 0


_HANDLERS: dict[
    tuple[str, str | None], Callable[[argparse.Namespace, Environ], Coroutine[Any, Any, int]]
] = {
    ("config", "check"): _config_check,
    ("db", "upgrade"): _db_upgrade,
    ("demo", None): _demo,
    ("overview", None): _overview,
    ("calendar", None): _calendar,
    ("serve", None): _serve,
    ("worker", None): _worker,
    ("outbox", "list"): _outbox_list,
    ("outbox", "retry"): _outbox_retry,
    ("publish", "status"): _publish_status,
    ("audit", "verify"): _audit_verify,
    ("audit", "export"): _audit_export,
    ("manifest", "build"): _manifest_build,
}

if __name__ == "__main__":
    sys.exit(main())
