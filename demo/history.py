"""An example history, loaded through the same use cases the bot calls (``samstyre demo``).

Everything it creates is labelled as an example ("Eksempel:" titles, an audit entry
``demo.loaded``). The history runs on its own clock over the last five months, so a newcomer sees
a living committee: proposals in every state, a closed consensus vote, an escalated vote, a
ranking round, a held meeting with its minutes, annual-cycle tasks open, done and overdue.
It works for any mandate file: voters, chair and board members are looked up in the mandate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from governance.domain.annual_cycle import OccurrenceState
from governance.domain.calendar import OSLO
from governance.domain.decisions import Verdict
from governance.domain.meetings import Meeting, MeetingKind
from governance.domain.organisation import BodyKind, Mandate, Member, Role
from governance.domain.proposals import Action, Proposal, ProposalState, QaItem
from governance.domain.subjects import AuditSubject
from governance.domain.tally import Choice
from governance.services import (
    annual_cycle,
    decisions,
    groups,
    investment,
    meetings,
    policies,
    projects,
    proposals,
    queries,
    ranking,
    systems,
    votes,
)
from governance.services.commands import (
    AddAgendaItem,
    ApproveMinutes,
    BuildAgenda,
    BuildPlan,
    CallMeeting,
    CastBallot,
    CloseMeeting,
    CloseRound,
    CloseVote,
    CreateDraft,
    Decide,
    DeliverProject,
    MarkTaskDone,
    OpenRound,
    OpenVote,
    PlanBenefit,
    ProposalInput,
    RecordBenefit,
    StartProject,
    SubmitProposal,
    SubmitRanking,
    TakeStep,
    TickChecklist,
)
from governance.services.context import Context, FixedClock, record

DEMO_ACTION = "demo.loaded"
DEMO = AuditSubject.demo()
LABEL = "Eksempel: "

TITLES = [
    ("Felles innbyggerportal med MinSide", "Innbyggere søker og følger saker på ett sted."),
    ("Digital postkasse til innbyggere (SvarUt-utvidelse)", "Sende alle vedtaksbrev digitalt."),
    ("Felles kvalitetssystem for helse og omsorg", "Avvik og prosedyrer i ett system."),
    ("Velferdsteknologi: digitalt tilsyn om natten", "Kamera og sensorer i hjemmetjenesten."),
    ("Automatisk fakturamottak (EHF) for alle kommuner", "Mindre manuell føring av fakturaer."),
    ("Felles chatbot for servicetorgene", "Svar på vanlige spørsmål hele døgnet."),
    ("Ny løsning for byggesak med eByggeSak", "Digital byggesøknad fra søker til vedtak."),
    ("Microsoft 365 Copilot i administrasjonen", "Utprøving for saksbehandlere."),
    ("Felles plattform for skolenes læringsverktøy", "Én innlogging for elever og lærere."),
    ("Flerfaktorautentisering for alle ansatte", "Sikrere pålogging i alle kommuner."),
    ("Digitalt arkiv for eldre papirarkiv", "Skanning og avlevering til IKA."),
    ("Sensorer for fukt i kommunale bygg", "Varsler før vannskader blir dyre."),
    ("Felles timebestilling for helsestasjon", "Foreldre bestiller time digitalt."),
    ("Kartinnsyn for innbyggere", "Planer og eiendomsgrenser på nett."),
    ("Robotisering av lønnsrutiner", "Automatisere faste lønnsoppgaver."),
    ("Elektronisk vaktplan i omsorgstjenesten", "Vaktbytte i app."),
    ("Felles løsning for politiske møter", "Sakspapirer og møteplan i én app."),
    ("Digital søknad om barnehageplass", "Søknad og svar digitalt for foreldre."),
]
HELD = 9  # proposals decided at the last committee meeting


@dataclass
class Cast:
    """Who plays which part, found in the mandate."""

    chair: str
    voters: dict[str, str]  # municipality → member id (not a deputy)
    board: str

    @classmethod
    def of(cls, mandate: Mandate) -> Cast:
        committee = mandate.body(mandate.committee)
        chair = committee.chair or mandate.chairs()[0].id
        voters: dict[str, str] = {}
        for member_id in committee.members:
            member = mandate.member(member_id)
            if member.municipality and not member.deputy:
                voters.setdefault(member.municipality, member.id)
        board = next(m.id for m in mandate.members if _on_board(m, mandate))
        return cls(chair, voters, board)


def _on_board(member: Member, mandate: Mandate) -> bool:
    board = mandate.body(mandate.board)
    return (
        member.has_role(Role.BOARD_CHAIR)
        or member.has_role(Role.BOARD_MEMBER)
        or (member.id in board.members)
    )


async def load_demo(ctx: Context) -> str:
    """Load the example history once; a second call says it is already there."""
    async with ctx.reading() as uow:
        if any(e.action == DEMO_ACTION for e in await uow.audit.entries(subject=DEMO.key)):
            return "demo history already loaded (nothing changed)"
    today = ctx.today()
    clock = FixedClock(datetime.combine(today - timedelta(days=150), time(9), OSLO))
    story = Story(Context(ctx.mandate, ctx.units, clock), clock, Cast.of(ctx.mandate), today)
    await story.tell()
    return story.summary()


class Story:
    def __init__(self, ctx: Context, clock: FixedClock, cast: Cast, today: date) -> None:
        self.ctx, self.clock, self.cast, self.today = ctx, clock, cast, today
        self.made: list[Proposal] = []

    def tick(self, days: float = 0.2) -> None:
        self.clock.advance_to(self.clock.now() + timedelta(days=days))

    def at(self, day: date, hour: int = 10) -> None:
        self.clock.advance_to(datetime.combine(day, time(hour), OSLO))

    async def tell(self) -> None:
        await groups.seed_groups(self.ctx)
        await systems.seed_inventory(self.ctx)
        for year in (self.today.year, self.today.year + 1):
            await meetings.plan_year(self.ctx, self.cast.chair, year)
        drafted = [await self.draft(i) for i in range(len(TITLES))]
        held, board_day = await self.past_meeting(drafted[:HELD])
        await self.board_decides(drafted[:HELD], board_day)
        await self.after_meeting(drafted[HELD:], held)
        await self.annual_cycle()
        async with self.ctx.unit() as uow:
            await record(self.ctx, uow, "system", DEMO_ACTION, DEMO, {"proposals": drafted})
            await uow.commit()

    async def draft(self, index: int) -> int:
        mandate = self.ctx.mandate
        municipalities = sorted(self.cast.voters)
        own = municipalities[index % len(municipalities)]
        other = municipalities[(index + 1) % len(municipalities)]
        title, need = TITLES[index]
        owner = next(
            (
                b.id
                for b in mandate.bodies
                if b.kind in (BodyKind.FAGGRUPPE, BodyKind.UTVIKLINGSGRUPPE)
            ),
            None,
        )
        data = ProposalInput(
            title=LABEL + title,
            description=need,
            municipalities=[own, other],
            needs={own: need, other: "Samme behov, meldt av bestiller."},
            cost_one_off=150_000 + 50_000 * index,
            cost_yearly=20_000 + 5_000 * index,
            benefit_potential="Spart tid i saksbehandlingen, færre henvendelser.",
            benefit_measurement="Timer spart per måned, målt før og etter.",
            legal_basis="Forvaltningsloven; eForvaltningsforskriften",
            user_perspective="Enklere for innbyggere og ansatte.",
            org_change="Nye rutiner i berørte enheter; opplæring.",
            strategy_goals=[mandate.strategy_goals[index % len(mandate.strategy_goals)].id]
            if mandate.strategy_goals
            else [],
            owner_group=owner,
        )
        self.tick()
        proposal = await proposals.create_draft(self.ctx, CreateDraft(self.cast.voters[own], data))
        assert proposal.id is not None
        return proposal.id

    async def make_ready(self, proposal_id: int) -> None:
        proposal = await proposals.get(self.ctx, proposal_id)
        if proposal.state is ProposalState.DRAFT:
            await proposals.submit(self.ctx, SubmitProposal(proposal.submitter, proposal_id))
        self.tick()
        await proposals.take_step(
            self.ctx, TakeStep(self.cast.chair, proposal_id, Action.START_REVIEW)
        )
        for item in QaItem:
            await proposals.tick_checklist(
                self.ctx, TickChecklist(self.cast.chair, proposal_id, item)
            )
        self.tick()
        await proposals.take_step(
            self.ctx, TakeStep(self.cast.chair, proposal_id, Action.MARK_READY)
        )

    async def past_meeting(self, ids: list[int]) -> tuple[int, date]:
        """The last committee meeting before today: agenda, four kinds of outcome, minutes."""
        for proposal_id in ids:
            await self.make_ready(proposal_id)
        held = await self.last_committee_meeting()
        self.at(held.on - timedelta(days=7))
        assert held.id is not None
        await meetings.build_agenda(self.ctx, BuildAgenda(self.cast.chair, held.id))
        self.at(held.on, 10)
        patterns = ["for"] * 6 + ["split", "mot", "split"]
        for index, proposal_id in enumerate(ids):
            await self.vote(proposal_id, patterns[index], change_first=index == 0)
        self.tick(0.1)
        await meetings.close_meeting(
            self.ctx,
            CloseMeeting(self.cast.chair, held.id, [self.cast.chair, *self.cast.voters.values()]),
        )
        self.tick(2)
        await meetings.approve_minutes(self.ctx, ApproveMinutes(self.cast.chair, held.id))
        return held.id, held.on + timedelta(days=14)

    async def last_committee_meeting(self) -> Meeting:
        body = self.ctx.mandate.committee
        stored = await meetings.upcoming(self.ctx, body, self.today - timedelta(days=120))
        past = [
            m
            for m in stored
            if m.kind is MeetingKind.COMMITTEE
            and m.on < self.today
            and m.on > self.clock.now().date()
        ]
        if past:
            return past[-1]
        return await meetings.create_meeting(
            self.ctx,
            CallMeeting(
                self.cast.chair, body, MeetingKind.COMMITTEE, self.today - timedelta(days=21)
            ),
        )

    async def vote(self, proposal_id: int, pattern: str, change_first: bool = False) -> None:
        vote = await votes.open_vote(self.ctx, OpenVote(self.cast.chair, proposal_id))
        assert vote.id is not None
        for n, member in enumerate(self.cast.voters.values()):
            choice = Choice.FOR if pattern == "for" else Choice.MOT
            if pattern == "split":
                choice = Choice.MOT if n == len(self.cast.voters) - 1 else Choice.FOR
            if change_first and n == 0:
                await votes.cast_ballot(self.ctx, CastBallot(member, vote.id, Choice.AVSTAR))
            self.tick(0.01)
            await votes.cast_ballot(self.ctx, CastBallot(member, vote.id, choice))
        await votes.close_vote(self.ctx, CloseVote(self.cast.chair, vote.id))

    async def decide(self, proposal_id: int, verdict: Verdict, reason: str) -> None:
        """The one the mandate file names decides (a body through its chair, in its latest
        meeting held)."""
        mandate = self.ctx.mandate
        proposal = await proposals.get(self.ctx, proposal_id)
        who = policies.decider_of(proposal, mandate)
        assert who is not None, f"proposal {proposal_id} awaits no decision"
        actor = mandate.body(who).chair if mandate.is_body(who) else who
        assert actor is not None
        view = await queries.decision(self.ctx, mandate.member(actor), proposal_id)
        meeting_id = view.default_meeting
        if mandate.is_body(who) and meeting_id is None:  # none held yet: an extra meeting today
            held = await meetings.create_meeting(
                self.ctx,
                CallMeeting(self.cast.chair, who, MeetingKind.BOARD, self.clock.now().date()),
            )
            meeting_id = held.id
        await decisions.decide(self.ctx, Decide(actor, proposal_id, verdict, reason, meeting_id))

    async def board_decides(self, ids: list[int], board_day: date) -> None:
        """The board approves five and declines one escalated matter; the projects move on:
        one closed after its benefits were measured, one followed up, one delivered, one in
        progress, one approved; one recommendation still waits for the board."""
        self.at(min(board_day, self.today - timedelta(days=3)))
        chair = self.cast.chair
        for proposal_id in ids[:5]:
            await self.decide(proposal_id, Verdict.APPROVED, "Tiltaket er i tråd med strategien.")
        await self.decide(ids[8], Verdict.DECLINED, "Styret prioriterer ikke dette i år.")
        await investment.build_plan(self.ctx, BuildPlan(chair, self.today.year + 1))
        leaders = {pid: await self.start_project(pid) for pid in ids[:4]}
        benefits = [
            await investment.plan_benefit(
                self.ctx, PlanBenefit(chair, pid, "Færre telefoner", 400, "henvendelser per måned")
            )
            for pid in ids[:2]
        ]
        for proposal_id in ids[:3]:
            await projects.deliver(
                self.ctx, DeliverProject(leaders[proposal_id], proposal_id, "Levert som avtalt.")
            )
        self.tick(1)
        for benefit, measured in zip(benefits, (310, 365), strict=True):
            assert benefit.id is not None
            await investment.record_benefit(
                self.ctx,
                RecordBenefit(
                    chair, benefit.id, measured, self.clock.now().date(), "Målt i servicetorget."
                ),
            )
        await proposals.take_step(self.ctx, TakeStep(chair, ids[0], Action.CLOSE))

    async def start_project(self, proposal_id: int) -> str:
        """The approver starts the project under the proposal's owning group; its leader."""
        proposal = await proposals.get(self.ctx, proposal_id)
        owner = proposal.owner_group or self.ctx.mandate.committee
        body = self.ctx.mandate.body(owner)
        leader = body.chair or (body.members[0] if body.members else self.cast.chair)
        actor = await projects.commissioning_member(self.ctx, proposal_id)
        scope = f"Innføre «{proposal.title}» i kommunene."
        await projects.start_project(
            self.ctx,
            StartProject(actor, proposal_id, scope, proposal.cost_one_off, owner, leader),
        )
        return leader

    async def after_meeting(self, ids: list[int], held: int) -> None:
        """Newer proposals: ready and ranked, on the next agenda, being voted on, in review,
        submitted, returned, withdrawn, and a draft."""
        chair = self.cast.chair
        self.at(self.today - timedelta(days=2), 9)
        for proposal_id in ids[:4]:
            await self.make_ready(proposal_id)
        round_ = await ranking.open_round(
            self.ctx, OpenRound(chair, "Eksempel: prioritering av forslag", ids[:4])
        )
        assert round_.id is not None
        for n, member in enumerate(self.cast.voters.values()):
            order = ids[:4] if n % 2 == 0 else list(reversed(ids[:4]))
            await ranking.submit_ranking(
                self.ctx, SubmitRanking(member, round_.id, order[: 3 + n % 2])
            )
        await ranking.close_round(self.ctx, CloseRound(chair, round_.id))
        coming = next(
            m
            for m in await meetings.upcoming(self.ctx, self.ctx.mandate.committee, self.today)
            if m.kind is MeetingKind.COMMITTEE and m.is_open and m.id != held
        )
        assert coming.id is not None
        for proposal_id in ids[2:4]:
            await meetings.add_item(
                self.ctx, AddAgendaItem(chair, coming.id, proposal_id=proposal_id)
            )
        voting = await votes.open_vote(self.ctx, OpenVote(chair, ids[3]))
        assert voting.id is not None
        for member in list(self.cast.voters.values())[:2]:
            await votes.cast_ballot(self.ctx, CastBallot(member, voting.id, Choice.FOR))
        await self.early_states(ids[4:])

    async def early_states(self, ids: list[int]) -> None:
        chair = self.cast.chair
        in_review, submitted, returned, withdrawn = ids[:4]  # the fifth stays a draft
        for proposal_id in (in_review, submitted, returned, withdrawn):
            proposal = await proposals.get(self.ctx, proposal_id)
            await proposals.submit(self.ctx, SubmitProposal(proposal.submitter, proposal_id))
        await proposals.take_step(self.ctx, TakeStep(chair, in_review, Action.START_REVIEW))
        await proposals.tick_checklist(
            self.ctx, TickChecklist(chair, in_review, QaItem.CATALOGUE_CHECKED)
        )
        await proposals.take_step(
            self.ctx,
            TakeStep(
                chair,
                returned,
                Action.RETURN,
                "Beskriv gevinstene for hver kommune før kvalitetssikring.",
            ),
        )
        proposal = await proposals.get(self.ctx, withdrawn)
        await proposals.take_step(
            self.ctx, TakeStep(proposal.submitter, withdrawn, Action.WITHDRAW)
        )

    async def annual_cycle(self) -> None:
        """Last year's and this year's tasks: all past due done but one of each year, which is
        left overdue; what is not yet due stays open."""
        self.at(self.today - timedelta(days=1))
        for year in (self.today.year - 1, self.today.year):
            await annual_cycle.materialise_year(self.ctx, "system", year)
            tasks = await annual_cycle.of_year(self.ctx, year)
            past_due = [t for t in tasks if t.state(self.today) is OccurrenceState.OVERDUE]
            for task in past_due[:-1]:
                assert task.id is not None
                await annual_cycle.mark_done(self.ctx, MarkTaskDone(self.cast.chair, task.id))

    def summary(self) -> str:
        return (
            f"demo history loaded: {len(TITLES)} example proposals, votes, a ranking round, "
            f"meetings with minutes and the annual cycle up to {self.today.isoformat()}"
        )
