"""Meetings, their agenda (saksliste) and the minutes (referat) (mandate rule 5).

Before the meeting the agenda is built from proposals that are ``ready``, escalated matters (on
the board's agenda) and free items (orientation, discussion, eventuelt) that members propose and
the chair accepts; "eventuelt" stays last. During it the chair opens the meeting, records who is
present and takes the items in order; a vote held then belongs to the meeting. Closing it drafts
the minutes from attendance, items, votes and decisions; the chair adds a note per item; the
members who were present confirm them, and only confirmed (approved) minutes are published.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.messages import N_
from governance.domain.organisation import BodyKind, Mandate


class MeetingKind(StrEnum):
    COMMITTEE = "committee"
    GROUP_LEADERS = "group_leaders"  # with the faggruppeledere, twice a year
    BOARD = "board"
    OTHER = "other"


class ItemKind(StrEnum):
    PROPOSAL = "proposal"
    ESCALATED = "escalated"  # a matter the committee could not agree on, for the board
    FREE = "free"  # a free item added by the chair (before members could propose their own)
    ORIENTATION = "orientation"  # orienteringssak
    DISCUSSION = "discussion"  # drøftingssak
    ANY_OTHER_BUSINESS = "any_other_business"  # eventuelt, always the last items


FREE_KINDS = (ItemKind.ORIENTATION, ItemKind.DISCUSSION, ItemKind.ANY_OTHER_BUSINESS)
"""The free items a member may propose in answer to the call for agenda items."""


class ItemStatus(StrEnum):
    PROPOSED = "proposed"  # by a member, waiting for the chair
    ACCEPTED = "accepted"  # on the agenda
    DECLINED = "declined"  # by the chair; kept so the member sees the answer


@dataclass(eq=False)
class AgendaItem:
    position: int
    kind: ItemKind
    title: str
    proposal_id: int | None = None
    note: str = ""
    decision: str = ""
    id: int | None = None
    status: ItemStatus = ItemStatus.ACCEPTED
    proposed_by: str | None = None
    minutes_note: str = ""

    @property
    def on_agenda(self) -> bool:
        return self.status is ItemStatus.ACCEPTED


@dataclass(eq=False)
class MinutesConfirmation:
    """A member present at the meeting confirms the minutes ("godkjent")."""

    member_id: str
    confirmed_at: datetime
    id: int | None = None


@dataclass(eq=False)
class Meeting:
    body_id: str
    kind: MeetingKind
    on: date
    title: str
    created_by: str
    created_at: datetime
    agenda: list[AgendaItem] = field(default_factory=list)
    closed_at: datetime | None = None
    closed_by: str | None = None
    minutes: dict[str, Any] | None = None
    minutes_approved_at: datetime | None = None
    minutes_approved_by: str | None = None
    id: int | None = None
    opened_at: datetime | None = None
    opened_by: str | None = None
    attendance: list[dict[str, Any]] | None = None  # [{"member": id, "present": bool}]
    current_position: int | None = None
    confirmations: list[MinutesConfirmation] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def in_session(self) -> bool:
        """Opened by the chair and not yet closed."""
        return self.opened_at is not None and self.closed_at is None

    @property
    def items(self) -> list[AgendaItem]:
        """The agenda in its order: accepted items only."""
        return sorted((i for i in self.agenda if i.on_agenda), key=lambda i: i.position)

    @property
    def waiting(self) -> list[AgendaItem]:
        """Items members proposed that the chair has not answered yet."""
        return [i for i in self.agenda if i.status is ItemStatus.PROPOSED]

    def proposal_ids(self) -> list[int]:
        return [i.proposal_id for i in self.items if i.proposal_id is not None]

    @property
    def present(self) -> list[str]:
        return [a["member"] for a in self.attendance or [] if a.get("present")]

    @property
    def confirmed_by(self) -> list[str]:
        return [c.member_id for c in self.confirmations]

    def current_item(self) -> AgendaItem | None:
        return next((i for i in self.items if i.position == self.current_position), None)

    def item(self, item_id: int) -> AgendaItem:
        for item in self.agenda:
            if item.id == item_id:
                return item
        raise InvalidInput(
            "meeting.no_such_item", N_("The meeting has no agenda item #{id}."), id=item_id
        )

    def add_item(
        self, kind: ItemKind, title: str, *, proposal_id: int | None = None, note: str = ""
    ) -> AgendaItem:
        self._require_open()
        if not title.strip():
            raise InvalidInput("meeting.item_title_required", N_("An agenda item needs a title."))
        if proposal_id is not None and proposal_id in self.proposal_ids():
            raise InvalidInput(
                "meeting.item_duplicate",
                N_("Proposal #{id} is already on this agenda."),
                id=proposal_id,
            )
        item = AgendaItem(len(self.agenda) + 1, kind, title.strip(), proposal_id, note)
        self.agenda.append(item)
        self._renumber()
        return item

    def propose_item(self, kind: ItemKind, title: str, note: str, *, by: str) -> AgendaItem:
        """A member answers the call for agenda items with a free item; the chair decides."""
        self._require_open()
        if self.opened_at is not None:
            raise InvalidTransition(
                "meeting.already_opened",
                N_("The meeting has started; ask the chair to take it under eventuelt."),
            )
        if kind not in FREE_KINDS:
            raise InvalidInput(
                "meeting.item_kind", N_("Choose orientation, discussion or eventuelt.")
            )
        if not title.strip():
            raise InvalidInput("meeting.item_title_required", N_("An agenda item needs a title."))
        item = AgendaItem(
            len(self.agenda) + 1,
            kind,
            title.strip(),
            note=note.strip(),
            status=ItemStatus.PROPOSED,
            proposed_by=by,
        )
        self.agenda.append(item)
        self._renumber()
        return item

    def answer_item(self, item_id: int, *, accept: bool) -> AgendaItem:
        """The chair accepts a proposed item onto the agenda (before eventuelt) or declines it."""
        self._require_open()
        item = self.item(item_id)
        if item.status is not ItemStatus.PROPOSED:
            raise InvalidTransition(
                "meeting.item_answered", N_("This item has already been answered.")
            )
        item.status = ItemStatus.ACCEPTED if accept else ItemStatus.DECLINED
        self._renumber()
        return item

    def remove_proposal(self, proposal_id: int) -> None:
        self._require_open()
        self.agenda = [i for i in self.agenda if i.proposal_id != proposal_id]
        self._renumber()

    def _renumber(self) -> None:
        """Accepted items first, in their order with eventuelt last; then the others."""

        def order(item: AgendaItem) -> tuple[int, int, int]:
            rank = 0 if item.on_agenda else 2
            if item.on_agenda and item.kind is ItemKind.ANY_OTHER_BUSINESS:
                rank = 1
            return (rank, item.position, id(item) if item.id is None else item.id)

        for position, item in enumerate(sorted(self.agenda, key=order), start=1):
            item.position = position

    def open(self, *, by: str, at: datetime, today: date) -> None:
        """The chair opens the meeting on its day (or later, when it was held late)."""
        self._require_open()
        if self.opened_at is not None:
            raise InvalidTransition("meeting.already_opened", N_("The meeting is already open."))
        if today < self.on:
            raise InvalidTransition(
                "meeting.not_yet",
                N_("The meeting is on {on}; it can be opened that day."),
                on=self.on.isoformat(),
            )
        self.opened_at, self.opened_by = at, by
        first = self.items[0] if self.items else None
        self.current_position = first.position if first else None

    def record_attendance(self, participants: Sequence[str], present: Iterable[str]) -> None:
        """Who of the meeting's participants is present (the rest are recorded as absent)."""
        self._require_session()
        here = set(present)
        unknown = sorted(here - set(participants))
        if unknown:
            raise InvalidInput(
                "meeting.unknown_attendee",
                N_("Unknown attendee: {ids}."),
                ids=", ".join(unknown),
            )
        self.attendance = [{"member": m, "present": m in here} for m in participants]

    def next_item(self) -> AgendaItem | None:
        """Take the next item in order; ``None`` when every item has been taken."""
        self._require_session()
        later = [i for i in self.items if i.position > (self.current_position or 0)]
        self.current_position = later[0].position if later else 0
        return later[0] if later else None

    def record_decision(self, proposal_id: int, decision: str) -> None:
        self._require_open()
        for item in self.agenda:
            if item.proposal_id == proposal_id:
                item.decision = decision

    def close(self, minutes: Mapping[str, Any], *, by: str, at: datetime) -> None:
        """Close the meeting and keep the minutes draft made from its decisions. A meeting held
        in Teams (opened by the chair) needs its attendance first: those present approve."""
        self._require_open()
        if self.opened_at is not None and not self.present:
            raise InvalidInput(
                "meeting.attendance_required",
                N_("Record who is present before closing the meeting."),
            )
        self.closed_at, self.closed_by, self.minutes = at, by, dict(minutes)

    def note_item(self, item_id: int, note: str) -> AgendaItem:
        """The chair's note on an item in the minutes draft (after the meeting, before approval)."""
        self._require_draft()
        item = self.item(item_id)
        if not item.on_agenda:
            raise InvalidInput("meeting.item_not_on_agenda", N_("This item is not on the agenda."))
        item.minutes_note = note.strip()
        assert self.minutes is not None
        entries = [
            {**e, "minutes_note": item.minutes_note} if e.get("position") == item.position else e
            for e in self.minutes.get("items", [])
        ]
        self.minutes = {**self.minutes, "items": entries}
        return item

    def confirm_minutes(self, member_id: str, *, at: datetime) -> bool:
        """One of those present confirms the minutes; they are approved when all have. Returns
        whether this confirmation approved them."""
        self._require_draft()
        if member_id not in self.present:
            raise InvalidInput(
                "meeting.not_present",
                N_("Only those present at the meeting confirm its minutes."),
            )
        if member_id in self.confirmed_by:
            raise InvalidTransition(
                "meeting.already_confirmed", N_("You have already confirmed these minutes.")
            )
        self.confirmations.append(MinutesConfirmation(member_id, at))
        if set(self.present) <= set(self.confirmed_by):
            self.minutes_approved_at, self.minutes_approved_by = at, member_id
            return True
        return False

    def approve_minutes(self, *, by: str, at: datetime) -> None:
        """The chair approves the minutes of a meeting not held in Teams (no attendance on
        record); a meeting held in Teams is approved by those present."""
        self._require_draft()
        if self.present:
            raise InvalidTransition(
                "meeting.members_confirm",
                N_("The minutes are approved when everyone present has confirmed them."),
            )
        self.minutes_approved_at, self.minutes_approved_by = at, by

    def _require_draft(self) -> None:
        if self.minutes is None:
            raise InvalidTransition(
                "meeting.not_closed", N_("The meeting has no minutes draft yet.")
            )
        if self.minutes_approved_at is not None:
            raise InvalidTransition(
                "meeting.minutes_already_approved", N_("The minutes are already approved.")
            )

    def _require_session(self) -> None:
        self._require_open()
        if self.opened_at is None:
            raise InvalidTransition(
                "meeting.not_opened", N_("The chair has not opened the meeting yet.")
            )

    def _require_open(self) -> None:
        if not self.is_open:
            raise InvalidTransition(
                "meeting.closed", N_("The meeting on {on} is closed."), on=self.on.isoformat()
            )


