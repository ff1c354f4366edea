"""Escrow transitions that people and jobs take, and what each completed provider call means.

Each money movement is three steps, never a provider call inside an open transaction
(the outbox in `models.payments`):

1. *Intend* — one transaction: lock the escrow, check who and what state, make sure no
   other money call is open on it, and record a PENDING `ProviderCall` with a
   deterministic idempotency key. Commit.
2. *Call* — `payments.settle` asks the provider with that key (no transaction open).
3. *Complete* — one transaction: lock the call and the escrow, record the result and
   make the transition (`COMPLETIONS` below: version bump, escrow event, audit entry).

Every term these steps use (fee, inspection period, funding window) comes from the
signed contract (`Escrow.terms`), never from the guild's current settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import fastpath
from models.audit import AuditLog
from models.base import utcnow
from models.delivery import Delivery
from models.enums import (
    DeliveryStatus,
    EscrowRail,
    EscrowStatus,
    ListingStatus,
    MilestoneStatus,
    ProviderCallKind,
)
from models.errors import DomainError, InvalidState, NotFound
from models.escrow import Escrow, MilestoneEscrow, StripeEscrow
from models.payments import (
    CallNotice,
    ProviderCall,
    ProviderSaidNo,
    notice_fields,
    record_call,
    refuse_if_money_call_open,
    settle,
)
from models.stablecoin import completed_split_half, pay_out_usdc, split_usdc
from models.text import strip_invisible

if TYPE_CHECKING:
    from models.notification import Then
    from models.provider import ProviderResult, Rail
    from models.user import User


class PayoutAccountMissing(DomainError):
    """The seller can't be paid yet: the money stays held until they set up payouts."""


async def _completed_payment(
    escrow: Escrow, call: ProviderCall, result: ProviderResult, conn: BaseDBAsyncClient
) -> list[int] | None:
    await (
        StripeEscrow.filter(escrow_id=escrow.id)
        .using_db(conn)
        .update(payment_intent_id=result.provider_id)
    )
    await AuditLog.record(
        "escrow.payment_requested",
        object_type="escrow",
        object_id=escrow.id,
        actor_label="system",
        guild_id=escrow.guild_id,
        after={"payment_intent": result.provider_id},
        using_db=conn,
    )
    return None


async def _completed_cancel(
    escrow: Escrow, call: ProviderCall, result: ProviderResult, conn: BaseDBAsyncClient
) -> list[int] | None:
    if escrow.status is EscrowStatus.CANCELLED:
        return None
    await _cancel_now(
        escrow, conn, label=call.request.get("actor_label"), actor_id=call.request.get("actor_id")
    )
    return None


async def _completed_transfer(
    escrow: Escrow, call: ProviderCall, result: ProviderResult, conn: BaseDBAsyncClient
) -> list[int] | None:
    if call.request.get("split_pair"):  # half of a USDC split: settles with the other half
        return await completed_split_half(escrow, call, result, conn)
    return await released(escrow, call, result, conn)


