"""Offers: the rules on `Offer` and the negotiation through simulated Discord."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import discord
import pytest
import simcord

from models import AuditLog, Guild, Listing, ListingPost, Offer, User
from models.base import utcnow
from models.enums import KycTier, ListingStatus, OfferStatus
from models.errors import DomainError, InvalidAmount, InvalidState, NotAllowed, NotFound
from tests.factories import make_guild, make_listing, make_offer, make_user
from tests.helpers import holding, reply, wait_for_lock_waiters
from tests.leaks import leaks_in

# --------------------------------------------------------------------------- helpers


async def offer_state() -> list[tuple[Any, ...]]:
    """Everything an offer action may change, to prove that a refusal changed nothing."""
    offers = await Offer.all().order_by("id").values_list("id", "status", "amount", "expires_at")
    listings = await Listing.all().order_by("id").values_list("id", "status")
    audits = await AuditLog.all().count()
    return [*offers, *listings, ("audit", audits)]


def refusal(env: simcord.Env, result: Any) -> str:
    """The ephemeral words a refused interaction got; only DomainErrors may have been raised."""
    assert result.acknowledged and result.ephemeral, result
    message = result.response if result.response is not None else result.followups[-1]
    for error in env.errors:
        assert isinstance(getattr(error, "original", error), DomainError), error
    return str(message.content)


def dms(actor: Any) -> list[discord.Message]:
    user = actor.user if hasattr(actor, "user") else actor
    history: list[discord.Message] = user.dm_channel.history()
    return history


def close_dms(env: simcord.Env, actor: simcord.MemberActor) -> None:
    """The bot's DMs to `actor` fail as Discord answers when their DMs are closed (simcord
    answers 403/50007 for DMs to bots only)."""
    env.inject_error(
        "POST",
        f"/channels/{actor.user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )


def button_labels(message: discord.Message) -> list[str]:
    return [
        child.label or ""
        for row in message.components
        for child in getattr(row, "children", [])
        if isinstance(child, discord.Button)
    ]


@dataclass
class World:
    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    seller: simcord.MemberActor
    buyer: simcord.MemberActor
    rival: simcord.MemberActor
    stranger: simcord.MemberActor
    guild_row: Guild
    seller_row: User
    buyer_row: User
    rival_row: User
    listing: Listing
    message: discord.Message
    thread_id: int


async def post_listing(
    env: simcord.Env,
    channel: simcord.ChannelHandle,
    listing: Listing,
    guild_row: Guild,
    *,
    restarted: bool = False,
) -> tuple[discord.Message, int]:
    """What the listings cog posts: an embed with a plain `listing:offer:<id>` button, a thread."""
    bot_channel = env.bot.get_channel(channel.id)
    assert isinstance(bot_channel, discord.TextChannel)
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(custom_id=f"listing:offer:{listing.id}", label="Make Offer"))
    message = await bot_channel.send(embed=discord.Embed(title=listing.title), view=view)
    if restarted:
        view.stop()  # as after a restart: only the offers cog's DynamicItem knows the button
    thread = await message.create_thread(name=listing.title)
    await ListingPost.create(
        listing=listing,
        guild=guild_row,
        channel_id=channel.id,
        thread_id=thread.id,
        message_id=message.id,
    )
    await env.settle()
    return message, thread.id


async def world(env: simcord.Env, *, price: int = 50_000, restarted: bool = False) -> World:
    guild = env.create_guild("Market")
    channel = guild.create_text_channel("under-5k")
    seller = guild.add_member(env.create_user("seller"))
    buyer = guild.add_member(env.create_user("buyer"))
    rival = guild.add_member(env.create_user("rival"))
    stranger = guild.add_member(env.create_user("stranger"))
    guild_row = await Guild.ensure(guild.id, "Market")  # the guild cog may register it first
    seller_row = await make_user(discord_id=seller.id, username="seller")
    buyer_row = await make_user(discord_id=buyer.id, username="buyer")
    rival_row = await make_user(discord_id=rival.id, username="rival")
    await make_user(discord_id=stranger.id, username="stranger")
    listing = await make_listing(seller=seller_row, guild=guild_row, price=price)
    message, thread_id = await post_listing(env, channel, listing, guild_row, restarted=restarted)
    return World(
        env,
        guild,
        channel,
        seller,
        buyer,
        rival,
        stranger,
        guild_row,
        seller_row,
        buyer_row,
        rival_row,
        listing,
        message,
        thread_id,
    )


# --------------------------------------------------------------------------- the whole path


async def test_full_negotiation_through_discord(env: simcord.Env) -> None:
    w = await world(env)

    # The buyer offers through the listing's Make Offer button and its modal.
    shown = await w.buyer.click(w.message, label="Make Offer")
    assert shown.modal is not None
    sent = await w.buyer.submit_modal(
        shown,
        {
            "offer_amount": "$400",
            "offer_conditions": "Transfer within 24 h",
            "offer_expires_in_hours": "48",
        },
    )
    assert sent.ephemeral and sent.response is not None
    offer = await Offer.get(buyer=w.buyer_row)
    assert (offer.amount, offer.status, offer.made_by_id) == (
        40_000,
        OfferStatus.PENDING,
        w.buyer_row.id,
    )
    assert offer.conditions == "Transfer within 24 h"
    assert abs((offer.expires_at - utcnow()) - dt.timedelta(hours=48)) < dt.timedelta(minutes=1)
    assert f"Offer #{offer.id}" in sent.response.content

    # The seller gets a DM with Accept / Counter / Decline.
    seller_dm = dms(w.seller)[-1]
    assert button_labels(seller_dm) == ["Accept", "Counter", "Decline"]
    assert seller_dm.embeds[0].footer.text == f"Offer #{offer.id}"
    assert "$400.00" in str(seller_dm.embeds[0].to_dict())
    # It tells the seller how far below asking the offer is, and who the buyer is.
    fields = {f.name: f.value for f in seller_dm.embeds[0].fields}
    assert fields["Offer"] == "$400.00\n20% below asking ($100.00 less)", fields
    assert fields["The buyer's record"] == "Roblox linked · 0 completed trades · no disputes"
    assert leaks_in([seller_dm]) == []

    # A rival buyer offers with the slash command (default expiry from the guild settings).
    rival_sent = await w.rival.slash(w.channel, "offer make", listing=w.listing.id, amount="450")
    assert rival_sent.ephemeral
    rival_offer = await Offer.get(buyer=w.rival_row)
    assert abs((rival_offer.expires_at - utcnow()) - dt.timedelta(hours=72)) < dt.timedelta(
        minutes=1
    )

    # The seller counters the buyer from the DM: the Counter button opens a modal.
    counter_form = await w.seller.user.click(seller_dm, label="Counter")
    assert counter_form.modal is not None
    countered = await w.seller.user.submit_modal(
        counter_form, {"counter_amount": "475", "counter_conditions": "Paid in one go"}
    )
    assert countered.ephemeral
    await offer.refresh_from_db()
    assert offer.status == OfferStatus.COUNTERED
    child = await Offer.get(parent=offer)
    assert (child.amount, child.made_by_id, child.status) == (
        47_500,
        w.seller_row.id,
        OfferStatus.PENDING,
    )
    assert (child.buyer_id, child.seller_id, child.listing_id) == (
        w.buyer_row.id,
        w.seller_row.id,
        w.listing.id,
    )

    # The buyer gets the counter with the same three buttons and accepts it from the DM.
    buyer_dm = dms(w.buyer)[-1]
    assert button_labels(buyer_dm) == ["Accept", "Counter", "Decline"]
    assert buyer_dm.embeds[0].footer.text == f"Offer #{child.id}"
    accepted = await w.buyer.user.click(buyer_dm, label="Accept")
    assert accepted.ephemeral and "accepted" in accepted.response.content

    await child.refresh_from_db()
    await rival_offer.refresh_from_db()
    await w.listing.refresh_from_db()
    assert child.status == OfferStatus.ACCEPTED and child.decided_at is not None
    assert rival_offer.status == OfferStatus.DECLINED
    assert w.listing.status == ListingStatus.INACTIVE

    # The seller hears that the counter was accepted; the rival that theirs was declined.
    assert any("accepted" in (m.embeds[0].title or "") for m in dms(w.seller) if m.embeds)
    rival_news = dms(w.rival)[-1].embeds[0]
    assert "declined" in (rival_news.title or "") and rival_news.footer.text == (
        f"Offer #{rival_offer.id}"
    )

    # Every change is audited.
    actions = cast(  # `flat=True` gives the values; tortoise's stubs say tuples
        list[str], await AuditLog.filter(object_type="offer").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "offer.made",
            "offer.made",
            "offer.countered",
            "offer.made",
            "offer.accepted",
            "offer.declined_other_accepted",
        ]
    )
    assert await AuditLog.filter(
        action="listing.pending_sale", object_id=str(w.listing.id)
    ).exists()


async def test_new_offer_replaces_the_pending_one(env: simcord.Env) -> None:
    w = await world(env)
    first = await w.buyer.slash(w.channel, "offer make", listing=w.listing.id, amount="300")
    assert first.ephemeral
    second = await w.buyer.slash(
        w.channel, "offer make", listing=w.listing.id, amount="350", conditions="fast"
    )
    offers = await Offer.filter(buyer=w.buyer_row).order_by("id")
    assert [(o.amount, o.status) for o in offers] == [
        (30_000, OfferStatus.WITHDRAWN),
        (35_000, OfferStatus.PENDING),
    ]
    assert f"replaces your earlier offer #{offers[0].id}" in reply(second).content
    assert await AuditLog.filter(action="offer.replaced", object_id=str(offers[0].id)).exists()

    # The seller's DM about the first offer is stale now: its Accept changes nothing.
    old_dm = next(m for m in dms(w.seller) if m.embeds[0].footer.text == f"Offer #{offers[0].id}")
    before = await offer_state()
    stale = await w.seller.user.click(old_dm, label="Accept")
    assert refusal(env, stale) == f"Offer #{offers[0].id} was withdrawn, so nothing was changed."
    assert await offer_state() == before


# --------------------------------------------------------------------------- refusals


async def test_making_an_offer_refuses_bad_input_and_changes_nothing(env: simcord.Env) -> None:
    w = await world(env)
    newcomer = w.guild.add_member(env.create_user("newcomer"))
    rookie = w.guild.add_member(env.create_user("rookie"))
    await make_user(discord_id=rookie.id, username="rookie", kyc_tier=KycTier.TIER_0)
    sold = await make_listing(seller=w.seller_row, guild=w.guild_row, status=ListingStatus.INACTIVE)
    pricey = await make_listing(seller=w.seller_row, guild=w.guild_row, price=5_000_000)
    listing = w.listing.id

    cases: list[tuple[simcord.MemberActor, dict[str, Any], str]] = [
        (newcomer, {"listing": listing, "amount": "100"}, "You haven't signed up yet."),
        (rookie, {"listing": listing, "amount": "100"}, "You need TIER_1 to make offers."),
        (w.seller, {"listing": listing, "amount": "100"}, "You can't make an offer on your own"),
        (w.buyer, {"listing": sold.id, "amount": "100"}, f"Listing #{sold.id} isn't open"),
        (w.buyer, {"listing": 987_654, "amount": "100"}, "There's no listing #987654."),
        (w.buyer, {"listing": listing, "amount": "abc"}, "`abc` isn't an amount I can read."),
        (w.buyer, {"listing": listing, "amount": "-5"}, "`-5` is negative."),
        (w.buyer, {"listing": listing, "amount": "0"}, "The amount must be more than $0.00."),
        (w.buyer, {"listing": listing, "amount": "1e9"}, "`1e9` isn't an amount I can read."),
        (w.buyer, {"listing": listing, "amount": "$10.001"}, "has more than two decimals"),
        (
            w.buyer,
            {"listing": pricey.id, "amount": "10,000.01"},
            "Trades above $10,000.00 need TIER_2 verification on both sides",
        ),
        (
            w.buyer,
            {"listing": listing, "amount": "600"},
            "$600.00 is above the asking price of $500.00.",
        ),
        (
            w.buyer,
            {"listing": listing, "amount": "100", "expires_in_hours": 0},
            "An offer must expire between 1 hour and 7 days",
        ),
        (
            w.buyer,
            {"listing": listing, "amount": "100", "expires_in_hours": 200},
            "you asked for 200 hours",
        ),
        (
            w.buyer,
            {"listing": listing, "amount": "100", "conditions": "x" * 1001},
            "Conditions can be at most 1,000 characters",
        ),
    ]
    before = await offer_state()
    seller_dms = len(dms(w.seller))
    for actor, options, expected in cases:
        result = await actor.slash(w.channel, "offer make", **options)
        assert expected in refusal(env, result), (options, reply(result).content)
    assert await offer_state() == before
    assert len(dms(w.seller)) == seller_dms


async def test_make_offer_button_refuses_in_plain_words(env: simcord.Env) -> None:
    w = await world(env, restarted=True)
    newcomer = w.guild.add_member(env.create_user("newcomer"))
    before = await offer_state()

    no_account = await newcomer.click(w.message, label="Make Offer")
    assert no_account.modal is None
    assert refusal(env, no_account).startswith("You haven't signed up yet.")
    own = await w.seller.click(w.message, label="Make Offer")
    assert own.modal is None and "your own listing" in refusal(env, own)

    # Bad input in the modal: refused, nothing stored.
    for values, expected in [
        ({"offer_amount": "abc"}, "isn't an amount I can read"),
        ({"offer_amount": "$10.001"}, "more than two decimals"),
        ({"offer_amount": "1,000"}, "above the asking price"),
        ({"offer_amount": "10", "offer_expires_in_hours": "soon"}, "whole number of hours"),
        ({"offer_amount": "10", "offer_expires_in_hours": "0"}, "between 1 hour and 7 days"),
        ({"offer_amount": "10", "offer_expires_in_hours": "200"}, "between 1 hour and 7 days"),
    ]:
        shown = await w.buyer.click(w.message, label="Make Offer")
        submitted = await w.buyer.submit_modal(shown, values)
        assert expected in refusal(env, submitted), values
    assert await offer_state() == before

    # After a restart the button still works: the DynamicItem answers it.
    shown = await w.buyer.click(w.message, label="Make Offer")
    await w.buyer.submit_modal(shown, {"offer_amount": "10"})
    assert (await Offer.get(buyer=w.buyer_row)).amount == 1_000

    # A listing that went off the market: the old button says so.
    w.listing.status = ListingStatus.CANCELLED
    await w.listing.save()
    closed = await w.buyer.click(w.message, label="Make Offer")
    assert closed.modal is None and "isn't open for offers" in refusal(env, closed)


async def test_answering_refusals_change_nothing(env: simcord.Env) -> None:
    w = await world(env)
    await w.buyer.slash(w.channel, "offer make", listing=w.listing.id, amount="300")
    offer = await Offer.get(buyer=w.buyer_row)
    seller_dm = dms(w.seller)[-1]
    before = await offer_state()

    # The author can't accept, decline or counter their own offer.
    own = await w.buyer.slash(w.channel, "offer accept", id=offer.id)
    assert refusal(env, own) == f"You made offer #{offer.id}; only the seller can accept it."
    own_counter = await w.buyer.slash(w.channel, "offer counter", id=offer.id, amount="10")
    assert "only the seller can counter it" in refusal(env, own_counter)
    # A non-party can't see it at all; an unknown id reads the same.
    nosy = await w.stranger.slash(w.channel, "offer accept", id=offer.id)
    assert refusal(env, nosy) == f"There's no offer #{offer.id} of yours."
    unknown = await w.seller.slash(w.channel, "offer accept", id=99_999)
    assert refusal(env, unknown) == "There's no offer #99999 of yours."
    # Only the author withdraws.
    not_author = await w.seller.slash(w.channel, "offer withdraw", id=offer.id)
    assert "Only the person who made offer" in refusal(env, not_author)
    # A counter above the price or with a bad amount.
    too_much = await w.seller.slash(w.channel, "offer counter", id=offer.id, amount="501")
    assert "above the asking price" in refusal(env, too_much)
    bad = await w.seller.slash(w.channel, "offer counter", id=offer.id, amount="1e9")
    assert "isn't an amount I can read" in refusal(env, bad)
    assert await offer_state() == before

    # Countered since: the seller's old DM loses Accept / Counter / Decline and says so;
    # the commands those buttons run refuse and change nothing.
    await w.seller.slash(w.channel, "offer counter", id=offer.id, amount="450")
    await env.settle()
    before = await offer_state()
    old = next(m for m in dms(w.seller) if m.id == seller_dm.id)
    assert not old.components and "Countered with offer" in old.content
    stale = await w.seller.slash(w.channel, "offer accept", id=offer.id)
    assert refusal(env, stale) == (
        f"Offer #{offer.id} was countered (answer the counter-offer instead), so nothing was "
        "changed."
    )
    stale_decline = await w.seller.slash(w.channel, "offer decline", id=offer.id)
    assert "was countered" in refusal(env, stale_decline)
    assert await offer_state() == before

    # Withdrawn: the buyer withdraws the seller's counter? No — only its author (the seller).
    counter = await Offer.get(parent=offer)
    await w.seller.slash(w.channel, "offer withdraw", id=counter.id)
    before = await offer_state()
    withdrawn = await w.buyer.slash(w.channel, "offer accept", id=counter.id)
    assert refusal(env, withdrawn) == f"Offer #{counter.id} was withdrawn, so nothing was changed."
    assert await offer_state() == before


async def test_accepting_expired_or_accepted_offers_is_refused(env: simcord.Env) -> None:
    w = await world(env)
    expired = await make_offer(
        listing=w.listing, buyer=w.buyer_row, expires_at=utcnow() - dt.timedelta(minutes=5)
    )
    result = await w.seller.slash(w.channel, "offer accept", id=expired.id)
    assert (
        refusal(env, result) == f"Offer #{expired.id} has expired, so it can't be accepted anymore."
    )
    await expired.refresh_from_db()
    await w.listing.refresh_from_db()
    assert expired.status == OfferStatus.EXPIRED  # marked on the spot, ahead of the sweep
    assert w.listing.status == ListingStatus.ACTIVE

    live = await make_offer(listing=w.listing, buyer=w.rival_row, amount=45_000)
    ok = await w.seller.slash(w.channel, "offer accept", id=live.id)
    assert ok.ephemeral and "You accepted" in reply(ok).content
    before = await offer_state()
    again = await w.seller.slash(w.channel, "offer accept", id=live.id)
    assert refusal(env, again) == f"Offer #{live.id} was already accepted, so nothing was changed."
    # Declining or withdrawing an offer past its expiry: refused, and it is marked EXPIRED.
    stale = await make_offer(
        listing=w.listing, buyer=w.buyer_row, expires_at=utcnow() - dt.timedelta(minutes=1)
    )
    too_late = await w.seller.slash(w.channel, "offer decline", id=stale.id)
    assert (
        refusal(env, too_late) == f"Offer #{stale.id} has expired, so there's nothing to decline."
    )
    await stale.refresh_from_db()
    assert stale.status == OfferStatus.EXPIRED
    before = await offer_state()
    # The listing has a sale pending: no new offers.
    late = await w.stranger.slash(w.channel, "offer make", listing=w.listing.id, amount="10")
    assert refusal(env, late) == (
        f"Listing #{w.listing.id} isn't open for offers: it has a sale pending."
    )
    assert await offer_state() == before


async def test_decline_and_withdraw_notify_the_other_side(env: simcord.Env) -> None:
    w = await world(env)
    await w.buyer.slash(w.channel, "offer make", listing=w.listing.id, amount="300")
    await w.rival.slash(w.channel, "offer make", listing=w.listing.id, amount="310")
    offer = await Offer.get(buyer=w.buyer_row)
    rival_offer = await Offer.get(buyer=w.rival_row)

    declined = await w.seller.user.click(dms(w.seller)[0], label="Decline")
    assert declined.ephemeral and declined.response.content == f"You declined offer #{offer.id}."
    await offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert dms(w.buyer)[-1].embeds[0].title == "Your offer was declined"

    withdrawn = await w.rival.slash(w.channel, "offer withdraw", id=rival_offer.id)
    assert withdrawn.ephemeral
    await rival_offer.refresh_from_db()
    assert rival_offer.status == OfferStatus.WITHDRAWN
    assert dms(w.seller)[-1].embeds[0].title == "An offer to you was withdrawn"


async def test_offer_list_is_ephemeral_and_paginated(env: simcord.Env) -> None:
    w = await world(env)
    for n in range(12):
        listing = await make_listing(seller=w.seller_row, guild=w.guild_row, title=f"Game {n}")
        await make_offer(listing=listing, buyer=w.buyer_row, amount=1_000 + n)
    incoming = await w.seller.slash(w.channel, "offer list")
    assert incoming.ephemeral and incoming.response is not None
    page = incoming.response.embeds[0]
    assert page.footer.text == "Page 1/2" and (page.description or "").count("\n") == 9
    assert "Game 11" in (page.description or "")
    turned = await w.seller.click(incoming.response, label="Next")
    assert turned.acknowledged
    assert "Page 2/2" in str(turned.response.embeds[0].footer.text if turned.response else "")
    outgoing = await w.buyer.slash(w.channel, "offer list", direction="outgoing")
    assert reply(outgoing).embeds[0].footer.text == "Page 1/2"
    nothing = await w.buyer.slash(w.channel, "offer list")
    assert reply(nothing).embeds[0].description == "Nothing here yet."


async def test_closed_dms_fall_back_to_a_mention_in_the_listing_thread(env: simcord.Env) -> None:
    w = await world(env)
    close_dms(env, w.seller)
    await w.buyer.slash(w.channel, "offer make", listing=w.listing.id, amount="300")
    offer = await Offer.get(buyer=w.buyer_row)
    thread = next(t for t in w.channel.threads if t.id == w.thread_id)
    note = thread.history()[-1]
    assert f"<@{w.seller.id}>" in note.content and "DMs are closed" in note.content
    assert w.seller.id in [u.id for u in note.mentions]
    assert str(offer.amount) not in note.content  # no amounts in public
    assert button_labels(note) == ["Accept", "Counter", "Decline"]
    # Only the seller may use them; anyone else is told so and nothing changes.
    before = await offer_state()
    nosy = await w.stranger.click(note, label="Accept")
    assert refusal(env, nosy) == f"There's no offer #{offer.id} of yours."
    assert await offer_state() == before
    accepted = await w.seller.click(note, label="Accept")
    assert accepted.ephemeral
    await offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


async def test_expiry_loop_expires_and_notifies_both_sides(env: simcord.Env) -> None:
    w = await world(env)
    due = await make_offer(
        listing=w.listing, buyer=w.buyer_row, expires_at=utcnow() - dt.timedelta(seconds=1)
    )
    later = await make_offer(listing=w.listing, buyer=w.rival_row)
    await env.advance_time(61)
    await due.refresh_from_db()
    await later.refresh_from_db()
    assert due.status == OfferStatus.EXPIRED and later.status == OfferStatus.PENDING
    for actor in (w.buyer, w.seller):
        last = dms(actor)[-1].embeds[0]
        assert last.title == "An offer expired" and last.footer.text == f"Offer #{due.id}"


async def test_a_batch_of_expiries_tells_each_party_once_and_retires_each_offers_buttons(
    env: simcord.Env,
) -> None:
    """One batch, two listings, three offers: each party hears of each of their offers
    once, the seller's Accept/Counter/Decline DMs lose their buttons, and a buyer whose DMs
    are closed is mentioned in the right listing's thread (never with the amount)."""
    w = await world(env)
    other = await make_listing(seller=w.seller_row, guild=w.guild_row, title="Second game")
    _, other_thread = await post_listing(env, w.channel, other, w.guild_row)
    close_dms(env, w.rival)
    await w.buyer.slash(w.channel, "offer make", listing=w.listing.id, amount="300")
    await w.buyer.slash(w.channel, "offer make", listing=other.id, amount="250")
    await w.rival.slash(w.channel, "offer make", listing=other.id, amount="275")
    offers = await Offer.all().order_by("id")
    assert len(offers) == 3
    asked = [m for m in dms(w.seller) if button_labels(m) == ["Accept", "Counter", "Decline"]]
    assert len(asked) == 3
    await Offer.all().update(expires_at=utcnow() - dt.timedelta(seconds=1))

    await env.advance_time(61)

    assert await Offer.filter(status=OfferStatus.EXPIRED).count() == 3
    told = {
        name: [
            m.embeds[0].footer.text
            for m in dms(actor)
            if m.embeds and m.embeds[0].title == "An offer expired"
        ]
        for name, actor in (("seller", w.seller), ("buyer", w.buyer))
    }
    assert sorted(str(t) for t in told["seller"]) == [f"Offer #{o.id}" for o in offers]
    assert sorted(str(t) for t in told["buyer"]) == [f"Offer #{o.id}" for o in offers[:2]]
    for offer in offers:  # the DM that asked for an answer now says it expired, buttons gone
        asked_dm = next(
            m for m in dms(w.seller) if m.embeds and m.embeds[0].footer.text == f"Offer #{offer.id}"
        )
        assert button_labels(asked_dm) == []
        assert (asked_dm.content or "").startswith(f"⌛ Expired: offer #{offer.id}.")
    thread = next(t for t in w.channel.threads if t.id == other_thread)
    mentions = [m for m in thread.history() if f"<@{w.rival.id}>" in (m.content or "")]
    assert mentions and "news about an offer" in (mentions[-1].content or "")
    assert "275" not in (mentions[-1].content or "")
    first = next(t for t in w.channel.threads if t.id == w.thread_id)
    assert not [m for m in first.history() if f"<@{w.rival.id}>" in (m.content or "")]


