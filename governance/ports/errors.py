"""The store's refusals the core can act on; every unit of work raises these instead of a
driver's errors, so the services never import the store."""

from __future__ import annotations


class WriteConflict(Exception):
    """The database refused a write because another transaction came first (a serialization
    failure, a deadlock, SQLite busy past its timeout): the use case may run again, whole."""


class DuplicateKey(Exception):
    """A write broke a unique key (a once-only notice another worker recorded first)."""