async def released(
    escrow: Escrow, call: ProviderCall, result: ProviderResult, conn: BaseDBAsyncClient
) -> list[int] | None:
    """The seller was paid: the escrow is RELEASED (or a milestone is)."""
    if escrow.status in (EscrowStatus.REFUNDED, EscrowStatus.CANCELLED):
        # The buyer was refunded (on the provider's dashboard) while this transfer was on
        # its way: both parties were paid. Never RELEASED: recorded, staff alerted, and the
        # transfer taken back from the seller's account (its outcome recorded in turn).
        return await _paid_twice(escrow, call, result, conn)
    now = utcnow()
    label = call.request.get("actor_label")
    actor = await _actor(call.request.get("actor_id"), conn)
    data = {"transfer": result.provider_id, "amount": call.amount}
    milestone_id = call.milestone_id
    if milestone_id is not None:
        await (
            MilestoneEscrow.filter(id=milestone_id)
            .using_db(conn)
            .update(
                status=MilestoneStatus.RELEASED, transfer_id=result.provider_id, released_at=now
            )
        )
        await (
            Delivery.filter(milestone_id=milestone_id, status=DeliveryStatus.DELIVERED)
            .using_db(conn)
            .update(status=DeliveryStatus.CONFIRMED, confirmed_at=now)
        )
        left = (
            await MilestoneEscrow.filter(escrow_id=escrow.id)
            .exclude(status=MilestoneStatus.RELEASED)
            .using_db(conn)
            .count()
        )
        data["milestone"] = milestone_id
        if left:
            delivered = (
                await MilestoneEscrow.filter(escrow_id=escrow.id, status=MilestoneStatus.DELIVERED)
                .using_db(conn)
                .exists()
            )
            to = EscrowStatus.DELIVERED if delivered else EscrowStatus.FUNDS_HELD

            await escrow.move(
                "milestone_released",
                to,
                conn=conn,
                actor=actor,
                actor_label=label,
                data=data,
                fields={} if delivered else {"auto_release_at": None},
            )
            return None
    else:
        await (
            Delivery.filter(escrow_id=escrow.id, status=DeliveryStatus.DELIVERED)
            .using_db(conn)
            .update(status=DeliveryStatus.CONFIRMED, confirmed_at=now)
        )
        await (
            MilestoneEscrow.filter(escrow_id=escrow.id)
            .exclude(status=MilestoneStatus.RELEASED)
            .using_db(conn)
            .update(status=MilestoneStatus.RELEASED, released_at=now)
        )
    await (
        StripeEscrow.filter(escrow_id=escrow.id)
        .using_db(conn)
        .update(transfer_id=result.provider_id)
    )

    await escrow.move(
        "released",
        EscrowStatus.RELEASED,
        conn=conn,
        actor=actor,
        actor_label=label,
        data=data,
        fields={"released_at": now, "auto_release_at": None},
    )
    await _set_listing(escrow, ListingStatus.SOLD, conn)
    return None


async def _completed_refund(
    escrow: Escrow, call: ProviderCall, result: ProviderResult, conn: BaseDBAsyncClient
) -> list[int] | None:
    if escrow.status is EscrowStatus.REFUNDED:  # the provider's webhook got here first
        return None
    if call.request.get("split_pair"):  # half of a USDC split: settles with the other half
        return await completed_split_half(escrow, call, result, conn)
    now = utcnow()
    actor = await _actor(call.request.get("actor_id"), conn)
    stripe_row = await StripeEscrow.filter(escrow_id=escrow.id).using_db(conn).first()
    if stripe_row is not None:
        stripe_row.amount_refunded += call.amount
        stripe_row.refund_id = result.provider_id
        await stripe_row.save(
            using_db=conn, update_fields=["amount_refunded", "refund_id", "updated_at"]
        )
    if call.request.get("late_payment"):  # the escrow was cancelled and stays so
        await escrow.move(
            "late_payment_returned",
            None,
            conn=conn,
            actor_label="system",
            data={"refund": result.provider_id, "amount": call.amount},
        )
        return None
    if call.request.get("split"):
        # The buyer's share of a split. Only now is the seller's share recorded (to be
        # settled next): a refused refund never leaves a transfer behind to pay the seller
        # while the buyer's share is stuck, and the escrow ends with the transfer.
        await escrow.move(
            "split_refunded",
            None,
            conn=conn,
            actor=actor,
            actor_label=call.request.get("actor_label"),
            data={"refund": result.provider_id, "amount": call.amount},
        )
        then = call.request.get("then_transfer")
        if not then or not int(then.get("gross", 0)):
            return None
        from models.user import User

        seller = await User.filter(id=escrow.seller_id).using_db(conn).get()
        stripe_row = await StripeEscrow.filter(escrow_id=escrow.id).using_db(conn).get()
        transfer = await _record_transfer(
            escrow, conn, seller, stripe_row, key=str(then["key"]), gross=int(then["gross"]),
            actor=_actor_fields(actor, call.request.get("actor_label")),
        )  # fmt: skip
        return [transfer.id]
    await (
        MilestoneEscrow.filter(escrow_id=escrow.id)
        .exclude(status=MilestoneStatus.RELEASED)
        .using_db(conn)
        .update(status=MilestoneStatus.REFUNDED)
    )
    never_delivered = escrow.delivered_at is None

    await escrow.move(
        "refunded",
        EscrowStatus.REFUNDED,
        conn=conn,
        actor=actor,
        actor_label=call.request.get("actor_label"),
        data={"refund": result.provider_id, "amount": call.amount},
        fields={"refunded_at": now, "auto_release_at": None},
    )
    if never_delivered:
        await _set_listing(escrow, ListingStatus.ACTIVE, conn)
    return None