# --------------------------------------------------------------------------- model rules


async def _market(price: int = 50_000) -> tuple[Listing, User, User, User]:
    seller = await make_user()
    listing = await make_listing(seller=seller, price=price)
    return listing, seller, await make_user(), await make_user()


async def test_make_checks_tiers_and_the_rail_threshold(db: str) -> None:
    listing, seller, buyer, _ = await _market(price=2_000_000)
    with pytest.raises(NotAllowed, match="TIER_2 verification on both sides, and the buyer"):
        await Offer.make(listing.id, buyer, 1_500_000, rail_threshold_cents=1_000_000)
    buyer.kyc_tier = KycTier.TIER_2
    await buyer.save()
    with pytest.raises(NotAllowed, match="and the seller isn't verified"):
        await Offer.make(listing.id, buyer, 1_500_000, rail_threshold_cents=1_000_000)
    seller.kyc_tier = KycTier.TIER_2
    await seller.save()
    offer = await Offer.make(listing.id, buyer, 1_500_000, rail_threshold_cents=1_000_000)
    assert offer.status == OfferStatus.PENDING and offer.replaced is None
    # At the threshold exactly, TIER_1 is enough.
    plain = await make_user()
    assert (await Offer.make(listing.id, plain, 1_000_000, rail_threshold_cents=1_000_000)).id
    with pytest.raises(InvalidAmount):
        await Offer.make(listing.id, plain, 0)


