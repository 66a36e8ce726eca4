"""Domain objects for card tests, built directly (no database): ordinary ones, and worst cases
(long texts, long history, many systems, many proposals) for the size tests.

``every_card(mandate, locale)`` renders one card of every family (and the variants worth
looking at), keyed by a file-name-friendly family name.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from cards import (
    HelpEntry,
    agenda_card,
    election_card,
    help_card,
    proposal_card,
    proposal_form,
    qa_card,
    ranking_card,
    result_card,
    standings_card,
    systems_card,
    task_card,
    toast_card,
    values_of,
    vote_card,
)
from cards.decision import decision_card
from cards.proposal_parts import full_card
from cards.proposal_step import proposal_step_card
from cards.ranking_open import open_round_card
from cards.reminders import draft_agenda_lead, meeting_call_card, task_lead
from cards.report_form import report_form
from cards.screens import render
from governance import verbs
from governance.domain.annual_cycle import TaskOccurrence
from governance.domain.attachments import MAX_ATTACHMENTS, MAX_URL, Attachment
from governance.domain.calendar import OSLO
from governance.domain.conversations import Conversation, ConversationKind, Post
from governance.domain.decisions import Decision, Verdict
from governance.domain.elections import Election
from governance.domain.errors import InvalidInput
from governance.domain.groups import Group
from governance.domain.investment import BenefitFollowUp
from governance.domain.meetings import ItemKind, Meeting, MeetingKind, participants
from governance.domain.organisation import DecisionRule, Mandate, Role, RuleKind
from governance.domain.projects import Project, ProjectStatus
from governance.domain.proposals import (
    Action,
    Proposal,
    ProposalEvent,
    ProposalKind,
    ProposalState,
    QaItem,
)
from governance.domain.ranking import RankingRound
from governance.domain.reminders import NoticeKind
from governance.domain.reports import ReportKind
from governance.domain.systems import Integration, Inventory, System
from governance.domain.tally import Choice
from governance.domain.votes import MAX_REASON_LENGTH, Vote
from governance.views import Discussion, MeetingView, ProjectView

AT = datetime(2027, 1, 11, 10, 0, tzinfo=OSLO)
TODAY = date(2027, 1, 11)
NORWEGIAN = (
    "Innbyggerne i kommunene våre skal få en enklere hverdag når søknader om plass i barnehage, "
    "skolefritidsordning og kulturskole kan sendes digitalt, følges opp i én løsning og arkiveres "
    "automatisk. Dette gir færre telefoner, mindre dobbeltføring og raskere svar til søkerne. "
)


def long_text(length: int) -> str:
    """Norwegian prose (with æ, ø and å) of exactly ``length`` characters."""
    return (NORWEGIAN * (length // len(NORWEGIAN) + 1))[:length]


def proposal(**changes: Any) -> Proposal:
    """A proposal from Molde in quality assurance, with a short history."""
    base = Proposal(
        id=12,
        title="Digital søknad om barnehageplass",
        submitter="best-molde",
        created_at=AT - timedelta(days=20),
        cooperation="ror-ikt",
        description="Felles digitalt søknadsskjema for barnehageplass, koblet til fagsystemet.",
        kind=ProposalKind.CHANGE_SERVICE,
        catalogue_service="fagsystemdrift",
        municipalities=["aukra", "molde"],
        needs={"aukra": "Mange papirsøknader hvert år.", "molde": "Søknadene må arkiveres."},
        cost_one_off=Decimal("150000.00"),
        cost_yearly=Decimal("24000.50"),
        benefit_potential="Sparer om lag 200 timer saksbehandling i året.",
        benefit_measurement="Antall digitale søknader og tid brukt per søknad.",
        legal_basis="Barnehageloven § 16.",
        user_perspective="Foreldre søker når det passer dem.",
        org_change="Opplæring av saksbehandlere.",
        strategy_goals=["digitalt-forstevalg"],
        owner_group="faggruppe-oppvekst",
        submitter_municipality="molde",
        state=ProposalState.IN_REVIEW,
        qa={"catalogue_checked": True},
        qa_comment="",
    )
    base.history = [
        ProposalEvent("submit", "draft", "submitted", "best-molde", AT - timedelta(days=10)),
        ProposalEvent("start_review", "submitted", "in_review", "dl-ror", AT - timedelta(days=9)),
    ]
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def worst_proposal(mandate: Mandate) -> Proposal:
    """Every text at its longest, every municipality and goal, a history of 40 events."""
    municipalities = [m.id for m in mandate.municipalities]
    result = proposal(
        title=long_text(300),
        description=long_text(4000),
        municipalities=municipalities,
        needs={m: long_text(1500) for m in municipalities},
        benefit_potential=long_text(2000),
        benefit_measurement=long_text(1000),
        legal_basis=long_text(1000),
        user_perspective=long_text(2000),
        org_change=long_text(1500),
        strategy_goals=[g.id for g in mandate.strategy_goals],
        cost_one_off=Decimal("123456789.99"),
        cost_yearly=Decimal("98765432.10"),
    )
    result.history = [
        ProposalEvent(
            "return",
            "in_review",
            "returned",
            "dl-ror",
            AT - timedelta(hours=n),
            comment=long_text(1000),
        )
        for n in range(40)
    ]
    return result


def attachments(count: int = 2, *, length: int = 0) -> list[Attachment]:
    """Links to files in the Teams area, ids from 1 (``length``: titles and addresses at it)."""
    base = "https://romsdal.sharepoint.com/sites/ror-ikt/Delte%20dokumenter/"
    found = []
    for n in range(1, count + 1):
        title = long_text(length)[: length - 3] + f"{n:03d}" if length else f"Behovsnotat {n}.docx"
        url = base + ("x" * max(MAX_URL - len(base) - 10, 0) if length else "") + f"{n}.docx"
        found.append(Attachment(title, url, "best-molde", AT - timedelta(days=n), id=n))
    return found


def posted_discussion(mandate: Mandate) -> Discussion:
    """The proposal's card as posted in the committee's channel."""
    channel = "19:bestillerutvalget@thread.tacv2"
    conversation = Conversation(
        key=channel,
        kind=ConversationKind.CHANNEL,
        address={},
        updated_at=AT,
        title="Bestillerutvalget",
        team_id="19:team-ror@thread.tacv2",
        channel_id=channel,
        body_id=mandate.committee,
    )
    return Discussion(
        mandate.committee, True, Post("proposal:12", channel, "1736589600000", AT), conversation
    )


def worst_with_attachments(mandate: Mandate) -> Proposal:
    """The worst proposal with as many attachments as it may have, titles and links long."""
    result = worst_proposal(mandate)
    result.attachments = attachments(MAX_ATTACHMENTS, length=200)
    return result


def vote(
    *ballots: tuple[str, Choice], closed: bool = False, reasons: dict[str, str] | None = None
) -> Vote:
    """Vote #7 on proposal #12 in ROR-IKT's committee (consensus, quorum half the weight);
    ``reasons``: the reason each municipality gives with its ballot."""
    weights = {m: Decimal(1) for m in ("aukra", "molde", "rauma", "vestnes")}
    rule = DecisionRule(RuleKind.CONSENSUS, Decimal("0.5"), escalate_to="styret")
    result = Vote.open(12, "bestillerutvalget", weights, rule, by="dl-ror", at=AT)
    result.id = 7
    for municipality, choice in ballots:
        result.cast(
            municipality,
            choice,
            by=f"best-{municipality}",
            at=AT + timedelta(hours=1),
            reason=(reasons or {}).get(municipality, ""),
        )
    if closed:
        result.close(by="dl-ror", at=AT + timedelta(hours=2))
    return result


def meeting(items: int = 3, text_length: int = 0) -> Meeting:
    result = Meeting(
        "bestillerutvalget",
        MeetingKind.COMMITTEE,
        date(2027, 1, 28),
        "Møte i Bestillerutvalget",
        created_by="dl-ror",
        created_at=AT,
        id=3,
    )
    result.add_item(ItemKind.PROPOSAL, "Digital søknad om barnehageplass", proposal_id=12)
    result.add_item(
        ItemKind.ESCALATED,
        "Felles velferdsteknologi",
        proposal_id=9,
        note="The committee did not reach agreement.",
    )
    result.add_item(ItemKind.FREE, "Eventuelt", note="Orientering om budsjett 2028.")
    for n in range(3, items):
        title = long_text(text_length) if text_length else f"Sak nummer {n + 1}"
        result.add_item(ItemKind.PROPOSAL, title, proposal_id=100 + n, note=long_text(text_length))
    result.agenda[0].decision = "recommended"
    return result


def ranking_round(
    count: int = 4, *, closed: bool = False, overridden: bool = False
) -> tuple[RankingRound, list[Proposal]]:
    ids = list(range(20, 20 + count))
    weights = {m: Decimal(1) for m in ("aukra", "molde", "rauma", "vestnes")}
    result = RankingRound.open(
        "bestillerutvalget", "Prioritering 2027", ids, weights, by="dl-ror", at=AT
    )
    result.id = 5
    result.submit("molde", list(reversed(ids)), by="best-molde", at=AT)
    result.submit("aukra", ids[:2], by="best-aukra", at=AT)
    if closed:
        result.close(by="dl-ror", at=AT + timedelta(days=1))
    if overridden:
        result.override(ids, "Lovkrav fra 2028.", by="dl-ror", at=AT + timedelta(days=2))
    titles = [long_text(120) if count > 10 else f"Forslag om tiltak {n}" for n in ids]
    proposals = [proposal(id=pid, title=title) for pid, title in zip(ids, titles, strict=True)]
    return result, proposals


def occurrence(*, done: bool = False, postponed: bool = False) -> TaskOccurrence:
    result = TaskOccurrence(
        task_id="behovskartlegging",
        year=2027,
        title="Kartlegge behov og ønsker for IKT-tjenester i den enkelte kommune",
        responsible=["bestillerutvalget", "faggruppe-oppvekst"],
        quarter=1,
        due=date(2027, 3, 15),
        id=31,
    )
    if postponed:
        result.postpone(date(2027, 4, 15), by="dl-ror", at=AT)
    if done:
        result.mark_done(by="dl-ror", at=AT)
    return result


def inventory(mandate: Mandate, extra: int = 0) -> Inventory:
    systems = [System.from_spec(spec) for spec in mandate.systems]
    systems += [
        System(
            key=f"system-{n}",
            name=f"Fagsystem {n} {long_text(150)}",
            vendor=long_text(80),
            functions=[long_text(60) for _ in range(20)],
            owner_body="faggruppe-helse",
            municipalities=[m.id for m in mandate.municipalities],
        )
        for n in range(extra)
    ]
    integrations = [Integration.from_spec(spec) for spec in mandate.integrations]
    integrations += [Integration("gerica", f"system-{n}") for n in range(extra)]
    return Inventory(systems, integrations)


def chair_of(mandate: Mandate) -> str:
    chairs = [m.id for m in mandate.chairs()]
    return chairs[0] if chairs else mandate.body(mandate.committee).chair or ""


def election(
    mandate: Mandate,
    *,
    members: int = 5,
    closed: bool = False,
    long_names: bool = False,
) -> tuple[Election, Group]:
    """Election #9 of a development group of the mandate's chair, ``members`` members of the
    mandate (or made-up long names) and an ICT staffer; a few have voted."""
    group = Group.establish(
        "ug-helse", "Utviklingsgruppe helse og omsorg", "utviklingsgruppe", None, [], "system", AT
    )
    people = [m.id for m in mandate.members if m.municipality][: members - 1]
    if long_names:
        people = [f"{n:02d} {long_text(60)}" for n in range(members - 1)]
    for person in [chair_of(mandate), *people]:
        group.add_member(person, None, "member", date(2027, 1, 1), "system")
    staffer = next((m.id for m in mandate.members if m.has_role(Role.ICT_STAFFER)), "ikt-helse")
    group.add_member(staffer, None, "ict_staffer", date(2027, 1, 1), "system")
    result = Election.open(group, 2027, closes_on=date(2027, 1, 25), by="system", at=AT)
    result.id = 9
    for voter in (chair_of(mandate), people[0], staffer):
        result.cast(voter, people[1], group=group, ict_staffer=staffer, at=AT)
    if closed:
        result.close(by=chair_of(mandate), at=AT + timedelta(days=1))
    return result, group


HELP = [
    HelpEntry("forslag ny", "Skriv et nytt IKT-forslag."),
    HelpEntry("forslag mine", "Se forslagene dine og hvor de står."),
    HelpEntry("stem", "Se åpne avstemninger for kommunen din."),
    HelpEntry("systemer <søk>", "Finn fagsystemer, funksjoner og integrasjoner."),
    HelpEntry("saksliste", "Se sakslisten til neste møte."),
    HelpEntry("avstemning åpne <nr>", "Åpne avstemning om et forslag.", chair_only=True),
    HelpEntry("kvalitetssikre <nr>", "Gå gjennom sjekklisten for et forslag.", chair_only=True),
]


def decision(verdict: Verdict = Verdict.APPROVED, *, decider: str = "styret") -> Decision:
    return Decision(
        proposal_id=12,
        decider=decider,
        decided_by="styreleder-ror",
        verdict=verdict,
        reason="Styret prioriterer tiltaket i tråd med strategien.",
        from_state=ProposalState.ESCALATED,
        decided_at=datetime(2027, 4, 12, 10, 0, tzinfo=OSLO),
        meeting_id=4,
        id=1,
    )


def decision_cards(mandate: Mandate, locale: str, text_length: int = 0) -> dict[str, Any]:
    """The decision card: the board chair's form, daglig leder's form, the channel's copy and
    the decided matter."""
    escalated = proposal(state=ProposalState.ESCALATED)
    recommended = proposal(state=ProposalState.RECOMMENDED)
    if text_length:
        escalated = worst_proposal(mandate)
        escalated.state = ProposalState.ESCALATED
    reason = long_text(MAX_REASON_LENGTH) if text_length else "Molde har allerede en egen portal."
    closed = vote(
        ("aukra", Choice.FOR),
        ("molde", Choice.MOT),
        ("rauma", Choice.FOR),
        closed=True,
        reasons={"molde": reason, "rauma": reason if text_length else ""},
    )
    board_meeting = meeting(1)
    board_meeting.id = 4
    taken = decision(Verdict.TO_BOARD, decider="dl-ror")
    approved = proposal(state=ProposalState.BOARD_APPROVED)
    return {
        "decision-board": decision_card(
            escalated,
            [closed],
            [taken],
            mandate,
            locale,
            decider_name="Styret i ROR-IKT",
            decider_is_body=True,
            awaiting=True,
            verdicts=[Verdict.APPROVED, Verdict.DECLINED, Verdict.SENT_BACK],
            meetings=[board_meeting],
            default_meeting=4,
            error="Oppgi begrunnelsen." if text_length else None,
        ),
        "decision-person": decision_card(
            recommended,
            [closed],
            [],
            mandate,
            locale,
            decider_name="Dagny Lie",
            decider_is_body=False,
            awaiting=True,
            verdicts=[Verdict.APPROVED, Verdict.DECLINED, Verdict.TO_BOARD],
        ),
        "decision-channel": decision_card(
            escalated,
            [closed],
            [taken],
            mandate,
            locale,
            decider_name="Styret i ROR-IKT",
            decider_is_body=True,
            awaiting=True,
            viewer_known=False,
        ),
        "decision-decided": decision_card(
            approved,
            [closed],
            [taken, decision()],
            mandate,
            locale,
            decider_name="Styret i ROR-IKT",
            decider_is_body=True,
            awaiting=False,
        ),
    }


def meeting_cards(mandate: Mandate, locale: str, text_length: int = 0) -> dict[str, Any]:
    """The meeting card through its life, for the chair, a member and the channel's copy."""
    base = meeting()
    base.body_id = mandate.committee
    parts = participants(base, mandate)
    chair = chair_of(mandate)
    others = [p for p in parts if p != chair]
    member = others[0]
    deputy = next((p for p in others if mandate.member(p).deputy), others[-1])
    on_agenda = proposal(state=ProposalState.ON_AGENDA)
    linked = {12: on_agenda}

    def view(m: Meeting, viewer: str | None, **extra: Any) -> MeetingView:
        return MeetingView(
            m,
            linked,
            participants(m, mandate),
            m.on,
            viewer_known=viewer is not None,
            viewer_id=viewer,
            chairs=viewer == chair,
            takes_part=viewer is not None,
            **extra,
        )

    def planned() -> Meeting:
        m = meeting(4 if text_length else 3, text_length)
        m.body_id = mandate.committee
        proposed = m.propose_item(
            ItemKind.DISCUSSION,
            long_text(text_length) if text_length else "Felles innkjøp av nettbrett",
            long_text(text_length) if text_length else "Molde ønsker å drøfte et felles innkjøp.",
            by=member,
        )
        proposed.id = 41
        declined = m.propose_item(ItemKind.ORIENTATION, "Status for fiber", "", by=others[-1])
        declined.id = 42
        m.answer_item(42, accept=False)
        for n, item in enumerate(m.agenda, start=1):
            item.id = item.id or n
        return m

    def in_session() -> Meeting:
        m = planned()
        m.answer_item(41, accept=True)
        m.open(by=chair, at=AT, today=m.on)
        m.record_attendance(parts, [chair, member, deputy])
        return m

    def draft() -> Meeting:
        m = in_session()
        m.close({"items": [{"position": 1, "decision": "recommended"}]}, by=chair, at=AT)
        m.note_item(m.items[0].id or 0, "Utvalget anbefaler forslaget. Molde var vara.")
        m.confirm_minutes(member, at=AT)
        return m

    def approved() -> Meeting:
        m = draft()
        for who in m.present:
            if who not in m.confirmed_by:
                m.confirm_minutes(who, at=AT)
        return m

    values = {verbs.ITEM_TITLE: "x" * 250, verbs.ITEM_NOTE: "Notat"} if text_length else None
    error = InvalidInput("meeting.item_title_required", "An agenda item needs a title.")
    return {
        "meeting-planned-member": render(
            view(planned(), member, values=values, error=error if values else None),
            mandate,
            locale,
        ),
        "meeting-planned-chair": render(view(planned(), chair), mandate, locale),
        "meeting-channel": render(view(planned(), None), mandate, locale),
        "meeting-in-session-chair": render(view(in_session(), chair), mandate, locale),
        "meeting-in-session-member": render(view(in_session(), member), mandate, locale),
        "meeting-draft-chair": render(view(draft(), chair), mandate, locale),
        "meeting-draft-member": render(view(draft(), deputy), mandate, locale),
        "meeting-approved": render(view(approved(), member), mandate, locale),
        "notice-call-with-meeting": meeting_call_card(
            MeetingKind.COMMITTEE, "Bestillerutvalget", TODAY, locale, meeting_id=3
        ),
    }