async def _completed_reversal(
    escrow: Escrow, call: ProviderCall, result: ProviderResult, conn: BaseDBAsyncClient
) -> list[int] | None:
    """The provider took (part of) a transfer back from the seller's account."""
    await escrow.move(
        "transfer_reversed",
        None,
        conn=conn,
        actor_label="system",
        data={
            "reversal": result.provider_id,
            "transfer": call.request.get("transfer"),
            "amount": call.amount,
            "reason": call.request.get("reason"),
        },
    )
    return None


async def _paid_twice(
    escrow: Escrow, call: ProviderCall, result: ProviderResult, conn: BaseDBAsyncClient
) -> list[int]:
    from models.alerts import alert_staff

    detail = {"transfer": result.provider_id, "amount": call.amount, "call": call.id}
    await escrow.move("paid_after_refund", None, conn=conn, actor_label="system", data=detail)
    await alert_staff("paid_twice", escrow, detail, conn=conn)
    reversal = await record_reversal(
        escrow, conn, transfer_id=result.provider_id, amount=call.amount, reason="paid_twice"
    )
    return [reversal.id]


async def record_reversal(
    escrow: Escrow, conn: BaseDBAsyncClient, *, transfer_id: str, amount: int, reason: str
) -> ProviderCall:
    """The intent to take `amount` of transfer `transfer_id` back from the seller (once per
    transfer and reason: the key says which)."""
    return await record_call(
        escrow,
        conn,
        kind=ProviderCallKind.REVERSE_TRANSFER,
        key=f"escrow-{escrow.id}-reverse-{transfer_id}-{reason}",
        amount=amount,
        request={
            "transfer": transfer_id,
            "reason": reason,
            "metadata": {"escrow_id": str(escrow.id), "reason": reason},
            "actor_label": "system",
        },
    )


Completion = Callable[
    [Escrow, ProviderCall, "ProviderResult", BaseDBAsyncClient], Awaitable[list[int] | None]
]

# What `payments.complete` does, per kind of call, once the provider said yes.
COMPLETIONS: dict[ProviderCallKind, Completion] = {
    ProviderCallKind.CREATE_PAYMENT: _completed_payment,
    ProviderCallKind.CANCEL_PAYMENT: _completed_cancel,
    ProviderCallKind.TRANSFER: _completed_transfer,
    ProviderCallKind.REFUND: _completed_refund,
    ProviderCallKind.REVERSE_TRANSFER: _completed_reversal,
}


async def _actor(user_id: int | None, conn: BaseDBAsyncClient) -> User | None:
    from models.user import User

    return None if user_id is None else await User.filter(id=user_id).using_db(conn).first()


