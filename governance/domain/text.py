"""Free text as the cooperation stores it: printable characters, tabs and newlines only.

Control characters (U+0000–U+001F but tab and newline, U+007F–U+009F), lone surrogates and the
non-characters U+FFFE/U+FFFF are invisible to a reader, are refused by PostgreSQL (NUL) and by
XML (so by Word documents), and one of them in a stored title once made every later status
report fail. The chat adapter removes them from what people type or paste (``clean_text``); the
use cases refuse text that still holds them (``require_clean_text``), whatever its entry point;
the document renderers clean what they write, so a record stored before these rules can never
block a publication. Carriage returns become newlines.
"""

from __future__ import annotations

import re
from typing import Final

from governance.domain.errors import InvalidInput
from governance.domain.messages import N_

_INVISIBLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINES: Final = re.compile("\r\n?")


def clean_text(value: str) -> str:
    """``value`` without invisible control characters; CRLF and CR become LF."""
    return _INVISIBLE.sub("", _NEWLINES.sub("\n", value))


def is_clean(value: str) -> bool:
    return _INVISIBLE.search(value) is None and "\r" not in value


def require_clean_text(value: str, field: str) -> str:
    """``value`` if it holds only printable characters, tabs and newlines; otherwise the
    refusal names the field (a message id of the field's label, or its name)."""
    if not is_clean(value):
        raise InvalidInput(
            "text.invisible_characters",
            N_(
                "“{field}” contains invisible control characters. Remove them (they often come "
                "along when text is pasted) and try again."
            ),
            field=field,
        )
    return value