def project_cards(mandate: Mandate, locale: str, text_length: int = 0) -> dict[str, Any]:
    """The project card through its life: the approver's form, running for the project group
    and its leader, delivered with a benefit due for the owning group, and a refusal."""
    words = long_text(text_length) if text_length else ""
    approved = proposal(state=ProposalState.BOARD_APPROVED)
    people = tuple((m.id, m.name) for m in mandate.members)
    owners = tuple((b.id, b.name) for b in mandate.bodies)
    group = Group.establish(
        "prosjekt-12",
        "Prosjektgruppe #12 Portal",
        "prosjektgruppe",
        "faggruppe-arkiv",
        [],
        by="styreleder-ror",
        at=AT,
    )
    group.add_member("fg-arkiv-leder", "molde", Role.GROUP_LEADER.value, TODAY, by="x")
    group.add_member("best-molde", "molde", Role.MEMBER.value, TODAY, by="x")
    running = Project.start(
        12,
        group_key="prosjekt-12",
        scope=words or "Innføre portalen i alle kommunene.",
        budget=Decimal("450000"),
        owner_group="faggruppe-arkiv",
        leader="fg-arkiv-leder",
        commissioner="styret",
        by="styreleder-ror",
        at=AT,
    )
    running.post_status(ProjectStatus.ON_TRACK, words or "Kontrakt signert.", "best-molde", AT)
    for n in range(8 if text_length else 1):
        running.post_status(ProjectStatus.AT_RISK, words or "Integrasjon forsinket.", "x", AT)
        running.updates[-1].id = n + 2
    delivered = Project.start(
        12,
        group_key="prosjekt-12",
        scope="Innføre portalen.",
        budget=Decimal("450000"),
        owner_group="faggruppe-arkiv",
        leader="fg-arkiv-leder",
        commissioner="dl-ror",
        by="dl-ror",
        at=AT,
    )
    delivered.deliver("fg-arkiv-leder", AT + timedelta(days=90), words or "I drift.")
    benefits = []
    for n in range(6 if text_length else 2):
        b = BenefitFollowUp(12, words[:300] or f"Færre henvendelser {n}", Decimal(200), "per mnd")
        b.id = n + 1
        b.schedule([TODAY + timedelta(days=180), TODAY + timedelta(days=545)])
        benefits.append(b)
    benefits[0].record(Decimal(150), TODAY, "fg-arkiv-leder", "Telling.")
    values = {"project_scope": words, "measure_1": "abc"} if words else None
    error = InvalidInput("project.scope_required", "Describe the project's scope.")

    def view(p: Proposal, project: Project | None, **extra: Any) -> ProjectView:
        return ProjectView(
            p,
            project,
            group if project else None,
            tuple(benefits),
            "Styret i ROR-IKT",
            owner_name="Faggruppe sak og arkiv",
            today=TODAY,
            **extra,
        )

    in_progress = proposal(state=ProposalState.IN_PROGRESS)
    done = proposal(state=ProposalState.DELIVERED)
    return {
        "project-start": render(
            view(
                approved,
                None,
                may_start=True,
                owners=owners,
                people=people,
                may_plan=True,
                values=values,
                error=error if words else None,
            ),
            mandate,
            locale,
        ),
        "project-waiting": render(view(approved, None), mandate, locale),
        "project-running-leader": render(
            view(in_progress, running, may_post=True, may_deliver=True, may_plan=True),
            mandate,
            locale,
        ),
        "project-running-reader": render(view(in_progress, running), mandate, locale),
        "project-benefit-due": render(
            view(
                done,
                delivered,
                measurable=tuple(b.id or 0 for b in benefits),
                due=TODAY,
                values=values,
                error=error if words else None,
            ),
            mandate,
            locale,
        ),
    }