async def test_expiry_default_comes_from_the_guild_settings(db: str) -> None:
    listing, _, buyer, _ = await _market()
    settings = await (await listing.guild).get_settings()
    settings.offer_expiry_hours = 5
    await settings.save()
    now = utcnow()
    offer = await Offer.make(listing.id, buyer, 100, now=now)
    assert offer.expires_at == now + dt.timedelta(hours=5)


async def test_counter_rules(db: str) -> None:
    listing, seller, buyer, _ = await _market()
    offer = await Offer.make(listing.id, buyer, 30_000)
    with pytest.raises(InvalidAmount, match="above the asking price"):
        await offer.counter(by=seller, amount=50_001)
    with pytest.raises(InvalidAmount):
        await offer.counter(by=seller, amount=0)
    child = await offer.counter(by=seller, amount=45_000, conditions="  ")
    assert (offer.status, child.status, child.parent_id, child.conditions) == (
        OfferStatus.COUNTERED,
        OfferStatus.PENDING,
        offer.id,
        None,
    )
    # The buyer may counter the counter; the seller (its author) may not.
    with pytest.raises(NotAllowed):
        await child.counter(by=seller, amount=44_000)
    grandchild = await child.counter(by=buyer, amount=44_000)
    assert grandchild.made_by_id == buyer.id
    assert await Offer.filter(listing=listing, status=OfferStatus.PENDING).count() == 1
    # An expired offer can't be countered, and is marked EXPIRED on the way.
    grandchild.expires_at = utcnow() - dt.timedelta(seconds=1)
    await grandchild.save()
    with pytest.raises(InvalidState, match="has expired"):
        await grandchild.counter(by=seller, amount=40_000)
    await grandchild.refresh_from_db()
    assert grandchild.status == OfferStatus.EXPIRED


