"""The job runner's failure policy, and claims that hold for the whole work they claim."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import simcord
from tortoise import connections

from bot import jobs
from bot.app import Bloxtr8Bot
from models import escrow_actions, payments
from models.claims import CLAIM_PROVIDER_CALL
from models.enums import EscrowStatus, ProviderCallStatus
from models.payments import ProviderCall
from models.provider import ProviderResult
from models.user import User
from tests.bot.cogs.test_escrow import World, fund, open_escrow, refreshed, world  # noqa: F401
from tests.bot.test_services import keep_cog_modules  # noqa: F401
from tests.helpers import app


def test_backoff_doubles_from_the_interval_and_is_capped() -> None:
    assert jobs.backoff(60, 0) == 60
    assert [jobs.backoff(60, n) for n in (1, 2, 3, 4, 5)] == [60, 120, 240, 480, 600]
    assert jobs.backoff(5, 30) == jobs.MAX_BACKOFF_SECONDS
    assert jobs.backoff(900, 3) == 900  # a cap below the interval never shortens it


class HeldRail:
    """The real Stripe rail; the first provider call stops inside until the test lets go."""

    def __init__(self, rail: Any) -> None:
        self.rail = rail
        self.kind = rail.kind
        self.calls: list[int] = []
        self.go = asyncio.Event()

    async def execute(self, call: ProviderCall) -> ProviderResult:
        self.calls.append(call.id)
        if len(self.calls) == 1:
            await self.go.wait()
        result: ProviderResult = await self.rail.execute(call)
        return result


async def advisory_lock_held(namespace: int, item_id: int) -> bool:
    rows = await connections.get("default").execute_query_dict(
        "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND classid = $1::bigint::oid AND objid = $2::bigint::oid",
        [namespace, item_id],
    )
    return bool(rows)


async def inside(rail: HeldRail) -> bool:
    return bool(rail.calls)


async def wait_until(check: Any, *args: Any, within: float = 10.0) -> None:
    """Poll what PostgreSQL shows until `check` holds (observation, not a fixed sleep)."""
    deadline = time.monotonic() + within
    while not await check(*args):
        assert time.monotonic() < deadline, f"{check.__name__}{args} never held"
        await asyncio.sleep(0.01)


async def test_two_reconcilers_settle_a_stale_provider_call_once(world: World) -> None:  # noqa: F811
    """`claim_stale` leases a call and commits before the provider is called: a second
    process whose lease check lets it through must not call the provider again."""
    escrow = await open_escrow(world)
    await fund(world, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    world.stripe.fail_next("POST", r"^/v1/transfers$", status=500, times=3)
    with pytest.raises(payments.ProviderPending):
        await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    call = await ProviderCall.get(escrow_id=escrow.id, status=ProviderCallStatus.PENDING)

    held = HeldRail(world.rail)
    first = asyncio.create_task(jobs.reconcile(held, older_than_seconds=0))
    await wait_until(advisory_lock_held, CLAIM_PROVIDER_CALL, call.id)
    await wait_until(inside, held)  # the first runner is inside the provider call
    second = await jobs.reconcile(held, older_than_seconds=0)  # another process, meanwhile
    held.go.set()
    assert await first == 1
    assert second == 0
    assert held.calls == [call.id]  # the provider was called once
    assert len(world.stripe.transfers()) == 1
    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    assert not await advisory_lock_held(CLAIM_PROVIDER_CALL, call.id)


class Flaky:
    """A job that fails `failing` times, then works; it notes when it ran (virtual time)."""

    def __init__(self, failing: int) -> None:
        self.failing = failing
        self.env: simcord.Env | None = None
        self.runs: list[float] = []

    async def step(self) -> None:
        assert self.env is not None
        self.runs.append(self.env.now().timestamp())
        if len(self.runs) <= self.failing:
            raise RuntimeError("database restarting")


@pytest.fixture
async def flaky(
    db: str,
    bot: Bloxtr8Bot,
    keep_cog_modules: None,  # noqa: F811
) -> AsyncIterator[Flaky]:
    """The real bot with one more job, scheduled in setup_hook as the bot's own jobs are."""
    job = Flaky(failing=3)
    setup = bot.setup_hook

    async def setup_hook() -> None:
        await setup()
        bot.jobs.every(10, "flaky", job.step)

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    job.env = simcord.Env(bot)
    await job.env.start()
    try:
        yield job
    finally:
        await job.env.shutdown()


