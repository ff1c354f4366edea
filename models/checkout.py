"""Stripe Checkout Sessions the buyer pays an escrow through, one row per attempt.

A row is written (with its idempotency key) and committed before Stripe is asked for the
session, and the session's ids are recorded before the buyer is redirected to it. Only a
verified event funds the escrow: when a session completes, its PaymentIntent becomes the
escrow's (`StripeEscrow.payment_intent_id`) and the usual funding rule decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import EscrowRail, EscrowStatus
from models.errors import DomainError
from models.escrow import Escrow, StripeEscrow

# Stripe lets a Checkout Session live between 30 minutes and 24 hours.
MIN_SESSION_LIFETIME = dt.timedelta(minutes=30)
MAX_SESSION_LIFETIME = dt.timedelta(hours=24)
# An open session is reused only while the buyer still has this long to pay on it.
REUSE_MARGIN = dt.timedelta(minutes=5)


class CheckoutStatus(StrEnum):
    CREATING = "CREATING"  # recorded, Stripe not (yet) answered
    OPEN = "OPEN"
    COMPLETE = "COMPLETE"
    EXPIRED = "EXPIRED"


class CheckoutRefused(DomainError):
    """The escrow can't be paid through Checkout now; `reason` names the page to show."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class CheckoutSession(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="checkout_sessions", on_delete=fields.RESTRICT
    )
    attempt = fields.IntField()
    idempotency_key = fields.CharField(max_length=128, unique=True)
    session_id = fields.CharField(max_length=255, null=True, unique=True)  # cs_…
    payment_intent_id = fields.CharField(max_length=255, null=True, db_index=True)  # pi_…
    url = fields.TextField(null=True)
    status = fields.CharEnumField(CheckoutStatus, max_length=16, default=CheckoutStatus.CREATING)
    amount = fields.BigIntField()  # cents asked for
    expires_at = fields.DatetimeField()

    escrow_id: int

    class Meta:
        table = "checkout_sessions"
        unique_together = (("escrow", "attempt"),)

    def usable(self, now: dt.datetime) -> bool:
        return self.expires_at > now + REUSE_MARGIN


@dataclass(frozen=True)
class CheckoutPlan:
    """What to ask Stripe for (or the open session to send the buyer back to)."""

    row_id: int
    escrow_id: int
    attempt: int
    idempotency_key: str
    amount: int
    currency: str
    expires_at: dt.datetime
    session_id: str | None  # set: reuse this open session
    url: str | None
    stale_session_id: str | None = None  # set: expire this open session first, then re-plan


def payable(escrow: Escrow, buyer_id: int, now: dt.datetime) -> None:
    """Refuse, with the page to show, unless this buyer can pay this escrow now."""
    if escrow.buyer_id != buyer_id:
        raise CheckoutRefused("not_found", "This payment link isn't valid.")
    if escrow.rail is not EscrowRail.STRIPE:
        raise CheckoutRefused("usdc", f"Escrow #{escrow.id} is paid in USDC, not by card.")
    if escrow.status is EscrowStatus.CANCELLED:
        raise CheckoutRefused("cancelled", f"Escrow #{escrow.id} was cancelled.")
    if escrow.status is not EscrowStatus.AWAIT_FUNDS:
        raise CheckoutRefused("paid", f"Escrow #{escrow.id} is already paid.")
    if escrow.expires_at is None or escrow.expires_at <= now:
        raise CheckoutRefused("expired", f"The payment window of escrow #{escrow.id} is over.")
    if escrow.expires_at - now < MIN_SESSION_LIFETIME:
        raise CheckoutRefused(
            "closing",
            f"Less than 30 minutes are left to pay escrow #{escrow.id}, too little for a "
            "card payment to be sure to arrive in time.",
        )


async def plan(escrow_id: int, *, buyer_id: int, now: dt.datetime | None = None) -> CheckoutPlan:
    """The session the buyer should pay on: the open one, or a new attempt recorded now.

    Commits before returning, so the caller asks Stripe with no transaction open.
    """
    now = now or utcnow()
    async with in_transaction() as conn:
        escrow = await Escrow.locked(escrow_id, conn)
        payable(escrow, buyer_id, now)
        latest = (
            await CheckoutSession.filter(escrow_id=escrow.id)
            .order_by("-attempt")
            .using_db(conn)
            .first()
        )
        if latest is not None and latest.status is CheckoutStatus.COMPLETE:
            raise CheckoutRefused(
                "processing", f"The payment for escrow #{escrow.id} is being confirmed."
            )
        if (
            latest is not None
            and latest.usable(now)
            and latest.status in (CheckoutStatus.OPEN, CheckoutStatus.CREATING)
        ):
            return _plan_of(latest, escrow, latest.session_id, latest.url)
        if latest is not None and latest.status is CheckoutStatus.OPEN:
            # About to expire: the caller closes it at Stripe first (never two payable
            # sessions at once), records what Stripe says, then asks again.
            return replace(_plan_of(latest, escrow, None, None), stale_session_id=latest.session_id)
        if latest is not None and latest.status is CheckoutStatus.CREATING:
            # Stripe's answer never came and the buyer never saw a URL; it lapses.
            latest.status = CheckoutStatus.EXPIRED
            await latest.save(using_db=conn, update_fields=["status", "updated_at"])
        attempt = (latest.attempt if latest else 0) + 1
        expires_at = min(escrow.expires_at or now, now + MAX_SESSION_LIFETIME)
        row = await CheckoutSession.create(
            escrow_id=escrow.id,
            attempt=attempt,
            idempotency_key=f"escrow-{escrow.id}-checkout-{attempt}",
            amount=escrow.amount,
            expires_at=expires_at.replace(microsecond=0),
            using_db=conn,
        )
        return _plan_of(row, escrow, None, None)