async def _set_listing(escrow: Escrow, status: ListingStatus, conn: BaseDBAsyncClient) -> None:
    from models.contract import Contract
    from models.listing import Listing

    contract = await Contract.filter(id=escrow.contract_id).using_db(conn).first()
    if contract is None:
        return
    listing_id = contract.listing_id
    updated = (
        await Listing.filter(id=listing_id)
        .exclude(status=ListingStatus.CANCELLED)
        .using_db(conn)
        .update(status=status)
    )
    if updated:
        await AuditLog.record(
            "listing.status_changed",
            object_type="listing",
            object_id=listing_id,
            actor_label=f"escrow:{escrow.id}",
            after={"status": status},
            using_db=conn,
        )


async def _cancel_now(
    escrow: Escrow, conn: BaseDBAsyncClient, *, label: str | None, actor_id: int | None
) -> None:
    now = utcnow()

    actor = await _actor(actor_id, conn)
    await escrow.move(
        "cancelled",
        EscrowStatus.CANCELLED,
        conn=conn,
        actor=actor,
        actor_label=label,
        fields={"cancelled_at": now},
    )
    await _set_listing(escrow, ListingStatus.ACTIVE, conn)


def _still_held(escrow: Escrow, stripe_row: StripeEscrow, milestones: list[MilestoneEscrow]) -> int:
    """Cents the platform still holds for this escrow: the price, less the milestones
    already paid out and what was refunded."""
    paid = sum(m.amount for m in milestones if m.status is MilestoneStatus.RELEASED)
    return int(escrow.amount - paid - stripe_row.amount_refunded)


async def _payable_seller(escrow: Escrow, conn: BaseDBAsyncClient) -> User:
    """The seller, refused plainly while they can't receive a transfer yet."""
    from models.user import User

    seller = await User.filter(id=escrow.seller_id).using_db(conn).get()
    if not seller.stripe_account_id or not seller.stripe_payouts_enabled:
        raise PayoutAccountMissing(
            f"The payment for escrow #{escrow.id} stays safely held: the seller hasn't set "
            "up payouts yet. Seller: run `/payouts setup`, then it can go ahead."
        )
    return seller


async def _record_transfer(
    escrow: Escrow,
    conn: BaseDBAsyncClient,
    seller: User,
    stripe_row: StripeEscrow,
    *,
    key: str,
    gross: int,
    actor: dict[str, Any],
    milestone: MilestoneEscrow | None = None,
) -> ProviderCall:
    """The intent to pay the seller `gross` less the contract's fee, from the buyer's charge."""
    terms = await escrow.terms(conn)
    return await record_call(
        escrow,
        conn,
        kind=ProviderCallKind.TRANSFER,
        key=key,
        amount=gross - terms.fee_of(gross),
        milestone=milestone,
        request={
            "currency": "usd",
            "destination": seller.stripe_account_id,
            "source_transaction": stripe_row.charge_id,
            "transfer_group": f"escrow-{escrow.id}",
            "metadata": {"escrow_id": str(escrow.id), "gross": str(gross)},
            **actor,
        },
    )


def _actor_fields(by: User | None, label: str | None) -> dict[str, Any]:
    return {"actor_id": by.id if by is not None else None, "actor_label": label}


async def _paid_in_usdc(escrow_id: int) -> bool:
    """Whether the escrow is held on the USDC rail (its money moves through the vault)."""
    rows: list[Any] = list(await Escrow.filter(id=escrow_id).values_list("rail", flat=True))
    return bool(rows) and EscrowRail(rows[0]) is EscrowRail.USDC_BASE


async def _locked_for_payout(
    escrow_id: int,
    conn: BaseDBAsyncClient,
    *,
    by: User | None,
    moderator: bool,
    party: str,
    allowed: tuple[EscrowStatus, ...],
    action: str,
) -> tuple[Escrow, StripeEscrow, list[MilestoneEscrow]]:
    """The card escrow locked for a step that pays money out: asked by its `party` (or a
    moderator, who acts on a disputed escrow only) in an `allowed` state, with no other
    money call open; with its Stripe row and its milestones in order."""
    escrow = await Escrow.locked(escrow_id, conn)
    if by is not None and not moderator:
        escrow.require_party(by, party)
    escrow.refuse_unless((EscrowStatus.DISPUTED,) if moderator else allowed, action)
    await refuse_if_money_call_open(escrow, conn)
    stripe_row = await StripeEscrow.filter(escrow_id=escrow.id).using_db(conn).get()
    milestones = (
        await MilestoneEscrow.filter(escrow_id=escrow.id).order_by("position").using_db(conn)
    )
    return escrow, stripe_row, milestones


