"""Money-moving calls to a provider, recorded before they are made (an outbox).

A call is written as PENDING with its idempotency key and committed *before* the
provider is asked (`record_call`, inside the caller's transaction); `settle` then asks
the provider with that key and `complete` records the result in a second transaction,
making the escrow transition the call stands for (`escrow_actions.COMPLETIONS`). A crash
in between leaves a PENDING row that `reconcile` claims and repeats with the same key, so
the provider replays its first answer instead of moving money twice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import EscrowRail, ProviderCallKind, ProviderCallStatus
from models.errors import DomainError, InvalidState
from models.provider import ProviderRefused, ProviderResult, ProviderUnavailable

if TYPE_CHECKING:
    from models.escrow import Escrow, MilestoneEscrow
    from models.provider import Rail

log = logging.getLogger(__name__)

MONEY_KINDS = (ProviderCallKind.TRANSFER, ProviderCallKind.REFUND, ProviderCallKind.CANCEL_PAYMENT)


class ProviderSaidNo(DomainError):
    """The provider refused a money call; nothing moved."""


class ProviderPending(DomainError):
    """The provider didn't answer clearly; the call will be finished automatically."""


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

    escrow_id: int
    milestone_id: int | None

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


async def refuse_if_money_call_open(escrow: Escrow, conn: BaseDBAsyncClient) -> None:
    """Refuse a step while another money call on this escrow is still pending."""
    busy = (
        await ProviderCall.filter(
            escrow_id=escrow.id, status=ProviderCallStatus.PENDING, kind__in=MONEY_KINDS
        )
        .using_db(conn)
        .exists()
    )
    if busy:
        raise InvalidState(
            f"A payment step on escrow #{escrow.id} is already in progress. "
            "Check `/escrow status` in a minute."
        )


async def record_call(
    escrow: Escrow,
    conn: BaseDBAsyncClient,
    *,
    kind: ProviderCallKind,
    key: str,
    amount: int,
    request: dict[str, Any],
    milestone: MilestoneEscrow | None = None,
) -> ProviderCall:
    """Step 1: record the intent under `key`; after refused attempts, under `key-retryN`.

    A refused call moved nothing, so trying again is allowed, but with a fresh key: the
    provider may have stored its refusal under the old one. A pending or successful call
    under the current key makes this raise (the step is under way or done).
    """
    refused = (
        await ProviderCall.filter(
            escrow_id=escrow.id,
            kind=kind,
            status=ProviderCallStatus.FAILED,
            idempotency_key__startswith=key,
        )
        .using_db(conn)
        .count()
    )
    if refused:
        key = f"{key}-retry{refused}"
    try:
        async with in_transaction() as savepoint:  # nested: a savepoint inside `conn`
            return await ProviderCall.create(
                escrow_id=escrow.id,
                milestone=milestone,
                rail=escrow.rail,
                kind=kind,
                idempotency_key=key,
                amount=amount,
                request=request,
                using_db=savepoint,
            )
    except IntegrityError:
        raise InvalidState(f"That step was already taken on escrow #{escrow.id}.") from None


async def settle(call_id: int, rail: Rail) -> ProviderCall:
    """Step 2: perform a recorded call and complete it. Safe to repeat (same key)."""
    call = await ProviderCall.get(id=call_id)
    if call.status is not ProviderCallStatus.PENDING:
        return call
    try:
        result = await rail.execute(call)
    except ProviderRefused as exc:
        await _fail(call_id, str(exc))
        raise ProviderSaidNo(
            f"The payment provider refused this: {exc}. Nothing was moved."
        ) from exc
    except ProviderUnavailable as exc:
        log.warning("Provider call %s left pending: %s", call_id, exc)
        raise ProviderPending(
            "The payment provider isn't answering right now. Nothing is lost: "
            "this step will be finished automatically."
        ) from exc
    return await complete(call_id, result)


async def _fail(call_id: int, error: str) -> None:
    async with in_transaction() as conn:
        call = await ProviderCall.filter(id=call_id).select_for_update().using_db(conn).get()
        if call.status is not ProviderCallStatus.PENDING:
            return
        call.status = ProviderCallStatus.FAILED
        call.error = error[:2000]
        call.completed_at = utcnow()
        await call.save(
            using_db=conn, update_fields=["status", "error", "completed_at", "updated_at"]
        )
        await AuditLog.record(
            "provider.call_failed",
            object_type="escrow",
            object_id=call.escrow_id,
            actor_label="system",
            after={"call": call.id, "kind": call.kind, "error": call.error},
            using_db=conn,
        )


async def complete(call_id: int, result: ProviderResult) -> ProviderCall:
    """Step 3: record a provider's success and make the escrow transition it stands for."""
    from models.escrow import Escrow
    from models.escrow_actions import COMPLETIONS

    async with in_transaction() as conn:
        call = await ProviderCall.filter(id=call_id).select_for_update().using_db(conn).get()
        if call.status is ProviderCallStatus.SUCCEEDED:
            return call
        escrow = await Escrow.locked(call.escrow_id, conn)
        call.status = ProviderCallStatus.SUCCEEDED
        call.provider_id = result.provider_id
        call.completed_at = utcnow()
        await call.save(
            using_db=conn,
            update_fields=["status", "provider_id", "completed_at", "error", "updated_at"],
        )
        await COMPLETIONS[call.kind](escrow, call, result, conn)
        return call


async def reconcile(rail: Rail, *, older_than_seconds: int = 60) -> int:
    """Finish provider calls left PENDING by a crash or an outage; returns how many."""
    finished = 0
    for call_id in await ProviderCall.claim_stale(older_than_seconds=older_than_seconds):
        try:
            await settle(call_id, rail)
            finished += 1
        except DomainError as exc:
            log.warning("Reconciling provider call %s: %s", call_id, exc.message)
    return finished