def minutes_draft(
    meeting: Meeting, results: Mapping[int, Mapping[str, Any]], attendees: list[str]
) -> dict[str, Any]:
    """A structured minutes draft: one entry per agenda item, with the vote result if any.

    ``results`` maps proposal id → a vote summary (outcome, weighted and unweighted counts).
    Rendering into Norwegian text happens in the adapters through the message catalogue.
    """
    items = []
    for item in meeting.items:
        entry: dict[str, Any] = {
            "position": item.position,
            "kind": item.kind.value,
            "title": item.title,
            "proposal_id": item.proposal_id,
            "note": item.note,
            "decision": item.decision,
            "minutes_note": item.minutes_note,
        }
        if item.proposal_id is not None and item.proposal_id in results:
            entry["vote"] = dict(results[item.proposal_id])
        items.append(entry)
    return {
        "body_id": meeting.body_id,
        "on": meeting.on.isoformat(),
        "title": meeting.title,
        "attendees": attendees,
        "attendance": [dict(a) for a in meeting.attendance or []],
        "items": items,
    }


def participants(meeting: Meeting, mandate: Mandate) -> tuple[str, ...]:
    """Who takes part in ``meeting``: its body's chair and members; a meeting with the group
    leaders adds the leaders of the faggrupper (mandate rule 5: "2 ganger pr. år sammen med
    faggruppelederne"). Order: the chair first, then as the file lists them."""
    body = mandate.body(meeting.body_id)
    ids = [body.chair] if body.chair else []
    ids += body.members
    if meeting.kind is MeetingKind.GROUP_LEADERS:
        ids += [g.chair for g in mandate.bodies_of_kind(BodyKind.FAGGRUPPE) if g.chair]
    return tuple(dict.fromkeys(i for i in ids if i))
