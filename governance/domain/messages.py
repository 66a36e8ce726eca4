"""Messages for people, as the core writes them: English msgids marked with ``N_`` (so
``pybabel extract -k N_`` finds them), ``Msg`` for a msgid passed as a parameter of another
message, and the locales Samstyre speaks. Nothing here translates: ``governance.i18n`` does,
with the catalogues, outside the domain."""

from __future__ import annotations

from typing import Final

LOCALES: Final = ("nb", "nn", "en")
DEFAULT_LOCALE: Final = "nb"


def N_(msgid: str) -> str:
    """Mark a string for extraction; it is translated later, when rendered for a reader."""
    return msgid


class Msg(str):
    """A msgid kept untranslated inside parameters, translated when the message is rendered."""

    __slots__ = ()
