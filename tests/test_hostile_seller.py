"""A hostile seller (and sometimes a hostile buyer) against the trust model: every step
re-checks the chain it stands on, money is never both refunded and paid, jobs can't be
starved, fees can't eat the seller's share unseen, and typed text can't spoof the bot."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

import pytest
import simcord

from bot.config import Settings
from models import AuditLog, Contract, Escrow, Listing, Offer
from models.base import utcnow
from models.enums import ContractStatus, ListingStatus, ListingVisibility, OfferStatus
from models.errors import InvalidState, NotFound
from tests.factories import make_user
from tests.roblox_app import FakeRoblox
from tests.test_contracts import contract_dm, contract_for, deal, refusal, sign, state
from tests.test_listings import FORM, Market, create, seller_in, set_up_market, texts, world


@pytest.fixture
async def market(env: simcord.Env, roblox: FakeRoblox) -> Market:
    world(roblox)
    return await set_up_market(env)


# --------------------------------------------------------------------------- the chain


async def test_a_listing_cancelled_after_acceptance_gets_no_contract_from_the_sweep(
    env: simcord.Env, settings: Settings
) -> None:
    """The seller accepts, the contract can't be written yet, the seller cancels the
    listing: the sweep that makes missing contracts must not make one afterwards."""
    d = await deal(env, accepted=False)
    folder = settings.contracts_dir
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_bytes(b"not a directory")
    await d.seller.slash(d.channel, "offer accept", id=d.offer.id)
    await env.settle()
    assert not await Contract.filter(offer_id=d.offer.id).exists()
    confirm = await d.seller.slash(d.channel, "listing cancel", id=d.listing.id)
    await d.seller.click(confirm.response, label="Cancel listing")
    await env.settle()
    assert (await Listing.get(id=d.listing.id)).status is ListingStatus.CANCELLED

    folder.unlink()
    later = utcnow() + dt.timedelta(minutes=3)
    cog: Any = env.bot.get_cog("Contracts")
    assert await Contract.offers_missing_one(later) == []
    assert await cog.make_missing_contracts(later) == 0
    # Called directly (an old event, another process), creation refuses too.
    try:
        await Contract.create_for_offer(
            d.offer.id, contracts_dir=settings.contracts_dir, rail_threshold_cents=1_000_000
        )
    except InvalidState as exc:
        assert "cancelled" in exc.message
    else:
        raise AssertionError("a contract was made for a cancelled listing")
    assert await Contract.all().count() == 0 and await Escrow.all().count() == 0


async def test_signing_re_checks_the_listing_and_the_offer(
    env: simcord.Env, settings: Settings
) -> None:
    """A contract waiting for signatures whose listing was taken down (any path that moves
    it off INACTIVE) can't be signed into an escrow."""
    d = await deal(env)
    contract = await contract_for(d)
    signed = await sign(d.seller, contract_dm(d.seller, contract))
    assert signed.ephemeral
    await Listing.filter(id=d.listing.id).update(status=ListingStatus.CANCELLED)
    before = await state()
    refused = await sign(d.buyer, contract_dm(d.buyer, contract))
    assert "cancelled, not pending this sale" in refusal(env, refused)
    assert await state() == before
    assert (await Contract.get(id=contract.id)).status is ContractStatus.PENDING_SIGNATURE
    assert await Escrow.all().count() == 0


async def test_a_price_cut_declines_the_offers_above_it_and_tells_their_buyers(
    env: simcord.Env, market: Market
) -> None:
    """Offers are never above the asking price, so a cut below a pending offer declines it
    (the seller can't cut the price and still take the higher offer); its buyer hears why."""
    seller = await seller_in(market, env)
    await create(seller, market.lobby)
    listing = await Listing.get(title="Obby Tycoon")  # $1,250.50
    high = market.handle.add_member(env.create_user("high"))
    low = market.handle.add_member(env.create_user("low"))
    for member in (high, low):
        await make_user(discord_id=member.id, username=member.name)
    await high.slash(market.lobby, "offer make", listing=listing.id, amount="1200")
    await low.slash(market.lobby, "offer make", listing=listing.id, amount="900")
    high_offer = await Offer.get(amount=120_000)
    low_offer = await Offer.get(amount=90_000)

    shown = await seller.slash(market.lobby, "listing edit", id=listing.id)
    result = await seller.submit_modal(
        shown, {"title": "Obby Tycoon", "summary": FORM["summary"], "price": "1000"}
    )
    await env.settle()
    assert "1 pending offer above the new price was declined (1 buyer told by DM)" in texts(result)
    assert (await Offer.get(id=high_offer.id)).status is OfferStatus.DECLINED
    assert (await Offer.get(id=low_offer.id)).status is OfferStatus.PENDING
    told = high.user.dm_channel.last_message.content
    assert "was declined: the seller lowered the asking price to $1,000.00" in told
    entry = await AuditLog.get(action="offer.declined", object_id=str(high_offer.id))
    assert entry.after["reason"] == "above the new asking price"
    # The declined offer can't be accepted any more.
    refused = await seller.slash(market.lobby, "offer accept", id=high_offer.id)
    assert "declined" in texts(refused)
    assert (await Listing.get(id=listing.id)).status is ListingStatus.ACTIVE


async def test_a_private_listing_is_invisible_outside_its_guild(
    env: simcord.Env, market: Market
) -> None:
    """Offers by id, an old mirrored Make Offer button, autocomplete and a DM all treat a
    PRIVATE listing of another guild as not there."""
    other = await set_up_market(env, "Other Hub")
    seller = await seller_in(market, env)
    await create(seller, market.lobby, title="Hidden Tycoon")
    listing = await Listing.get(title="Hidden Tycoon")
    mirror = [m for m in other.channel_for(125_050).history() if m.embeds][-1]
    # It was PUBLIC (mirrored to the other guild), then became PRIVATE.
    await Listing.filter(id=listing.id).update(visibility=ListingVisibility.PRIVATE)
    outsider = other.handle.add_member(env.create_user("outsider"))
    outsider_row = await make_user(discord_id=outsider.id, username="outsider")

    by_id = await outsider.slash(other.lobby, "offer make", listing=listing.id, amount="100")
    assert f"There's no listing #{listing.id}." in texts(by_id)
    button = await outsider.click(mirror, label="Make Offer")
    assert button.modal is None and "no listing" in texts(button)
    suggestions = await outsider.autocomplete(other.lobby, "listing search", "text", "Hidd")
    assert suggestions == []
    with pytest.raises(NotFound):  # from a DM there is no guild: PUBLIC listings only
        await Offer.make(listing.id, outsider_row, 10_000)
    assert await Offer.all().count() == 0

    # In its own guild it is offered on as before.
    insider = market.handle.add_member(env.create_user("insider"))
    await make_user(discord_id=insider.id, username="insider")
    await insider.slash(market.lobby, "offer make", listing=listing.id, amount="100")
    assert await Offer.filter(listing_id=listing.id).count() == 1
