"""The USDC rail's rules on escrows: the deposit address opened for an escrow, and the
deposits the chain watcher reports, counted once final.

The watcher records every `Transfer` into a deposit address as SEEN; once its block is
final (enough confirmations) and the transaction is still in the canonical chain, it is
COUNTED here, in one transaction with the escrow's funding transition. A deposit whose
block was reorganised away is VANISHED and counts for nothing. Each log counts at most
once: the (chain, tx hash, log index) key is unique and COUNTED is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import utcnow
from models.chain import ChainDeposit, ChainReturn, DepositStatus
from models.enums import EscrowRail, EscrowStatus
from models.errors import InvalidState
from models.escrow import Escrow, StablecoinEscrow

BASE_UNITS_PER_CENT = 10_000  # USDC has 6 decimals: 1 cent = 10^4 base units


def cents_to_base_units(cents: int) -> int:
    return cents * BASE_UNITS_PER_CENT


async def open_deposit(
    escrow_id: int, *, chain_id: int, token: str, deposit_address: str
) -> StablecoinEscrow:
    """The escrow's USDC row with its deposit address, created once (idempotent)."""
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
        await AuditLog.record(
            "escrow.deposit_address",
            object_type="escrow",
            object_id=escrow.id,
            actor_label="system",
            guild_id=escrow.guild_id,
            after={"deposit_address": deposit_address, "chain_id": chain_id},
            using_db=conn,
        )
        return row


@dataclass(frozen=True)
class DepositOutcome:
    deposit_id: int
    escrow_id: int
    result: str  # "funded", "waiting" (under-paid so far), "extra", "duplicate"
    excess_base_units: int = 0


async def count_deposit(deposit_id: int) -> DepositOutcome:
    """A final deposit: credit it to its escrow once; fund the escrow when what it received
    reaches the price (the excess of an over-payment is recorded to return); a payment to
    an escrow that no longer waits for money is recorded to return in full."""
    async with in_transaction() as conn:
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
    await AuditLog.record(
        "escrow.deposit_to_return",
        object_type="escrow",
        object_id=escrow.id,
        actor_label="chain",
        guild_id=escrow.guild_id,
        after={"tx": deposit.tx_hash, "amount": amount, "reason": reason, "to": deposit.sender},
        using_db=conn,
    )
