"""A USDC release the payouts job finishes once it is final on the chain is told once: the
seller reads who released it and what reached their wallet in one DM, the buyer their
confirmation, however often the job runs again."""

from __future__ import annotations

from bot.sandbox.chain import start_chain
from models import escrow_actions
from models.enums import EscrowStatus, KycTier
from models.escrow import StablecoinEscrow
from models.user import User
from tests.bot.cogs.test_escrow import World, open_escrow, refreshed, reply_text
from tests.bot.cogs.test_escrow import world as world  # the escrow tests' fixture
from tests.bot.cogs.test_told_when_money_finishes import told
from tests.bot.cogs.test_told_with_the_change import delivered_after_restart
from tests.bot.rails.test_usdc_trade import PRICE, PRICE_CENTS, link_wallet, with_usdc
from tests.bot.rails.test_usdc_trade import settings as settings  # an empty OFAC list
from tests.factories import make_user


async def test_a_usdc_release_the_payouts_job_finishes_is_told_once(world: World) -> None:
    w = world
    chain = await start_chain()
    await with_usdc(w, chain, confirmations=2)
    await make_user(discord_id=w.buyer.id, username="buyer", kyc_tier=KycTier.TIER_2)
    await make_user(discord_id=w.seller.id, username="seller", kyc_tier=KycTier.TIER_2)
    await link_wallet(w, w.buyer)
    seller_wallet = await link_wallet(w, w.seller)
    escrow = await open_escrow(w, amount=PRICE_CENTS, payouts=False)
    await w.cog.usdc.opened(escrow)
    row = await StablecoinEscrow.get(escrow_id=escrow.id)
    payer = chain.accounts[1]
    await chain.mint(payer, PRICE)
    await chain.pay(payer, row.deposit_address, PRICE)
    chain.mine(2)
    assert (await w.cog.usdc.watch_deposits())["counted"] == 1
    seller = await User.get(discord_id=w.seller.id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})

    asked = await w.buyer.slash(w.channel, "escrow confirm", id=escrow.id)
    assert asked.response is not None
    released = await w.buyer.click(asked.response, label="Yes, release $15,000.00")
    assert "counts once enough blocks confirm it" in reply_text(released)
    seller_words = f"The buyer confirmed escrow #{escrow.id}: $15,000.00 is released"
    buyer_words = f"You confirmed delivery on escrow #{escrow.id}"
    assert told(w.seller, seller_words) == told(w.buyer, buyer_words) == []

    chain.mine(2)
    for done in (1, 0):  # the second run finds nothing more to do, and says nothing
        assert await w.cog.usdc.finish_payouts() == done
        await delivered_after_restart(w.env, w.bot)
        assert (await refreshed(escrow)).status is EscrowStatus.RELEASED
        (to_seller,) = told(w.seller, seller_words)  # one DM: who released it, what arrived
        assert f"14,250.000000 USDC from escrow #{escrow.id} reached your wallet" in to_seller
        assert f"`{seller_wallet}`" in to_seller
        assert len(told(w.seller, "reached your wallet")) == 1
        assert len(told(w.buyer, buyer_words)) == 1
