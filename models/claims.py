"""Claims on work items shared by several processes: a session advisory lock held for the
whole of one item's work (jobs, reconciliation)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from tortoise import connections

CLAIM_ESCROW = 0x0B10_0E5C
CLAIM_PROVIDER_CALL = 0x0B10_0CA1


@contextlib.asynccontextmanager
async def claimed(namespace: int, item_id: int) -> AsyncIterator[bool]:
    """Claim one item for the whole of its work: a session advisory lock on its own pool
    connection, held until the block ends. Yields False when another process holds it.

    A row lock taken with `FOR UPDATE SKIP LOCKED` in a transaction that commits before the
    work starts claims nothing: a second process finds the row free and does the same item.
    Holding the claim outside the work's own transactions also keeps it across a provider
    call, which must never happen inside an open transaction.
    """
    async with connections.get("default").acquire_connection() as conn:
        mine = bool(await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", namespace, item_id))
        try:
            yield mine
        finally:
            if mine:
                await conn.fetchval("SELECT pg_advisory_unlock($1, $2)", namespace, item_id)
