"""What a record is about, one typed value per kind of record instead of keys built by hand in
several places. Each value's ``key`` is the text stored with the record, unchanged from the keys
stored before, so the rows already on record still match (and the audit chain still verifies).

Three kinds of record have subjects, and "task" names a different thing in each:

- ``CardSubject``: a posted card, whose subject names every copy of it that the bot keeps current
  (the vote card in the committee's channel and in members' chats, a task card, an agenda, an
  election's ballot); ``CardSubject.task(occurrence_id)`` is ``task:<occurrence row id>``.
- ``AuditSubject``: what an entry of the audit log is about;
  ``AuditSubject.task(task_id, year)`` is ``task:<task id>:<year>``.
- ``NoticeSubject``: what a scheduled notice is about; ``NoticeSubject.task(task_id, year)`` is
  also ``task:<task id>:<year>``, as stored in the outbox, but names the notices of the task
  rather than an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SubjectKind(StrEnum):
    VOTE = "vote"
    TASK = "task"  # one task occurrence of the annual cycle
    AGENDA = "agenda"  # a meeting's agenda
    ELECTION = "election"  # the copy for everyone in the group's channel
    ELECTION_CHAIR = "election-chair"  # a chair's own copy, with the button that closes it
    DECISION = "decision"  # a matter awaiting its decision after the committee, by proposal id
    PROPOSAL = "proposal"  # a proposal's card in the committee's channel (its discussion thread)


@dataclass(frozen=True)
class CardSubject:
    """A posted card (see the module's docstring)."""

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
    def decision(cls, proposal_id: int) -> CardSubject:
        return cls(SubjectKind.DECISION, proposal_id)

    @classmethod
    def proposal(cls, proposal_id: int) -> CardSubject:
        return cls(SubjectKind.PROPOSAL, proposal_id)

    @classmethod
    def election_chair(cls, election_id: int, member_id: str) -> CardSubject:
        return cls(SubjectKind.ELECTION_CHAIR, election_id, member_id)


class AuditSubjectKind(StrEnum):
    PROPOSAL = "proposal"
    VOTE = "vote"
    RANKING = "ranking"  # a ranking round
    MEETING = "meeting"  # a meeting on record, by its id
    ELECTION = "election"  # a leader election, by its id
    REPORT = "report"  # a registered study or measure
    BENEFIT = "benefit"  # a benefit follow-up of a proposal
    DECISION = "decision"  # a decision after the committee, by its id
    PLAN = "plan"  # the investment plan of a year
    GROUP = "group"
    SYSTEM = "system"
    BODY = "body"  # a body's linked conversation
    TASK = "task"  # a task occurrence, by task id and year
    YEAR = "year"  # what was planned or materialised for a year
    COOPERATION = "cooperation"  # the whole mandate (seeded groups, inventory)
    STATUS_REPORT = "status"  # the board's status report asked for on a day
    DEMO = "demo"  # the demo data (a key with no id)


@dataclass(frozen=True)
class AuditSubject:
    """What an entry of the audit log is about: ``<kind>:<id>`` (``demo`` alone).

    Ids of rows are ``int | None`` because the core's entities are; the store has given them one
    before anything is recorded about them."""

    kind: AuditSubjectKind
    id: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.id}" if self.id else self.kind.value

    @classmethod
    def decision(cls, decision_id: int | None) -> AuditSubject:
        return cls(AuditSubjectKind.DECISION, str(decision_id))

    @classmethod
    def proposal(cls, proposal_id: int | None) -> AuditSubject:
        return cls(AuditSubjectKind.PROPOSAL, str(proposal_id))

    @classmethod
    def vote(cls, vote_id: int | None) -> AuditSubject:
        return cls(AuditSubjectKind.VOTE, str(vote_id))

    @classmethod
    def ranking(cls, round_id: int | None) -> AuditSubject:
        return cls(AuditSubjectKind.RANKING, str(round_id))

    @classmethod
    def meeting(cls, meeting_id: int | None) -> AuditSubject:
        return cls(AuditSubjectKind.MEETING, str(meeting_id))

    @classmethod
    def election(cls, election_id: int | None) -> AuditSubject:
        return cls(AuditSubjectKind.ELECTION, str(election_id))

    @classmethod
    def report(cls, report_id: int | None) -> AuditSubject:
        return cls(AuditSubjectKind.REPORT, str(report_id))

    @classmethod
    def benefit(cls, followup_id: int | None) -> AuditSubject:
        return cls(AuditSubjectKind.BENEFIT, str(followup_id))

    @classmethod
    def plan(cls, year: int) -> AuditSubject:
        return cls(AuditSubjectKind.PLAN, str(year))

    @classmethod
    def group(cls, group_key: str) -> AuditSubject:
        return cls(AuditSubjectKind.GROUP, group_key)

    @classmethod
    def system(cls, system_key: str) -> AuditSubject:
        return cls(AuditSubjectKind.SYSTEM, system_key)

    @classmethod
    def body(cls, body_id: str) -> AuditSubject:
        return cls(AuditSubjectKind.BODY, body_id)

    @classmethod
    def task(cls, task_id: str, year: int) -> AuditSubject:
        return cls(AuditSubjectKind.TASK, f"{task_id}:{year}")

    @classmethod
    def year(cls, year: int) -> AuditSubject:
        return cls(AuditSubjectKind.YEAR, str(year))

    @classmethod
    def cooperation(cls, mandate_id: str) -> AuditSubject:
        return cls(AuditSubjectKind.COOPERATION, mandate_id)

    @classmethod
    def status_report(cls, on: date) -> AuditSubject:
        return cls(AuditSubjectKind.STATUS_REPORT, on.isoformat())

    @classmethod
    def demo(cls) -> AuditSubject:
        return cls(AuditSubjectKind.DEMO)


class NoticeSubjectKind(StrEnum):
    """What a scheduled notice is about (``reminders.NoticeKind`` says what it says)."""

    TASK = "task"  # a task occurrence, by task id and year
    MEETING = "meeting"  # a planned meeting, by its kind and day
    ELECTION = "election"  # a group's leader election, by group and year
    BOARD = "board"  # a board meeting, by its day


@dataclass(frozen=True)
class NoticeSubject:
    """What a scheduled notice is about: ``<kind>:<id>``, stored in the outbox with the notice."""

    kind: NoticeSubjectKind
    id: str

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.id}"

    @classmethod
    def task(cls, task_id: str, year: int) -> NoticeSubject:
        return cls(NoticeSubjectKind.TASK, f"{task_id}:{year}")

    @classmethod
    def meeting(cls, meeting_kind: str, on: date) -> NoticeSubject:
        return cls(NoticeSubjectKind.MEETING, f"{meeting_kind}:{on.isoformat()}")

    @classmethod
    def election(cls, group_id: str, year: int) -> NoticeSubject:
        return cls(NoticeSubjectKind.ELECTION, f"{group_id}:{year}")

    @classmethod
    def board_meeting(cls, on: date) -> NoticeSubject:
        return cls(NoticeSubjectKind.BOARD, on.isoformat())
