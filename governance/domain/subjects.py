"""What a posted card is about: its subject names every copy of it that the bot keeps current
(the vote card in the committee's channel and in members' chats, a task card, an agenda, an
election's ballot). One typed value instead of keys built by hand in several places; its
``key`` is the text stored with each post (unchanged from the keys stored before, so posts on
record stay reachable)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SubjectKind(StrEnum):
    VOTE = "vote"
    TASK = "task"  # one task occurrence of the annual cycle
    AGENDA = "agenda"  # a meeting's agenda
    ELECTION = "election"  # the copy for everyone in the group's channel
    ELECTION_CHAIR = "election-chair"  # a chair's own copy, with the button that closes it


@dataclass(frozen=True)
class CardSubject:
    kind: SubjectKind
    id: int
    member: str = ""  # whose copy (a chair's election card); empty for shared copies

    @property
    def key(self) -> str:
        base = f"{self.kind.value}:{self.id}"
        return f"{base}:{self.member}" if self.member else base

    @classmethod
    def parse(cls, key: str) -> CardSubject:
        """The subject of a stored key; ``ValueError`` for a key no subject makes."""
        kind, _, rest = key.partition(":")
        ident, _, member = rest.partition(":")
        if not ident.isdigit() or ident != str(int(ident)):
            raise ValueError(f"not a card subject: {key!r}")
        subject = cls(SubjectKind(kind), int(ident), member)
        if bool(member) != (subject.kind is SubjectKind.ELECTION_CHAIR) or subject.key != key:
            raise ValueError(f"not a card subject: {key!r}")
        return subject

    @classmethod
    def vote(cls, vote_id: int) -> CardSubject:
        return cls(SubjectKind.VOTE, vote_id)

    @classmethod
    def task(cls, occurrence_id: int) -> CardSubject:
        return cls(SubjectKind.TASK, occurrence_id)

    @classmethod
    def agenda(cls, meeting_id: int) -> CardSubject:
        return cls(SubjectKind.AGENDA, meeting_id)

    @classmethod
    def election(cls, election_id: int) -> CardSubject:
        return cls(SubjectKind.ELECTION, election_id)

    @classmethod
    def election_chair(cls, election_id: int, member_id: str) -> CardSubject:
        return cls(SubjectKind.ELECTION_CHAIR, election_id, member_id)