async def test_for_party_hides_other_peoples_offers(db: str) -> None:
    listing, seller, buyer, stranger = await _market()
    offer = await Offer.make(listing.id, buyer, 100)
    assert (await Offer.for_party(offer.id, seller)).id == offer.id
    with pytest.raises(NotFound):
        await Offer.for_party(offer.id, stranger)
    with pytest.raises(NotAllowed):
        await offer.accept(by=stranger)  # the model refuses too, without the lookup


# --------------------------------------------------------------------------- races


async def test_two_accepts_at_once_give_exactly_one_acceptance(db: str) -> None:
    """Hold the listing's row lock, let two accepts queue behind it, then release."""
    listing, seller, buyer, rival = await _market()
    first = await Offer.make(listing.id, buyer, 30_000)
    second = await Offer.make(listing.id, rival, 31_000)
    async with holding(lambda conn: Listing.select_for_update(using_db=conn).get(id=listing.id)):
        attempts = [
            asyncio.create_task(first.accept(by=seller)),
            asyncio.create_task(second.accept(by=seller)),
        ]
        await wait_for_lock_waiters(2)  # both accepts are blocked on the lock
    results = await asyncio.gather(*attempts, return_exceptions=True)
    wins = [r for r in results if not isinstance(r, BaseException)]
    losses = [r for r in results if isinstance(r, BaseException)]
    assert len(wins) == 1 and len(losses) == 1
    assert isinstance(losses[0], InvalidState)
    statuses = sorted(  # `flat=True` gives the values; tortoise's stubs say tuples
        cast(
            list[OfferStatus], await Offer.filter(listing=listing).values_list("status", flat=True)
        )
    )
    assert statuses == [OfferStatus.ACCEPTED, OfferStatus.DECLINED]
    await listing.refresh_from_db()
    assert listing.status == ListingStatus.INACTIVE
    assert await AuditLog.filter(action="offer.accepted").count() == 1


