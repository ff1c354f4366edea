"""A whole trade above the USDC threshold through Discord: both link wallets → the
contract is signed → the buyer is shown the deposit (amount, address, EIP-681 link, QR
code) → USDC arrives on the in-process chain → final → funded (both told) → delivered →
confirmed → released on chain, counted once final (the seller told what reached their
wallet), balances checked to the base unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from bot.config import Settings
from bot.rails.usdc.rail import UsdcRail
from bot.rails.usdc.watcher import DepositWatcher
from bot.sandbox.chain import USDC, TestChain, start_chain
from models.contract import Contract
from models.enums import ContractStatus, EscrowRail, EscrowStatus, KycTier, ListingStatus
from models.escrow import Escrow, StablecoinEscrow
from models.guild import Guild
from models.listing import Listing
from tests.bot.cogs.test_contracts import contract_dm, sign
from tests.bot.cogs.test_escrow import (  # noqa: F401 (fixture)
    World,
    last_dm,
    reply_text,
    trade_card,
    world,
)
from tests.bot.rails.test_usdc_wallets import personal_sign, texts
from tests.factories import make_listing, make_offer, make_user

PRICE_CENTS = 1_500_000  # $15,000.00, above the $10,000 threshold
PRICE = 15_000 * USDC


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    sdn = tmp_path / "sdn.txt"
    sdn.write_text("# OFAC SDN digital currency addresses\n")
    return settings.model_copy(update={"ofac_sdn_path": sdn})


async def with_usdc(w: World, chain: TestChain, *, confirmations: int) -> UsdcRail:
    """The bot's USDC rail on the in-process chain (its settings would be a node URL)."""
    rail = UsdcRail(
        chain.w3,
        chain.operator,
        chain_id=await chain.w3.eth.chain_id,
        token=chain.deployment.token,
        vault=chain.deployment.vault,
        forwarder=chain.deployment.forwarder,
        confirmations=confirmations,
        screeners=w.bot.rails.screeners,
    )
    w.bot.rails._configured[EscrowRail.USDC_BASE] = rail
    w.cog.usdc.watcher = DepositWatcher(
        chain.w3,
        chain_id=rail.chain_id,
        token=rail.token,
        confirmations=confirmations,
        screeners=w.bot.rails.screeners,
    )
    return rail


async def link_wallet(w: World, member: Any) -> str:
    owner = Account.create()
    asked = await member.slash(w.channel, "wallet link", address=owner.address)
    message = asked.response.embeds[0].description.split("```\n")[1].split("\n```")[0]
    form = await member.click(asked.response, label="Paste signature")
    done = await member.submit_modal(form, {"wallet_signature": personal_sign(owner, message)})
    assert f"`{owner.address}` is linked" in texts(done)
    return str(owner.address)


def dms(member: Any) -> list[Any]:
    return list(member.user.dm_channel.history())


