"""Persistence of the core (SQLAlchemy 2, async), one module per aggregate: its tables, their
mapping onto the domain and its repository (``proposals``, ``votes``, ``meetings``, ``audit``,
``groups``, ``systems``, ``rankings``, ``plans``, ``tasks``, ``conversations``, ``outbox``,
``reports``, ``elections``), on ``base`` (the metadata, column types, the generic repository);
``mapping`` maps them all, ``uow`` is the unit of work, ``migrations`` the Alembic scripts."""