async def test_many_concurrent_accepts_of_one_offer(db: str) -> None:
    listing, seller, buyer, _ = await _market()
    offer = await Offer.make(listing.id, buyer, 30_000)
    copies = [await Offer.get(id=offer.id) for _ in range(12)]
    results = await asyncio.gather(*(c.accept(by=seller) for c in copies), return_exceptions=True)
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, InvalidState) for r in results if isinstance(r, BaseException))
    assert await Offer.filter(status=OfferStatus.ACCEPTED).count() == 1
    assert await AuditLog.filter(action="offer.accepted").count() == 1


async def test_offer_made_during_an_acceptance_is_refused(db: str) -> None:
    listing, seller, buyer, rival = await _market()
    offer = await Offer.make(listing.id, buyer, 30_000)
    async with holding(lambda conn: Listing.select_for_update(using_db=conn).get(id=listing.id)):
        accepting = asyncio.create_task(offer.accept(by=seller))
        await wait_for_lock_waiters(1)
        making = asyncio.create_task(Offer.make(listing.id, rival, 20_000))
        await wait_for_lock_waiters(2)
    await accepting
    with pytest.raises(InvalidState, match="isn't open for offers"):
        await making
    assert await Offer.filter(listing=listing).count() == 1


# --------------------------------------------------------------------------- expiry job


