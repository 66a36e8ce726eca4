"""Persistence of the core: SQLAlchemy 2 (async) tables, mapping, unit of work, migrations."""
