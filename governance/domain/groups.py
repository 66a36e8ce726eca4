"""Groups of the cooperation and their members over time (mandate rule 6).

Holds the ``Group`` aggregate (faggruppe, utviklingsgruppe, prosjekt-/arbeidsgruppe,
digitaliseringsgruppe) with its ``Membership`` and ``Leadership`` children. Memberships are
history: a replaced member's row is ended, never overwritten, and the successor gets a new row.
Development groups elect a leader every year; the group's dedicated ICT staffer may not lead.

Dates: a membership is active on ``day`` when ``from_date <= day < to_date``; ``to_date`` is the
first day the member is no longer in the group (the successor's ``from_date``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from governance.domain.errors import Forbidden, InvalidInput, InvalidTransition
from governance.domain.messages import N_
from governance.domain.organisation import Body, BodyKind, Role

GROUP_KINDS = frozenset(
    {
        BodyKind.FAGGRUPPE,
        BodyKind.UTVIKLINGSGRUPPE,
        BodyKind.PROSJEKTGRUPPE,
        BodyKind.ARBEIDSGRUPPE,
        BodyKind.DIGITALISERINGSGRUPPE,
    }
)
SUBGROUP_KINDS = frozenset({BodyKind.PROSJEKTGRUPPE, BodyKind.ARBEIDSGRUPPE})
ELECTING_KINDS = frozenset({BodyKind.UTVIKLINGSGRUPPE})


@dataclass(eq=False)
class Membership:
    """One period of a member in a group; ``role`` is a ``Role`` value."""

    member_id: str
    municipality: str | None
    role: str
    from_date: date
    appointed_by: str
    to_date: date | None = None
    replaced_by: str | None = None
    note: str = ""
    id: int | None = None

    def is_active(self, on: date) -> bool:
        return self.from_date <= on and (self.to_date is None or on < self.to_date)

    def overlaps_from(self, day: date) -> bool:
        """Whether the membership is still running on or after ``day``."""
        return self.to_date is None or self.to_date > day


@dataclass(eq=False)
class Leadership:
    """A leader elected for a year; ``elected_by`` is who recorded the election."""

    member_id: str
    year: int
    elected_at: datetime
    elected_by: str
    id: int | None = None


def _clean(values: Iterable[str]) -> list[str]:
    """Stripped, non-blank, first occurrence kept."""
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def _check_kind(key: str, name: str, kind: str, parent: str | None) -> BodyKind:
    if not key.strip() or any(c.isspace() for c in key) or not name.strip():
        raise InvalidInput("group.key_and_name_required", N_("A group needs a key and a name."))
    if kind not in {k.value for k in GROUP_KINDS}:
        raise InvalidInput("group.invalid_kind", N_("{kind} is not a kind of group."), kind=kind)
    if BodyKind(kind) in SUBGROUP_KINDS and not parent:
        raise InvalidInput(
            "group.parent_required",
            N_("A project or working group must belong to a parent group."),
        )
    if parent == key:
        raise InvalidInput("group.own_parent", N_("A group cannot be its own parent."))
    return BodyKind(kind)


@dataclass(eq=False)
class Group:
    """A group established under the mandate (mandate rule 6).

    ``key`` equals the body id for groups from the mandate file; ``systems`` holds the keys of
    the systems the group owns. A closed group refuses every change.
    """

    key: str
    name: str
    kind: str
    parent: str | None
    established_at: datetime
    established_by: str
    fields: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    closed_at: datetime | None = None
    closed_by: str | None = None
    memberships: list[Membership] = field(default_factory=list)
    leaderships: list[Leadership] = field(default_factory=list)
    id: int | None = None

    @classmethod
    def establish(
        cls,
        key: str,
        name: str,
        kind: str,
        parent: str | None,
        fields: Sequence[str],
        by: str,
        at: datetime,
    ) -> Group:
        """Establish a group; project and working groups need a parent group.

        Who may establish which kind (the committee, a group, the board) is a policy decision
        of the service, as is checking that ``parent`` exists and is open.
        """
        body_kind = _check_kind(key, name, kind, parent)
        return cls(
            key=key,
            name=name.strip(),
            kind=body_kind.value,
            parent=parent or None,
            established_at=at,
            established_by=by,
            fields=_clean(fields),
        )

    @classmethod
    def from_body(cls, body: Body, by: str, at: datetime) -> Group:
        """The group a body of the mandate file describes (members are added separately)."""
        return cls.establish(body.id, body.name, body.kind, body.parent, body.fields, by, at)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def close(self, by: str, at: datetime) -> None:
        """Close the group; running memberships end on the closing day."""
        self._require_open()
        for membership in self.memberships:
            if membership.to_date is None:
                membership.to_date = max(membership.from_date, at.date())
        self.closed_at, self.closed_by = at, by

    def define_scope(self, fields: Sequence[str], systems: Sequence[str]) -> None:
        """Set the fields (fagfelter) and systems that belong to the group."""
        self._require_open()
        self.fields, self.systems = _clean(fields), _clean(systems)

    def active_members(self, on: date) -> list[Membership]:
        return [m for m in self.memberships if m.is_active(on)]

    def membership_of(self, member_id: str, on: date) -> Membership | None:
        return next((m for m in self.active_members(on) if m.member_id == member_id), None)

    def add_member(
        self,
        member_id: str,
        municipality: str | None,
        role: str,
        from_date: date,
        by: str,
        note: str = "",
    ) -> Membership:
        """Add a member from ``from_date``; refused while a membership of theirs still runs."""
        self._require_open()
        if role not in {r.value for r in Role}:
            raise InvalidInput("group.unknown_role", N_("Unknown role: {role}."), role=role)
        self._require_not_member(member_id, from_date)
        membership = Membership(member_id, municipality, role, from_date, by, note=note.strip())
        self.memberships.append(membership)
        return membership

    def replace_member(self, old: str, new: str, on: date, by: str, note: str = "") -> Membership:
        """Replace ``old`` by ``new`` from ``on``, keeping municipality and role.

        The mandate has the chief executive appoint the successor with the board; the service
        checks that. The old row is ended (``to_date``, ``replaced_by``), a new row starts.
        """
        self._require_open()
        current = self.membership_of(old, on)
        if current is None:
            raise InvalidInput(
                "group.not_active_member",
                N_("{member} is not an active member of the group on {on}."),
                member=old,
                on=on.isoformat(),
            )
        self._require_not_member(new, on)
        current.to_date, current.replaced_by = on, new
        successor = Membership(new, current.municipality, current.role, on, by, note=note.strip())
        self.memberships.append(successor)
        return successor

    def elect_leader(
        self, member_id: str, year: int, by: str, at: datetime, ict_staffer: str | None = None
    ) -> Leadership:
        """Record the leader a development group elected for ``year`` (FARTT mandate, task 5).

        One leader per year; a new election in the same year is allowed only when the elected
        leader is no longer an active member. The leader must be an active member and not the
        group's dedicated ICT staffer (``ict_staffer``, or a member with that role).
        """
        self._require_open()
        if self.kind not in {k.value for k in ELECTING_KINDS}:
            raise InvalidTransition(
                "group.election_not_applicable", N_("This kind of group does not elect a leader.")
            )
        self._require_no_sitting_leader(year, at.date())
        membership = self.membership_of(member_id, at.date())
        if membership is None:
            raise InvalidInput(
                "group.leader_not_member", N_("The leader must be an active member of the group.")
            )
        if member_id == ict_staffer or membership.role == Role.ICT_STAFFER:
            raise Forbidden(
                "group.ict_staffer_cannot_lead", N_("The group's ICT staffer may not lead it.")
            )
        leadership = Leadership(member_id, year, at, by)
        self.leaderships.append(leadership)
        return leadership

    def leader_for(self, year: int) -> Leadership | None:
        """The latest leader elected for ``year``, if any."""
        elected = [(n, lead) for n, lead in enumerate(self.leaderships) if lead.year == year]
        # the later election wins; at the same moment, the one recorded last
        return max(elected, key=lambda pair: (pair[1].elected_at, pair[0]))[1] if elected else None

    def _require_no_sitting_leader(self, year: int, on: date) -> None:
        sitting = self.leader_for(year)
        if sitting is not None and self.membership_of(sitting.member_id, on) is not None:
            raise InvalidTransition(
                "group.leader_already_elected",
                N_("The group already has a leader for {year}."),
                year=year,
            )

    def _require_not_member(self, member_id: str, day: date) -> None:
        if any(m.member_id == member_id and m.overlaps_from(day) for m in self.memberships):
            raise InvalidInput(
                "group.already_member",
                N_("{member} is already a member of the group."),
                member=member_id,
            )

    def _require_open(self) -> None:
        if self.is_closed:
            raise InvalidTransition("group.closed", N_("The group is closed."))
