"""A hostile seller (and sometimes a hostile buyer) against the trust model: every step
re-checks the chain it stands on, money is never both refunded and paid, jobs can't be
starved, fees can't eat the seller's share unseen, and typed text can't spoof the bot."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from typing import Any, cast

import pytest
import simcord

from bot.app import Bloxtr8Bot
from bot.cogs.contracts import Contracts
from bot.cogs.escrow.cog import EscrowCog
from bot.config import Settings
from bot.sandbox.roblox_app import FakeRoblox
from bot.sandbox.stripe_server import StripeServer
from models import AuditLog, Contract, Escrow, Guild, Listing, Offer, User, escrow_actions, payments
from models.alerts import alerts_for
from models.audit import verify_chain
from models.base import utcnow
from models.dispute import Dispute
from models.enums import (
    ContractStatus,
    EscrowStatus,
    ListingStatus,
    ListingVisibility,
    OfferStatus,
    ProviderCallStatus,
)
from models.errors import InvalidState, NotFound
from models.escrow import EscrowEvent, StripeEscrow
from tests.bot.cogs.test_contracts import (
    contract_dm,
    contract_for,
    deal,
    file_bytes,
    pdf_strings,
    refusal,
    sign,
    state,
)
from tests.bot.cogs.test_escrow import World, fund, last_dm, open_escrow, trade_card
from tests.bot.cogs.test_guild_admin import new_guild, text
from tests.bot.cogs.test_listings import FORM, Market, create, seller_in, set_up_market, texts
from tests.bot.cogs.test_listings import world as roblox_world
from tests.conftest import WEBHOOK_SECRET
from tests.factories import make_contract, make_escrow, make_listing, make_offer, make_user
from tests.fakes import transfer_reversals
from tests.helpers import app, fields_of, reply


@pytest.fixture
async def world(env: simcord.Env, bot: Bloxtr8Bot, stripe: StripeServer) -> World:
    """The escrow tests' world (tests/test_escrow.py): a guild with a buyer, a seller and an
    outsider, the escrow cog and its webhook registered with the local Stripe server."""
    guild = env.create_guild("Trading Post")
    channel = guild.create_text_channel("market")
    buyer = guild.add_member(env.create_user("buyer"))
    seller = guild.add_member(env.create_user("seller"))
    outsider = guild.add_member(env.create_user("outsider"))
    cog = bot.get_cog("Escrow")
    assert isinstance(cog, EscrowCog) and bot.web.port
    url = f"http://127.0.0.1:{bot.web.port}/webhooks/stripe"
    stripe.add_webhook(url, WEBHOOK_SECRET)
    return World(env, bot, cog, stripe, guild, channel, buyer, seller, outsider, url)


@pytest.fixture
async def market(env: simcord.Env, roblox: FakeRoblox) -> Market:
    roblox_world(roblox)
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
    await d.seller.click(reply(confirm), label="Cancel listing")
    await env.settle()
    assert (await Listing.get(id=d.listing.id)).status is ListingStatus.CANCELLED

    folder.unlink()
    later = utcnow() + dt.timedelta(minutes=3)
    cog = app(env).get_cog("Contracts")
    assert isinstance(cog, Contracts)
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
    told_dm = high.user.dm_channel.last_message
    assert told_dm is not None
    told = told_dm.content
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


# --------------------------------------------------------------------------- money


async def _delivered(w: World, **kw: Any) -> tuple[Escrow, User, User]:
    escrow = await open_escrow(w, **kw)
    await fund(w, escrow)
    seller = await User.get(id=escrow.seller_id)
    buyer = await User.get(id=escrow.buyer_id)
    await escrow_actions.mark_delivered(escrow.id, by=seller, evidence={})
    return escrow, buyer, seller


async def _dashboard_refund(w: World, escrow: Escrow) -> None:
    """Someone refunds the buyer's payment on Stripe's dashboard (not through the bot)."""
    row = await StripeEscrow.get(escrow_id=escrow.id)
    assert row.payment_intent_id is not None
    await w.stripe.client().v1.refunds.create_async({"payment_intent": row.payment_intent_id})
    await w.stripe.drain_webhooks()


async def _kinds(escrow: Escrow) -> list[str]:
    return cast(  # `flat=True` gives the values; tortoise's stubs say tuples
        list[str],
        await EscrowEvent.filter(escrow_id=escrow.id)
        .order_by("version")
        .values_list("kind", flat=True),
    )


async def test_a_dashboard_refund_while_the_transfer_is_pending_never_pays_both(
    world: World,
) -> None:
    """Stripe made the transfer but the answer was lost; the buyer is refunded on the
    dashboard; the reconciler then completes the transfer. The escrow must not end
    RELEASED with the buyer refunded too: recorded, staff alerted, transfer reversed."""
    escrow, buyer, _ = await _delivered(world, fee_bps=500)
    world.stripe.fail_next("POST", r"^/v1/transfers$", status=None, after=True, times=3)
    with pytest.raises(payments.ProviderPending):
        await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    assert len(world.stripe.transfers()) == 1
    await _dashboard_refund(world, escrow)
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.REFUNDED

    assert await payments.reconcile(world.rail, older_than_seconds=0) == 1
    final = await Escrow.get(id=escrow.id)
    assert final.status is EscrowStatus.REFUNDED  # never RELEASED
    kinds = await _kinds(escrow)
    assert kinds[-3:] == ["refunded", "paid_after_refund", "transfer_reversed"]
    assert [r["amount"] for r in transfer_reversals.reversals()] == [47_500]
    alerts = [a.after["kind"] for a in await alerts_for(escrow.id)]
    assert alerts == ["refunded_outside_while_transfer_pending", "paid_twice"]
    assert (await verify_chain()).ok


async def test_a_transfer_never_sent_is_dropped_when_the_escrow_was_refunded(
    world: World,
) -> None:
    """The release recorded its transfer; before it is sent the escrow was refunded on the
    dashboard: the transfer is dropped without asking Stripe."""
    escrow, buyer, _ = await _delivered(world)
    hold = world.stripe.hold_next("POST", r"^/v1/refunds$")  # park the dashboard refund
    refund = asyncio.create_task(_dashboard_refund(world, escrow))
    await hold.entered.wait()
    # The transfer intent is recorded while Stripe holds the refund; the refund lands first.
    real_settle = payments.settle
    recorded: list[int] = []

    async def record_only(call_id: int, rail: Any, *, then: Any = None) -> Any:
        recorded.append(call_id)
        return await payments.ProviderCall.get(id=call_id)

    escrow_actions.settle = record_only  # type: ignore[attr-defined]  # patched for this test
    try:
        await escrow_actions.release(escrow.id, rail=world.rail, by=buyer)
    finally:
        escrow_actions.settle = real_settle  # type: ignore[attr-defined]
    hold.release()
    await refund
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.REFUNDED
    with pytest.raises(InvalidState, match="refunded meanwhile"):
        await payments.settle(recorded[0], world.rail)
    assert world.stripe.calls("POST", r"^/v1/transfers$") == []
    call = await payments.ProviderCall.get(id=recorded[0])
    assert call.status is ProviderCallStatus.FAILED
    assert "transfer_dropped" in [a.after["kind"] for a in await alerts_for(escrow.id)]


async def test_a_refused_split_refund_pays_the_seller_nothing(world: World) -> None:
    escrow, buyer, _ = await _delivered(world, amount=100_000, fee_bps=1_000)
    await Dispute.open(escrow.id, by=buyer, reason="Half of it is missing")
    world.stripe.fail_next("POST", r"^/v1/refunds$", status=400)
    with pytest.raises(payments.ProviderSaidNo):
        await escrow_actions.split(escrow.id, rail=world.rail, buyer_percent=40, actor_label="mod")
    # Nothing is left behind for the reconciler to pay the seller with.
    await payments.reconcile(world.rail, older_than_seconds=0)
    assert world.stripe.transfers() == [] and world.stripe.refunds() == []
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.DISPUTED
    # Tried again, both shares settle, refund first.
    await escrow_actions.split(escrow.id, rail=world.rail, buyer_percent=40, actor_label="mod")
    assert [r["amount"] for r in world.stripe.refunds()] == [40_000]
    assert [t["amount"] for t in world.stripe.transfers()] == [54_000]
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED


async def _released(w: World) -> Escrow:
    escrow, buyer, _ = await _delivered(w, fee_bps=500)
    await escrow_actions.release(escrow.id, rail=w.rail, by=buyer)
    await w.stripe.drain_webhooks()
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED
    return escrow


async def test_a_chargeback_after_release_is_recorded_reversed_and_told_honestly(
    world: World,
) -> None:
    escrow = await _released(world)
    row = await StripeEscrow.get(escrow_id=escrow.id)
    dispute = world.stripe.dispute(row.charge_id or "", reason="fraudulent")
    event = world.stripe.make_event("charge.dispute.created", dispute)
    for _ in range(2):  # delivered twice: one effect
        assert await world.stripe.send_event(world.webhook_url, WEBHOOK_SECRET, event) == 200
    await world.env.settle()
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED
    kinds = await _kinds(escrow)
    assert kinds[-2:] == ["chargeback_after_release", "transfer_reversed"]
    assert [r["amount"] for r in transfer_reversals.reversals()] == [47_500]
    assert [a.after["kind"] for a in await alerts_for(escrow.id)] == ["chargeback_after_release"]
    for member in (world.buyer, world.seller):
        text = last_dm(member).content
        assert "already" in text and "frozen" not in text
    assert "take the transfer back" in last_dm(world.seller).content


async def test_a_refund_after_release_whose_reversal_is_refused_is_recorded(
    world: World,
) -> None:
    escrow = await _released(world)
    seller = await User.get(id=escrow.seller_id)
    transfer_reversals.refuse_reversals(seller.stripe_account_id or "")
    try:
        await _dashboard_refund(world, escrow)
        await world.env.settle()
    finally:
        transfer_reversals.refuse_reversals(seller.stripe_account_id or "", refuse=False)
    assert (await Escrow.get(id=escrow.id)).status is EscrowStatus.RELEASED
    kinds = await _kinds(escrow)
    assert kinds[-2:] == ["refund_after_release", "transfer_reversal_failed"]
    assert transfer_reversals.reversals() == []
    alerts = [a.after["kind"] for a in await alerts_for(escrow.id)]
    assert alerts == ["refund_after_release", "transfer_reversal_failed"]
    assert "frozen" not in last_dm(world.buyer).content


# --------------------------------------------------------------------------- jobs


def _not_cards(member: simcord.MemberActor) -> list[Any]:
    """The DMs a member holds other than trade cards (a card is edited in place, not news)."""
    return [
        m
        for m in member.user.dm_channel.history()
        if not (m.embeds and " · trade " in (m.embeds[0].title or ""))
    ]


async def test_escrows_set_aside_never_starve_a_healthy_one_nor_spam(world: World) -> None:
    """150 escrows whose seller has no payout account, then one healthy escrow: the round
    releases the healthy one on time, sets the others aside with their reason, tells
    their seller once (one DM), then leaves them alone until the next day."""
    stuck_seller = world.guild.add_member(world.env.create_user("stuck"))
    seller_row = await make_user(discord_id=stuck_seller.id, username="stuck")
    buyer_row = await make_user()
    guild = await Guild.ensure(world.guild.id, "Trading Post")
    past = utcnow() - dt.timedelta(days=1)
    for _ in range(150):
        listing = await make_listing(
            seller=seller_row, guild=guild, price=10_000, status=ListingStatus.INACTIVE
        )
        offer = await make_offer(
            listing=listing, buyer=buyer_row, amount=10_000, status=OfferStatus.ACCEPTED
        )
        contract = await make_contract(offer=offer, status=ContractStatus.EXECUTED)
        stuck = await make_escrow(
            contract=contract, status=EscrowStatus.DELIVERED, auto_release_at=past, guild=guild
        )
        await StripeEscrow.create(escrow=stuck)
    healthy, _, _ = await _delivered(world)
    assert healthy.id > stuck.id  # it comes after all of them

    now = utcnow() + dt.timedelta(days=8)
    counts = await world.cog.run_jobs(now=now)
    assert counts["released"] == 1
    assert (await Escrow.get(id=healthy.id)).status is EscrowStatus.RELEASED
    aside = await Escrow.filter(set_aside_until__gt=now, status=EscrowStatus.DELIVERED)
    assert len(aside) == 150 and all("payouts" in (e.set_aside_reason or "") for e in aside)
    told = _not_cards(stuck_seller)
    assert len(told) == 1 and "150 of your escrows" in told[0].content

    # The next minutes: nothing is picked up again, nobody is told again.
    for minutes in (1, 2, 60):
        later = now + dt.timedelta(minutes=minutes)
        assert await escrow_actions.due_for_release(later) == []
        await world.cog.run_jobs(now=later)
    assert len(_not_cards(stuck_seller)) == 1
    # A day later they are tried again, and the seller hears about it once more.
    await world.cog.run_jobs(now=now + dt.timedelta(days=1, minutes=1))
    assert len(_not_cards(stuck_seller)) == 2
    # Once payouts work, they are due again at once.
    await seller_row.ensure_payout_account(world.rail)
    await seller_row.refresh_payouts(world.rail)
    assert len(await escrow_actions.due_for_release(now + dt.timedelta(days=1, minutes=2))) == 100


# --------------------------------------------------------------------------- fees


async def test_a_server_fee_above_the_staff_cap_is_refused(
    env: simcord.Env, bot: Bloxtr8Bot
) -> None:
    _guild, channel, admin = await new_guild(env)
    refused = await admin.slash(channel, "settings set fee", basis_points=5_000)
    assert "at most 500 bps (5%), the cap set by platform staff" in text(refused)
    row = await Guild.get(discord_id=_guild.id)
    assert (await row.get_settings()).platform_fee_bps == 500
    bot.settings.guild_fee_cap_bps = 800  # staff raise the cap
    accepted = await admin.slash(channel, "settings set fee", basis_points=750)
    assert "now 750 bps" in text(accepted)


async def test_fees_that_leave_the_seller_nothing_are_refused_when_listing(
    env: simcord.Env, market: Market, bot: Bloxtr8Bot
) -> None:
    bot.settings.platform_fee_bps = 9_600  # platform 96 % + the server's 5 % (default)
    seller = await seller_in(market, env)
    result = await create(seller, market.lobby)
    assert "would leave the seller nothing" in texts(result)
    assert await Listing.all().count() == 0
    bot.settings.platform_fee_bps = 9_400  # 99 %: the seller still gets 1 %
    await create(seller, market.lobby)
    assert await Listing.all().count() == 1


async def test_the_sellers_net_is_stated_in_the_offer_contract_and_release(
    env: simcord.Env, market: Market, bot: Bloxtr8Bot, settings: Settings
) -> None:
    bot.settings.platform_fee_bps = 200  # 2 % platform + 5 % server = 7 %
    seller = await seller_in(market, env)
    await create(seller, market.lobby)
    listing = await Listing.get(title="Obby Tycoon")
    buyer = market.handle.add_member(env.create_user("buyer"))
    await make_user(discord_id=buyer.id, username="buyer")
    made = await buyer.slash(market.lobby, "offer make", listing=listing.id, amount="1000")
    await env.settle()
    shown = fields_of(reply(made).embeds[0])
    assert shown["Seller receives"] == "$930.00 after fees"
    offer_message = seller.user.dm_channel.last_message
    assert offer_message is not None
    offer_dm = offer_message.embeds[0]
    assert fields_of(offer_dm)["Seller receives"] == "$930.00 after fees"

    offer = await Offer.get(listing_id=listing.id)
    await seller.slash(market.lobby, "offer accept", id=offer.id)
    await env.settle()
    contract = await Contract.get(offer_id=offer.id)
    assert contract.terms["platform_fee_bps"] == 700
    pdf = pdf_strings(await file_bytes(contract.pdf_path))
    assert "Seller receives $930.00 after fees" in pdf
    card = contract_dm(seller, contract).embeds[0]
    assert {f.name: f.value for f in card.fields}["Seller receives"] == "$930.00"


async def test_the_release_dm_states_the_sellers_net(world: World) -> None:
    escrow = await open_escrow(world, amount=100_000, fee_bps=700)
    await fund(world, escrow)
    await world.seller.slash(world.channel, "escrow deliver", id=escrow.id, evidence="Done")
    asked = await world.buyer.user.click(
        trade_card(world.buyer, escrow.id), label="Confirm delivery"
    )
    assert asked.response is not None
    await world.buyer.user.click(asked.response, label="Yes, release $1,000.00")
    await world.env.settle()
    assert "after fees (7%) you receive $930.00" in last_dm(world.seller).content


# --------------------------------------------------------------------------- typed text

SPOOF_TITLE = "Free\u202e Robux\u200b [click](https://evil.example) <@1> @everyone"
SPOOF_SUMMARY = "Great game.\n# Bloxtr8 Staff\n-# verified by Bloxtr8\n> pay me directly"


def unescaped(text: str, needle: str) -> bool:
    """Whether `needle` occurs in `text` with its first character not escaped."""
    at = text.find(needle)
    while at != -1:
        if at == 0 or text[at - 1] != "\\":
            return True
        at = text.find(needle, at + 1)
    return False


async def test_typed_text_cannot_link_mention_or_speak_for_the_bot(
    env: simcord.Env, market: Market
) -> None:
    seller = await seller_in(market, env)
    await create(seller, market.lobby, title=SPOOF_TITLE, summary=SPOOF_SUMMARY)
    listing = await Listing.get()
    # Stored without the hidden characters that make text read differently.
    assert "\u202e" not in listing.title and "\u200b" not in listing.title
    assert listing.title.startswith("Free Robux [click]")
    post = [m for m in market.channel_for(125_050).history() if m.embeds][-1].embeds[0]
    for shown_text in (post.title or "", post.description or ""):
        for needle in ("[click]", "(https", "<@1>", "\n#", "\n-#", "\n>"):
            assert not unescaped(shown_text, needle), (needle, shown_text)
        assert "@everyone" not in shown_text  # broken with a zero-width space
    assert not post.url  # the title links nowhere

    # A buyer's conditions with a mention and a masked link, shown to the seller.
    buyer = market.handle.add_member(env.create_user("buyer"))
    await make_user(discord_id=buyer.id, username="buyer")
    await buyer.slash(
        market.lobby,
        "offer make",
        listing=listing.id,
        amount="1000",
        conditions="Pay via [my site](https://evil.example) <@&1> @here",
    )
    await env.settle()
    card = seller.user.dm_channel.last_message
    assert card is not None
    fields = fields_of(card.embeds[0])
    for needle in ("[my site]", "(https", "<@&1>"):
        assert not unescaped(fields["Conditions"], needle)
        assert not unescaped(fields["Listing"], "[click]")
    # The message that echoes the title to the buyer pings nobody.
    shown = await seller.slash(market.lobby, "listing edit", id=listing.id)
    await seller.submit_modal(
        shown, {"title": listing.title, "summary": listing.summary, "price": "900"}
    )
    await env.settle()
    declined = buyer.user.dm_channel.last_message
    assert declined is not None
    assert "was declined" in declined.content
    assert declined.mentions == [] and not declined.mention_everyone
    assert not unescaped(declined.content, "<@1>")