def every_card(mandate: Mandate, locale: str) -> dict[str, dict[str, Any]]:
    """One card of each family, and the variants worth a look, by name."""
    p = proposal()
    open_vote = vote(("molde", Choice.FOR), ("rauma", Choice.MOT))
    closed_vote = vote(
        ("aukra", Choice.FOR), ("molde", Choice.FOR), ("rauma", Choice.MOT), closed=True
    )
    round_, proposals = ranking_round()
    closed_round, closed_proposals = ranking_round(closed=True)
    overridden, overridden_proposals = ranking_round(closed=True, overridden=True)
    draft = proposal(state=ProposalState.DRAFT, history=[])
    open_election, group = election(mandate)
    closed_election, closed_group = election(mandate, closed=True)
    return {
        "form": proposal_form(mandate, locale),
        "form-error": proposal_form(
            mandate,
            locale,
            values=values_of(draft, locale),
            error="Beskriv behovet i Aukra.",
            proposal_id=12,
        ),
        "proposal": proposal_card(
            p, mandate, locale, next_steps=[Action.MARK_READY, Action.RETURN], can_show=True
        ),
        "proposal-draft": proposal_card(
            draft, mandate, locale, next_steps=[Action.SUBMIT, Action.WITHDRAW], can_edit=True
        ),
        "proposal-full": full_card(proposal(), mandate, locale),
        "proposal-attachments": proposal_card(
            proposal(attachments=attachments(3)),
            mandate,
            locale,
            may_attach=True,
            removable=frozenset({1, 3}),
            discussion=posted_discussion(mandate),
        ),
        "proposal-channel": proposal_card(
            proposal(attachments=attachments(2)),
            mandate,
            locale,
            can_show=True,
            channel_copy=True,
        ),
        "proposal-refused": proposal_card(
            proposal(),
            mandate,
            locale,
            may_attach=True,
            error="Bare lenker til Teams-området kan legges ved, ikke til example.com.",
            typed={"attachment_title": "Notat", "attachment_url": "https://example.com/notat"},
            discussion=Discussion(mandate.committee, False),
        ),
        "qa": qa_card(p, mandate, locale),
        "qa-refused": qa_card(
            p,
            mandate,
            locale,
            ticks={"catalogue_checked": True, "owner_named": False},
            comment="Mangler eier.",
            error="Kvalitetssikringen av forslag #12 er ikke fullført.",
            missing=[(QaItem.OWNER_NAMED, ["owner_group"]), (QaItem.STRATEGY_LINK, [])],
        ),
        "agenda": agenda_card(meeting(), mandate, locale, proposals={12: p}),
        "vote": vote_card(
            open_vote,
            p,
            open_vote.current_tally(),
            mandate,
            locale,
            viewer_municipality="molde",
            viewer_is_chair=True,
            refresh_user_ids=["u1", "u2"],
        ),
        "vote-channel": vote_card(
            open_vote,
            p,
            open_vote.current_tally(),
            mandate,
            locale,
            viewer_municipality=None,
            viewer_is_chair=False,
            refresh_user_ids=["u1", "u2"],
            viewer_known=False,
        ),
        "vote-chair-refused": vote_card(
            open_vote,
            p,
            open_vote.current_tally(),
            mandate,
            locale,
            viewer_municipality=None,
            viewer_is_chair=True,
            refresh_user_ids=["u1"],
            error="Du representerer ikke en kommune.",
        ),
        "result": result_card(
            closed_vote,
            p,
            closed_vote.current_tally(),
            mandate,
            locale,
            board_meeting_date=date(2027, 2, 11),
        ),
        "ranking": ranking_card(
            round_, proposals, mandate, locale, viewer_municipality="molde", viewer_is_chair=True
        ),
        "ranking-chair": ranking_card(
            round_, proposals, mandate, locale, viewer_municipality=None, viewer_is_chair=True
        ),
        "ranking-refused": ranking_card(
            round_,
            proposals,
            mandate,
            locale,
            viewer_municipality="rauma",
            ranks={20: "1", 21: "1", 22: "", 23: "2"},
            error="#20, #21 har samme plass, 1: gi hvert forslag sin egen plass.",
        ),
        "ranking-open": open_round_card(
            [*proposals, proposal(id=30, state=ProposalState.BOARD_APPROVED)],
            "Prioriteringer 04.12.2026",
            locale,
            chosen=frozenset({20, 21}),
            error="Et rangeringsløp trenger minst to forslag.",
        ),
        "standings": standings_card(closed_round, closed_proposals, mandate, locale),
        "standings-chair": standings_card(
            closed_round, closed_proposals, mandate, locale, may_override=True
        ),
        "standings-override-chair": standings_card(
            overridden, overridden_proposals, mandate, locale, may_override=True
        ),
        "standings-override-member": standings_card(
            overridden, overridden_proposals, mandate, locale
        ),
        "standings-override-refused": standings_card(
            overridden,
            overridden_proposals,
            mandate,
            locale,
            may_override=True,
            places={20: "1", 21: "1", 22: "", 23: "4"},
            reason="Lovkrav fra 2028.",
            error="Gi hvert forslag sin egen plass i rekkefølgen.",
        ),
        "task": task_card(occurrence(), mandate, locale, today=TODAY),
        "task-reminder": task_card(
            occurrence(),
            mandate,
            locale,
            today=TODAY,
            lead=task_lead(NoticeKind.TASK_REMINDER, "Bestillerutvalget", TODAY, locale),
        ),
        "notice-meeting-call": meeting_call_card(
            MeetingKind.COMMITTEE,
            "Bestillerutvalget",
            TODAY,
            locale,
            board_meeting=TODAY + timedelta(days=14),
        ),
        "agenda-draft": agenda_card(
            meeting(), mandate, locale, proposals={12: p}, lead=draft_agenda_lead(TODAY, locale)
        ),
        "proposal-step-submitted": proposal_step_card(
            p, {"action": "submit", "from": "draft", "to": "submitted"}, locale
        ),
        "proposal-step-returned": proposal_step_card(
            p,
            {
                "action": "return",
                "from": "in_review",
                "to": "returned",
                "comment": "Beskriv gevinsten for Aukra nærmere.",
            },
            locale,
        ),
        "proposal-step-on-agenda": proposal_step_card(
            p,
            {
                "action": "put_on_agenda",
                "from": "ready",
                "to": "on_agenda",
                "note": {"meeting_on": TODAY.isoformat()},
            },
            locale,
        ),
        "proposal-step-escalated": proposal_step_card(
            p,
            {
                "action": "escalate",
                "from": "voting",
                "to": "escalated",
                "note": {
                    "for_weight": "45.5",
                    "against_weight": "44.5",
                    "abstain_weight": "10",
                    "board_meeting_on": (TODAY + timedelta(days=14)).isoformat(),
                },
            },
            locale,
        ),
        "election": election_card(
            open_election,
            group,
            mandate,
            locale,
            today=TODAY,
            viewer=chair_of(mandate),
            viewer_is_chair=True,
        ),
        "election-result": election_card(
            closed_election, closed_group, mandate, locale, today=TODAY
        ),
        "systems": systems_card(inventory(mandate), mandate, locale, query="visma"),
        "help": help_card(HELP, locale),
        "report": report_form(
            ReportKind.STUDY, locale, values={"report_title": "x" * 300}, error="Feil"
        ),
        "toast": toast_card("Forslaget er sendt inn.", locale, title="Takk!", tone="good"),
        **decision_cards(mandate, locale),
        **meeting_cards(mandate, locale),
        **project_cards(mandate, locale),
        "proposal-approved": proposal_card(
            proposal(state=ProposalState.BOARD_APPROVED), mandate, locale, can_show=True
        ),
    }


