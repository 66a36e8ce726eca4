"""Meetings, their agenda (saksliste) and the minutes draft (referat) (mandate rule 5).

The agenda is built from proposals that are ``ready`` plus free items; escalated matters are
placed on the board's agenda. When a meeting closes, a minutes draft is produced from what was
decided in it: each agenda item with its vote's weighted result, or the item's note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from governance.domain.errors import InvalidInput, InvalidTransition
from governance.domain.messages import N_


class MeetingKind(StrEnum):
    COMMITTEE = "committee"
    GROUP_LEADERS = "group_leaders"  # with the faggruppeledere, twice a year
    BOARD = "board"
    OTHER = "other"


class ItemKind(StrEnum):
    PROPOSAL = "proposal"
    ESCALATED = "escalated"  # a matter the committee could not agree on, for the board
    FREE = "free"


@dataclass(eq=False)
class AgendaItem:
    position: int
    kind: ItemKind
    title: str
    proposal_id: int | None = None
    note: str = ""
    decision: str = ""
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

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def proposal_ids(self) -> list[int]:
        return [i.proposal_id for i in self.agenda if i.proposal_id is not None]

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
        return item

    def remove_proposal(self, proposal_id: int) -> None:
        self._require_open()
        self.agenda = [i for i in self.agenda if i.proposal_id != proposal_id]
        for position, item in enumerate(self.agenda, start=1):
            item.position = position

    def record_decision(self, proposal_id: int, decision: str) -> None:
        self._require_open()
        for item in self.agenda:
            if item.proposal_id == proposal_id:
                item.decision = decision

    def close(self, minutes: Mapping[str, Any], *, by: str, at: datetime) -> None:
        """Close the meeting and keep the minutes draft made from its decisions."""
        self._require_open()
        self.closed_at, self.closed_by, self.minutes = at, by, dict(minutes)

    def approve_minutes(self, *, by: str, at: datetime) -> None:
        if self.minutes is None:
            raise InvalidTransition(
                "meeting.not_closed", N_("The meeting has no minutes draft yet.")
            )
        if self.minutes_approved_at is not None:
            raise InvalidTransition(
                "meeting.minutes_already_approved", N_("The minutes are already approved.")
            )
        self.minutes_approved_at, self.minutes_approved_by = at, by

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
    for item in sorted(meeting.agenda, key=lambda i: i.position):
        entry: dict[str, Any] = {
            "position": item.position,
            "kind": item.kind.value,
            "title": item.title,
            "proposal_id": item.proposal_id,
            "note": item.note,
            "decision": item.decision,
        }
        if item.proposal_id is not None and item.proposal_id in results:
            entry["vote"] = dict(results[item.proposal_id])
        items.append(entry)
    return {
        "body_id": meeting.body_id,
        "on": meeting.on.isoformat(),
        "title": meeting.title,
        "attendees": attendees,
        "items": items,
    }