async def test_a_failing_job_is_logged_with_a_reference_backs_off_and_goes_on(
    flaky: Flaky, caplog: pytest.LogCaptureFixture
) -> None:
    assert flaky.env is not None
    bot = app(flaky.env)
    for _ in range(20):
        await flaky.env.advance_time(10)
    start = flaky.runs[0]
    gaps = [round(b - a) for a, b in zip(flaky.runs, flaky.runs[1:], strict=False)]
    # Three failures wait one, two and four intervals; then it runs every interval again.
    assert gaps[:5] == [10, 20, 40, 10, 10], (gaps, start)
    assert bot.jobs.failures["flaky"] == 0
    logged = caplog.get_records("setup") + caplog.records  # the first run is at start-up
    failures = [r for r in logged if r.name == "bot.jobs"]
    assert [r.getMessage().split("(ref ")[0] for r in failures] == ["Job flaky failed "] * 3
    refs = {r.getMessage().split("(ref ")[1][:8] for r in failures}
    assert len(refs) == 3  # each failure has its own reference
    assert all(r.exc_info for r in failures)  # with its traceback
    assert {getattr(r, "ref", None) for r in failures} == refs  # a field of a JSON log line
    # Counted for /metrics: three failed runs, the rest succeeded; the lag is a gauge.
    from bot.metrics import REGISTRY

    def runs(outcome: str) -> float | None:
        labels = {"job": "flaky", "outcome": outcome}
        return REGISTRY.get_sample_value("bloxtr8_job_runs_total", labels)

    assert runs("error") == 3
    assert runs("ok") == len(flaky.runs) - 3
    assert REGISTRY.get_sample_value("bloxtr8_job_lag_seconds", {"job": "flaky"}) is not None

    await bot.close()  # closing the bot stops every job
    assert bot.jobs.names == []


class _Ready:
    """What a JobRunner needs of a client: readiness."""

    async def wait_until_ready(self) -> None:
        return None


async def test_at_shutdown_an_escrow_round_stops_between_escrows(db: str) -> None:
    """Like `each`: the escrow in progress is finished (with its DMs), the rest of the
    round is left for the next run, here or in another process."""
    import datetime as dt

    from bot.rails import Rails
    from models.base import utcnow
    from models.escrow import Escrow
    from tests.factories import make_escrow

    past = utcnow() - dt.timedelta(hours=1)
    due = [await make_escrow(status=EscrowStatus.AWAIT_FUNDS, expires_at=past) for _ in range(3)]
    inside, release = asyncio.Event(), asyncio.Event()
    told: list[int] = []

    async def tell(user_id: int, text: str, conn: Any = None) -> None:
        assert conn is not None  # in the cancelling transaction
        told.append(user_id)
        if len(told) == 1:  # the first escrow's buyer: hold it there while shutdown starts
            inside.set()
            await release.wait()

    async def step() -> None:
        await jobs.escrow_deadlines(Rails(), tell)

    runner = jobs.JobRunner(_Ready())  # type: ignore[arg-type]
    runner.every(3600, "escrow-deadlines", step)
    await asyncio.wait_for(inside.wait(), 10)
    stopping = asyncio.create_task(runner.stop())
    await asyncio.sleep(0.1)
    release.set()
    await asyncio.wait_for(stopping, 10)
    statuses = [(await Escrow.get(id=e.id)).status for e in due]
    assert statuses == [EscrowStatus.CANCELLED, EscrowStatus.AWAIT_FUNDS, EscrowStatus.AWAIT_FUNDS]
    assert told == [due[0].buyer_id, due[0].seller_id]  # both parties of the one finished
