"""Links from a proposal to files in the Teams area (mandate rule 1: the submitter documents the
need, the committee quality-assures it): a title and an address, who added it and when.

Only addresses of the Teams area are taken: ``https`` on a SharePoint Online host
(``<tenant>.sharepoint.com``) or ``teams.microsoft.com``, without a user name, password or other
port. Anything else (a ``javascript:`` or ``http:`` address, a look-alike host) is refused with
the reason, before anything is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from urllib.parse import urlsplit

from governance.domain.errors import InvalidInput
from governance.domain.messages import N_

MAX_TITLE: Final = 200
MAX_URL: Final = 1000  # a SharePoint path is at most 400 characters, sharing links far less
MAX_ATTACHMENTS: Final = 10  # with more, the proposal card no longer fits a Teams message
TEAMS_AREA_SUFFIX: Final = ".sharepoint.com"
TEAMS_AREA_HOSTS: Final = frozenset({"teams.microsoft.com"})
# Host names of letters, digits, hyphens and dots only: a browser reads a backslash as "/"
# ("https://evil.example\\.sharepoint.com" opens evil.example) and percent-decodes a host.
_HOST_NAME: Final = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


@dataclass(eq=False)
class Attachment:
    """A link from a proposal to a file in the Teams area."""

    title: str
    url: str
    added_by: str  # member id, from the caller's identity
    added_at: datetime
    id: int | None = None


def is_teams_area_host(host: str) -> bool:
    """``<name>.sharepoint.com`` (one or more labels before it) or ``teams.microsoft.com``,
    written in letters, digits, hyphens and dots only."""
    name = host.lower()
    if not _HOST_NAME.fullmatch(name):
        return False
    if name in TEAMS_AREA_HOSTS:
        return True
    label = name.removesuffix(TEAMS_AREA_SUFFIX)
    return name.endswith(TEAMS_AREA_SUFFIX) and bool(label) and not label.endswith(".")


def check_title(title: str) -> str:
    value = title.strip()
    if not value:
        raise InvalidInput(
            "attachment.title_required", N_("Give the attachment a title, such as the file name.")
        )
    if len(value) > MAX_TITLE:
        raise InvalidInput(
            "attachment.title_too_long",
            N_("The attachment's title is longer than {limit} characters."),
            limit=MAX_TITLE,
        )
    return value


def check_link(url: str) -> str:
    """The address, if it leads to the Teams area; otherwise the precise reason it is refused."""
    value = url.strip()
    if not value:
        raise InvalidInput("attachment.url_required", N_("Paste the link to the file."))
    if len(value) > MAX_URL or any(c.isspace() or not c.isprintable() for c in value):
        raise InvalidInput(
            "attachment.url_malformed",
            N_("The link is not a web address (at most {limit} characters, no spaces)."),
            limit=MAX_URL,
        )
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise InvalidInput(
            "attachment.url_malformed",
            N_("The link is not a web address (at most {limit} characters, no spaces)."),
            limit=MAX_URL,
        ) from None
    if parts.scheme.lower() != "https":
        raise InvalidInput(
            "attachment.url_not_https",
            N_("The link must start with https:// (it starts with “{start}”)."),
            start=value[:12],
        )
    if parts.username is not None or parts.password is not None or port not in (None, 443):
        raise InvalidInput(
            "attachment.url_credentials",
            N_("The link may not hold a user name, a password or a port."),
        )
    host = parts.hostname or ""
    if not is_teams_area_host(host):
        raise InvalidInput(
            "attachment.url_host",
            N_(
                "Only links to the Teams area (SharePoint, *.sharepoint.com, or "
                "teams.microsoft.com) can be attached, not to {host}."
            ),
            host=host[:100] or "—",
        )
    return value


def new_attachment(title: str, url: str, *, by: str, at: datetime) -> Attachment:
    """A checked attachment, or the refusal of its title or address."""
    return Attachment(check_title(title), check_link(url), by, at)