def _plan_of(
    row: CheckoutSession, escrow: Escrow, session_id: str | None, url: str | None
) -> CheckoutPlan:
    return CheckoutPlan(
        row_id=row.id,
        escrow_id=escrow.id,
        attempt=row.attempt,
        idempotency_key=row.idempotency_key,
        amount=row.amount,
        currency=escrow.currency.value.lower(),
        expires_at=row.expires_at,
        session_id=session_id if row.status is CheckoutStatus.OPEN else None,
        url=url if row.status is CheckoutStatus.OPEN else None,
    )


async def opened(
    row_id: int, *, session_id: str, url: str, payment_intent_id: str | None
) -> CheckoutSession:
    """Record the session Stripe created (before the buyer is sent to it)."""
    async with in_transaction() as conn:
        row = await CheckoutSession.filter(id=row_id).select_for_update().using_db(conn).get()
        if row.session_id is None:
            row.session_id = session_id
            row.url = url
            row.payment_intent_id = payment_intent_id
            if row.status is CheckoutStatus.CREATING:
                row.status = CheckoutStatus.OPEN
            await row.save(
                using_db=conn,
                update_fields=["session_id", "url", "payment_intent_id", "status", "updated_at"],
            )
            await AuditLog.record(
                "escrow.checkout_opened",
                object_type="escrow",
                object_id=row.escrow_id,
                actor_label="system",
                after={"session": session_id, "attempt": row.attempt},
                using_db=conn,
            )
        return row


async def _locked_session(session_id: str, conn: BaseDBAsyncClient) -> CheckoutSession | None:
    return (
        await CheckoutSession.filter(session_id=session_id)
        .select_for_update()
        .using_db(conn)
        .first()
    )


async def mark(session_id: str, status: CheckoutStatus) -> int | None:
    """A session Stripe expired (or whose payment failed for good); returns its escrow id."""
    async with in_transaction() as conn:
        row = await _locked_session(session_id, conn)
        if row is None:
            return None
        if row.status is not CheckoutStatus.COMPLETE:
            row.status = status
            await row.save(using_db=conn, update_fields=["status", "updated_at"])
        return row.escrow_id


async def abandon(row_id: int) -> None:
    """Stripe refused to create this attempt's session (nothing exists there): the next
    click starts a new attempt with a new key instead of repeating the refused one."""
    await CheckoutSession.filter(id=row_id, status=CheckoutStatus.CREATING).update(
        status=CheckoutStatus.EXPIRED
    )


async def escrow_of_session(session_id: str) -> int | None:
    row = await CheckoutSession.filter(session_id=session_id).first()
    return row.escrow_id if row else None


async def attach_payment(
    session_id: str, payment_intent_id: str, conn: BaseDBAsyncClient
) -> int | None:
    """A paid session: its PaymentIntent becomes the one that funds the escrow.

    Runs in the caller's transaction, before `record_payment`. The escrow's earlier
    PaymentIntent (if any) is replaced only while no money was recorded on it.
    Returns the escrow id, or None when the session isn't ours.
    """
    row = await _locked_session(session_id, conn)
    if row is None:
        return None
    if row.status is not CheckoutStatus.COMPLETE or row.payment_intent_id != payment_intent_id:
        row.status = CheckoutStatus.COMPLETE
        row.payment_intent_id = payment_intent_id
        await row.save(using_db=conn, update_fields=["status", "payment_intent_id", "updated_at"])
    await Escrow.locked(row.escrow_id, conn)  # the order every money step locks in
    stripe_row = (
        await StripeEscrow.filter(escrow_id=row.escrow_id).select_for_update().using_db(conn).get()
    )
    if stripe_row.payment_intent_id != payment_intent_id and stripe_row.amount_received == 0:
        stripe_row.payment_intent_id = payment_intent_id
        await stripe_row.save(using_db=conn, update_fields=["payment_intent_id", "updated_at"])
    return row.escrow_id
