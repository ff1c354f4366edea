"""Alerts for platform staff: money that needs a person (paid twice, refunded after release,
a reversal the provider refused).

There is no staff channel yet, so an alert is an append-only audit entry
(`staff.alert`, with its kind and details, in the caller's transaction) plus an ERROR log
line naming the escrow. `pending_for_staff` lists them for a future channel or command.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from models.audit import AuditLog

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from models.escrow import Escrow

log = logging.getLogger(__name__)

ALERT_ACTION = "staff.alert"


async def alert_staff(
    kind: str, escrow: Escrow, detail: dict[str, Any], *, conn: BaseDBAsyncClient | None = None
) -> AuditLog:
    """Record a staff alert about `escrow` (audit entry) and log it at ERROR level."""
    entry = await AuditLog.record(
        ALERT_ACTION,
        object_type="escrow",
        object_id=escrow.id,
        actor_label="system",
        guild_id=escrow.guild_id,
        after={"kind": kind, "status": escrow.status, **detail},
        using_db=conn,
    )
    log.error(
        "Staff alert %s on escrow %s (guild %s): %s", kind, escrow.id, escrow.guild_id, detail
    )
    return entry


async def alerts_for(escrow_id: int) -> list[AuditLog]:
    """The staff alerts about one escrow, oldest first."""
    return (
        await AuditLog.filter(action=ALERT_ACTION, object_type="escrow", object_id=str(escrow_id))
        .order_by("id")
        .all()
    )
