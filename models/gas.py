"""The USDC operator key's gas, as episodes: low from the check that found it below the
minimum until one finds it refilled.

Each change of state is an audit entry (`GAS_LOW`, `GAS_REFILLED`) on the operator's
address, written under a lock on that address, so however many processes check, an
episode starts once, and what it calls for (staff told) is written with its start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from models.audit import AuditLog

if TYPE_CHECKING:
    from models.notification import Then

GAS_LOW = "operator.gas_low"
GAS_REFILLED = "operator.gas_refilled"


async def record_gas(
    address: str, balance_wei: int, minimum_wei: int, *, then: Then[int] | None = None
) -> bool:
    """Record the operator's gas as found now. True when a low episode starts with this
    check: then `then(balance_wei, conn)` is called in the transaction that records it
    (`models.notification.Then`). A check that finds it still low, or still fine, writes
    nothing."""
    low = balance_wei < minimum_wei
    async with in_transaction() as conn:
        await conn.execute_query(
            "SELECT pg_advisory_xact_lock(hashtext($1))", [f"operator-gas:{address}"]
        )
        last = (
            await AuditLog.filter(
                object_type="operator", object_id=address, action__in=(GAS_LOW, GAS_REFILLED)
            )
            .using_db(conn)
            .order_by("-id")
            .first()
        )
        was_low = last is not None and last.action == GAS_LOW
        if low == was_low or (not low and last is None):
            return False
        await AuditLog.record(
            GAS_LOW if low else GAS_REFILLED,
            object_type="operator",
            object_id=address,
            actor_label="check:gas",
            after={"balance_wei": balance_wei, "minimum_wei": minimum_wei},
            using_db=conn,
        )
        if low and then is not None:
            await then(balance_wei, conn)
        return low
