"""The USDC rail behind the product's money steps: the escrow actions and moderators'
decisions route to the vault, the jobs use each call's own rail, stuck transactions are
replaced with a higher fee, and `bloxtr8 chain deploy` puts the contracts on a chain."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot import jobs
from bot.config import Settings
from bot.rails import Rails
from bot.rails.usdc.deploy import chain_deploy
from bot.rails.usdc.rail import _fees_of
from bot.rails.usdc.screening import SdnListScreener
from bot.rails.usdc.watcher import DepositWatcher
from bot.sandbox.chain import TestChain
from models import escrow_actions
from models.chain import ChainReturn, ChainTransaction, ChainTxReplacement, ReturnStatus
from models.dispute import Dispute, Moderator
from models.enums import DisputeOutcome, DisputeStatus, EscrowRail, EscrowStatus
from models.errors import DomainError
from models.escrow import Escrow
from models.user import User
from tests.bot.rails.test_usdc_rail import NET, PRICE, PRICE_CENTS, delivered, funded_trade
from tests.factories import make_escrow, make_user

NO_SECOND_ARBITER = 10**12  # decisions in these tests don't need a second approval


async def delivered_trade(chain: TestChain, screeners: list[SdnListScreener]) -> Any:
    """A funded USDC trade, screened by `screeners`, marked delivered."""
    trade = await funded_trade(chain)
    trade.rail.screeners = screeners
    await delivered(trade)
    return trade


@contextlib.asynccontextmanager
async def release_left_unmined(chain: TestChain, trade: Any) -> AsyncIterator[None]:
    """The buyer's release is signed and broadcast but no block takes it (the provider
    "isn't answering"); blocks are mined again when the block ends."""
    chain.tester.disable_auto_mine_transactions()
    try:
        with pytest.raises(DomainError, match="isn't answering"):
            await escrow_actions.release(trade.escrow.id, rail=trade.rail, by=await trade.buyer())
        yield
    finally:
        chain.tester.enable_auto_mine_transactions()


async def test_escrow_actions_release_on_the_usdc_rail(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain)
    trade.rail.screeners = screeners
    await delivered(trade)
    seller = await User.get(id=trade.escrow.seller_id)
    with pytest.raises(DomainError, match="Only the buyer"):
        await escrow_actions.release(trade.escrow.id, rail=trade.rail, by=seller)
    done = await escrow_actions.release(trade.escrow.id, rail=trade.rail, by=await trade.buyer())
    assert done.status is EscrowStatus.RELEASED
    assert await chain.balance(trade.seller_wallet) == NET


async def test_escrow_actions_refund_on_the_usdc_rail(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain)
    trade.rail.screeners = screeners
    seller = await User.get(id=trade.escrow.seller_id)
    done = await escrow_actions.refund(trade.escrow.id, rail=trade.rail, by=seller)
    assert done.status is EscrowStatus.REFUNDED
    assert await chain.balance(trade.buyer_wallet) == PRICE
    assert await chain.balance(trade.seller_wallet) == 0


async def test_a_usdc_payout_without_screeners_is_refused(db: str, chain: TestChain) -> None:
    trade = await funded_trade(chain)
    await delivered(trade)  # the rail has no screeners: screening fails closed
    with pytest.raises(DomainError, match="sanctions lists right now"):
        await escrow_actions.release(trade.escrow.id, rail=trade.rail, by=await trade.buyer())
    assert await trade.status() is EscrowStatus.DELIVERED
    assert await chain.balance(trade.seller_wallet) == 0


async def disputed(trade: object) -> tuple[Dispute, Moderator]:
    escrow: Escrow = trade.escrow  # type: ignore[attr-defined]
    buyer = await User.get(id=escrow.buyer_id)
    dispute = await Dispute.open(escrow.id, reason="The asset never arrived", by=buyer)
    staff = await make_user(username="staff")
    return dispute, Moderator(user=staff, guild_id=None, staff=True)


@pytest.mark.parametrize("outcome", ["release", "refund"])
async def test_a_moderator_decides_a_usdc_dispute_on_chain(
    db: str, chain: TestChain, screeners: list[SdnListScreener], outcome: str
) -> None:
    trade = await funded_trade(chain)
    trade.rail.screeners = screeners
    dispute, mod = await disputed(trade)
    decided = await Dispute.resolve(
        dispute.id,
        mod=mod,
        outcome=DisputeOutcome(outcome.upper()),
        reason="Looked at the evidence",
        rail=trade.rail,
        approval_threshold_cents=NO_SECOND_ARBITER,
    )
    assert decided.status in (DisputeStatus.RESOLVED, DisputeStatus.CLOSED)
    if outcome == "release":
        assert await trade.status() is EscrowStatus.RELEASED
        assert await chain.balance(trade.seller_wallet) == NET
        assert await chain.balance(trade.buyer_wallet) == 0
    else:
        assert await trade.status() is EscrowStatus.REFUNDED
        assert await chain.balance(trade.buyer_wallet) == PRICE
        assert await chain.balance(trade.seller_wallet) == 0


async def test_a_stuck_release_is_replaced_with_a_higher_fee_and_the_replacement_wins(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await delivered_trade(chain, screeners)
    async with release_left_unmined(chain, trade):
        first = await ChainTransaction.get()
        # Still unmined after the rail's patience: the reconciler replaces it.
        trade.rail.stuck_after_seconds = 0
        assert await jobs.reconcile(trade.rail, older_than_seconds=0) == 0
        trade.rail.stuck_after_seconds = 3600
    tx = await ChainTransaction.get()
    old = await ChainTxReplacement.get(tx_id=tx.id)
    assert old.tx_hash == first.tx_hash != tx.tx_hash and tx.nonce == first.nonce
    old_fees, new_fees = _fees_of(bytes(old.raw_tx)), _fees_of(bytes(tx.raw_tx))
    assert new_fees[0] > old_fees[0] * 11 // 10 and new_fees[1] > old_fees[1] * 11 // 10
    assert old.max_fee_per_gas == Decimal(old_fees[1])
    assert await jobs.reconcile(trade.rail, older_than_seconds=0) == 1
    assert await trade.status() is EscrowStatus.RELEASED
    mined = await ChainTransaction.get()
    receipt = await chain.w3.eth.get_transaction_receipt(mined.tx_hash)  # type: ignore[arg-type]
    assert receipt["status"] == 1
    assert len(await trade.released_logs()) == 1
    assert await chain.balance(trade.seller_wallet) == NET


async def test_when_the_replaced_transaction_is_mined_it_wins_and_both_hashes_stay(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await delivered_trade(chain, screeners)
    async with release_left_unmined(chain, trade):
        first = await ChainTransaction.get()
        trade.rail.stuck_after_seconds = 0
        await jobs.reconcile(trade.rail, older_than_seconds=0)
        trade.rail.stuck_after_seconds = 3600
        replacement = await ChainTransaction.get()
        # The first one reaches a miner after all (another node still had it).
        await chain.w3.eth.send_raw_transaction(bytes(first.raw_tx))
    assert await jobs.reconcile(trade.rail, older_than_seconds=0) == 1
    assert await trade.status() is EscrowStatus.RELEASED
    tx = await ChainTransaction.get()
    assert tx.tx_hash == first.tx_hash  # the mined one is the call's transaction
    assert (await ChainTxReplacement.get(tx_id=tx.id)).tx_hash == replacement.tx_hash
    assert len(await trade.released_logs()) == 1
    assert await chain.balance(trade.seller_wallet) == NET


async def test_the_reconciler_uses_each_calls_own_rail(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await delivered_trade(chain, screeners)
    async with release_left_unmined(chain, trade):
        pass  # left broadcast, not mined
    # A process without the USDC rail leaves the call alone (no refusal recorded) …
    assert await jobs.reconcile(Rails(), older_than_seconds=0) == 0
    assert await trade.status() is EscrowStatus.DELIVERED
    # … and the registry sends it to the USDC rail, not the card rail.
    rails = Rails({EscrowRail.USDC_BASE: trade.rail}, screeners=screeners)
    assert await jobs.reconcile(rails, older_than_seconds=0) == 1
    assert await trade.status() is EscrowStatus.RELEASED


async def test_a_deposit_after_cancellation_is_returned_by_the_job(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    trade = await funded_trade(chain)  # a first escrow, to have a rail and a chain
    rail = trade.rail
    rail.screeners = screeners
    escrow = await make_escrow(rail=EscrowRail.USDC_BASE, amount=PRICE_CENTS)
    row = await rail.open_deposit(escrow.id)
    buyer = await User.get(id=escrow.buyer_id)
    cancelled = await escrow_actions.cancel(escrow.id, rail=rail, by=buyer)
    assert cancelled.status is EscrowStatus.CANCELLED
    payer = chain.accounts[2]
    await chain.mint(payer, PRICE)
    await chain.pay(payer, row.deposit_address, PRICE)
    watcher = DepositWatcher(
        chain.w3, chain_id=rail.chain_id, token=rail.token, confirmations=0, screeners=screeners
    )
    told: list[object] = []

    async def on_counted(outcome: object, conn: object = None) -> None:
        told.append(outcome)

    counts = await jobs.watch_deposits(watcher, on_counted)
    assert counts["counted"] == 1 and told[0].result == "extra"  # type: ignore[attr-defined]
    owed = await ChainReturn.get(escrow_id=escrow.id)
    assert owed.status is ReturnStatus.OWED and int(owed.amount_base_units) == PRICE
    rails = Rails({EscrowRail.USDC_BASE: rail}, screeners=screeners)
    assert await jobs.return_owed_payments(rails) == 1
    assert await jobs.return_owed_payments(rails) == 0  # once
    assert (await ChainReturn.get(id=owed.id)).status is ReturnStatus.RETURNED
    assert await chain.balance(payer) == PRICE
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.CANCELLED


async def test_chain_deploy_puts_the_contracts_on_the_chain(
    db: str, chain: TestChain, settings: Settings
) -> None:
    lines: list[str] = []
    key = SecretStr(chain.operator.account.key.hex())
    configured = settings.model_copy(update={"usdc_operator_key": key})
    deployment = await chain_deploy(
        configured, token=chain.deployment.token, w3=chain.w3, out=lines.append
    )
    assert deployment.token == chain.deployment.token and deployment.oracle is None
    assert f"USDC_VAULT_ADDRESS={deployment.vault}" in lines
    assert await chain.w3.eth.get_code(deployment.vault)  # type: ignore[arg-type]


def test_chain_deploy_without_settings_exits_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.__main__ import main

    assert main(["chain", "deploy"]) == 2
    assert "CHAIN_RPC_URL is not set" in capsys.readouterr().err


async def test_one_transaction_paying_two_escrows_funds_both(
    db: str, chain: TestChain, screeners: list[SdnListScreener]
) -> None:
    """An exchange's batch withdrawal: two Transfer logs in one transaction."""
    from bot.sandbox.chain import batch_payer

    trade = await funded_trade(chain)
    rail = trade.rail
    escrows = [await make_escrow(rail=EscrowRail.USDC_BASE, amount=PRICE_CENTS) for _ in "ab"]
    addresses = [(await rail.open_deposit(e.id)).deposit_address for e in escrows]
    payer = chain.accounts[3]
    await chain.mint(payer, 2 * PRICE)
    batch = await batch_payer(chain, payer)
    await batch.functions.pay(rail.token, addresses, PRICE).transact({"from": payer})
    watcher = DepositWatcher(
        chain.w3, chain_id=rail.chain_id, token=rail.token, confirmations=0, screeners=screeners
    )
    report = await watcher.poll()
    assert [o.result for o in report.counted] == ["funded", "funded"]
    for escrow in escrows:
        assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.FUNDS_HELD


