from governance.domain.proposals import ProposalState
from governance.services.context import Context
from tests.integration.helpers import ready_proposal


async def test_a_proposal_reaches_ready(ctx: Context) -> None:
    proposal = await ready_proposal(ctx)
    assert proposal.state is ProposalState.READY