async def test_a_whole_usdc_trade_in_discord(world: World) -> None:  # noqa: F811 (fixture)
    w = world
    chain = await start_chain()
    rail = await with_usdc(w, chain, confirmations=2)
    guild = await Guild.ensure(w.guild.id, "Trading Post")
    seller = await make_user(
        discord_id=w.seller.id, username="seller", kyc_tier=KycTier.TIER_2, roblox_user_id=111
    )
    buyer = await make_user(
        discord_id=w.buyer.id, username="buyer", kyc_tier=KycTier.TIER_2, roblox_user_id=222
    )
    seller_wallet = await link_wallet(w, w.seller)
    buyer_wallet = await link_wallet(w, w.buyer)
    listing = await make_listing(seller=seller, guild=guild, price=PRICE_CENTS, title="Big Group")
    offer = await make_offer(listing=listing, buyer=buyer, amount=PRICE_CENTS)

    await w.seller.slash(w.channel, "offer accept", id=offer.id)
    await w.env.settle()
    contract = await Contract.get(offer_id=offer.id)
    await sign(w.seller, contract_dm(w.seller, contract))
    await sign(w.buyer, contract_dm(w.buyer, contract))
    await w.env.settle()
    assert (await Contract.get(id=contract.id)).status is ContractStatus.EXECUTED
    escrow = await Escrow.get(contract_id=contract.id)
    assert escrow.rail is EscrowRail.USDC_BASE and escrow.status is EscrowStatus.AWAIT_FUNDS
    row = await StablecoinEscrow.get(escrow_id=escrow.id)
    assert row.deposit_address == rail.deposit_address(escrow.id)
    assert int(row.amount_base_units) == PRICE

    # The buyer's DM: exact amount, address, network, deadline, EIP-681 link and its QR code.
    shown = next(m for m in reversed(dms(w.buyer)) if m.embeds and "USDC" in m.embeds[0].title)
    embed = shown.embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Amount"] == "`15,000.000000 USDC`"
    assert fields["Deposit address"] == f"`{row.deposit_address}`"
    assert fields["Network"].endswith(f"(chain id {row.chain_id})")  # "Base" on chain 8453
    assert escrow.expires_at is not None
    assert f"<t:{int(escrow.expires_at.timestamp())}:F>" in fields["Pay by"]
    link = (
        f"ethereum:{rail.token}@{row.chain_id}/transfer?address={row.deposit_address}"
        f"&uint256={PRICE}"
    )
    assert fields["Wallet link (EIP-681)"] == f"`{link}`"
    assert "Only **USDC on" in embed.description
    assert [a.filename for a in shown.attachments] == ["usdc-deposit.png"]
    assert all("USDC" not in (m.embeds[0].title if m.embeds else "") for m in dms(w.seller))
    again = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    await w.env.settle()
    assert again.ephemeral
    shown_again = again.followups[0] if again.followups else again.response
    assert shown_again is not None
    assert shown_again.embeds[0].fields[1].value == embed.fields[1].value
    refused = await w.seller.slash(w.channel, "escrow pay", id=escrow.id)
    assert "Only the buyer" in reply_text(refused)

    # USDC arrives from an exchange; it counts only once final (2 confirmations here).
    payer = chain.accounts[1]
    await chain.mint(payer, PRICE)
    await chain.pay(payer, row.deposit_address, PRICE)
    assert (await w.cog.usdc.watch_deposits())["counted"] == 0
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.AWAIT_FUNDS
    chain.mine(2)
    assert (await w.cog.usdc.watch_deposits())["counted"] == 1
    await w.env.settle()
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.FUNDS_HELD
    assert "is held safely" in last_dm(w.buyer).content
    assert "is held. Hand the asset over" in last_dm(w.seller).content
    assert (await w.cog.usdc.watch_deposits())["counted"] == 0  # once

    delivered = await w.seller.slash(w.channel, "escrow deliver", id=escrow.id, evidence="Done")
    assert "Marked escrow" in reply_text(delivered)
    asked = await w.buyer.user.click(trade_card(w.buyer, escrow.id), label="Confirm delivery")
    assert asked.response is not None
    released = await w.buyer.user.click(asked.response, label="Yes, release $15,000.00")
    # Mined at once, but a payout counts only once final, by the deposits' rule.
    assert "counts once enough blocks confirm it" in reply_text(released), reply_text(released)
    assert "Nothing changed" not in reply_text(released)  # it did: the payout is on its way
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.DELIVERED
    assert await w.cog.usdc.finish_payouts() == 0
    chain.mine(2)
    assert await w.cog.usdc.finish_payouts() == 1
    await w.env.settle()
    final = await Escrow.get(id=escrow.id)
    assert final.status is EscrowStatus.RELEASED
    fee = PRICE_CENTS * final.fee_bps // 10_000 * 10_000  # base units
    assert await chain.balance(seller_wallet) == PRICE - fee
    assert await chain.balance(buyer_wallet) == 0 and await chain.balance(payer) == 0
    assert await chain.vault.functions.held(escrow.id).call() == fee
    assert await chain.balance(chain.deployment.vault) == fee
    assert (await Listing.get(id=listing.id)).status is ListingStatus.SOLD
    told = last_dm(w.seller).content
    assert "14,250.000000 USDC from escrow" in told and "reached your wallet" in told, told
    assert await w.cog.usdc.finish_payouts() == 0  # told once

    # With the rail configured, the escrow cog runs the watcher and returns jobs.
    w.cog.usdc.start_jobs()
    try:
        assert {"usdc-deposits", "usdc-returns", "usdc-payouts"} <= set(w.bot.jobs.names)
    finally:
        w.cog.usdc.stop_jobs()


async def test_a_buyer_without_a_wallet_is_told_to_link_one_first(
    world: World,  # noqa: F811 (fixture)
) -> None:
    w = world
    chain = await start_chain()
    await with_usdc(w, chain, confirmations=0)
    from tests.bot.cogs.test_escrow import open_escrow

    escrow = await open_escrow(w, amount=PRICE_CENTS, payouts=False)
    assert escrow.rail is EscrowRail.USDC_BASE
    await w.cog.on_escrow_opened(escrow.id)
    told = last_dm(w.buyer)
    assert "link your wallet first" in told.content and not told.embeds
    assert await StablecoinEscrow.exists(escrow_id=escrow.id)  # the address is opened anyway
    asked = await w.buyer.slash(w.channel, "escrow pay", id=escrow.id)
    assert "link your wallet first" in reply_text(asked)


async def test_low_operator_gas_degrades_healthz_and_tells_staff_once(
    world: World,  # noqa: F811 (fixture)
) -> None:
    import aiohttp

    w = world
    chain = await start_chain()
    rail = await with_usdc(w, chain, confirmations=0)
    url = f"http://127.0.0.1:{w.bot.web.port}/healthz"
    staff = w.guild.add_member(w.env.create_user("staff"))
    w.bot.settings.staff_user_ids.append(staff.id)
    balance = int(await chain.w3.eth.get_balance(rail.signer.address))  # type: ignore[arg-type]
    w.bot.settings.usdc_min_gas_wei = balance // 2
    assert await w.cog.usdc.check_gas() is False
    async with aiohttp.ClientSession() as session, session.get(url) as fine:
        assert "degraded" not in await fine.json()
    w.bot.settings.usdc_min_gas_wei = balance + 1
    assert await w.cog.usdc.check_gas() is True
    assert await w.cog.usdc.check_gas() is True  # still low: staff aren't told again
    async with aiohttp.ClientSession() as session, session.get(url) as low:
        body = await low.json()
    assert low.status == 200 and body["status"] == "degraded"
    assert rail.signer.address in body["degraded"]["operator_gas"]
    await w.env.settle()
    told = [m.content for m in dms(staff) if "low on gas" in (m.content or "")]
    assert len(told) == 1
    w.bot.settings.usdc_min_gas_wei = 0
    assert await w.cog.usdc.check_gas() is False
    async with aiohttp.ClientSession() as session, session.get(url) as back:
        assert "degraded" not in await back.json()
