"""Race tests wait by observation: a lock held in one transaction, and PostgreSQL's own word
(`pg_stat_activity`) that the others are queued behind it, never a sleep.

    async with holding(lambda conn: Escrow.locked(escrow.id, conn)):
        racers = [asyncio.create_task(release(...)) for _ in range(2)]
        await wait_for_lock_waiters(2)   # both really wait on the row lock
    results = await asyncio.gather(*racers, return_exceptions=True)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import discord
import simcord
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from bot.app import Bloxtr8Bot

POLL_SECONDS = 0.01


async def lock_waiters() -> int:
    """Backends of the test database waiting on a heavyweight lock (a row, a table, a
    unique index entry another transaction has written): `wait_event_type = 'Lock'`."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT count(*) AS n FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    return int(rows[0]["n"])


async def wait_for_lock_waiters(n: int = 1, *, within: float = 10.0) -> None:
    """Poll `pg_stat_activity` until at least `n` transactions wait on a lock; fail the test
    (with how many did) if they don't within `within` seconds."""
    found = 0
    try:
        async with asyncio.timeout(within):
            while True:
                found = await lock_waiters()
                if found >= n:
                    return
                await asyncio.sleep(POLL_SECONDS)  # the database is polled: no event to await
    except TimeoutError:
        raise AssertionError(f"{found} transaction(s) waited on a lock; expected {n}") from None


@asynccontextmanager
async def holding(
    lock: Callable[[BaseDBAsyncClient], Awaitable[object]],
) -> AsyncIterator[None]:
    """Take a lock with `lock(conn)` in a transaction of its own (a task with its own
    connection) and keep it until the block ends; then commit and wait for that task."""
    locked, release = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with in_transaction() as conn:
            await lock(conn)
            locked.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    waiting = asyncio.create_task(locked.wait())
    await asyncio.wait({holder, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if holder.done():  # taking the lock failed: show why
        waiting.cancel()
        await holder
        raise AssertionError("the lock holder finished before the block ran")
    try:
        yield
    finally:
        release.set()
        await holder


def app(env: simcord.Env) -> Bloxtr8Bot:
    """The bot under test with its own type: simcord knows it only as a `discord.Client`."""
    assert isinstance(env.bot, Bloxtr8Bot), env.bot
    return env.bot


def reply(result: simcord.InteractionResult) -> simcord.ResponseMessage:
    """The message an interaction answered with; the test fails if there is none."""
    assert result.response is not None, result
    return result.response


def fields_of(embed: discord.Embed) -> dict[str, str]:
    """An embed's field values by name (Discord requires both on every field)."""
    found: dict[str, str] = {}
    for field in embed.fields:
        assert field.name is not None and field.value is not None, field
        found[field.name] = field.value
    return found
