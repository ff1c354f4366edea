"""The signed contract's terms bind the deal: changing the guild's settings after signing
changes neither the inspection period, nor the fee, nor the dispute window, nor the
funding window of its escrow. Through the real paths: contract creation from the accepted
offer, both signatures, a Stripe payment, `/escrow deliver`, `/dispute open`, a release."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.config import Settings
from models import escrow_actions
from models.base import utcnow
from models.card_events import record_chargeback
from models.contract import Contract
from models.dispute import Dispute
from models.enums import EscrowStatus, ListingStatus, OfferStatus
from models.escrow import Escrow, StripeEscrow
from models.guild import Guild
from models.terms import Terms
from models.user import User
from tests.bot.cogs.test_disputes import Desk
from tests.bot.cogs.test_disputes import desk as desk  # the dispute tests' fixture
from tests.bot.cogs.test_escrow import World, fund, refreshed, reply_text
from tests.bot.cogs.test_escrow import world as world  # the escrow tests' fixture
from tests.factories import make_listing, make_offer, make_user

AMOUNT = 80_000


async def signed_escrow(
    w: World,
    contracts_dir: Path,
    *,
    inspection_days: int = 3,
    fee_bps: int = 250,
    dispute_days: int = 2,
) -> Escrow:
    """A contract made from an accepted offer under these guild settings, signed by both."""
    buyer = await User.get_or_none(discord_id=w.buyer.id) or await make_user(
        discord_id=w.buyer.id, username="buyer"
    )
    seller = await User.get_or_none(discord_id=w.seller.id) or await make_user(
        discord_id=w.seller.id, username="seller"
    )
    await seller.ensure_payout_account(w.rail)
    await seller.refresh_payouts(w.rail)
    guild = await Guild.ensure(w.guild.id, "Trading Post")
    settings = await guild.get_settings()
    for name, value in (
        ("inspection_days", inspection_days),
        ("platform_fee_bps", fee_bps),
        ("dispute_deadline_days", dispute_days),
    ):
        await settings.update_setting(name, value, has_manage_guild=True)
    listing = await make_listing(
        seller=seller, guild=guild, price=AMOUNT, status=ListingStatus.INACTIVE
    )
    offer = await make_offer(
        listing=listing, buyer=buyer, amount=AMOUNT, status=OfferStatus.ACCEPTED
    )
    contract = await Contract.create_for_offer(
        offer.id, contracts_dir=contracts_dir, rail_threshold_cents=1_000_000
    )
    assert Terms.of(contract.terms) == Terms(fee_bps, inspection_days, dispute_days, 72)
    await contract.sign(by=seller, rail_threshold_cents=1_000_000)
    signing = await contract.sign(by=buyer, rail_threshold_cents=1_000_000)
    assert signing.escrow is not None
    return signing.escrow


async def change_guild_settings(w: World, **values: int) -> None:
    settings = await (await Guild.get(discord_id=w.guild.id)).get_settings()
    for name, value in values.items():
        await settings.update_setting(name, value, has_manage_guild=True)


async def test_inspection_period_is_the_contracts_not_the_guilds_current_one(
    world: World, settings: Settings
) -> None:
    escrow = await signed_escrow(world, settings.contracts_dir, inspection_days=3)
    await fund(world, escrow)
    await change_guild_settings(world, inspection_days=30)

    result = await world.seller.slash(world.channel, "escrow deliver", id=escrow.id)
    assert "Marked escrow" in reply_text(result)
    escrow = await refreshed(escrow)
    assert escrow.status is EscrowStatus.DELIVERED
    assert escrow.delivered_at is not None and escrow.auto_release_at is not None
    assert escrow.auto_release_at - escrow.delivered_at == dt.timedelta(days=3)


async def test_fee_is_the_contracts_not_the_guilds_current_one(
    world: World, settings: Settings
) -> None:
    escrow = await signed_escrow(world, settings.contracts_dir, fee_bps=250)
    await fund(world, escrow)
    await change_guild_settings(world, platform_fee_bps=400)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)

    assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
    transfers = world.stripe.transfers()
    assert [t["amount"] for t in transfers] == [AMOUNT - AMOUNT * 250 // 10_000]


async def test_dispute_window_is_the_contracts_not_the_guilds_current_one(
    desk: Desk, settings: Settings
) -> None:
    w = desk.w
    escrow = await signed_escrow(w, settings.contracts_dir, dispute_days=2)
    await fund(w, escrow)
    await change_guild_settings(w, dispute_deadline_days=30)

    before = utcnow()
    result = await w.buyer.slash(desk.ch, "dispute open", escrow=escrow.id, reason="Not mine")
    assert "is open" in reply_text(result)
    dispute = await Dispute.get(escrow_id=escrow.id)
    assert dispute.deadline_at is not None
    assert before + dt.timedelta(days=2) <= dispute.deadline_at
    assert dispute.deadline_at <= utcnow() + dt.timedelta(days=2)


async def test_a_chargeback_gets_the_contracts_dispute_window_too(
    world: World, settings: Settings
) -> None:
    escrow = await signed_escrow(world, settings.contracts_dir, dispute_days=2)
    await fund(world, escrow)
    await change_guild_settings(world, dispute_deadline_days=30)
    row = await StripeEscrow.get(escrow_id=escrow.id)

    now = utcnow()
    data = {"id": "dp_1", "payment_intent": row.payment_intent_id, "reason": "fraudulent"}
    assert await record_chargeback(data, now=now) == escrow.id
    dispute = await Dispute.get(escrow_id=escrow.id)
    assert dispute.opened_by_id is None
    assert dispute.deadline_at == now + dt.timedelta(days=2)
    assert (await refreshed(escrow)).status is EscrowStatus.DISPUTED


async def test_funding_window_is_frozen_with_the_contract(world: World, settings: Settings) -> None:
    escrow = await signed_escrow(world, settings.contracts_dir)
    contract = await Contract.get(id=escrow.contract_id)
    assert contract.terms["funding_hours"] == 72
    assert escrow.expires_at is not None and contract.executed_at is not None
    assert escrow.expires_at == contract.executed_at + dt.timedelta(hours=72)
    assert await escrow.terms() == Terms(250, 3, 2, 72)