async def test_expire_due_uses_the_given_now(db: str) -> None:
    listing, _, buyer, rival = await _market()
    t0 = utcnow()
    soon = await Offer.make(listing.id, buyer, 100, expires_in_hours=1, now=t0)
    later = await Offer.make(listing.id, rival, 100, expires_in_hours=2, now=t0)
    assert await Offer.expire_due(t0 + dt.timedelta(minutes=59)) == []
    swept = await Offer.expire_due(t0 + dt.timedelta(minutes=90))
    assert [o.id for o in swept] == [soon.id]
    await later.refresh_from_db()
    assert later.status == OfferStatus.PENDING
    await soon.refresh_from_db()
    assert soon.status == OfferStatus.EXPIRED
    entry = await AuditLog.get(action="offer.expired", object_id=str(soon.id))
    assert entry.actor_label == "job:offer-expiry" and entry.after["status"] == "EXPIRED"
    assert await Offer.expire_due(t0 + dt.timedelta(minutes=90)) == []


async def _due_offers(count: int) -> tuple[list[int], dt.datetime]:
    seller = await make_user()
    guild = await make_guild()
    past = utcnow() - dt.timedelta(hours=1)
    ids = []
    listings = [await make_listing(seller=seller, guild=guild) for _ in range(count // 10)]
    buyers = [await make_user() for _ in range(10)]
    for listing in listings:
        for buyer in buyers:
            offer = await make_offer(listing=listing, buyer=buyer, expires_at=past)
            ids.append(offer.id)
    return ids, utcnow()


async def test_concurrent_sweepers_split_the_work(db: str) -> None:
    ids, now = await _due_offers(200)
    taken: list[list[int]] = [[], []]

    async def sweeper(slot: int) -> None:
        while batch := await Offer.expire_due(now, limit=7):
            taken[slot].extend(o.id for o in batch)
            await asyncio.sleep(0)

    await asyncio.gather(sweeper(0), sweeper(1))
    assert not set(taken[0]) & set(taken[1])
    assert sorted(taken[0] + taken[1]) == sorted(ids)
    assert await AuditLog.filter(action="offer.expired").count() == len(ids)
    assert await Offer.filter(status=OfferStatus.PENDING).count() == 0


async def test_a_sweeper_skips_offers_locked_by_another(db: str) -> None:
    """One process holds some offers; another sweeps the rest without waiting for it."""
    ids, now = await _due_offers(20)
    held = ids[:5]
    async with (
        holding(lambda conn: Offer.select_for_update(using_db=conn).filter(id__in=held)),
        asyncio.timeout(5),
    ):
        first = await Offer.expire_due(now)
    assert sorted(o.id for o in first) == sorted(ids[5:])
    second = await Offer.expire_due(now)
    assert sorted(o.id for o in second) == sorted(held)
