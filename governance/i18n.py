"""Message catalogues (gettext, managed with Babel): bokmål by default, nynorsk and English.

Source strings (msgids) are English and marked with ``N_`` (from ``governance.domain.messages``,
re-exported here) so ``pybabel extract -k N_`` finds them. Catalogues live in
``governance/locale/<locale>/LC_MESSAGES/samstyre.po`` and are compiled in memory with Babel on
first use, so no build step is needed. The domain marks messages; only this module translates.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path
from typing import Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from governance.domain.errors import DomainError
from governance.domain.messages import DEFAULT_LOCALE, LOCALES, N_, Msg

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAIN",
    "LOCALES",
    "LOCALE_DIR",
    "N_",
    "Msg",
    "normalise_locale",
    "translate",
    "translate_error",
    "translations",
]

DOMAIN: Final = "samstyre"
LOCALE_DIR: Final = Path(__file__).parent / "locale"


def normalise_locale(locale: str | None) -> str:
    """Map ``nb-NO``, ``nn_NO``, ``no``, ``en-GB`` and the like to one of ``LOCALES``."""
    if not locale:
        return DEFAULT_LOCALE
    head = locale.replace("_", "-").split("-")[0].lower()
    if head == "no":
        return "nb"
    return head if head in LOCALES else DEFAULT_LOCALE


@lru_cache(maxsize=len(LOCALES))
def translations(locale: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``locale`` (a missing catalogue falls back to the msgid)."""
    po_path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translate(msgid: str, locale: str | None = None, /, **params: object) -> str:
    """Translate ``msgid`` into ``locale`` and fill its ``{named}`` placeholders.

    Parameters that are ``Msg`` instances are translated too (e.g. a state's label).
    """
    loc = normalise_locale(locale)
    text = translations(loc).gettext(msgid)
    if not params:
        return text
    filled = {
        key: translations(loc).gettext(value) if isinstance(value, Msg) else value
        for key, value in params.items()
    }
    return text.format(**filled)


def translate_error(error: DomainError, locale: str | None = None) -> str:
    """The message of a refusal (its msgid and parameters) in ``locale``."""
    return translate(error.message, locale, **error.params)
