"""What every aggregate's store module shares: the metadata (with its naming convention), the
mapper registry, column helpers and types that behave the same on SQLite and PostgreSQL, and the
generic repository."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import JSON, Column, DateTime, Enum, Integer, MetaData, String, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import registry
from sqlalchemy.types import TypeDecorator

from governance.domain.errors import NotFound
from governance.i18n import N_

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


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UtcDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class DecimalText(TypeDecorator[Decimal]):
    """Exact decimals stored as text (SQLite has no decimal type; floats would round)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class DateList(TypeDecorator[list[date]]):
    """A list of dates stored as a JSON array of ISO dates; assign a new list to change it."""

    impl = JSON()
    cache_ok = True

    def process_bind_param(self, value: list[date] | None, dialect: Dialect) -> list[str] | None:
        return None if value is None else [d.isoformat() for d in value]

    def process_result_value(self, value: Any, dialect: Dialect) -> list[date] | None:
        return None if value is None else [date.fromisoformat(str(v)) for v in value]


T = TypeVar("T")


class SqlRepository(Generic[T]):
    """Generic access to one mapped aggregate class."""

    model: type[Any]
    not_found_code = "not_found"
    not_found_message = N_("Not found: {id}.")

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, obj: T) -> None:
        self.session.add(obj)

    async def get(self, obj_id: int) -> T:
        obj = await self.session.get(self.model, obj_id, populate_existing=True)
        if obj is None:
            raise NotFound(self.not_found_code, self.not_found_message, id=obj_id)
        return obj  # type: ignore[no-any-return]

    async def many(self, ids: Iterable[int]) -> dict[int, T]:
        """Each of ``ids`` that exists, read in one query (500 ids a statement at the most);
        a missing id raises ``NotFound`` as ``get`` would."""
        wanted = sorted(set(ids))
        column = getattr(self.model, "id")  # noqa: B009  (mapped imperatively, unknown to mypy)
        found: dict[int, T] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for obj in await self.where(column.in_(chunk)):
                found[obj.id] = obj  # type: ignore[attr-defined]
        for obj_id in wanted:
            if obj_id not in found:
                raise NotFound(self.not_found_code, self.not_found_message, id=obj_id)
        return found

    async def where(self, *criteria: Any, order_by: Sequence[Any] = ()) -> list[T]:
        stmt = select(self.model).where(*criteria).order_by(*order_by)
        return list((await self.session.scalars(stmt)).all())

    async def flush(self) -> None:
        await self.session.flush()