def test_the_registry_builds_the_usdc_rail_and_the_screeners_once(
    settings: Settings, tmp_path: Path
) -> None:
    from eth_account import Account

    from bot.rails.usdc.rail import UsdcRail

    bare = Rails.from_settings(settings)
    assert not bare.configured(EscrowRail.USDC_BASE) and bare.usdc is None
    with pytest.raises(DomainError, match="USDC payments aren't set up"):
        bare.require(EscrowRail.USDC_BASE)
    sdn = tmp_path / "sdn.txt"
    sdn.write_text("")
    address = Account.create().address
    rails = Rails.from_settings(
        settings.model_copy(
            update={
                "chain_rpc_url": "http://127.0.0.1:9",  # never contacted here
                "usdc_operator_key": SecretStr(Account.create().key.hex()),
                "usdc_token_address": address,
                "usdc_vault_address": address,
                "usdc_forwarder_address": address,
                "ofac_sdn_path": sdn,
            }
        )
    )
    rail = rails.require(EscrowRail.USDC_BASE)
    assert isinstance(rail, UsdcRail) and rails.usdc is rail
    assert [type(s) for s in rails.screeners] == [SdnListScreener]
    assert rail.screeners == rails.screeners


async def test_the_auto_release_job_pays_the_sellers_wallet_or_tells_them_to_link_one(
    db: str, chain: TestChain, screeners: list[SdnListScreener], request: pytest.FixtureRequest
) -> None:
    from bot.cogs.escrow.payout_notices import completed_words
    from models import payments
    from models.base import utcnow
    from models.escrow_jobs import bring_back

    trade = await funded_trade(chain)
    trade.rail.screeners = screeners
    rails = Rails({EscrowRail.USDC_BASE: trade.rail}, screeners=screeners)
    now = utcnow()
    await Escrow.filter(id=trade.escrow.id).update(
        status=EscrowStatus.DELIVERED, auto_release_at=now - dt.timedelta(minutes=1)
    )
    told: list[tuple[int, str]] = []

    async def tell(user_id: int, text: str, conn: Any = None) -> None:
        told.append((user_id, text))

    async def tell_completed(call: Any, escrow: Escrow, conn: Any) -> None:
        """The bot's teller of completed releases, here without Discord."""
        for user_id, text in (await completed_words(call, escrow, conn)).items():
            await tell(user_id, text, conn=conn)

    payments.tell_completions(tell_completed)
    request.addfinalizer(lambda: payments.tell_completions(None))
    await User.filter(id=trade.escrow.seller_id).update(wallet_address=None)
    counts = await jobs.escrow_deadlines(rails, tell, now)
    assert counts["released"] == 0 and await trade.status() is EscrowStatus.DELIVERED
    assert told == [(trade.escrow.seller_id, told[0][1])] and "/wallet link" in told[0][1]

    await User.filter(id=trade.escrow.seller_id).update(wallet_address=trade.seller_wallet)
    await bring_back(trade.escrow.seller_id)  # what linking a wallet does (models.wallet)
    told.clear()
    counts = await jobs.escrow_deadlines(rails, tell, now)
    assert counts["released"] == 1 and await trade.status() is EscrowStatus.RELEASED
    assert await chain.balance(trade.seller_wallet) == NET
    assert {user_id for user_id, _ in told} == set(trade.escrow.party_ids())
