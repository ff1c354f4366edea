"""Release and refund on the USDC rail: signed by the operator key, stored before
broadcast, nonces from the database; retries and crashes re-broadcast the same bytes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from eth_account import Account

from bot.rails.usdc.rail import UsdcRail
from bot.rails.usdc.screening import SdnListScreener
from bot.rails.usdc.watcher import DepositWatcher
from bot.sandbox.chain import USDC, TestChain
from models.chain import ChainNonce, ChainReturn, ChainTransaction, ChainTxStatus, ReturnStatus
from models.enums import EscrowRail, EscrowStatus, ProviderCallKind, ProviderCallStatus
from models.errors import DomainError
from models.escrow import Escrow
from models.payments import ProviderCall, ProviderSaidNo, reconcile, settle
from models.provider import ProviderRefused
from models.screening import WalletSanctioned
from models.stablecoin import intend_usdc_payout, pay_out_usdc, return_owed
from models.user import User
from tests.factories import make_escrow

TRANSFER, REFUND = ProviderCallKind.TRANSFER, ProviderCallKind.REFUND

PRICE_CENTS = 1_500_000  # $15,000.00
PRICE = 15_000 * USDC
FEE_BPS = 500
NET = (PRICE_CENTS - PRICE_CENTS * FEE_BPS // 10_000) * 10_000  # base units to the seller


class Trade:
    def __init__(self, chain: TestChain, rail: UsdcRail, escrow: Escrow) -> None:
        self.chain, self.rail, self.escrow = chain, rail, escrow
        self.seller_wallet = Account.create().address
        self.buyer_wallet = Account.create().address
        self.payer = chain.accounts[1]

    async def buyer(self) -> User:
        return await User.get(id=self.escrow.buyer_id)

    async def status(self) -> EscrowStatus:
        return (await Escrow.get(id=self.escrow.id)).status

    async def released_logs(self) -> list[object]:
        return list(await self.chain.vault.events.Released().get_logs(from_block=0))


async def funded_trade(chain: TestChain, *, pay: int = PRICE) -> Trade:
    rail = UsdcRail(
        chain.w3,
        chain.operator,
        chain_id=await chain.w3.eth.chain_id,
        token=chain.deployment.token,
        vault=chain.deployment.vault,
        forwarder=chain.deployment.forwarder,
        confirmations=0,
    )
    escrow = await make_escrow(rail=EscrowRail.USDC_BASE, amount=PRICE_CENTS, fee_bps=FEE_BPS)
    trade = Trade(chain, rail, escrow)
    await User.filter(id=escrow.seller_id).update(wallet_address=trade.seller_wallet)
    await User.filter(id=escrow.buyer_id).update(wallet_address=trade.buyer_wallet)
    row = await rail.open_deposit(escrow.id)
    await chain.mint(trade.payer, pay)
    await chain.pay(trade.payer, row.deposit_address, pay)
    watcher = DepositWatcher(chain.w3, chain_id=rail.chain_id, token=rail.token, confirmations=0)
    await watcher.poll()
    assert await trade.status() is EscrowStatus.FUNDS_HELD
    return trade


async def delivered(trade: Trade) -> None:
    await Escrow.filter(id=trade.escrow.id).update(status=EscrowStatus.DELIVERED)


async def test_the_buyer_releases_to_the_sellers_wallet(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain)
    await delivered(trade)
    escrow = await pay_out_usdc(
        trade.escrow.id, TRANSFER, rail=trade.rail, screeners=screeners, by=await trade.buyer()
    )
    assert escrow.status is EscrowStatus.RELEASED
    assert await chain.balance(trade.seller_wallet) == NET
    tx = await ChainTransaction.get()
    assert tx.status is ChainTxStatus.MINED and tx.sender == chain.operator.address
    call = await ProviderCall.get(id=tx.call_id)
    assert call.status is ProviderCallStatus.SUCCEEDED and call.provider_id == tx.tx_hash
    # The platform fee stays in the vault for this escrow.
    fee = PRICE - NET
    assert await chain.vault.functions.held(trade.escrow.id).call() == fee


async def test_the_seller_refunds_to_the_buyers_wallet(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain)
    seller = await User.get(id=trade.escrow.seller_id)
    with pytest.raises(DomainError, match="Only the seller"):
        await pay_out_usdc(
            trade.escrow.id, REFUND, rail=trade.rail, screeners=screeners, by=await trade.buyer()
        )
    escrow = await pay_out_usdc(
        trade.escrow.id, REFUND, rail=trade.rail, screeners=screeners, by=seller
    )
    assert escrow.status is EscrowStatus.REFUNDED
    assert await chain.balance(trade.buyer_wallet) == PRICE


async def test_fifty_concurrent_attempts_make_one_transaction(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    # Paid twice over, so the vault *could* pay the seller twice: only one transaction may.
    trade = await funded_trade(chain, pay=2 * PRICE)
    await delivered(trade)
    call_id = await intend_usdc_payout(
        trade.escrow.id, ProviderCallKind.TRANSFER, screeners=screeners, by=await trade.buyer()
    )
    call = await ProviderCall.get(id=call_id)
    results = await asyncio.gather(
        *(trade.rail.execute(call) for _ in range(50)), return_exceptions=True
    )
    hashes = {r.provider_id for r in results if not isinstance(r, BaseException)}
    assert len(hashes) == 1, results
    assert await ChainTransaction.filter(call_id=call_id).count() == 1
    assert len(await trade.released_logs()) == 1
    assert await chain.balance(trade.seller_wallet) == NET
    nonce = await ChainNonce.get(address=chain.operator.address)
    assert nonce.next_nonce == (await ChainTransaction.get()).nonce + 1

    await settle(call_id, trade.rail)  # any of them may record the result: once
    assert await trade.status() is EscrowStatus.RELEASED


async def test_fifty_concurrent_confirmations_release_once(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain, pay=2 * PRICE)
    await delivered(trade)
    buyer = await trade.buyer()
    results = await asyncio.gather(
        *(
            pay_out_usdc(trade.escrow.id, TRANSFER, rail=trade.rail, screeners=screeners, by=buyer)
            for _ in range(50)
        ),
        return_exceptions=True,
    )
    assert all(isinstance(r, Escrow | DomainError) for r in results), results
    assert sum(isinstance(r, Escrow) for r in results) >= 1
    assert await trade.status() is EscrowStatus.RELEASED
    assert await ProviderCall.all().count() == 1
    assert len(await trade.released_logs()) == 1
    assert await chain.balance(trade.seller_wallet) == NET


async def test_a_crash_after_broadcast_is_finished_with_the_same_bytes(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain, pay=2 * PRICE)  # a second payout would be possible
    await delivered(trade)
    call_id = await intend_usdc_payout(
        trade.escrow.id, ProviderCallKind.TRANSFER, screeners=screeners, by=await trade.buyer()
    )
    # The process signs, stores, broadcasts, the chain mines… and it dies before recording.
    first = await trade.rail.execute(await ProviderCall.get(id=call_id))
    assert (await ProviderCall.get(id=call_id)).status is ProviderCallStatus.PENDING
    assert await trade.status() is EscrowStatus.DELIVERED

    assert await reconcile(trade.rail, older_than_seconds=0) == 1
    tx = await ChainTransaction.get(call_id=call_id)
    assert tx.tx_hash == first.provider_id and tx.broadcasts == 2  # the same bytes again
    assert await trade.status() is EscrowStatus.RELEASED
    assert len(await trade.released_logs()) == 1
    assert await chain.balance(trade.seller_wallet) == NET


async def test_a_transaction_not_mined_yet_stays_pending_and_is_rebroadcast(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain)
    await delivered(trade)
    chain.tester.disable_auto_mine_transactions()
    try:
        with pytest.raises(DomainError, match="isn't answering"):
            await pay_out_usdc(
                trade.escrow.id,
                TRANSFER,
                rail=trade.rail,
                screeners=screeners,
                by=await trade.buyer(),
            )
        assert await trade.status() is EscrowStatus.DELIVERED
        with pytest.raises(DomainError, match="already in progress"):
            await pay_out_usdc(
                trade.escrow.id,
                TRANSFER,
                rail=trade.rail,
                screeners=screeners,
                by=await trade.buyer(),
            )
    finally:
        chain.tester.enable_auto_mine_transactions()
    chain.mine(1)
    assert await reconcile(trade.rail, older_than_seconds=0) == 1
    assert await trade.status() is EscrowStatus.RELEASED
    assert await ChainTransaction.all().count() == 1
    assert len(await trade.released_logs()) == 1


async def test_a_vault_refusal_moves_nothing_and_spends_no_nonce(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain)
    await delivered(trade)
    call_id = await intend_usdc_payout(
        trade.escrow.id, ProviderCallKind.TRANSFER, screeners=screeners, by=await trade.buyer()
    )
    # Someone edits the stored request to ask for more than the escrow holds.
    call = await ProviderCall.get(id=call_id)
    call.request = {**call.request, "amount_base_units": str(PRICE + 1)}
    await call.save(update_fields=["request"])
    with pytest.raises(ProviderRefused, match="more than the escrow holds"):
        await trade.rail.execute(call)
    assert await ChainTransaction.all().count() == 0
    assert not await ChainNonce.exists()


async def test_a_sanctioned_seller_wallet_is_never_paid(
    db: str, chain: TestChain, screeners: list[SdnListScreener], sdn_path: Path
) -> None:
    trade = await funded_trade(chain)
    await delivered(trade)
    await asyncio.to_thread(sdn_path.write_text, trade.seller_wallet + "\n")
    with pytest.raises(WalletSanctioned):
        await pay_out_usdc(
            trade.escrow.id, TRANSFER, rail=trade.rail, screeners=screeners, by=await trade.buyer()
        )
    assert not await ProviderCall.exists()
    assert await trade.status() is EscrowStatus.DELIVERED
    assert await chain.balance(trade.seller_wallet) == 0


async def test_a_refused_call_is_reported_plainly(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain)
    await delivered(trade)
    # The vault's operator was changed on chain: the rail's key can't release any more.
    await chain.vault.functions.set_operator(chain.accounts[5]).transact(
        {"from": chain.operator.address}
    )
    with pytest.raises(ProviderSaidNo):
        await pay_out_usdc(
            trade.escrow.id, TRANSFER, rail=trade.rail, screeners=screeners, by=await trade.buyer()
        )
    assert await trade.status() is EscrowStatus.DELIVERED
    assert (await ProviderCall.get()).status is ProviderCallStatus.FAILED


async def test_an_over_payment_excess_goes_back_to_the_payer_once(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain, pay=PRICE + 123_456)
    owed = await ChainReturn.get(escrow_id=trade.escrow.id)
    assert owed.status is ReturnStatus.OWED and owed.to_address == trade.payer
    before = await chain.balance(trade.payer)

    done = await return_owed(owed.id, rail=trade.rail, screeners=screeners)
    again = await return_owed(owed.id, rail=trade.rail, screeners=screeners)
    assert done.status is ReturnStatus.RETURNED and again.call_id == done.call_id
    assert await chain.balance(trade.payer) == before + 123_456
    assert len(list(await chain.vault.events.Refunded().get_logs(from_block=0))) == 1
    assert await trade.status() is EscrowStatus.FUNDS_HELD  # the trade goes on
    assert await chain.vault.functions.held(trade.escrow.id).call() == PRICE

    # The price itself can still be released in full afterwards.
    await delivered(trade)
    await pay_out_usdc(
        trade.escrow.id, TRANSFER, rail=trade.rail, screeners=screeners, by=await trade.buyer()
    )
    assert await chain.balance(trade.seller_wallet) == NET


async def test_an_excess_owed_to_a_listed_address_stays_put(
    db: str, chain: TestChain, screeners: list[SdnListScreener], sdn_path: Path
) -> None:
    trade = await funded_trade(chain, pay=PRICE + 5)
    owed = await ChainReturn.get(escrow_id=trade.escrow.id)
    await asyncio.to_thread(sdn_path.write_text, trade.payer)
    with pytest.raises(WalletSanctioned):
        await return_owed(owed.id, rail=trade.rail, screeners=screeners)
    assert (await ChainReturn.get(id=owed.id)).call_id is None
    assert not await ProviderCall.exists()
