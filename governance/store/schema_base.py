"""The shared metadata, mapper registry and column helpers of every table module."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, Column, Enum, Integer, MetaData
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import registry

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)
mapper_registry = registry(metadata=metadata)


def enum_column(cls: type[enum.Enum]) -> Enum:
    """A portable enum column storing the members' values as text."""
    return Enum(
        cls,
        native_enum=False,
        length=40,
        validate_strings=True,
        values_callable=lambda e: [m.value for m in e],
    )


def json_dict() -> Any:
    """A JSON object column whose in-place changes are tracked."""
    return MutableDict.as_mutable(JSON())


def json_list() -> Any:
    """A JSON array column whose in-place changes are tracked."""
    return MutableList.as_mutable(JSON())


def pk() -> Column[int]:
    return Column("id", Integer, primary_key=True, autoincrement=True)
