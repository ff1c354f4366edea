"""Claims on work items shared by several processes: a session advisory lock held for the
whole of one item's work (jobs, reconciliation)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

CLAIM_ESCROW = 0x0B10_0E5C
CLAIM_PROVIDER_CALL = 0x0B10_0CA1

_LOCK = "SELECT pg_try_advisory_lock($1, $2)"
_UNLOCK = "SELECT pg_advisory_unlock($1, $2)"


@contextlib.asynccontextmanager
async def claimed(namespace: int, item_id: int) -> AsyncIterator[bool]:
    """Claim one item for the whole of its work: a session advisory lock on its own pool
    connection, held until the block ends. Yields False when another process holds it.

    A row lock taken with `FOR UPDATE SKIP LOCKED` in a transaction that commits before the
    work starts claims nothing: a second process finds the row free and does the same item.
    Holding the claim outside the work's own transactions also keeps it across a provider
    call, which must never happen inside an open transaction. (A transaction-scoped lock
    taken in `in_transaction()` would not do: the work's own `in_transaction()` blocks
    become savepoints of the claim's transaction, so their row locks and writes stay held
    and uncommitted across the provider call.)

    The pool does not reset sessions on release (`bot.db.keep_session`), so the lock must
    never go back to the pool with its connection. It is given back when the block ends,
    whether normally, by an exception or by a cancellation (a task cancelled, a timeout).
    When the lock or unlock query itself is interrupted (a cancelled `pg_try_advisory_lock`
    may have been granted with nobody left to record it; shutdown may cancel again while
    the lock is given back), the connection is closed instead: that ends its session and
    every lock in it a moment later, and the pool opens a new connection.
    """
    client = connections.get("default")
    if isinstance(client, TransactionalDBClient):
        raise RuntimeError("Claim items outside a transaction: a claim holds for the whole work.")
    async with client.acquire_connection() as conn:
        mine: bool | None = None  # unknown until PostgreSQL answers
        try:
            mine = bool(await conn.fetchval(_LOCK, namespace, item_id))
            yield mine
        finally:
            if mine is None:  # interrupted while asking: the lock may have been granted
                conn.terminate()
            elif mine:
                try:
                    await conn.fetchval(_UNLOCK, namespace, item_id)
                except BaseException:  # cancelled again, or the connection broke
                    conn.terminate()
                    raise
