"""Outgoing USDC transactions count only once final, by the deposits' rule (the block
has `confirmations` blocks on top): until then the call stays pending and the escrow
doesn't move; a receipt that a reorganisation removes (snapshot and revert) is sent again
with the same bytes, and the money moves once."""

from __future__ import annotations

import pytest

from bot.rails.usdc.screening import SdnListScreener
from bot.sandbox.chain import TestChain
from models.chain import ChainTransaction, ChainTxReplacement, ChainTxStatus
from models.dispute import Dispute
from models.enums import DisputeOutcome, EscrowStatus, ProviderCallKind, ProviderCallStatus
from models.payments import ProviderCall, ProviderPending, reconcile, settle
from models.stablecoin import AWAITING_FINALITY, pay_out_usdc
from tests.bot.rails.test_usdc_money import NO_SECOND_ARBITER, disputed
from tests.bot.rails.test_usdc_rail import NET, PRICE, Trade, delivered, funded_trade
from tests.bot.rails.test_usdc_split import BUYER_CENTS, BUYER_PERCENT, SELLER_CENTS

CONFIRMATIONS = 3


async def waiting_release(trade: Trade) -> ProviderCall:
    """The buyer confirms: the release is mined at once but not final yet."""
    with pytest.raises(ProviderPending) as pending:
        await pay_out_usdc(
            trade.escrow.id, ProviderCallKind.TRANSFER, rail=trade.rail, by=await trade.buyer()
        )
    assert pending.value.message == AWAITING_FINALITY
    return await ProviderCall.get(escrow_id=trade.escrow.id)


async def final_trade(chain: TestChain, screeners: list[SdnListScreener]) -> Trade:
    trade = await funded_trade(chain)
    trade.rail.screeners = screeners
    trade.rail.confirmations = CONFIRMATIONS
    await delivered(trade)
    return trade


async def test_a_release_waits_for_its_confirmations(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await final_trade(chain, screeners)
    call = await waiting_release(trade)
    tx = await ChainTransaction.get(call_id=call.id)
    assert tx.status is ChainTxStatus.MINED and tx.block_number == await chain.block_number()
    assert call.status is ProviderCallStatus.PENDING
    assert await trade.status() is EscrowStatus.DELIVERED  # mined is not final

    chain.mine(CONFIRMATIONS - 1)
    with pytest.raises(ProviderPending):
        await settle(call.id, trade.rail)
    assert await trade.status() is EscrowStatus.DELIVERED

    chain.mine(1)  # the block now has `confirmations` blocks on top
    assert await reconcile(trade.rail, older_than_seconds=0) == 1
    assert await trade.status() is EscrowStatus.RELEASED
    assert (await ProviderCall.get(id=call.id)).provider_id == tx.tx_hash
    assert await chain.balance(trade.seller_wallet) == NET


async def test_a_release_reorganised_away_is_sent_again_with_the_same_bytes(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain, pay=2 * PRICE)  # a second payout would be possible
    trade.rail.screeners = screeners
    trade.rail.confirmations = CONFIRMATIONS
    await delivered(trade)
    before = chain.snapshot()
    call = await waiting_release(trade)
    mined = await ChainTransaction.get(call_id=call.id)
    assert await chain.balance(trade.seller_wallet) == NET

    chain.revert(before)  # a reorganisation drops the block with the release
    assert await chain.balance(trade.seller_wallet) == 0
    trade.rail.stuck_after_seconds = 0  # even so: the same bytes first, not a replacement
    chain.tester.disable_auto_mine_transactions()
    try:
        with pytest.raises(ProviderPending):
            await settle(call.id, trade.rail)  # re-broadcast: in the pool, no receipt yet
        gone = await ChainTransaction.get(call_id=call.id)
        assert gone.status is ChainTxStatus.SIGNED and gone.block_number is None
        assert await trade.status() is EscrowStatus.DELIVERED
    finally:
        chain.tester.enable_auto_mine_transactions()
    chain.mine(CONFIRMATIONS + 1)
    assert await reconcile(trade.rail, older_than_seconds=0) == 1

    again = await ChainTransaction.get(call_id=call.id)
    assert again.tx_hash == mined.tx_hash and bytes(again.raw_tx) == bytes(mined.raw_tx)
    assert again.status is ChainTxStatus.MINED and again.broadcasts >= 2
    assert not await ChainTxReplacement.exists()
    assert await trade.status() is EscrowStatus.RELEASED
    assert len(await trade.released_logs()) == 1
    assert await chain.balance(trade.seller_wallet) == NET


async def test_a_deeper_reorganisation_is_not_counted_until_final_again(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await final_trade(chain, screeners)
    before = chain.snapshot()
    call = await waiting_release(trade)
    chain.mine(CONFIRMATIONS - 1)
    chain.revert(before)  # a longer fork without the release
    # The next attempt re-broadcasts the stored bytes: mined again, in a new block.
    with pytest.raises(ProviderPending):
        await settle(call.id, trade.rail)
    tx = await ChainTransaction.get(call_id=call.id)
    assert tx.block_number == await chain.block_number()
    assert await trade.status() is EscrowStatus.DELIVERED
    chain.mine(CONFIRMATIONS)
    await settle(call.id, trade.rail)
    assert await trade.status() is EscrowStatus.RELEASED
    assert len(await trade.released_logs()) == 1


async def test_a_split_settles_only_when_both_halves_are_final(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain)
    trade.rail.screeners = screeners
    trade.rail.confirmations = CONFIRMATIONS
    dispute, mod = await disputed(trade)
    with pytest.raises(ProviderPending, match="enough blocks confirm it"):
        await Dispute.resolve(
            dispute.id,
            mod=mod,
            outcome=DisputeOutcome.SPLIT,
            reason="Half the items arrived",
            rail=trade.rail,
            buyer_percent=BUYER_PERCENT,
            approval_threshold_cents=NO_SECOND_ARBITER,
        )
    assert await trade.status() is EscrowStatus.DISPUTED
    assert await chain.balance(trade.buyer_wallet) == BUYER_CENTS * 10_000  # mined, not final
    refund, transfer = await ProviderCall.filter(escrow_id=trade.escrow.id).order_by("id")
    txs = await ChainTransaction.all().order_by("nonce")
    assert txs[0].block_number is not None and txs[1].block_number == txs[0].block_number + 1

    chain.mine(CONFIRMATIONS - 1)  # the refund's block is final, the transfer's not yet
    assert await reconcile(trade.rail, older_than_seconds=0) == 1
    assert (await ProviderCall.get(id=refund.id)).status is ProviderCallStatus.SUCCEEDED
    assert (await ProviderCall.get(id=transfer.id)).status is ProviderCallStatus.PENDING
    assert await trade.status() is EscrowStatus.DISPUTED

    chain.mine(1)
    assert await reconcile(trade.rail, older_than_seconds=0) == 1
    assert await trade.status() is EscrowStatus.RELEASED
    assert await chain.balance(trade.seller_wallet) == SELLER_CENTS * 10_000