def worst_values(mandate: Mandate) -> dict[str, str]:
    """Form values with every text at the form's longest."""
    return values_of(worst_proposal(mandate))


def worst_cards(mandate: Mandate, locale: str) -> dict[str, dict[str, Any]]:
    """One card of each family at its largest: long texts, long history, every step, all
    municipalities missing, many agenda items, proposals, systems and help entries."""
    p = worst_proposal(mandate)
    weights = {m.id: m.weight for m in mandate.municipalities}
    open_vote = Vote.open(
        12, mandate.committee, weights, mandate.rule_of(mandate.committee), by="dl-ror", at=AT
    )
    open_vote.id = 7
    closed_vote = vote(("aukra", Choice.FOR), ("molde", Choice.MOT), closed=True)
    round_, proposals = ranking_round(25, closed=True)
    round_.override(list(reversed(round_.proposal_ids)), long_text(1000), by="dl-ror", at=AT)
    open_round, open_proposals = ranking_round(25)
    task = occurrence(postponed=True)
    task.title = long_text(300)
    task.responsible = [b.id for b in mandate.bodies]
    help_entries = [
        HelpEntry(long_text(40), long_text(200), chair_only=n % 3 == 0) for n in range(40)
    ]
    big_election, big_group = election(mandate, members=60, long_names=True)
    return {
        "form": proposal_form(
            mandate, locale, values=worst_values(mandate), error=long_text(1000), proposal_id=12
        ),
        "proposal": proposal_card(
            worst_with_attachments(mandate),
            mandate,
            locale,
            next_steps=list(Action),
            can_edit=True,
            can_show=True,
            may_attach=True,
            removable=frozenset(range(1, MAX_ATTACHMENTS + 1)),
            discussion=posted_discussion(mandate),
            error=long_text(300),
            typed={"attachment_title": long_text(200), "attachment_url": long_text(MAX_URL)},
        ),
        "proposal-full": full_card(worst_proposal(mandate), mandate, locale),
        "qa": qa_card(p, mandate, locale),
        "agenda": agenda_card(meeting(60, 300), mandate, locale, proposals={12: p}),
        "vote": vote_card(
            open_vote,
            p,
            open_vote.current_tally(),
            mandate,
            locale,
            viewer_municipality=mandate.municipalities[0].id,
            viewer_is_chair=True,
            refresh_user_ids=[f"{n:036d}" for n in range(200)],
        ),
        "result": result_card(
            closed_vote,
            p,
            closed_vote.current_tally(),
            mandate,
            locale,
            board_meeting_date=date(2027, 2, 11),
        ),
        "ranking": ranking_card(
            open_round,
            open_proposals,
            mandate,
            locale,
            viewer_municipality="molde",
            viewer_is_chair=True,
        ),
        "standings": standings_card(round_, proposals, mandate, locale),
        "standings-chair": standings_card(
            round_,
            proposals,
            mandate,
            locale,
            may_override=True,
            places={pid: "1" for pid in round_.proposal_ids},
            reason=long_text(2000),
            error=long_text(1000),
        ),
        "task": task_card(task, mandate, locale, today=TODAY),
        "election": election_card(
            big_election,
            big_group,
            mandate,
            locale,
            today=TODAY,
            viewer=chair_of(mandate),
            viewer_is_chair=True,
        ),
        "systems": systems_card(inventory(mandate, extra=300), mandate, locale),
        "help": help_card(help_entries, locale),
        "report": report_form(ReportKind.MEASURE, locale, values={"report_text": "y" * 20_000}),
        "toast": toast_card(long_text(3000), locale, title=long_text(200), tone="attention"),
        "notice": meeting_call_card(  # the scheduled notices' cards
            MeetingKind.COMMITTEE,
            long_text(300),
            TODAY,
            locale,
            board_meeting=TODAY + timedelta(days=14),
        ),
        "decision": decision_cards(mandate, locale, 3000)["decision-board"],
        "meeting": meeting_cards(mandate, locale, 300)["meeting-planned-member"],
        "meeting-draft": meeting_cards(mandate, locale, 300)["meeting-draft-chair"],
        "project": project_cards(mandate, locale, 2000)["project-running-leader"],
        "project-start": project_cards(mandate, locale, 2000)["project-start"],
        "project-due": project_cards(mandate, locale, 2000)["project-benefit-due"],
    }
