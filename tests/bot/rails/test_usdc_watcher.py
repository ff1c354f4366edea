"""The deposit watcher on the in-process chain: a deposit counts once final, a
reorganisation that removes it counts nothing, exact/under/over-payment."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import pytest
from tortoise.exceptions import IntegrityError

from bot.rails.usdc.artifacts import deposit_address
from bot.rails.usdc.watcher import DepositWatcher
from bot.sandbox.chain import USDC, TestChain, start_chain
from models.chain import ChainDeposit, ChainReturn, DepositStatus
from models.enums import EscrowRail, EscrowStatus
from models.escrow import Escrow, EscrowEvent, StablecoinEscrow
from models.stablecoin import count_deposit, open_deposit
from tests.factories import make_escrow

CONFIRMATIONS = 3
PRICE_CENTS = 1_500_000  # $15,000.00
PRICE = 15_000 * USDC  # in base units


@pytest.fixture
async def chain() -> TestChain:
    return await start_chain()


async def usdc_escrow(chain: TestChain, amount: int = PRICE_CENTS) -> tuple[Escrow, str]:
    escrow = await make_escrow(rail=EscrowRail.USDC_BASE, amount=amount)
    d = chain.deployment
    address = deposit_address(d.vault, d.forwarder, escrow.id)
    await open_deposit(
        escrow.id, chain_id=await chain.w3.eth.chain_id, token=d.token, deposit_address=address
    )
    return escrow, address


def watcher(chain: TestChain, chain_id: int) -> DepositWatcher:
    return DepositWatcher(
        chain.w3, chain_id=chain_id, token=chain.deployment.token, confirmations=CONFIRMATIONS
    )


async def funded_events(escrow: Escrow) -> int:
    return await EscrowEvent.filter(escrow_id=escrow.id, kind="funded").count()


async def test_an_exact_payment_funds_the_escrow_once_final(db: str, chain: TestChain) -> None:
    escrow, address = await usdc_escrow(chain)
    w = watcher(chain, await chain.w3.eth.chain_id)
    buyer = chain.accounts[1]
    await chain.mint(buyer, PRICE)
    await chain.pay(buyer, address, PRICE)

    report = await w.poll()
    assert report.seen == 1 and report.counted == []
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.AWAIT_FUNDS
    deposit = await ChainDeposit.get(escrow_id=escrow.id)
    assert deposit.status is DepositStatus.SEEN and deposit.sender == buyer

    chain.mine(CONFIRMATIONS)
    report = await w.poll()
    assert [o.result for o in report.counted] == ["funded"]
    fresh = await Escrow.get(id=escrow.id)
    assert fresh.status is EscrowStatus.FUNDS_HELD and fresh.funded_at is not None
    row = await StablecoinEscrow.get(escrow_id=escrow.id)
    assert row.received_base_units == Decimal(PRICE) and row.deposit_tx_hash == deposit.tx_hash

    # Polling again, or counting the same log again, changes nothing.
    chain.mine(5)
    await w.poll()
    assert (await count_deposit(deposit.id)).result == "duplicate"
    assert await funded_events(escrow) == 1
    assert await ChainDeposit.filter(escrow_id=escrow.id).count() == 1
    with pytest.raises(IntegrityError):  # one row per (chain, tx hash, log index)
        await ChainDeposit.create(
            escrow_id=escrow.id,
            chain_id=deposit.chain_id,
            tx_hash=deposit.tx_hash,
            log_index=deposit.log_index,
            block_number=deposit.block_number,
            block_hash=deposit.block_hash,
            sender=buyer,
            amount_base_units=PRICE,
        )


async def test_a_deposit_reorganised_away_counts_nothing(db: str, chain: TestChain) -> None:
    escrow, address = await usdc_escrow(chain)
    w = watcher(chain, await chain.w3.eth.chain_id)
    buyer = chain.accounts[1]
    await chain.mint(buyer, PRICE)
    before = chain.snapshot()
    await chain.pay(buyer, address, PRICE)
    assert (await w.poll()).seen == 1

    chain.revert(before)  # the block with the payment is replaced
    chain.mine(CONFIRMATIONS + 2)
    report = await w.poll()
    assert report.counted == [] and report.vanished == 1
    assert (await ChainDeposit.get(escrow_id=escrow.id)).status is DepositStatus.VANISHED
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.AWAIT_FUNDS
    assert (await StablecoinEscrow.get(escrow_id=escrow.id)).received_base_units == 0
    assert await chain.balance(address) == 0

    # The buyer pays again for real: that one counts.
    await chain.pay(buyer, address, PRICE)
    chain.mine(CONFIRMATIONS)
    await w.poll()
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.FUNDS_HELD
    assert await funded_events(escrow) == 1


async def test_under_payment_waits_and_over_payment_records_the_excess(
    db: str, chain: TestChain
) -> None:
    short, short_address = await usdc_escrow(chain)
    over, over_address = await usdc_escrow(chain)
    w = watcher(chain, await chain.w3.eth.chain_id)
    buyer = chain.accounts[1]
    await chain.mint(buyer, 3 * PRICE)
    await chain.pay(buyer, short_address, PRICE - 1)
    await chain.pay(buyer, over_address, PRICE + 250 * USDC)
    chain.mine(CONFIRMATIONS)
    report = await w.poll()
    assert sorted(o.result for o in report.counted) == ["funded", "waiting"]

    assert (await Escrow.get(id=short.id)).status is EscrowStatus.AWAIT_FUNDS
    assert (await StablecoinEscrow.get(escrow_id=short.id)).received_base_units == PRICE - 1
    assert (await Escrow.get(id=over.id)).status is EscrowStatus.FUNDS_HELD
    owed = await ChainReturn.get(escrow_id=over.id)
    assert owed.amount_base_units == 250 * USDC and owed.reason == "overpayment"
    assert owed.to_address == buyer

    # The missing base unit arrives: now the short one is funded, with nothing to return.
    await chain.pay(buyer, short_address, 1)
    chain.mine(CONFIRMATIONS)
    await w.poll()
    assert (await Escrow.get(id=short.id)).status is EscrowStatus.FUNDS_HELD
    assert not await ChainReturn.filter(escrow_id=short.id).exists()


async def test_a_payment_after_cancellation_is_recorded_to_return(
    db: str, chain: TestChain
) -> None:
    escrow, address = await usdc_escrow(chain)
    await Escrow.filter(id=escrow.id).update(status=EscrowStatus.CANCELLED)
    w = watcher(chain, await chain.w3.eth.chain_id)
    await chain.mint(chain.accounts[2], PRICE)
    await chain.pay(chain.accounts[2], address, PRICE)
    chain.mine(CONFIRMATIONS)
    report = await w.poll()
    assert [o.result for o in report.counted] == ["extra"]
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.CANCELLED
    owed = await ChainReturn.get(escrow_id=escrow.id)
    assert owed.amount_base_units == PRICE and owed.reason == "after_close"


async def test_transfers_elsewhere_are_ignored_and_the_cursor_moves(
    db: str, chain: TestChain
) -> None:
    await usdc_escrow(chain)
    w = watcher(chain, await chain.w3.eth.chain_id)
    await chain.mint(chain.accounts[1], PRICE)
    await chain.pay(chain.accounts[1], chain.accounts[3], PRICE)
    chain.mine(CONFIRMATIONS + 1)
    report = await w.poll()
    assert report.seen == 0
    assert await ChainDeposit.all().count() == 0
    head = report.head
    again = await w.poll()
    # Only the blocks that weren't final are read again.
    assert again.scanned is not None and again.scanned[0] == head - CONFIRMATIONS + 1


def test_the_watcher_and_rail_come_from_the_settings() -> None:
    from eth_account import Account
    from pydantic import SecretStr
    from web3 import AsyncWeb3

    from bot.config import Settings
    from bot.rails.usdc.rail import UsdcRail

    token, vault, forwarder = (Account.create().address for _ in range(3))
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        chain_rpc_url="http://127.0.0.1:1",
        chain_id=84532,
        chain_confirmations=7,
        chain_start_block=123,
        usdc_token_address=token,
    )
    w = DepositWatcher.from_settings(settings, AsyncWeb3())
    assert (w.chain_id, w.token, w.confirmations, w.start_block) == (84532, token, 7, 123)
    with pytest.raises(RuntimeError, match="USDC_OPERATOR_KEY, USDC_VAULT_ADDRESS"):
        UsdcRail.from_settings(settings)
    rail = UsdcRail.from_settings(
        settings.model_copy(
            update={
                "usdc_operator_key": SecretStr(Account.create().key.hex()),
                "usdc_vault_address": vault,
                "usdc_forwarder_address": forwarder,
            }
        )
    )
    assert rail.deposit_address(5) == deposit_address(vault, forwarder, 5)


async def test_a_deposit_from_a_listed_sender_is_blocked_and_an_outage_waits(
    db: str, chain: TestChain, tmp_path: Path
) -> None:
    import datetime as dt

    from bot.rails.usdc.screening import SdnListScreener

    sdn_path = tmp_path / "sdn.txt"
    await asyncio.to_thread(sdn_path.write_text, chain.accounts[2])
    listed_payer, clean_payer = chain.accounts[2], chain.accounts[1]
    blocked, blocked_address = await usdc_escrow(chain)
    clean, clean_address = await usdc_escrow(chain)
    w = DepositWatcher(
        chain.w3,
        chain_id=await chain.w3.eth.chain_id,
        token=chain.deployment.token,
        confirmations=CONFIRMATIONS,
        screeners=[SdnListScreener(sdn_path, max_age=dt.timedelta(hours=1))],
    )
    for payer, address in ((listed_payer, blocked_address), (clean_payer, clean_address)):
        await chain.mint(payer, PRICE)
        await chain.pay(payer, address, PRICE)
    chain.mine(CONFIRMATIONS)

    # The list can't be read: nothing counts, nothing is lost.
    await asyncio.to_thread(sdn_path.rename, tmp_path / "gone.txt")
    report = await w.poll()
    assert report.counted == [] and report.waiting_for_screening == 2
    assert await ChainDeposit.filter(status=DepositStatus.SEEN).count() == 2

    await asyncio.to_thread((tmp_path / "gone.txt").rename, sdn_path)
    report = await w.poll()
    assert report.blocked == 1 and [o.escrow_id for o in report.counted] == [clean.id]
    assert (await Escrow.get(id=blocked.id)).status is EscrowStatus.AWAIT_FUNDS
    assert (await ChainDeposit.get(escrow_id=blocked.id)).status is DepositStatus.BLOCKED
    assert (await Escrow.get(id=clean.id)).status is EscrowStatus.FUNDS_HELD
