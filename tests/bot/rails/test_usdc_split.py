"""A moderator's split of a USDC escrow: the vault refunds the buyer's share and pays the
seller's share less the frozen terms' fee, both screened first, both signed and stored
before either is broadcast (one outbox call each, consecutive nonces from the database);
the escrow settles only with both, and a crash between the two is finished without
repeating the first."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.rails.usdc.rail import UsdcRail
from bot.rails.usdc.screening import SdnListScreener
from bot.sandbox.chain import TestChain
from models.chain import ChainNonce, ChainTransaction, ChainTxStatus
from models.dispute import Dispute
from models.enums import DisputeOutcome, DisputeStatus, EscrowStatus, ProviderCallKind
from models.enums import ProviderCallStatus as CallStatus
from models.errors import DomainError
from models.escrow import EscrowEvent
from models.payments import ProviderCall, reconcile
from models.provider import ProviderResult
from models.screening import WalletSanctioned
from tests.bot.rails.test_usdc_money import NO_SECOND_ARBITER, disputed
from tests.bot.rails.test_usdc_rail import FEE_BPS, PRICE, PRICE_CENTS, Trade, funded_trade

BUYER_PERCENT = 33
BUYER_CENTS = PRICE_CENTS * BUYER_PERCENT // 100  # 495,000.00 back to the buyer, no fee
SELLER_GROSS = PRICE_CENTS - BUYER_CENTS
SELLER_CENTS = SELLER_GROSS - SELLER_GROSS * FEE_BPS // 10_000  # the card rail's split fee
FEE_CENTS = SELLER_GROSS * FEE_BPS // 10_000


async def split_trade(chain: TestChain, sdn_path: Path) -> Trade:
    trade = await funded_trade(chain)
    trade.rail.screeners = [SdnListScreener(sdn_path, max_age=dt.timedelta(hours=1))]
    return trade


async def resolve_split(trade: Trade, rail: Any = None) -> Dispute:
    dispute, mod = await disputed(trade)
    return await Dispute.resolve(
        dispute.id,
        mod=mod,
        outcome=DisputeOutcome.SPLIT,
        reason="Half the items arrived",
        rail=rail or trade.rail,
        buyer_percent=BUYER_PERCENT,
        approval_threshold_cents=NO_SECOND_ARBITER,
    )


async def assert_split_paid_once(trade: Trade) -> None:
    chain = trade.chain
    assert await chain.balance(trade.buyer_wallet) == BUYER_CENTS * 10_000
    assert await chain.balance(trade.seller_wallet) == SELLER_CENTS * 10_000
    assert await chain.vault.functions.held(trade.escrow.id).call() == FEE_CENTS * 10_000
    assert BUYER_CENTS + SELLER_CENTS + FEE_CENTS == PRICE_CENTS
    assert len(await chain.vault.events.Refunded().get_logs(from_block=0)) == 1
    assert len(await trade.released_logs()) == 1
    assert await trade.status() is EscrowStatus.RELEASED


async def test_a_moderator_splits_a_usdc_escrow_to_the_unit(
    db: str, chain: TestChain, sdn_path: Path
) -> None:
    trade = await split_trade(chain, sdn_path)
    decided = await resolve_split(trade)
    assert decided.status in (DisputeStatus.RESOLVED, DisputeStatus.CLOSED)
    await assert_split_paid_once(trade)

    calls = await ProviderCall.filter(escrow_id=trade.escrow.id).order_by("id")
    assert [(c.kind, c.amount, c.status) for c in calls] == [
        (ProviderCallKind.REFUND, BUYER_CENTS, CallStatus.SUCCEEDED),
        (ProviderCallKind.TRANSFER, SELLER_CENTS, CallStatus.SUCCEEDED),
    ]
    txs = await ChainTransaction.all().order_by("nonce")
    assert [t.call_id for t in txs] == [c.id for c in calls]
    assert txs[1].nonce == txs[0].nonce + 1  # from the database, in one run
    assert all(t.status is ChainTxStatus.MINED for t in txs)
    assert (await ChainNonce.get()).next_nonce == txs[1].nonce + 1
    kinds = await EscrowEvent.filter(escrow_id=trade.escrow.id).values_list("kind", flat=True)
    assert {"split_refunded", "split_released", "released"} <= set(kinds)


async def test_both_transactions_are_signed_and_stored_before_either_is_broadcast(
    db: str, chain: TestChain, sdn_path: Path
) -> None:
    trade = await split_trade(chain, sdn_path)
    stored_at_first_broadcast: list[int] = []
    broadcast = trade.rail._broadcast

    async def watching(tx: ChainTransaction) -> None:
        if not stored_at_first_broadcast:
            stored_at_first_broadcast.append(await ChainTransaction.all().count())
        await broadcast(tx)

    trade.rail._broadcast = watching  # type: ignore[method-assign]
    await resolve_split(trade)
    assert stored_at_first_broadcast == [2]
    await assert_split_paid_once(trade)


class Crash(BaseException):
    """The process dies (nothing in the code catches it)."""


class CrashingRail:
    """The real rail, dying at one point of the split."""

    def __init__(self, rail: UsdcRail, at: str) -> None:
        self.rail, self.at = rail, at
        self.screeners = rail.screeners
        self.kind = rail.kind

    async def execute(self, call: ProviderCall) -> ProviderResult:
        if self.at == "before_second" and call.kind is ProviderCallKind.TRANSFER:
            raise Crash  # the refund was completed and committed; the transfer never ran
        result = await self.rail.execute(call)
        if self.at == "before_first_recorded":
            raise Crash  # broadcast and mined, the database never told
        return result


@pytest.mark.parametrize("at", ["before_first_recorded", "before_second"])
async def test_a_crash_in_a_split_is_finished_without_repeating_the_first(
    db: str, chain: TestChain, sdn_path: Path, at: str
) -> None:
    # Paid twice over: the vault could pay either share again, only the outbox stops it.
    trade = await funded_trade(chain, pay=2 * PRICE)
    trade.rail.screeners = [SdnListScreener(sdn_path, max_age=dt.timedelta(hours=1))]
    with pytest.raises(Crash):
        await resolve_split(trade, CrashingRail(trade.rail, at))
    assert await trade.status() is EscrowStatus.DISPUTED
    hashes = dict(await ChainTransaction.all().values_list("call_id", "tx_hash"))
    assert len(hashes) == 2  # both signed and stored before the crash

    finished = await reconcile(trade.rail, older_than_seconds=0)
    assert finished == (2 if at == "before_first_recorded" else 1)
    assert await trade.status() is EscrowStatus.RELEASED
    assert dict(await ChainTransaction.all().values_list("call_id", "tx_hash")) == hashes
    refunds = await chain.vault.events.Refunded().get_logs(from_block=0)
    assert len(refunds) == 1 and len(await trade.released_logs()) == 1
    assert await chain.balance(trade.buyer_wallet) == BUYER_CENTS * 10_000
    assert await chain.balance(trade.seller_wallet) == SELLER_CENTS * 10_000
    assert await reconcile(trade.rail, older_than_seconds=0) == 0


@pytest.mark.parametrize("who", ["buyer", "seller"])
async def test_a_sanctioned_wallet_stops_the_whole_split(
    db: str, chain: TestChain, sdn_path: Path, who: str
) -> None:
    trade = await split_trade(chain, sdn_path)
    listed = trade.buyer_wallet if who == "buyer" else trade.seller_wallet
    await asyncio.to_thread(sdn_path.write_text, listed + "\n")
    with pytest.raises(WalletSanctioned):
        await resolve_split(trade)
    assert not await ProviderCall.exists()
    assert await trade.status() is EscrowStatus.DISPUTED
    assert await chain.balance(trade.buyer_wallet) == 0
    assert await chain.balance(trade.seller_wallet) == 0


async def test_a_split_without_screening_fails_closed_and_the_decision_is_undone(
    db: str, chain: TestChain
) -> None:
    trade = await funded_trade(chain)  # the rail has no screeners: screening can't answer
    with pytest.raises(DomainError, match="sanctions lists right now"):
        dispute = await resolve_split(trade)
    dispute = await Dispute.get(escrow_id=trade.escrow.id)
    assert dispute.status is DisputeStatus.IN_REVIEW
    assert not await ProviderCall.exists()
    assert await trade.status() is EscrowStatus.DISPUTED