async def payment_intent_for(escrow_id: int, *, by: User, rail: Rail) -> str:
    """The PaymentIntent the buyer pays, created once per escrow (buyer only)."""
    async with in_transaction() as conn:
        escrow = await Escrow.locked(escrow_id, conn)
        escrow.require_party(by, "buyer")
        escrow.refuse_unless((EscrowStatus.AWAIT_FUNDS,), "pay for this")
        if escrow.rail is not EscrowRail.STRIPE:
            raise InvalidState(f"Escrow #{escrow.id} is paid in USDC, not by card.")
        stripe_row = await StripeEscrow.filter(escrow_id=escrow.id).using_db(conn).get()
        if stripe_row.payment_intent_id:
            return stripe_row.payment_intent_id
        call = (
            await ProviderCall.filter(escrow_id=escrow.id, kind=ProviderCallKind.CREATE_PAYMENT)
            .using_db(conn)
            .first()
        )
        if call is None:
            call = await record_call(
                escrow,
                conn,
                kind=ProviderCallKind.CREATE_PAYMENT,
                key=f"escrow-{escrow.id}-payment",
                amount=escrow.amount,
                request={"currency": "usd", "metadata": {"escrow_id": str(escrow.id)}},
            )
    done = await settle(call.id, rail)
    assert done.provider_id is not None
    return done.provider_id


@dataclass
class DeliverStart:
    """What `/escrow deliver` knows before it asks Roblox: the caller, their escrow, and
    (when read together in one statement) `roblox_proof`'s subject and the escrow row
    `mark_delivered` re-checks under lock; None for those two on the ORM path."""

    user: User
    escrow: Escrow
    subject: tuple[str | None, int | None, int | None] | None = None
    read: Any = None


async def deliver_start(discord_id: int, escrow_id: int) -> DeliverStart:
    """The caller (`User.require`) and their escrow (or the cog's "no escrow of yours"
    refusal), in one statement in the common case instead of four."""
    from models.user import User

    got = (
        await fastpath.deliver_start(User, Escrow, discord_id, escrow_id)
        if fastpath.ENABLED
        else None
    )
    if got is not None:
        user, escrow, subject, read = got
    else:
        user = await User.require(discord_id)
        escrow = await Escrow.get_or_none(id=escrow_id)
        subject = read = None
    if escrow is None or user.id not in escrow.party_ids():
        raise NotFound(f"There's no escrow #{escrow_id} of yours.")
    return DeliverStart(user, escrow, subject, read)


