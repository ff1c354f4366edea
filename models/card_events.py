"""What the card provider tells us about a payment: it succeeded, it was charged back, or it
was refunded outside the bot. Each is applied under the escrow's row lock, in the caller's
webhook transaction or its own, and changes nothing when it arrives twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.alerts import alert_staff
from models.audit import AuditLog
from models.base import utcnow
from models.enums import EscrowStatus, ProviderCallKind, ProviderCallStatus
from models.escrow import Escrow, StripeEscrow
from models.payments import ProviderCall


@dataclass(frozen=True)
class FundingOutcome:
    escrow_id: int | None
    result: str  # "funded", "duplicate", "mismatch", "unknown", "late"
    call_id: int | None = None  # "late": the recorded refund, to settle after the commit


async def record_payment(intent: dict[str, Any]) -> FundingOutcome:
    """A verified provider confirmation that a PaymentIntent succeeded (webhook handler).

    Funds the escrow only when it is still waiting and the amount and currency received
    are exactly the escrow's; anything else changes nothing but the record.
    """
    async with in_transaction() as conn:
        row = await StripeEscrow.filter(payment_intent_id=intent["id"]).using_db(conn).first()
        if row is None:
            return FundingOutcome(None, "unknown")
        escrow = await Escrow.locked(row.escrow_id, conn)
        if intent.get("status") != "succeeded":
            return FundingOutcome(escrow.id, "unknown")
        received = int(intent.get("amount_received") or 0)
        currency = str(intent.get("currency") or "").lower()
        if escrow.status is not EscrowStatus.AWAIT_FUNDS:
            if escrow.status is EscrowStatus.CANCELLED and received > 0:
                return await _return_late_payment(escrow, row, intent, received, conn)
            return FundingOutcome(escrow.id, "duplicate")
        if received != escrow.amount or currency != "usd":
            await AuditLog.record(
                "escrow.payment_mismatch",
                object_type="escrow",
                object_id=escrow.id,
                actor_label="stripe",
                guild_id=escrow.guild_id,
                before={"expected": escrow.amount, "currency": "usd"},
                after={"received": received, "currency": currency},
                using_db=conn,
            )
            return FundingOutcome(escrow.id, "mismatch")
        row.charge_id = intent.get("latest_charge")
        row.amount_received = received
        await row.save(using_db=conn, update_fields=["charge_id", "amount_received", "updated_at"])
        now = utcnow()

        await escrow.move(
            "funded",
            EscrowStatus.FUNDS_HELD,
            conn=conn,
            actor_label="stripe",
            data={"payment_intent": intent["id"], "amount": received},
            fields={"funded_at": now, "expires_at": None},
        )
        return FundingOutcome(escrow.id, "funded")


async def _return_late_payment(
    escrow: Escrow,
    row: StripeEscrow,
    intent: dict[str, Any],
    received: int,
    conn: BaseDBAsyncClient,
) -> FundingOutcome:
    """A payment that succeeded after its escrow was cancelled: the money is recorded as
    received and a refund of all of it is recorded in the same transaction (the caller
    settles it after the commit; if that is cut short, the reconciler finishes it). The
    escrow stays CANCELLED. Once per PaymentIntent, however often Stripe says it."""
    key = f"escrow-{escrow.id}-return-{intent['id']}"
    existing = await ProviderCall.filter(idempotency_key=key).using_db(conn).first()
    if existing is not None:
        return FundingOutcome(escrow.id, "duplicate")
    row.charge_id = intent.get("latest_charge") or row.charge_id
    row.amount_received += received
    await row.save(using_db=conn, update_fields=["charge_id", "amount_received", "updated_at"])
    call = await ProviderCall.create(
        escrow_id=escrow.id,
        rail=escrow.rail,
        kind=ProviderCallKind.REFUND,
        idempotency_key=key,
        amount=received,
        request={
            "payment_intent": intent["id"],
            "late_payment": True,
            "metadata": {"escrow_id": str(escrow.id), "reason": "paid after cancellation"},
            "actor_label": "system",
        },
        using_db=conn,
    )
    await escrow.move(
        "payment_after_cancel",
        None,
        conn=conn,
        actor_label="stripe",
        data={"payment_intent": intent["id"], "amount": received, "refund_call": call.id},
    )
    return FundingOutcome(escrow.id, "late", call.id)


async def record_chargeback(
    dispute: dict[str, Any], *, now: dt.datetime | None = None
) -> int | None:
    """A card chargeback: the escrow is frozen as DISPUTED and a dispute opened for moderators.

    Returns the escrow id (None when the charge isn't one of ours). An escrow already
    settled stays as it is; the chargeback is recorded for staff (the platform balance pays).
    """
    from models.dispute import Dispute

    now = now or utcnow()
    async with in_transaction() as conn:
        query = StripeEscrow.filter(charge_id=dispute.get("charge"))
        if dispute.get("payment_intent"):
            query = StripeEscrow.filter(payment_intent_id=dispute["payment_intent"])
        row = await query.using_db(conn).first()
        if row is None:
            return None
        escrow = await Escrow.locked(row.escrow_id, conn)
        why = dispute.get("reason", "unknown reason")
        reason = f"Card chargeback ({why}), Stripe dispute {dispute.get('id')}"
        data = {"stripe_dispute": dispute.get("id"), "amount": dispute.get("amount")}
        if escrow.status in (EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED):
            await Dispute.open(escrow.id, reason=reason, chargeback=data, now=now, using_db=conn)
        elif escrow.status is EscrowStatus.RELEASED:
            # Already paid out: nothing can be frozen. Recorded, staff alerted, and the
            # transfer taken back from the seller's account as far as the provider allows.
            await _after_release(
                escrow,
                conn,
                kind="chargeback_after_release",
                amount=int(dispute.get("amount") or escrow.amount),
                data=data,
            )
        else:
            await AuditLog.record(
                "escrow.chargeback",
                object_type="escrow",
                object_id=escrow.id,
                actor_label="stripe",
                guild_id=escrow.guild_id,
                after={**data, "status": escrow.status},
                using_db=conn,
            )
        return int(escrow.id)


async def record_external_refund(charge: dict[str, Any]) -> int | None:
    """`charge.refunded`: our own refunds complete through their call; a full refund made
    outside the bot (the Stripe dashboard) moves a held escrow to REFUNDED (staff are
    alerted when a transfer to the seller was on its way); one made after the escrow was
    released is recorded, alerted, and the transfer reversal is recorded to be settled."""
    # Found before the transaction (a charge that isn't ours costs no savepoint); the row
    # is read before the escrow's lock either way.
    row = await StripeEscrow.filter(charge_id=charge.get("id")).first()
    if row is None and charge.get("payment_intent"):
        row = await StripeEscrow.filter(payment_intent_id=charge["payment_intent"]).first()
    if row is None:
        return None
    async with in_transaction() as conn:
        escrow = await Escrow.locked(row.escrow_id, conn)
        ours = (
            await ProviderCall.filter(escrow_id=escrow.id, kind=ProviderCallKind.REFUND)
            .using_db(conn)
            .exists()
        )
        refunded = int(charge.get("amount_refunded") or 0)
        if escrow.status is EscrowStatus.RELEASED:
            # What was refunded beyond our own refunds (done, or on their way).
            pending: list[Any] = (
                await ProviderCall.filter(
                    escrow_id=escrow.id,
                    kind=ProviderCallKind.REFUND,
                    status=ProviderCallStatus.PENDING,
                )
                .using_db(conn)
                .values_list("amount", flat=True)
            )
            on_the_way = sum(int(a) for a in pending)
            outside = refunded - row.amount_refunded - on_the_way
            if outside > 0:
                row.amount_refunded += outside
                await row.save(using_db=conn, update_fields=["amount_refunded", "updated_at"])
                await _after_release(
                    escrow,
                    conn,
                    kind="refund_after_release",
                    amount=outside,
                    data={"amount_refunded": refunded, "charge": charge.get("id")},
                )
            return int(escrow.id)
        if ours or escrow.status not in (
            EscrowStatus.FUNDS_HELD,
            EscrowStatus.DELIVERED,
            EscrowStatus.DISPUTED,
        ):
            return int(escrow.id)
        if refunded < escrow.amount:
            await AuditLog.record(
                "escrow.partial_refund_outside",
                object_type="escrow",
                object_id=escrow.id,
                actor_label="stripe",
                guild_id=escrow.guild_id,
                after={"amount_refunded": refunded},
                using_db=conn,
            )
            return int(escrow.id)
        row.amount_refunded = refunded
        await row.save(using_db=conn, update_fields=["amount_refunded", "updated_at"])
        now = utcnow()

        await escrow.move(
            "refunded",
            EscrowStatus.REFUNDED,
            conn=conn,
            actor_label="stripe:dashboard",
            data={"amount": refunded},
            fields={"refunded_at": now, "auto_release_at": None},
        )
        transfer = (
            await ProviderCall.filter(
                escrow_id=escrow.id,
                kind=ProviderCallKind.TRANSFER,
                status=ProviderCallStatus.PENDING,
            )
            .using_db(conn)
            .first()
        )
        if transfer is not None:
            # The transfer re-checks the escrow before it is sent, and its completion
            # reverses it if it was sent anyway; staff hear about it now.
            await alert_staff(
                "refunded_outside_while_transfer_pending",
                escrow,
                {"amount_refunded": refunded, "transfer_call": transfer.id},
                conn=conn,
            )
        return int(escrow.id)


async def _after_release(
    escrow: Escrow, conn: BaseDBAsyncClient, *, kind: str, amount: int, data: dict[str, Any]
) -> None:
    """Money taken back from the platform after the seller was paid: record it on the
    escrow (event + audit), alert staff, and record the reversal of the seller's transfers
    up to `amount` (settled after the commit; `pending_reversals` lists them)."""
    from models.escrow_actions import record_reversal

    await escrow.move(kind, None, conn=conn, actor_label="stripe", data={**data, "amount": amount})
    await alert_staff(kind, escrow, {**data, "amount": amount}, conn=conn)
    transfers = (
        await ProviderCall.filter(
            escrow_id=escrow.id,
            kind=ProviderCallKind.TRANSFER,
            status=ProviderCallStatus.SUCCEEDED,
        )
        .using_db(conn)
        .order_by("-id")
    )
    left = amount
    for transfer in transfers:
        if left <= 0 or not transfer.provider_id:
            break
        part = min(left, transfer.amount)
        await record_reversal(
            escrow, conn, transfer_id=transfer.provider_id, amount=part, reason=kind
        )
        left -= part


async def pending_reversals(escrow_id: int) -> list[int]:
    """Transfer reversals recorded for the escrow and never sent (to settle after commit)."""
    rows: list[Any] = await ProviderCall.filter(
        escrow_id=escrow_id,
        kind=ProviderCallKind.REVERSE_TRANSFER,
        status=ProviderCallStatus.PENDING,
        attempts=0,
    ).values_list("id", flat=True)
    return [int(r) for r in rows]


async def was_released(escrow_id: int) -> bool:
    return await Escrow.filter(id=escrow_id, status=EscrowStatus.RELEASED).exists()
