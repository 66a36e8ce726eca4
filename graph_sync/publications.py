"""What the committee publishes to its Teams area (mandate rule 9), as ``Document``s: the
decision or recommendation of a closed vote, the minutes of a meeting, and (in
``graph_sync.status_report``) the status report; plus the stable path each is filed under.

Builders only read governance objects; every word comes from the message catalogue in the
reader's locale (bokmål by default), numbers and dates in Norwegian form, times in Europe/Oslo.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, Literal

from governance.domain.decisions import FOLLOWS_TEXTS, VERDICT_LABELS, Decision, Verdict
from governance.domain.errors import DomainError
from governance.domain.meetings import Meeting
from governance.domain.organisation import Mandate
from governance.domain.proposals import Proposal
from governance.domain.tally import Choice, Outcome, Tally
from governance.domain.votes import Vote
from governance.i18n import N_, translate
from governance.presentation import (
    CHOICE_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    body_name,
    closed_text,
    day,
    decider_name,
    member_name,
    moment,
    money,
    municipality_name,
    names,
    number,
    quorum_assumption,
    quorum_text,
    rule_text,
)
from graph_sync.documents import Document, Section, Table
from graph_sync.status_report import footer, status_document

__all__ = [
    "decision_document",
    "decision_record_document",
    "document_path",
    "minutes_document",
    "status_document",
]

DocumentKind = Literal["minutes", "decision", "status", "study", "measure"]
FOLDERS: Final[dict[str, str]] = {  # folder names in bokmål, whatever the reader's locale
    "minutes": "Referater",
    "decision": "Vedtak",
    "status": "Statusrapporter",
    "study": "Utredninger",
    "measure": "Tiltak",
}
# What SharePoint refuses in a file name, and "#" and "%", which it takes but which break links
# to the file in some setups (a "#" starts the fragment of a URL): "Forslag #12: …" is named
# "Forslag 12 …". A file published before keeps its name; its delivery holds its address.
_FORBIDDEN = re.compile(r'["*:<>?/\\|#%\x00-\x1f]')
_TITLE_LIMIT: Final = 120

OUTCOME_TEXTS: Final = {
    Outcome.RECOMMENDED: N_("{body} recommends the proposal."),
    Outcome.NOT_RECOMMENDED: N_("{body} does not recommend the proposal."),
    Outcome.ESCALATED: N_("{body} did not reach agreement, so the matter goes to {board}."),
    Outcome.NO_QUORUM: N_(
        "Too little of the voting weight took part. The proposal stays ready for the next meeting."
    ),
}
CHOICE_WORDS: Final = {  # inside sentences, as the cards say them (cards.labels.CHOICE_WORDS)
    Choice.FOR: N_("for"),
    Choice.MOT: N_("against"),
    Choice.AVSTAR: N_("abstain"),
}
DOCUMENT_KINDS: Final = {
    Outcome.RECOMMENDED: N_("Recommendation from {body}, {date}"),
    Outcome.NOT_RECOMMENDED: N_("Recommendation from {body}, {date}"),
    Outcome.ESCALATED: N_("Matter escalated from {body} to the board, {date}"),
    Outcome.NO_QUORUM: N_("Vote without quorum in {body}, {date}"),
}


def document_path(kind: DocumentKind, on: date, title: str, extension: str = "docx") -> str:
    """The stable path of a publication in a channel's files folder, e.g.
    ``Vedtak/2027/2027-03-09 Forslag 12 Felles innbyggerportal.docx``: a repeat replaces the
    file. Characters SharePoint forbids, "#" and "%", and leading or trailing dots and spaces
    are removed."""
    clean = " ".join(_FORBIDDEN.sub(" ", title).split())[:_TITLE_LIMIT].strip(" .")
    name = f"{on.isoformat()} {clean}" if clean else on.isoformat()
    return f"{FOLDERS[kind]}/{on.year}/{name}.{extension.lstrip('.')}"


# --- decision / recommendation ----------------------------------------------------------------
def decision_document(
    vote: Vote,
    tally: Tally,
    proposal: Proposal,
    mandate: Mandate,
    locale: str = "nb",
    *,
    board_meeting_date: date | None,
) -> Document:
    """The innstilling or vedtak of a vote (mandate rule 4): outcome, ballots per municipality
    with stemmevekt and the reasons given, weighted and unweighted totals, rule and quorum (and
    whether the quorum is the mandate's), the closing time, who closed it and when."""
    body = body_name(mandate, vote.body_id)
    on = (vote.closed_at or vote.opened_at).date()
    title = translate(
        N_("Proposal {number}: {title}"), locale, number=proposal.number, title=proposal.title
    )
    subtitle = translate(DOCUMENT_KINDS[tally.outcome], locale, body=body, date=day(on, locale))
    sections = [
        _decision_section(vote, tally, proposal, mandate, locale, board_meeting_date),
        _proposal_section(proposal, mandate, locale),
        _ballots_section(vote, tally, mandate, locale),
        *_reasons_section(vote, mandate, locale),
        _rule_section(vote, tally, mandate, locale),
    ]
    return Document(
        title,
        subtitle,
        mandate.name,
        sections,
        footer(mandate, locale),
        locale=locale,
        issued=vote.closed_at or vote.opened_at,
    )


def _decision_section(
    vote: Vote,
    tally: Tally,
    proposal: Proposal,
    mandate: Mandate,
    locale: str,
    board_date: date | None,
) -> Section:
    rule = vote.decision_rule()
    text = translate(
        OUTCOME_TEXTS[tally.outcome],
        locale,
        body=body_name(mandate, vote.body_id),
        board=body_name(mandate, rule.escalate_to or mandate.board),
    )
    if tally.outcome is Outcome.ESCALATED and board_date is not None:
        text += " " + translate(
            N_("It is on the agenda of the board meeting on {date}."),
            locale,
            date=day(board_date, locale),
        )
    paragraphs = [
        translate(
            N_("Outcome: {outcome}"),
            locale,
            outcome=translate(OUTCOME_LABELS[tally.outcome], locale),
        ),
        text,
        translate(
            N_("Opened {when} by {name}"),
            locale,
            when=moment(vote.opened_at, locale),
            name=member_name(mandate, vote.opened_by),
        ),
    ]
    if vote.closes_at is not None:
        paragraphs.append(
            translate(N_("Voting deadline: {when}"), locale, when=moment(vote.closes_at, locale))
        )
    if vote.closed_at is not None:
        paragraphs.append(closed_text(vote, mandate, locale))
    else:
        paragraphs.append(translate(N_("The vote is still open."), locale))
    return Section(translate(N_("Decision"), locale), paragraphs)


def _proposal_section(proposal: Proposal, mandate: Mandate, locale: str) -> Section:
    concerned = names((municipality_name(mandate, m) for m in proposal.municipalities), locale)
    rows = [
        (N_("Kind"), translate(KIND_LABELS[proposal.kind], locale)),
        (N_("Municipalities concerned"), concerned),
        (N_("One-off cost"), money(proposal.cost_one_off, locale)),
        (N_("Yearly cost"), money(proposal.cost_yearly, locale)),
        (N_("Benefit potential"), proposal.benefit_potential),
    ]
    facts = Table(
        [translate(N_("About the proposal"), locale), ""],
        [[translate(label, locale), value] for label, value in rows if value],
    )
    paragraphs = [proposal.description] if proposal.description else []
    return Section(translate(N_("The proposal"), locale), paragraphs, [facts])


def _ballots_section(vote: Vote, tally: Tally, mandate: Mandate, locale: str) -> Section:
    headers = [
        translate(h, locale)
        for h in (
            N_("Municipality"),
            N_("Voting weight"),
            N_("Ballot"),
            N_("Cast by"),
            N_("Cast at"),
        )
    ]
    rows = []
    for municipality in _ballot_order(vote, mandate):
        ballot = vote.ballot_of(municipality)
        cells = (
            [
                translate(CHOICE_LABELS[ballot.choice], locale),
                member_name(mandate, ballot.cast_by),
                moment(ballot.cast_at, locale),
            ]
            if ballot
            else [translate(N_("Did not vote"), locale), "", ""]
        )
        rows.append(
            [
                municipality_name(mandate, municipality),
                number(vote.weight_of(municipality), locale),
                *cells,
            ]
        )
    return Section(
        translate(N_("Ballots"), locale),
        tables=[Table(headers, rows), _totals(vote, tally, locale)],
    )


def _totals(vote: Vote, tally: Tally, locale: str) -> Table:
    missing_weight = sum((vote.weight_of(m) for m in tally.missing), Decimal(0))
    lines = [
        (CHOICE_LABELS[Choice.FOR], tally.for_weight, tally.for_count),
        (CHOICE_LABELS[Choice.MOT], tally.against_weight, tally.against_count),
        (CHOICE_LABELS[Choice.AVSTAR], tally.abstain_weight, tally.abstain_count),
        (N_("Did not vote"), missing_weight, len(tally.missing)),
        (N_("Total"), tally.total_weight, len(vote.weights)),
    ]
    headers = [
        translate(h, locale) for h in (N_("Tally"), N_("Voting weight"), N_("Municipalities"))
    ]
    return Table(
        headers,
        [
            [translate(label, locale), number(weight, locale), str(count)]
            for label, weight, count in lines
        ],
    )


def _reasons_section(vote: Vote, mandate: Mandate, locale: str) -> list[Section]:
    """The reasons the municipalities gave, a paragraph each in the ballots' order (none: no
    section). Paragraphs, not a table column: a reason may be 2,000 characters long."""
    paragraphs = [
        translate(
            N_("{municipality} ({choice}): “{reason}”"),
            locale,
            municipality=municipality_name(mandate, ballot.municipality),
            choice=translate(CHOICE_WORDS[ballot.choice], locale),
            reason=ballot.reason,
        )
        for ballot in (vote.ballot_of(m) for m in _ballot_order(vote, mandate))
        if ballot is not None and ballot.reason
    ]
    return [Section(translate(N_("Reasons given"), locale), paragraphs)] if paragraphs else []


def _ballot_order(vote: Vote, mandate: Mandate) -> list[str]:
    """The vote's municipalities in the mandate's order, any others after them."""
    order = [m.id for m in mandate.municipalities if m.id in vote.weights]
    return order + sorted(set(vote.weights) - set(order))


def _rule_section(vote: Vote, tally: Tally, mandate: Mandate, locale: str) -> Section:
    rule = vote.decision_rule()
    paragraphs = [rule_text(rule, mandate, locale), quorum_text(rule, tally, locale)]
    if not rule.quorum_in_mandate:
        paragraphs.append(quorum_assumption(mandate, locale))
    return Section(translate(N_("Rule and quorum"), locale), paragraphs)


# --- decision after the committee --------------------------------------------------------------
def decision_record_document(
    decision: Decision,
    proposal: Proposal,
    votes: Sequence[Vote],
    earlier: Sequence[Decision],
    meeting: Meeting | None,
    mandate: Mandate,
    locale: str = "nb",
) -> Document:
    """The vedtak of the one who decides after the committee (daglig leder, the board): the
    verdict and its reason, who decided and in which meeting, whether it follows the committee,
    the whole basis of the proposal, and the committee's last vote with every ballot."""
    decider = decider_name(mandate, decision.decider)
    on = decision.decided_at.date()
    title = translate(
        N_("Decision on proposal {number}: {title}"),
        locale,
        number=proposal.number,
        title=proposal.title,
    )
    subtitle = translate(
        N_("Decision by {decider}, {date}"), locale, decider=decider, date=day(on, locale)
    )
    paragraphs = [
        translate(
            N_("Decision: {verdict}"),
            locale,
            verdict=translate(VERDICT_LABELS[decision.verdict], locale),
        ),
        translate(N_("Reason: {reason}"), locale, reason=decision.reason),
        translate(
            N_("Decided by {decider}, recorded {when} by {name}"),
            locale,
            decider=decider,
            when=moment(decision.decided_at, locale),
            name=member_name(mandate, decision.decided_by),
        ),
    ]
    if meeting is not None:
        paragraphs.append(
            translate(
                N_("In the meeting of {date}"),
                locale,
                date=day(meeting.on, locale),
            )
        )
    follows = decision.follows_committee
    if follows is not None:
        paragraphs.append(translate(FOLLOWS_TEXTS[follows], locale))
    for taken in earlier:
        paragraphs.append(
            translate(
                N_("Earlier: {verdict} by {decider} {when}. {reason}"),
                locale,
                verdict=translate(VERDICT_LABELS[taken.verdict], locale),
                decider=decider_name(mandate, taken.decider),
                when=moment(taken.decided_at, locale),
                reason=taken.reason,
            )
        )
    sections = [
        Section(translate(N_("Decision"), locale), paragraphs),
        _basis_section(proposal, mandate, locale),
    ]
    closed = [v for v in votes if v.closed_at is not None]
    if closed:
        vote = closed[-1]
        tally = vote.current_tally()
        outcome = translate(OUTCOME_LABELS[tally.outcome], locale)
        sections.append(
            Section(
                translate(N_("The committee's vote"), locale),
                [translate(N_("Outcome: {outcome}"), locale, outcome=outcome)],
            )
        )
        sections.append(_ballots_section(vote, tally, mandate, locale))
        sections += _reasons_section(vote, mandate, locale)
    return Document(
        title,
        subtitle,
        mandate.name,
        sections,
        footer(mandate, locale),
        locale=locale,
        issued=decision.decided_at,
    )


def _basis_section(proposal: Proposal, mandate: Mandate, locale: str) -> Section:
    """The proposal as the one who decides reads it: facts, need per municipality, benefit and
    how it is measured, user perspective, legal basis, organisational change."""
    section = _proposal_section(proposal, mandate, locale)
    needs = [
        [municipality_name(mandate, m), proposal.needs[m]]
        for m in proposal.municipalities
        if proposal.needs.get(m, "").strip()
    ]
    if needs:
        headers = [translate(N_("Municipality"), locale), translate(N_("Need"), locale)]
        section.tables.append(Table(headers, needs))
    for label, value in (
        (N_("How the benefit is measured"), proposal.benefit_measurement),
        (N_("User perspective"), proposal.user_perspective),
        (N_("Legal basis"), proposal.legal_basis),
        (N_("Organisational change"), proposal.org_change),
    ):
        if value.strip():
            section.paragraphs.append(f"{translate(label, locale)}: {value}")
    return section


# --- minutes ----------------------------------------------------------------------------------
def minutes_document(
    meeting: Meeting,
    proposals: Mapping[int, Proposal],
    mandate: Mandate,
    locale: str = "nb",
) -> Document:
    """The referat of a meeting (mandate rule 5): body, date, attendees, each agenda item with
    the decision recorded and its vote, and whether and when the minutes were approved."""
    body = body_name(mandate, meeting.body_id)
    title = translate(N_("Minutes: {title}"), locale, title=meeting.title)
    subtitle = translate(N_("{body}, {date}"), locale, body=body, date=day(meeting.on, locale))
    sections = [_meeting_section(meeting, mandate, locale)]
    sections += [_item_section(entry, proposals, locale) for entry in _minutes_items(meeting)]
    sections.append(_approval_section(meeting, mandate, locale))
    return Document(
        title,
        subtitle,
        mandate.name,
        sections,
        footer(mandate, locale),
        locale=locale,
        issued=meeting.minutes_approved_at or meeting.closed_at or meeting.created_at,
    )


def _minutes_items(meeting: Meeting) -> list[dict[str, Any]]:
    """The draft's items (with their votes), or the agenda when no draft exists yet."""
    if meeting.minutes and meeting.minutes.get("items") is not None:
        return list(meeting.minutes["items"])
    return [
        {
            "position": i.position,
            "title": i.title,
            "proposal_id": i.proposal_id,
            "note": i.note,
            "decision": i.decision,
        }
        for i in sorted(meeting.agenda, key=lambda i: i.position)
    ]


def _meeting_section(meeting: Meeting, mandate: Mandate, locale: str) -> Section:
    paragraphs = [
        translate(N_("Body: {body}"), locale, body=body_name(mandate, meeting.body_id)),
        translate(N_("Date: {date}"), locale, date=day(meeting.on, locale)),
    ]
    attendance = (meeting.minutes or {}).get("attendance") or []
    attendees = (meeting.minutes or {}).get("attendees") or []
    if attendance:
        paragraphs += _attendance_lines(attendance, mandate, locale)
    elif attendees:
        paragraphs.append(translate(N_("Present: {names}"), locale, names=names(attendees, locale)))
    if meeting.closed_at is not None:
        paragraphs.append(
            translate(
                N_("Closed {when} by {name}"),
                locale,
                when=moment(meeting.closed_at, locale),
                name=member_name(mandate, meeting.closed_by),
            )
        )
    return Section(translate(N_("Meeting"), locale), paragraphs)


def _attendance_lines(
    attendance: Sequence[Mapping[str, Any]], mandate: Mandate, locale: str
) -> list[str]:
    """Who was present, per municipality (deputies marked), and who was absent."""
    present: dict[str, list[str]] = {}
    absent: list[str] = []
    for entry in attendance:
        member_id = str(entry.get("member"))
        name = member_name(mandate, member_id)
        if not entry.get("present"):
            absent.append(name)
            continue
        try:
            member = mandate.member(member_id)
        except DomainError:
            present.setdefault("", []).append(name)
            continue
        if member.deputy:
            name += " " + translate(N_("(deputy)"), locale)
        place = municipality_name(mandate, member.municipality) if member.municipality else ""
        present.setdefault(place, []).append(name)
    lines = [
        translate(
            N_("Present for {municipality}: {names}"),
            locale,
            municipality=place,
            names=names(people, locale),
        )
        if place
        else translate(N_("Present: {names}"), locale, names=names(people, locale))
        for place, people in present.items()
    ]
    if absent:
        lines.append(translate(N_("Absent: {names}"), locale, names=names(absent, locale)))
    return lines


def _item_section(
    entry: Mapping[str, Any], proposals: Mapping[int, Proposal], locale: str
) -> Section:
    heading = translate(
        N_("Item {position}: {title}"), locale, position=entry["position"], title=entry["title"]
    )
    paragraphs: list[str] = []
    proposal = proposals.get(entry["proposal_id"]) if entry.get("proposal_id") else None
    if proposal is not None:
        paragraphs.append(
            translate(
                N_("Proposal {number}: {title}"),
                locale,
                number=proposal.number,
                title=proposal.title,
            )
        )
    if entry.get("note"):
        paragraphs.append(translate(str(entry["note"]), locale))
    decision = str(entry.get("decision") or "")
    if decision:
        if decision in {o.value for o in Outcome}:
            label = translate(OUTCOME_LABELS[Outcome(decision)], locale)
        elif decision in {v.value for v in Verdict}:
            label = translate(VERDICT_LABELS[Verdict(decision)], locale)
        else:
            label = decision
        paragraphs.append(translate(N_("Decision: {decision}"), locale, decision=label))
    vote = entry.get("vote")
    if vote:
        paragraphs.append(
            translate(
                N_(
                    "Voting weight for {for_weight}, against {against_weight}, abstaining "
                    "{abstain_weight} of {total_weight}; ballots: {for} for, {against} against, "
                    "{abstain} abstaining."
                ),
                locale,
                **{
                    key: number(vote[key], locale)
                    for key in ("for_weight", "against_weight", "abstain_weight", "total_weight")
                },
                **{key: vote[key] for key in ("for", "against", "abstain")},
            )
        )
    if entry.get("minutes_note"):
        paragraphs.append(str(entry["minutes_note"]))
    if not paragraphs:
        paragraphs.append(translate(N_("No decision was recorded."), locale))
    return Section(heading, paragraphs)


def _approval_section(meeting: Meeting, mandate: Mandate, locale: str) -> Section:
    approved: datetime | None = meeting.minutes_approved_at
    if approved is None:
        text = translate(N_("The minutes are a draft and not yet approved."), locale)
    elif meeting.confirmations:
        text = translate(
            N_("The minutes were approved {when}, confirmed by everyone present: {names}."),
            locale,
            when=moment(approved, locale),
            names=names((member_name(mandate, m) for m in meeting.confirmed_by), locale),
        )
    else:
        text = translate(
            N_("The minutes were approved {when} by {name}."),
            locale,
            when=moment(approved, locale),
            name=member_name(mandate, meeting.minutes_approved_by),
        )
    return Section(translate(N_("Approval"), locale), [text])
