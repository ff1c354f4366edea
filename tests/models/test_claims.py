"""Claims survive interruption: a step cancelled (a task cancelled, a timeout) or failing
anywhere between taking and giving back its claim leaves the item claimable.

The pool keeps sessions between uses (`tortoise_config(light_release=True)`: no
`pg_advisory_unlock_all()` on release), so a session lock left behind would keep its item
claimed for the life of that connection. Whether an item is free is asked of a connection
of its own: a session lock is re-entrant, so the pooled connection that leaked it would
still get it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from tortoise.transactions import in_transaction

from bot.db import libpq_url
from models.claims import CLAIM_ESCROW, claimed

# Steps of the event loop at which a cancellation lands: the first few fall before the lock
# is asked for, the next ones while PostgreSQL answers (the lock may be granted with nobody
# left to record it), the last ones inside the work.
LOOP_STEPS = range(12)


@pytest.fixture
async def outsider(db: str) -> AsyncIterator[asyncpg.Connection]:
    """Another process's connection, outside the pool."""
    conn = await asyncpg.connect(libpq_url(db))
    try:
        yield conn
    finally:
        await conn.close()


async def claimable(conn: asyncpg.Connection, item_id: int, *, within: float = 2.0) -> bool:
    """Whether another session can claim the item (and gives it straight back), polled for
    up to `within` seconds: a closed connection's session ends a moment after it is closed."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        if await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", CLAIM_ESCROW, item_id):
            await conn.fetchval("SELECT pg_advisory_unlock($1, $2)", CLAIM_ESCROW, item_id)
            return True
        if asyncio.get_running_loop().time() >= deadline:
            return False
        await asyncio.sleep(0.01)  # PostgreSQL is polled: no event to await


async def work(item_id: int, inside: asyncio.Event | None = None) -> None:
    async with claimed(CLAIM_ESCROW, item_id) as mine:
        assert mine
        if inside is not None:
            inside.set()
        await asyncio.Event().wait()  # a provider call that never answers


async def cancel(item_id: int, steps: int, *, twice: bool = False) -> None:
    """Run a step on the item and cancel it after `steps` turns of the event loop; with
    `twice`, cancel it once inside its work and again `steps` turns later (as it unwinds)."""
    inside = asyncio.Event()
    step = asyncio.create_task(work(item_id, inside))
    if twice:
        await inside.wait()
        step.cancel()
    for _ in range(steps):
        await asyncio.sleep(0)
    step.cancel()
    with pytest.raises(asyncio.CancelledError):
        await step


async def test_a_step_cancelled_in_its_work_leaves_the_item_claimable(
    outsider: asyncpg.Connection,
) -> None:
    inside = asyncio.Event()
    step = asyncio.create_task(work(1, inside))
    await inside.wait()
    assert not await claimable(outsider, 1, within=0)  # held while the work runs
    step.cancel()
    with pytest.raises(asyncio.CancelledError):
        await step
    assert await claimable(outsider, 1)


async def test_a_step_that_times_out_leaves_the_item_claimable(
    outsider: asyncpg.Connection,
) -> None:
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.2):
            await work(2)
    assert await claimable(outsider, 2)


async def test_a_step_that_raises_leaves_the_item_claimable(
    outsider: asyncpg.Connection,
) -> None:
    with pytest.raises(RuntimeError):
        async with claimed(CLAIM_ESCROW, 3):
            raise RuntimeError("the work failed")
    assert await claimable(outsider, 3)


async def test_a_step_cancelled_at_any_point_leaves_nothing_claimed(
    outsider: asyncpg.Connection,
) -> None:
    for steps in LOOP_STEPS:
        item_id = 100 + steps
        await cancel(item_id, steps)
        assert await claimable(outsider, item_id), f"cancelled after {steps} loop steps"


async def test_a_step_cancelled_twice_while_giving_back_leaves_nothing_claimed(
    outsider: asyncpg.Connection,
) -> None:
    """Shutdown cancels a job, then cancels again (or times out) while it unwinds."""
    for steps in LOOP_STEPS:
        item_id = 200 + steps
        await cancel(item_id, steps, twice=True)
        assert await claimable(outsider, item_id), f"cancelled again after {steps} loop steps"


async def test_the_next_rounds_claim_an_item_whose_steps_were_cancelled(
    outsider: asyncpg.Connection,
) -> None:
    for steps in LOOP_STEPS:
        await cancel(4, steps)
    for _ in range(3):  # the pool hands out its connections in turn
        async with claimed(CLAIM_ESCROW, 4) as mine:
            assert mine
    assert await claimable(outsider, 4)


async def test_a_claim_is_refused_inside_a_transaction(db: str) -> None:
    """A claim holds outside the work's transactions (and a claim on the transaction's own
    connection would wait forever for the work's queries on it)."""
    async with in_transaction():
        with pytest.raises(RuntimeError, match="outside"):
            async with claimed(CLAIM_ESCROW, 5):
                pass