async def mark_delivered(
    escrow_id: int,
    *,
    by: User,
    evidence: dict[str, Any],
    milestone_position: int | None = None,
    now: dt.datetime | None = None,
    read: Any = None,
    then: Then[Escrow] | None = None,
) -> Escrow:
    """The seller says the asset (or one milestone) was handed over. The buyer's
    inspection period is the one the contract froze. `read` is `DeliverStart.read` (saves
    the fast path its read; the write re-checks the version it saw). `then(escrow, conn)`:
    see `models.notification.Then`."""
    now = now or utcnow()
    if isinstance(evidence.get("text"), str):
        evidence = {**evidence, "text": strip_invisible(evidence["text"]).strip()}
    if (
        fastpath.ENABLED
        and milestone_position is None
        and not fastpath.in_caller_transaction_only(None)  # else the ORM path, in it
    ):  # the plain case in two statements (the trade-card row is in the write)
        if then is None:
            done = await fastpath.mark_delivered(
                Escrow, escrow_id, by=by, evidence=evidence, now=now, read=read
            )
        else:  # with what `then` writes, in one transaction
            async with in_transaction() as conn:
                done = await fastpath.mark_delivered(
                    Escrow, escrow_id, by=by, evidence=evidence, now=now, read=read, conn=conn
                )
                if done is not None:
                    await then(done, conn)
        if done is not None:
            return done
    async with in_transaction() as conn:
        escrow = await Escrow.locked(escrow_id, conn)
        escrow.require_party(by, "seller")
        terms = await escrow.terms(conn)
        milestones = (
            await MilestoneEscrow.filter(escrow_id=escrow.id).order_by("position").using_db(conn)
        )
        milestone = None
        if milestones:
            escrow.refuse_unless(
                (EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED), "mark a milestone delivered"
            )
            pending = [m for m in milestones if m.status is MilestoneStatus.PENDING]
            if milestone_position is None:
                if not pending:
                    raise InvalidState("Every milestone of this escrow is already delivered.")
                milestone = pending[0]
            else:
                milestone = next((m for m in milestones if m.position == milestone_position), None)
                if milestone is None:
                    raise InvalidState(
                        f"Escrow #{escrow.id} has no milestone {milestone_position}."
                    )
                if milestone.status is not MilestoneStatus.PENDING:
                    raise InvalidState(
                        f"Milestone {milestone.position} is already {milestone.status.lower()}."
                    )
            milestone.status = MilestoneStatus.DELIVERED
            milestone.delivered_at = now
            await milestone.save(
                using_db=conn, update_fields=["status", "delivered_at", "updated_at"]
            )
        else:
            escrow.refuse_unless((EscrowStatus.FUNDS_HELD,), "mark it delivered")
        await Delivery.create(
            escrow_id=escrow.id,
            milestone=milestone,
            delivered_by=by,
            status=DeliveryStatus.DELIVERED,
            evidence=evidence,
            delivered_at=now,
            using_db=conn,
        )

        data: dict[str, Any] = {"evidence": sorted(evidence)}
        if milestone is not None:
            data["milestone"] = milestone.position
        await escrow.move(
            "delivered",
            EscrowStatus.DELIVERED,
            conn=conn,
            actor=by,
            data=data,
            fields={
                "delivered_at": escrow.delivered_at or now,
                "auto_release_at": terms.auto_release_at(now),
            },
        )
        if then is not None:
            await then(escrow, conn)
        return escrow


async def release(
    escrow_id: int,
    *,
    rail: Rail,
    by: User | None = None,
    actor_label: str | None = None,
    milestone_position: int | None = None,
    moderator: bool = False,
    then: Then[Escrow] | None = None,
    notice: CallNotice | None = None,
) -> Escrow:
    """Pay the seller: the buyer confirms, the auto-release job, or a moderator decides.
    `then(escrow, conn)` runs in the transaction that records the payout's success, as do
    the parties' DMs that `notice` (who started it, recorded with the call) calls for."""
    if await _paid_in_usdc(escrow_id):
        return await pay_out_usdc(
            escrow_id, ProviderCallKind.TRANSFER, rail=rail, by=by,
            actor_label=actor_label, moderator=moderator, then=then, notice=notice,
        )  # fmt: skip
    async with in_transaction() as conn:
        escrow, stripe_row, milestones = await _locked_for_payout(
            escrow_id, conn, by=by, moderator=moderator, party="buyer",
            allowed=(EscrowStatus.DELIVERED,), action="release the payment",
        )  # fmt: skip
        seller = await _payable_seller(escrow, conn)
        milestone = None
        if milestones and not moderator:
            candidates = [m for m in milestones if m.status is MilestoneStatus.DELIVERED]
            if milestone_position is not None:
                candidates = [m for m in candidates if m.position == milestone_position]
            if not candidates:
                raise InvalidState("No delivered milestone is waiting to be released.")
            milestone = candidates[0]
            gross = milestone.amount
            key = f"escrow-{escrow.id}-milestone-{milestone.position}-transfer"
        else:
            # Everything still held (a moderator releases what no milestone paid yet).
            gross = _still_held(escrow, stripe_row, milestones)
            key = f"escrow-{escrow.id}-transfer"
        call = await _record_transfer(
            escrow, conn, seller, stripe_row, key=key, gross=gross, milestone=milestone,
            actor={**_actor_fields(by, actor_label), **notice_fields(notice)},
        )  # fmt: skip
    await settle(call.id, rail, then=then)
    return await Escrow.get(id=escrow_id)


