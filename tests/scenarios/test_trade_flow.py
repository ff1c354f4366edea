"""One whole trade through Discord: accept → contract → both sign → pay → webhook →
deliver → confirm → transfer, with the real cogs, PostgreSQL and the Stripe stand-in."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.sandbox.stripe_checkout import running_checkout_pages
from models.audit import seal_pending, verify_chain
from models.contract import Contract
from models.enums import ContractStatus, EscrowStatus, KycTier, ListingStatus, OfferStatus
from models.escrow import Escrow
from models.guild import Guild
from models.listing import Listing
from models.user import User
from tests.bot.cogs.test_contracts import contract_dm, sign
from tests.bot.cogs.test_escrow import World, last_dm, reply_text, trade_card, world  # noqa: F401 (fixture)
from tests.factories import make_listing, make_offer, make_user


async def test_a_whole_trade_in_discord(world: World) -> None:  # noqa: F811 (the fixture)
    w = world
    w.bot.settings.public_url = f"http://127.0.0.1:{w.bot.web.port}"
    async with running_checkout_pages():
        await trade(w)


async def trade(w: World) -> None:
    guild = await Guild.ensure(w.guild.id, "Trading Post")
    seller = await make_user(
        discord_id=w.seller.id, username="seller", kyc_tier=KycTier.TIER_1, roblox_user_id=111
    )
    buyer = await make_user(
        discord_id=w.buyer.id, username="buyer", kyc_tier=KycTier.TIER_1, roblox_user_id=222
    )
    await seller.ensure_payout_account(w.rail)
    await seller.refresh_payouts(w.rail)
    listing = await make_listing(seller=seller, guild=guild, price=250_000, title="Tycoon")
    offer = await make_offer(listing=listing, buyer=buyer, amount=240_000)

    accepted = await w.seller.slash(w.channel, "offer accept", id=offer.id)
    assert accepted.ephemeral
    await w.env.settle()
    assert (await Listing.get(id=listing.id)).status is ListingStatus.INACTIVE
    contract = await Contract.get(offer_id=offer.id)
    assert contract.status is ContractStatus.PENDING_SIGNATURE and contract.sha256

    await sign(w.seller, contract_dm(w.seller, contract))
    await sign(w.buyer, contract_dm(w.buyer, contract))
    await w.env.settle()
    contract = await Contract.get(id=contract.id)
    assert contract.status is ContractStatus.EXECUTED
    escrow = await Escrow.get(contract_id=contract.id)
    assert escrow.status is EscrowStatus.AWAIT_FUNDS and escrow.amount == 240_000

    # The buyer's DM carries a payment link to the bot's own payment page.
    pay_dm = next(m for m in reversed(w.buyer.user.dm_channel.history()) if m.components)
    link = pay_dm.components[0].children[0].url  # type: ignore[union-attr]
    assert link and f"/pay/{escrow.id}?t=" in link
    token = parse_qs(urlsplit(link).query)["t"][0]
    import aiohttp

    # The link goes to Stripe Checkout; the buyer pays on Stripe's page and comes back.
    page_url = f"{w.bot.settings.public_url}/pay/{escrow.id}?t={token}"
    async with aiohttp.ClientSession() as session:
        async with session.get(page_url, allow_redirects=False) as pay:
            assert pay.status == 303
            checkout_url = pay.headers["Location"]
        async with session.get(page_url.replace(token, "0" * 32)) as forged:
            assert forged.status == 404
        async with session.get(checkout_url) as hosted:
            assert hosted.status == 200 and "USD 2,400.00" in await hosted.text()
        form = {"cardnumber": "4242 4242 4242 4242", "exp": "12/34", "cvc": "123"}
        async with session.post(checkout_url, data=form) as paid:
            done = f"{w.bot.settings.public_url}/pay/{escrow.id}/done?"
            assert paid.status == 200 and str(paid.url).startswith(done)
            assert 'data-page="success' in await paid.text()

    # Only Stripe's signed webhook funds the escrow.
    await w.stripe.drain_webhooks()
    await w.env.settle()
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.FUNDS_HELD
    assert "is held" in last_dm(w.seller).content

    delivered = await w.seller.slash(w.channel, "escrow deliver", id=escrow.id, evidence="Done")
    assert "Marked escrow" in reply_text(delivered)
    asked = await w.buyer.user.click(trade_card(w.buyer, escrow.id), label="Confirm delivery")
    await w.buyer.user.click(asked.response, label="Yes, release $2,400.00")
    final = await Escrow.get(id=escrow.id)
    assert final.status is EscrowStatus.RELEASED
    fee = 240_000 * 500 // 10_000
    assert [t["amount"] for t in w.stripe.transfers()] == [240_000 - fee]
    assert w.stripe.account_balance(seller.stripe_account_id or "") == 240_000 - fee
    assert (await Listing.get(id=listing.id)).status is ListingStatus.SOLD
    await offer.refresh_from_db()
    assert offer.status is OfferStatus.ACCEPTED
    assert await User.get(id=buyer.id)
    await seal_pending()
    report = await verify_chain()
    assert report.ok and report.unsealed == 0 and report.sealed > 10
