"""The USDC rail's rules on escrows: the deposit address opened for an escrow, and the
deposits the chain watcher reports, counted once final.

The watcher records every `Transfer` into a deposit address as SEEN; once its block is
final (enough confirmations) and the transaction is still in the canonical chain, it is
COUNTED here, in one transaction with the escrow's funding transition. A deposit whose
block was reorganised away is VANISHED and counts for nothing. Each log counts at most
once: the (chain, tx hash, log index) key is unique and COUNTED is final.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import utcnow
from models.chain import ChainDeposit, ChainReturn, DepositStatus, ReturnStatus
from models.enums import EscrowRail, EscrowStatus, ProviderCallKind, ProviderCallStatus
from models.errors import InvalidState
from models.escrow import Escrow, StablecoinEscrow
from models.screening import WalletScreener, screen_wallet

if TYPE_CHECKING:
    from models.notification import Then
    from models.payments import CallNotice, ProviderCall
    from models.provider import ProviderResult, Rail
    from models.user import User

BASE_UNITS_PER_CENT = 10_000  # USDC has 6 decimals: 1 cent = 10^4 base units


def cents_to_base_units(cents: int) -> int:
    return cents * BASE_UNITS_PER_CENT


async def open_deposit(
    escrow_id: int,
    *,
    chain_id: int,
    token: str,
    deposit_address: str,
    then: Then[StablecoinEscrow] | None = None,
) -> StablecoinEscrow:
    """The escrow's USDC row with its deposit address, created once (idempotent).
    `then(row, conn)` is called in the transaction that creates it, and only then: what
    the opened address calls for (the buyer's instructions) is written once, with it."""
    async with in_transaction() as conn:
        escrow = await Escrow.locked(escrow_id, conn)
        if escrow.rail is not EscrowRail.USDC_BASE:
            raise InvalidState(f"Escrow #{escrow.id} is paid by card, not in USDC.")
        row = await StablecoinEscrow.filter(escrow_id=escrow.id).using_db(conn).first()
        if row is not None:
            return row
        row = await StablecoinEscrow.create(
            escrow_id=escrow.id,
            chain_id=chain_id,
            token_address=token,
            deposit_address=deposit_address,
            amount_base_units=Decimal(cents_to_base_units(escrow.amount)),
            using_db=conn,
        )
        after = {"deposit_address": deposit_address, "chain_id": chain_id}
        await _audit("escrow.deposit_address", escrow, "system", after, conn)
        if then is not None:
            await then(row, conn)
        return row


@dataclass(frozen=True)
class DepositOutcome:
    deposit_id: int
    escrow_id: int
    result: str  # "funded", "waiting" (under-paid so far), "extra", "duplicate"
    excess_base_units: int = 0


async def count_deposit(
    deposit_id: int, *, then: Then[DepositOutcome] | None = None
) -> DepositOutcome:
    """A final deposit: credit it to its escrow once; fund the escrow when what it received
    reaches the price (the excess of an over-payment is recorded to return); a payment to
    an escrow that no longer waits for money is recorded to return in full. `then(outcome,
    conn)` tells about a counted one in the same transaction (`models.notification.Then`)."""
    async with in_transaction() as conn:
        outcome = await _count(deposit_id, conn)
        if then is not None and outcome.result != "duplicate":
            await then(outcome, conn)
        return outcome


async def _count(deposit_id: int, conn: BaseDBAsyncClient) -> DepositOutcome:
    deposit = await ChainDeposit.filter(id=deposit_id).select_for_update().using_db(conn).get()
    if deposit.status is not DepositStatus.SEEN:
        return DepositOutcome(deposit.id, deposit.escrow_id, "duplicate")
    escrow = await Escrow.locked(deposit.escrow_id, conn)
    row = await StablecoinEscrow.filter(escrow_id=escrow.id).using_db(conn).get()
    amount = int(deposit.amount_base_units)
    deposit.status = DepositStatus.COUNTED
    deposit.counted_at = utcnow()
    await deposit.save(using_db=conn, update_fields=["status", "counted_at", "updated_at"])

    if escrow.status is not EscrowStatus.AWAIT_FUNDS:
        await _owe_back(escrow, deposit, amount, "after_close", conn)
        return DepositOutcome(deposit.id, escrow.id, "extra", amount)

    expected = int(row.amount_base_units)
    before = int(row.received_base_units)
    after = before + amount
    row.received_base_units = Decimal(after)
    update = ["received_base_units", "updated_at"]
    if after < expected:
        await row.save(using_db=conn, update_fields=update)
        await escrow.move(
            "deposit_received",
            None,
            conn=conn,
            actor_label="chain",
            data={"tx": deposit.tx_hash, "amount": amount, "received": after},
        )
        return DepositOutcome(deposit.id, escrow.id, "waiting")
    row.deposit_tx_hash = deposit.tx_hash
    update.append("deposit_tx_hash")
    await row.save(using_db=conn, update_fields=update)
    excess = after - expected
    if excess:
        await _owe_back(escrow, deposit, excess, "overpayment", conn)
    await escrow.move(
        "funded",
        EscrowStatus.FUNDS_HELD,
        conn=conn,
        actor_label="chain",
        data={"tx": deposit.tx_hash, "amount": amount, "received": after, "excess": excess},
        fields={"funded_at": utcnow(), "expires_at": None},
    )
    return DepositOutcome(deposit.id, escrow.id, "funded", excess)


async def _owe_back(
    escrow: Escrow, deposit: ChainDeposit, amount: int, reason: str, conn: BaseDBAsyncClient
) -> None:
    await ChainReturn.create(
        escrow_id=escrow.id,
        deposit=deposit,
        to_address=deposit.sender,
        amount_base_units=Decimal(amount),
        reason=reason,
        using_db=conn,
    )
    after = {"tx": deposit.tx_hash, "amount": amount, "reason": reason, "to": deposit.sender}
    await _audit("escrow.deposit_to_return", escrow, "chain", after, conn)


async def _audit(
    action: str, escrow: Escrow, label: str, after: dict[str, Any], conn: BaseDBAsyncClient
) -> None:
    await AuditLog.record(
        action,
        object_type="escrow",
        object_id=escrow.id,
        actor_label=label,
        guild_id=escrow.guild_id,
        after=after,
        using_db=conn,
    )


# --- release and refund on the USDC rail -----------------------------------------------
# The card rail's `release`/`refund` read Stripe rows; these are their USDC twins, with
# the same guards, the same outbox (`ProviderCall`, settled by the same `settle`) and the
# same completions (`released`, `refunded` transitions).


class WalletMissing(InvalidState):
    """The recipient of a USDC payout has no wallet linked (the money stays held)."""


async def _recipient_wallet(user_id: int, role: str) -> tuple[User, str]:
    from models.user import User

    user = await User.get(id=user_id)
    if not user.wallet_address:
        raise WalletMissing(
            f"The {role} has no wallet linked yet: they need to run `/wallet link` first. "
            "The money stays safely held."
        )
    return user, user.wallet_address


async def _locked_usdc(escrow_id: int, conn: BaseDBAsyncClient) -> Escrow:
    escrow = await Escrow.locked(escrow_id, conn)
    if escrow.rail is not EscrowRail.USDC_BASE:
        raise InvalidState(f"Escrow #{escrow.id} is paid by card, not in USDC.")
    return escrow


async def _wallets_unchanged(screened: dict[int, str], conn: BaseDBAsyncClient) -> None:
    """Refuse when a wallet screened before the lock was changed meanwhile."""
    from models.user import User

    rows = (
        await User.filter(id__in=list(screened)).using_db(conn).values_list("id", "wallet_address")
    )
    if any(screened[int(user_id)] != address for user_id, address in rows):
        raise InvalidState("The wallet changed while it was being checked. Try again.")


async def intend_usdc_payout(
    escrow_id: int,
    kind: ProviderCallKind,
    *,
    screeners: Sequence[WalletScreener],
    by: User | None = None,
    actor_label: str | None = None,
    moderator: bool = False,
    notice: CallNotice | None = None,
) -> int:
    """Steps before the chain: screen the recipient's wallet (no transaction open), then
    lock the escrow, check who and what state, and record the call (with its `notice`).
    Returns the call id."""
    from models.payments import notice_fields, refuse_if_money_call_open
    from models.terms import fee_of

    releasing = kind is ProviderCallKind.TRANSFER
    escrow = await Escrow.get(id=escrow_id)
    role = "seller" if releasing else "buyer"
    recipient, wallet = await _recipient_wallet(
        escrow.seller_id if releasing else escrow.buyer_id, role
    )
    await screen_wallet(wallet, screeners, user=recipient)
    async with in_transaction() as conn:
        escrow = await _locked_usdc(escrow_id, conn)
        if by is not None and not moderator:
            escrow.require_party(by, "buyer" if releasing else "seller")
        if moderator:
            allowed: tuple[EscrowStatus, ...] = (EscrowStatus.DISPUTED,)
        elif releasing:
            allowed = (EscrowStatus.DELIVERED,)
        else:
            allowed = (EscrowStatus.FUNDS_HELD, EscrowStatus.DELIVERED)
        escrow.refuse_unless(allowed, "release the payment" if releasing else "refund it")
        await refuse_if_money_call_open(escrow, conn)
        await _wallets_unchanged({recipient.id: wallet}, conn)
        cents = (
            escrow.amount - fee_of(escrow.amount, escrow.fee_bps) if releasing else escrow.amount
        )
        key = "release" if releasing else "refund"
        call = await _record_payout(
            escrow, conn, kind, key, cents, wallet, by, actor_label, **notice_fields(notice)
        )
        return int(call.id)


async def _record_payout(
    escrow: Escrow,
    conn: BaseDBAsyncClient,
    kind: ProviderCallKind,
    key: str,
    cents: int,
    wallet: str,
    by: User | None,
    actor_label: str | None,
    **extra: Any,
) -> ProviderCall:
    """The outbox call paying `cents` from the escrow's vault balance to `wallet`."""
    from models.escrow_actions import _actor_fields
    from models.payments import record_call

    return await record_call(
        escrow,
        conn,
        kind=kind,
        key=f"escrow-{escrow.id}-{key}",
        amount=cents,
        request={
            "escrow_id": escrow.id,
            "to": wallet,
            "amount_base_units": str(cents_to_base_units(cents)),
            **_actor_fields(by, actor_label),
            **extra,
        },
    )


async def pay_out_usdc(
    escrow_id: int,
    kind: ProviderCallKind,
    *,
    rail: Rail,
    screeners: Sequence[WalletScreener] | None = None,
    by: User | None = None,
    actor_label: str | None = None,
    moderator: bool = False,
    then: Then[Escrow] | None = None,
    notice: CallNotice | None = None,
) -> Escrow:
    """Pay out of the vault: a TRANSFER pays the seller's wallet less the platform fee
    (which stays in the vault; the buyer confirms, the auto-release job or a moderator
    decides), a REFUND gives the buyer's wallet the price back (the seller or a moderator).
    Recorded (screened, under the escrow's lock), then settled on the chain. The screeners
    are the rail's unless given. `then(escrow, conn)` runs in the transaction that records
    the payout's success (see `models.notification.Then`), as do the DMs `notice` calls
    for (`models.payments.complete`)."""
    call_id = await intend_usdc_payout(
        escrow_id,
        kind,
        screeners=screeners_of(rail) if screeners is None else screeners,
        by=by,
        actor_label=actor_label,
        moderator=moderator,
        notice=notice,
    )
    await settle_on_chain(call_id, rail, then=then)
    return await Escrow.get(id=escrow_id)


def screeners_of(rail: Rail) -> Sequence[WalletScreener]:
    """The screeners the USDC rail was built with (none: screening unavailable, refused)."""
    return tuple(getattr(rail, "screeners", ()))


AWAITING_FINALITY = (
    "The payment is on the chain and counts once enough blocks confirm it (a few minutes). "
    "Nothing more to do: it will be finished automatically."
)


async def settle_on_chain(call_id: int, rail: Rail, *, then: Then[Escrow] | None = None) -> None:
    """`payments.settle`, saying plainly when the transaction is mined and only waits for
    its confirmations (the call stays pending; the reconciler completes it once final)."""
    from models.chain import AwaitingFinality
    from models.payments import ProviderPending, settle

    try:
        await settle(call_id, rail, then=then)
    except ProviderPending as exc:
        if isinstance(exc.__cause__, AwaitingFinality):
            raise ProviderPending(AWAITING_FINALITY) from exc.__cause__
        raise


async def split_usdc(
    escrow_id: int,
    *,
    rail: Rail,
    buyer_percent: int,
    by: User | None = None,
    actor_label: str | None = None,
) -> Escrow:
    """A moderator's split of a disputed USDC escrow, shared as the card rail shares it:
    `buyer_percent` of the price back to the buyer's wallet (a refund, no fee), the rest to
    the seller's wallet less the frozen terms' fee on it (which stays in the vault).

    Both wallets are screened first (fail closed). Both payouts are recorded in one
    transaction, one outbox call each (`split_pair` names both); the rail signs and stores
    both transactions before it broadcasts either, with nonces from the database. Each call
    completes once its transaction is final; the escrow settles (RELEASED, as a card split
    does) only with the second. A crash between the two leaves the second call pending:
    the reconciler re-broadcasts its stored bytes, and the first, already mined, can't be
    mined again."""
    from models.payments import ProviderPending, ProviderSaidNo
    from models.payments import refuse_if_money_call_open as refuse_if_busy

    escrow = await Escrow.get(id=escrow_id)
    buyer, buyer_wallet = await _recipient_wallet(escrow.buyer_id, "buyer")
    seller, seller_wallet = await _recipient_wallet(escrow.seller_id, "seller")
    for user, wallet in ((buyer, buyer_wallet), (seller, seller_wallet)):
        await screen_wallet(wallet, screeners_of(rail), user=user)
    async with in_transaction() as conn:
        escrow = await _locked_usdc(escrow_id, conn)
        escrow.refuse_unless((EscrowStatus.DISPUTED,), "split it")
        await refuse_if_busy(escrow, conn)
        await _wallets_unchanged({buyer.id: buyer_wallet, seller.id: seller_wallet}, conn)
        terms = await escrow.terms(conn)
        buyer_share = escrow.amount * buyer_percent // 100
        seller_gross = escrow.amount - buyer_share
        halves = (
            (ProviderCallKind.REFUND, "split-refund", buyer_share, buyer_wallet),
            (
                ProviderCallKind.TRANSFER,
                "split-transfer",
                seller_gross - terms.fee_of(seller_gross),
                seller_wallet,
            ),
        )
        calls = [
            await _record_payout(
                escrow, conn, kind, key, cents, wallet, by, actor_label, buyer_percent=buyer_percent
            )
            for kind, key, cents, wallet in halves
        ]
        pair = [call.id for call in calls]
        for call in calls:
            call.request = {**call.request, "split_pair": pair}
            await call.save(using_db=conn, update_fields=["request", "updated_at"])
    refund_id, transfer_id = pair
    pending: ProviderPending | None = None
    try:
        await settle_on_chain(refund_id, rail)
    except ProviderPending as exc:
        pending = exc
    except ProviderSaidNo:
        await _settle_or_drop(transfer_id, rail)
        raise
    try:
        await settle_on_chain(transfer_id, rail)
    except ProviderPending as exc:
        pending = exc
    if pending is not None:
        raise pending
    return await Escrow.get(id=escrow_id)


async def _settle_or_drop(call_id: int, rail: Rail) -> None:
    """The other half of a split whose first half the chain refused: a transaction never
    signed is dropped (nothing can move); one already signed, maybe broadcast, is left to
    the chain to decide and settled like any other."""
    from models.chain import ChainTransaction
    from models.payments import _fail

    if await ChainTransaction.filter(call_id=call_id).exists():
        await settle_on_chain(call_id, rail)
    else:
        await _fail(call_id, "the other half of the split was refused: not sent")


async def completed_split_half(
    escrow: Escrow, call: ProviderCall, result: ProviderResult, conn: BaseDBAsyncClient
) -> list[int] | None:
    """One half of a USDC split is final on the chain: recorded as an escrow event; the
    escrow settles with the second half (the card rail's completion of the seller's
    transfer: RELEASED, delivery confirmed, listing sold)."""
    from models.escrow_actions import _actor, released
    from models.payments import ProviderCall
    from models.provider import ProviderResult

    releasing = call.kind is ProviderCallKind.TRANSFER
    await escrow.move(
        "split_released" if releasing else "split_refunded",
        None,
        conn=conn,
        actor=await _actor(call.request.get("actor_id"), conn),
        actor_label=call.request.get("actor_label"),
        data={"tx": result.provider_id, "amount": call.amount},
    )
    pair = await ProviderCall.filter(id__in=call.request["split_pair"]).using_db(conn)
    if any(c.status is not ProviderCallStatus.SUCCEEDED for c in pair if c.id != call.id):
        return None
    transfer = next(c for c in pair if c.kind is ProviderCallKind.TRANSFER)
    if transfer.id == call.id:
        transfer = call
    return await released(escrow, transfer, ProviderResult(str(transfer.provider_id)), conn)


async def return_owed(
    return_id: int, *, rail: Rail, screeners: Sequence[WalletScreener]
) -> ChainReturn:
    """Send back money an escrow isn't to keep (over-payment excess, payment after close)
    to the address it came from, through the same outbox as releases: recorded once
    under its own key, settled by the rail. The escrow's status doesn't change. An address
    that screening blocks is not paid (staff decide)."""
    from models.payments import ProviderCall, settle

    owed = await ChainReturn.get(id=return_id)
    if owed.status is ReturnStatus.RETURNED:
        return owed
    await screen_wallet(owed.to_address, screeners)
    async with in_transaction() as conn:
        owed = await ChainReturn.filter(id=return_id).select_for_update().using_db(conn).get()
        call_id = owed.call_id
        if call_id is None:
            escrow = await Escrow.locked(owed.escrow_id, conn)
            amount = int(owed.amount_base_units)
            call = await ProviderCall.create(
                escrow_id=escrow.id,
                rail=EscrowRail.USDC_BASE,
                kind=ProviderCallKind.REFUND,
                idempotency_key=f"escrow-{escrow.id}-return-{owed.id}",
                amount=amount // BASE_UNITS_PER_CENT,
                request={
                    "escrow_id": escrow.id,
                    "to": owed.to_address,
                    "amount_base_units": str(amount),
                    "late_payment": True,  # money back without changing the escrow's state
                    "chain_return": owed.id,
                    "actor_label": "system",
                },
                using_db=conn,
            )
            owed.call_id = call_id = call.id
            await owed.save(using_db=conn, update_fields=["call_id", "updated_at"])
    done = await settle(call_id, rail)
    if done.status is ProviderCallStatus.SUCCEEDED:
        await ChainReturn.filter(id=return_id).update(status=ReturnStatus.RETURNED)
    return await ChainReturn.get(id=return_id)
