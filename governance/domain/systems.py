"""Systems inventory: line-of-business systems and their integrations (mandate rule 7).

Holds the ``System`` and ``Integration`` aggregates, the read-only ``Inventory`` built from lists
of them (who owns what, what integrates with what, which functions are covered, which
municipality uses what, free-text search), and ``check_integration``, the rule a new integration
must pass. Text matching ignores case and diacritics (``fold_text``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from governance.domain.errors import InvalidInput, InvalidTransition, NotFound
from governance.domain.messages import N_
from governance.domain.organisation import IntegrationSpec, SystemSpec

# Letters NFKD does not decompose: fold them to what a keyboard without them would type.
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "đ": "d", "þ": "th", "ł": "l"})


# Norwegian alphabetical order puts æ, ø, å after z: map them to the characters after "z".
_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sort_key(text: str) -> str:
    """Key for Norwegian alphabetical order, ignoring case and other diacritics."""
    return _strip_marks(text.casefold().translate(_NORWEGIAN_ORDER))


def fold_text(text: str) -> str:
    """Lower-case ``text`` and strip diacritics: "Økonomi Årsoppgjør" -> "okonomi arsoppgjor"."""
    return _strip_marks(text.casefold().translate(_LETTERS))


@dataclass(eq=False)
class System:
    """A fagsystem: ``key`` is a stable slug; ``owner_body`` the group that owns it."""

    key: str
    name: str
    vendor: str = ""
    functions: list[str] = field(default_factory=list)
    owner_body: str | None = None
    municipalities: list[str] = field(default_factory=list)
    retired_at: datetime | None = None
    id: int | None = None

    @classmethod
    def from_spec(cls, spec: SystemSpec) -> System:
        """A system as declared in the mandate file."""
        return cls(
            key=spec.id,
            name=spec.name,
            vendor=spec.vendor,
            functions=list(spec.functions),
            owner_body=spec.owner,
            municipalities=list(spec.municipalities),
        )

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def retire(self, at: datetime) -> None:
        """Mark the system as no longer in use; it stays in the inventory as history."""
        if self.retired_at is not None:
            raise InvalidTransition(
                "system.already_retired", N_("System {key} is already retired."), key=self.key
            )
        self.retired_at = at

    def haystack(self) -> str:
        """Folded text that ``Inventory.search`` looks in: name, vendor and functions."""
        return fold_text(" ".join([self.name, self.vendor, *self.functions]))


@dataclass(eq=False)
class Integration:
    """A directed integration from one system to another, by system key."""

    source: str
    target: str
    description: str = ""
    id: int | None = None

    @classmethod
    def from_spec(cls, spec: IntegrationSpec) -> Integration:
        return cls(source=spec.source, target=spec.target, description=spec.description)

    def touches(self, system_key: str) -> bool:
        return system_key in (self.source, self.target)


class Inventory:
    """Read-only queries over the systems and integrations of one cooperation (mandate rule 7).

    Queries that list systems leave retired ones out unless ``include_retired`` is set; results
    are sorted by name in Norwegian alphabetical order.
    """

    def __init__(self, systems: Iterable[System], integrations: Iterable[Integration] = ()) -> None:
        self._systems: dict[str, System] = {}
        for system in systems:
            if system.key in self._systems:
                raise InvalidInput(
                    "system.duplicate_key", N_("Two systems share the key {key}."), key=system.key
                )
            self._systems[system.key] = system
        self._integrations = list(integrations)

    def get(self, key: str) -> System:
        try:
            return self._systems[key]
        except KeyError:
            raise NotFound("system.not_found", N_("Unknown system: {key}."), key=key) from None

    def systems(self, include_retired: bool = False) -> list[System]:
        return self._select(lambda _: True, include_retired)

    def integrations(self) -> list[Integration]:
        return list(self._integrations)

    def owned_by(self, body_id: str, include_retired: bool = False) -> list[System]:
        return self._select(lambda s: s.owner_body == body_id, include_retired)

    def used_by(self, municipality: str, include_retired: bool = False) -> list[System]:
        return self._select(lambda s: municipality in s.municipalities, include_retired)

    def covering(self, function_substring: str, include_retired: bool = False) -> list[System]:
        """Systems with a function whose name contains the text (case/diacritics ignored)."""
        needle = fold_text(function_substring.strip())
        if not needle:
            return []
        return self._select(
            lambda s: any(needle in fold_text(f) for f in s.functions), include_retired
        )

    def search(self, text: str, include_retired: bool = False) -> list[System]:
        """Systems whose name, vendor or functions contain every word of ``text``."""
        words = fold_text(text).split()
        if not words:
            return []
        return self._select(lambda s: all(w in s.haystack() for w in words), include_retired)

    def integrations_of(self, system_key: str) -> list[Integration]:
        """Integrations in which the system is source or target."""
        self.get(system_key)
        return [i for i in self._integrations if i.touches(system_key)]

    def integrates_with(self, system_key: str, include_retired: bool = False) -> list[System]:
        """The systems at the other end of the system's integrations (either direction)."""
        others = {
            i.target if i.source == system_key else i.source
            for i in self.integrations_of(system_key)
        }
        return self._select(lambda s: s.key in others, include_retired)

    def _select(self, keep: Callable[[System], bool], include_retired: bool) -> list[System]:
        chosen = [
            s for s in self._systems.values() if keep(s) and (include_retired or not s.is_retired)
        ]
        return sorted(chosen, key=lambda s: (sort_key(s.name), s.key))


def check_integration(inventory: Inventory, source: str, target: str) -> None:
    """Refuse an integration to or from an unknown or retired system, to itself, or twice."""
    systems = (inventory.get(source), inventory.get(target))
    if source == target:
        raise InvalidInput("system.self_integration", N_("A system cannot integrate with itself."))
    for system in systems:
        if system.is_retired:
            raise InvalidInput("system.retired", N_("System {key} is retired."), key=system.key)
    if any(i.source == source and i.target == target for i in inventory.integrations()):
        raise InvalidInput(
            "system.integration_exists",
            N_("{source} already integrates with {target}."),
            source=source,
            target=target,
        )