async def refund(
    escrow_id: int,
    *,
    rail: Rail,
    by: User | None = None,
    actor_label: str | None = None,
    moderator: bool = False,
    then: Then[Escrow] | None = None,
    notice: CallNotice | None = None,
) -> Escrow:
    """Give the buyer back everything not yet released (the seller, or a moderator).
    `then(escrow, conn)` runs in the transaction that records the refund's success, as do
    the parties' DMs that `notice` calls for (see `release`)."""
    if await _paid_in_usdc(escrow_id):
        return await pay_out_usdc(
            escrow_id, ProviderCallKind.REFUND, rail=rail, by=by,
            actor_label=actor_label, moderator=moderator, then=then, notice=notice,
        )  # fmt: skip
    async with in_transaction() as conn:
        escrow, stripe_row, milestones = await _locked_for_payout(
            escrow_id, conn, by=by, moderator=moderator, party="seller",
            allowed=(EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED), action="refund it",
        )  # fmt: skip
        amount = _still_held(escrow, stripe_row, milestones)
        if amount <= 0:
            raise InvalidState(f"Nothing is left to refund on escrow #{escrow.id}.")
        call = await record_call(
            escrow,
            conn,
            kind=ProviderCallKind.REFUND,
            key=f"escrow-{escrow.id}-refund",
            amount=amount,
            request={
                "payment_intent": stripe_row.payment_intent_id,
                "metadata": {"escrow_id": str(escrow.id)},
                **_actor_fields(by, actor_label),
                **notice_fields(notice),
            },
        )
    await settle(call.id, rail, then=then)
    return await Escrow.get(id=escrow_id)


async def cancel(
    escrow_id: int,
    *,
    rail: Rail,
    by: User | None = None,
    actor_label: str | None = None,
    now: dt.datetime | None = None,
    then: Then[Escrow] | None = None,
) -> Escrow:
    """Call the deal off before any money arrived (either party, or the funding timeout).
    `then(escrow, conn)` runs in the transaction that cancels it."""
    async with in_transaction() as conn:
        escrow = await Escrow.locked(escrow_id, conn)
        if by is not None:
            escrow.require_party(by, "buyer", "seller")
        elif now is not None and (escrow.expires_at is None or escrow.expires_at > now):
            raise InvalidState(f"Escrow #{escrow.id} isn't past its funding deadline.")
        escrow.refuse_unless((EscrowStatus.AWAIT_FUNDS,), "cancel it")
        await refuse_if_money_call_open(escrow, conn)
        stripe_row = await StripeEscrow.filter(escrow_id=escrow.id).using_db(conn).first()
        intent = stripe_row.payment_intent_id if stripe_row else None
        if intent is None:
            await _cancel_now(escrow, conn, label=actor_label, actor_id=by.id if by else None)
            if then is not None:
                await then(escrow, conn)
            return escrow
        call = await record_call(
            escrow,
            conn,
            kind=ProviderCallKind.CANCEL_PAYMENT,
            key=f"escrow-{escrow.id}-cancel",
            amount=escrow.amount,
            request={"payment_intent": intent, **_actor_fields(by, actor_label)},
        )
    try:
        await settle(call.id, rail, then=then)
    except ProviderSaidNo:
        # Stripe won't cancel an intent that already succeeded: the payment won the race.
        raise InvalidState(
            f"The buyer's payment for escrow #{escrow_id} already went through, so it can't be "
            "cancelled any more. The seller can refund it instead."
        ) from None
    return await Escrow.get(id=escrow_id)


