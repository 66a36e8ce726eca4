"""The database's refusals the core can act on, as the core's errors (``governance.ports``):
a write conflict (run the use case again) and a broken unique key. Every unit of work raises
these instead of the driver's errors, so the services never import SQLAlchemy."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError

from governance.ports import DuplicateKey, WriteConflict

# PostgreSQL: serialization failure, deadlock; SQLite: locked or busy past the busy timeout.
_RETRYABLE_SQLSTATES = {"40001", "40P01"}
_RETRYABLE_TEXT = ("database is locked", "database table is locked", "SQLITE_BUSY")
_UNIQUE_SQLSTATE = "23505"
_UNIQUE_TEXT = "UNIQUE constraint failed"


def _sqlstate(error: DBAPIError) -> str | None:
    orig = error.orig
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def core_error(error: BaseException) -> Exception | None:
    """The core's error for a driver's ``error``, or ``None`` when the core has none for it."""
    if not isinstance(error, DBAPIError):
        return None
    state, text = _sqlstate(error), str(error.orig)
    if isinstance(error, IntegrityError) and (state == _UNIQUE_SQLSTATE or _UNIQUE_TEXT in text):
        return DuplicateKey(text[:300])
    if state in _RETRYABLE_SQLSTATES or any(t in text for t in _RETRYABLE_TEXT):
        return WriteConflict(text[:300])
    return None
