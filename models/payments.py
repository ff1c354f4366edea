"""Money-moving calls to a provider, recorded before they are made (an outbox).

A call is written as PENDING with its idempotency key and committed *before* the
provider is asked; the result is recorded in a second transaction. A crash in between
leaves a PENDING row that the reconciler repeats with the same key, so the provider
replays its first answer instead of moving money twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.enums import EscrowRail, ProviderCallKind, ProviderCallStatus

if TYPE_CHECKING:
    from models.escrow import Escrow, MilestoneEscrow


class ProviderCall(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="provider_calls", on_delete=fields.RESTRICT, db_index=True
    )
    milestone: fields.ForeignKeyNullableRelation[MilestoneEscrow] = fields.ForeignKeyField(
        "models.MilestoneEscrow",
        related_name="provider_calls",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    rail = fields.CharEnumField(EscrowRail, max_length=16)
    kind = fields.CharEnumField(ProviderCallKind, max_length=16)
    idempotency_key = fields.CharField(max_length=128, unique=True)
    amount = fields.BigIntField()  # cents
    status = fields.CharEnumField(
        ProviderCallStatus, max_length=16, default=ProviderCallStatus.PENDING
    )
    request: dict[str, Any] = fields.JSONField(default=dict)
    provider_id = fields.CharField(max_length=255, null=True)  # pi_…, tr_…, re_…, tx hash
    error = fields.TextField(null=True)
    attempts = fields.IntField(default=0)
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "provider_calls"
        indexes = (("status", "created_at"),)

    @classmethod
    async def claim_stale(cls, *, older_than_seconds: int = 60, limit: int = 50) -> list[int]:
        """Take a lease on PENDING calls nobody touched for a while (crashed mid-way).

        The lease is the `updated_at` bump: of several processes, only the one whose
        UPDATE matched gets the id, and it holds the call for `older_than_seconds`.
        """
        from tortoise import connections

        rows = await connections.get("default").execute_query_dict(
            """
            UPDATE provider_calls SET attempts = attempts + 1, updated_at = now()
            WHERE id IN (
                SELECT id FROM provider_calls
                WHERE status = 'PENDING'
                  AND updated_at < now() - make_interval(secs => $1)
                ORDER BY id LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            RETURNING id
            """,
            [older_than_seconds, limit],
        )
        return [int(r["id"]) for r in rows]