async def split(
    escrow_id: int,
    *,
    rail: Rail,
    buyer_percent: int,
    by: User | None = None,
    actor_label: str | None = None,
) -> Escrow:
    """A moderator's split of a disputed escrow: `buyer_percent` of what is left goes back
    to the buyer (a partial refund), the rest to the seller (a transfer, less the fee)."""
    if not 1 <= buyer_percent <= 99:
        raise InvalidState("For a split, the buyer's share must be between 1 and 99 percent.")
    if await _paid_in_usdc(escrow_id):
        return await split_usdc(
            escrow_id, rail=rail, buyer_percent=buyer_percent, by=by, actor_label=actor_label
        )
    async with in_transaction() as conn:
        escrow, stripe_row, milestones = await _locked_for_payout(
            escrow_id, conn, by=by, moderator=True, party="", allowed=(), action="split it"
        )
        seller = await _payable_seller(escrow, conn)
        left = _still_held(escrow, stripe_row, milestones)
        buyer_share = left * buyer_percent // 100
        seller_share = left - buyer_share
        actor = _actor_fields(by, actor_label)
        # Only the refund is recorded now; its completion records the seller's transfer,
        # which `settle` then makes. A refused refund leaves nothing to pay the seller.
        refund_call = await record_call(
            escrow,
            conn,
            kind=ProviderCallKind.REFUND,
            key=f"escrow-{escrow.id}-split-refund",
            amount=buyer_share,
            request={
                "payment_intent": stripe_row.payment_intent_id,
                "metadata": {"escrow_id": str(escrow.id), "split": str(buyer_percent)},
                "split": True,
                "then_transfer": {
                    "key": f"escrow-{escrow.id}-split-transfer",
                    "gross": seller_share,
                    "destination": seller.stripe_account_id,
                },
                **actor,
            },
        )
    await settle(refund_call.id, rail)
    return await Escrow.get(id=escrow_id)


# Escrows a job set aside (a lasting reason, see `models.escrow_jobs`) wait until then.
_NOT_SET_ASIDE = "(set_aside_until IS NULL OR set_aside_until <= $1)"


async def due_for_timeout(now: dt.datetime, limit: int = 100, *, after_id: int = 0) -> list[int]:
    """Escrows still unfunded past their deadline (claimed with SKIP LOCKED), from id
    `after_id` on, not set aside."""
    return await _due(
        "status = 'AWAIT_FUNDS' AND expires_at IS NOT NULL AND expires_at <= $1 AND "
        + _NOT_SET_ASIDE,
        now,
        limit,
        after_id,
    )


async def due_for_release(now: dt.datetime, limit: int = 100, *, after_id: int = 0) -> list[int]:
    """Delivered escrows whose inspection period ended (a dispute moves them to DISPUTED),
    from id `after_id` on, not set aside."""
    return await _due(
        "status = 'DELIVERED' AND auto_release_at IS NOT NULL AND auto_release_at <= $1 AND "
        + _NOT_SET_ASIDE,
        now,
        limit,
        after_id,
    )


async def _due(condition: str, now: dt.datetime, limit: int, after_id: int = 0) -> list[int]:
    """Ids matching `condition` above `after_id`, skipping rows another process holds.

    The lock ends with this short transaction; what keeps two processes from acting twice
    is each step's own row lock, state guard and unique idempotency key.
    """
    async with in_transaction() as conn:
        rows = await conn.execute_query_dict(
            f"SELECT id FROM escrows WHERE {condition} AND id > $3 "  # noqa: S608 - constants
            "ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED",
            [now, limit, after_id],
        )
    return [int(r["id"]) for r in rows]
