"""Listings end to end: simulated Discord, the real bot, PostgreSQL and the local Roblox app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import discord
import pytest
import simcord
from tortoise import connections

from bot.app import Bloxtr8Bot, create_bot
from bot.sandbox.roblox_app import GAMES, GROUP, PLACE_UNIVERSE, FakeRoblox
from models import (
    AssetVerification,
    AuditLog,
    Guild,
    GuildSettings,
    Listing,
    ListingPost,
    MarketplaceChannel,
    Offer,
    RobloxSnapshot,
    User,
    listing_search,
)
from models.enums import (
    ChannelKind,
    EscrowStatus,
    KycTier,
    ListingCategory,
    ListingStatus,
    ListingVisibility,
    OfferStatus,
)
from models.errors import DomainError, InvalidState, NotAllowed, NotFound
from models.listing_search import search_words_sql
from models.price_ranges import DEFAULT_PRICE_RANGES
from models.roblox_api import RobloxError
from tests.factories import make_escrow, make_listing, make_offer, make_user
from tests.helpers import fields_of, wait_for_lock_waiters

SELLER_RBX = 501
OTHER_RBX = 777
MY_GAME = (1001, 2001)  # universe, root place
MY_GROUP = 3001
MY_GROUP_GAME = (1002, 2002)
THEIR_GROUP = 3002
THEIR_GAME = (1003, 2003)
THEIR_GROUP_GAME = (1004, 2004)


def world(roblox: FakeRoblox) -> None:
    roblox.add_user(SELLER_RBX, "SellerBlox")
    roblox.add_user(OTHER_RBX, "SomeoneElse")
    roblox.add_game(*MY_GAME, "Obby Tycoon", SELLER_RBX, "User", visits=12_345, playing=67)
    roblox.add_place(2101, MY_GAME[0])
    roblox.add_group(MY_GROUP, "Seller Studios", SELLER_RBX, member_count=4_200)
    roblox.add_game(*MY_GROUP_GAME, "Studio Racer", MY_GROUP, "Group", visits=999)
    roblox.add_group(THEIR_GROUP, "Other Studios", OTHER_RBX)
    roblox.add_game(*THEIR_GAME, "Not Yours Sim", OTHER_RBX, "User")
    roblox.add_game(*THEIR_GROUP_GAME, "Their Group Game", THEIR_GROUP, "Group")


@dataclass
class Market:
    handle: simcord.GuildHandle
    row: Guild
    channels: dict[str, simcord.ChannelHandle]
    lobby: simcord.ChannelHandle

    def channel_for(self, cents: int) -> simcord.ChannelHandle:
        for r in DEFAULT_PRICE_RANGES:
            high = r["max"]
            if int(r["min"]) <= cents and (high is None or cents < int(high)):  # type: ignore[call-overload]
                return self.channels[str(r["name"])]
        raise AssertionError(cents)


async def set_up_market(env: simcord.Env, name: str = "Trading Hub") -> Market:
    """What `/setup` leaves behind: price-range channels recorded as MarketplaceChannel rows."""
    handle = env.create_guild(name)
    row = await Guild.ensure(handle.id, handle.name)
    channels = {}
    for r in DEFAULT_PRICE_RANGES:
        channel = handle.create_text_channel(str(r["name"]))
        channels[str(r["name"])] = channel
        await MarketplaceChannel.create(
            guild=row,
            channel_id=channel.id,
            kind=ChannelKind.PRICE_RANGE,
            name=str(r["name"]),
            min_price=r["min"],
            max_price=r["max"],
        )
    return Market(handle, row, channels, handle.create_text_channel("lobby"))


async def seller_in(market: Market, env: simcord.Env, **kw: Any) -> simcord.MemberActor:
    member = market.handle.add_member(env.create_user(kw.pop("name", "seller")))
    kw.setdefault("kyc_tier", KycTier.TIER_1)
    kw.setdefault("roblox_user_id", SELLER_RBX)
    await make_user(discord_id=member.id, username=member.name, **kw)
    return member


def post_in(channel: simcord.ChannelHandle) -> discord.Message:
    """The newest listing post (a bot message with an embed) in a channel."""
    posts = [m for m in channel.history() if m.embeds]
    assert posts, f"no listing post in {channel.name}"
    return posts[-1]


def refusal(env: simcord.Env, result: simcord.InteractionResult) -> str:
    """What the user was told; the refusals the bot raised (DomainErrors) are acknowledged,
    anything else fails the test."""
    assert result.ephemeral
    for error in env.errors:
        original = getattr(error, "original", error)
        assert isinstance(original, DomainError | RobloxError), repr(error)
    return texts(result)


def texts(result: simcord.InteractionResult) -> str:
    parts = []
    if result.response is not None:
        parts.append(result.response.content)
    parts += [f.content for f in result.followups]
    return "\n".join(parts)


FORM = {
    "title": "Obby Tycoon",
    "summary": "A popular obby with 12k visits.",
    "price": "$1,250.50",
    "asset": f"https://www.roblox.com/games/{MY_GAME[1]}/Obby-Tycoon",
}


async def create(
    actor: simcord.MemberActor,
    channel: simcord.ChannelHandle,
    category: str = "GAME",
    *,
    visibility: str | None = None,
    **values: str,
) -> simcord.InteractionResult:
    options = {"category": category}
    if visibility:
        options["visibility"] = visibility
    shown = await actor.slash(channel, "listing create", **options)
    assert shown.modal is not None, texts(shown)
    return await actor.submit_modal(shown, {**FORM, **values})


@pytest.fixture
async def market(env: simcord.Env, roblox: FakeRoblox) -> Market:
    world(roblox)
    return await set_up_market(env)


# --------------------------------------------------------------------------- creating


async def test_list_a_user_owned_game(env: simcord.Env, market: Market) -> None:
    seller = await seller_in(market, env)
    result = await create(seller, market.lobby)
    assert result.ephemeral
    listing = await Listing.get(title="Obby Tycoon")
    assert f"Listing #{listing.id}" in texts(result)
    assert listing.price == 125_050
    assert listing.status == ListingStatus.ACTIVE
    assert listing.visibility == ListingVisibility.PUBLIC
    assert (listing.asset_type, listing.asset_id) == ("GAME", MY_GAME[0])
    # Listing declares no `snapshot_id: int | None` for the type checker (yet).
    snapshot = await RobloxSnapshot.get(id=listing.snapshot_id)  # type: ignore[attr-defined]
    assert snapshot.name == "Obby Tycoon" and snapshot.owner_id == SELLER_RBX
    assert snapshot.data["visits"] == 12_345 and snapshot.data["icon_url"].startswith("https://")
    verification = await AssetVerification.get(snapshot_id=snapshot.id)
    assert verification.verified and verification.method == "USER_OWNED_GAME"

    # Posted in the $0-5k channel, with a thread, the embed and both buttons.
    channel = market.channel_for(125_050)
    message = post_in(channel)
    embed = message.embeds[0]
    assert embed.title == "Obby Tycoon"
    fields = fields_of(embed)
    assert fields["Price"] == "$1,250.50"
    assert fields["Category"] == "Game"
    assert "Roblox linked" in fields["Seller"] and "0 completed trades" in fields["Seller"]
    assert "12,345" in fields["Roblox"]
    assert "Public" in fields["Visibility"]
    assert embed.thumbnail.url == snapshot.data["icon_url"]
    assert embed.footer.text == f"Listing #{listing.id}"
    ids = [c.custom_id for row in message.components for c in row.children]  # type: ignore[union-attr]
    assert ids == [f"listing:offer:{listing.id}", f"listing:details:{listing.id}"]
    [thread] = channel.threads
    assert thread.name == f"Obby Tycoon · listing {listing.id}"
    [note] = [m for m in thread.history() if m.pinned]
    assert "Make Offer" in note.content and "Never pay outside Bloxtr8" in note.content
    post = await ListingPost.get(listing_id=listing.id)
    assert (post.channel_id, post.thread_id, post.message_id) == (
        channel.id,
        thread.id,
        message.id,
    )
    assert (listing.channel_id, listing.thread_id, listing.message_id) == (
        channel.id,
        thread.id,
        message.id,
    )
    assert await AuditLog.filter(action="listing.created", object_id=str(listing.id)).count() == 1


async def test_list_a_group_owned_game_and_a_group(env: simcord.Env, market: Market) -> None:
    seller = await seller_in(market, env)
    await create(seller, market.lobby, title="Studio Racer", asset=f"universe:{MY_GROUP_GAME[0]}")
    await create(
        seller,
        market.lobby,
        "GROUP",
        title="Seller Studios group",
        price="25000",
        asset=f"https://www.roblox.com/communities/{MY_GROUP}/Seller-Studios",
    )
    game = await Listing.get(title="Studio Racer").prefetch_related("snapshot")
    group = await Listing.get(title="Seller Studios group").prefetch_related("snapshot")
    assert (game.asset_type, game.asset_id) == ("GAME", MY_GROUP_GAME[0])
    assert game.snapshot is not None and game.snapshot.owner_type == "GROUP"
    assert (group.asset_type, group.asset_id) == ("GROUP", MY_GROUP)
    assert group.snapshot is not None and group.snapshot.data["member_count"] == 4_200
    methods = {v.method for v in await AssetVerification.all()}
    assert methods == {"GROUP_OWNED_GAME", "GROUP_OWNER"}
    # $25,000 goes to the $20k-100k channel.
    message = post_in(market.channels["20k-100k"])
    assert message.embeds[0].title == "Seller Studios group"
    assert "4,200" in fields_of(message.embeds[0])["Roblox"]


@pytest.mark.parametrize(
    ("category", "asset", "words"),
    [
        ("GAME", str(THEIR_GAME[1]), "belongs to another Roblox account"),
        ("GAME", f"universe:{THEIR_GROUP_GAME[0]}", "belongs to a Roblox group you don't own"),
        ("GROUP", f"group:{THEIR_GROUP}", "You don't own the Roblox group"),
        ("GAME", "place:987654", "couldn't find a Roblox place"),
        ("GAME", "universe:987654", "couldn't find a Roblox game"),
        ("GROUP", "group:987654", "couldn't find a Roblox group"),
        ("GAME", "not a link", "couldn't read that"),
        ("GAME", "", "needs the Roblox game"),
        ("GROUP", f"universe:{MY_GAME[0]}", "Pick the matching category"),
    ],
)
async def test_refusals_about_the_asset(
    env: simcord.Env, market: Market, category: str, asset: str, words: str
) -> None:
    seller = await seller_in(market, env)
    result = await create(seller, market.lobby, category, asset=asset)
    assert result.ephemeral
    assert words in texts(result)
    assert await Listing.all().count() == 0
    assert await ListingPost.all().count() == 0
    assert await RobloxSnapshot.all().count() == 0
    assert await AssetVerification.all().count() == 0


@pytest.mark.parametrize(
    ("price", "words"),
    [
        ("abc", "isn't an amount"),
        ("-5", "negative"),
        ("0", "more than $0.00"),
        ("1e9", "isn't an amount"),
        ("$10.001", "more than two decimals"),
        ("200000000", "above the largest amount"),
    ],
)
async def test_bad_prices_are_refused_before_roblox(
    env: simcord.Env, market: Market, roblox: FakeRoblox, price: str, words: str
) -> None:
    seller = await seller_in(market, env)
    result = await create(seller, market.lobby, price=price)
    assert words in texts(result)
    assert await Listing.all().count() == 0
    assert sum(roblox.hits.values()) == 0


async def test_too_long_title_or_summary_is_refused(
    env: simcord.Env, market: Market, roblox: FakeRoblox
) -> None:
    seller = await seller_in(market, env)
    # The modal caps the length, but the rule lives on the model too.
    with pytest.raises(DomainError, match="limit is 100"):
        Listing.clean_text("x" * 101, "fine")
    with pytest.raises(DomainError, match="limit is 1,000"):
        Listing.clean_text("fine", "x" * 1_001)
    result = await create(seller, market.lobby, title="   ")
    assert "Give your listing a title" in texts(result)
    assert await Listing.all().count() == 0 and sum(roblox.hits.values()) == 0


async def test_tier_0_and_strangers_are_refused(env: simcord.Env, market: Market) -> None:
    stranger = market.handle.add_member(env.create_user("stranger"))
    result = await stranger.slash(market.lobby, "listing create", category="GAME")
    assert result.modal is None and result.ephemeral
    assert "haven't signed up" in refusal(env, result)

    newbie = await seller_in(market, env, name="newbie", kyc_tier=KycTier.TIER_0)
    result = await newbie.slash(market.lobby, "listing create", category="GAME")
    assert result.modal is None
    assert "You need TIER_1 to list assets" in refusal(env, result)
    assert await Listing.all().count() == 0


async def test_guild_minimum_tier_applies(env: simcord.Env, market: Market) -> None:
    seller = await seller_in(market, env)
    shown = await seller.slash(market.lobby, "listing create", category="GAME")
    assert shown.modal is not None
    # The admin raises the bar while the seller fills in the form: checked again on submit.
    settings = await market.row.get_settings()
    settings.min_tier_to_list = KycTier.TIER_2
    await settings.save()
    result = await seller.submit_modal(shown, FORM)
    assert "You need TIER_2 to list in this server" in texts(result)
    assert await Listing.all().count() == 0
    again = await seller.slash(market.lobby, "listing create", category="GAME")
    assert again.modal is None
    assert "You need TIER_2 to list in this server" in refusal(env, again)


async def test_roblox_down_writes_nothing(
    env: simcord.Env, market: Market, roblox: FakeRoblox, bot: Bloxtr8Bot
) -> None:
    seller = await seller_in(market, env)
    bot.roblox._backoff = 0.0  # no real sleeping between retries in the test
    roblox.fail_next(10, status=503)
    result = await create(seller, market.lobby)
    assert "Roblox isn't answering" in texts(result)
    assert await Listing.all().count() == 0
    assert await RobloxSnapshot.all().count() == 0
    assert await AssetVerification.all().count() == 0
    assert await AuditLog.filter(action__in=["asset.verified", "listing.created"]).count() == 0


async def test_verification_is_reused_for_24_hours(
    env: simcord.Env, market: Market, roblox: FakeRoblox
) -> None:
    seller = await seller_in(market, env)
    await create(seller, market.lobby, title="First")
    before = sum(roblox.hits.values())
    assert before > 0
    # The same game by its root place, by its universe, and by another of its places.
    await create(seller, market.lobby, title="Second")
    await create(seller, market.lobby, title="Third", asset=f"universe:{MY_GAME[0]}")
    assert sum(roblox.hits.values()) == before
    assert await AssetVerification.all().count() == 1
    assert await Listing.all().count() == 3
    snapshot_ids = {listing.snapshot_id for listing in await Listing.all()}  # type: ignore[attr-defined]
    assert len(snapshot_ids) == 1

    # An unknown place of the same game needs one lookup to map it, then is cached too.
    await create(seller, market.lobby, title="Fourth", asset="place:2101")
    assert roblox.hits[PLACE_UNIVERSE] == 2 and roblox.hits[GAMES] == 2

    # Once expired, Roblox is asked again.
    await AssetVerification.all().update(
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    hits = roblox.hits[GAMES]
    await create(seller, market.lobby, title="Fifth")
    assert roblox.hits[GAMES] == hits + 1


async def test_cached_check_is_not_reused_after_relinking(
    roblox: FakeRoblox, db: str, bot: Bloxtr8Bot
) -> None:
    world(roblox)
    seller = await make_user(roblox_user_id=SELLER_RBX)
    await AssetVerification.verify(seller, f"group:{MY_GROUP}", bot.roblox)
    seller.roblox_user_id = OTHER_RBX
    await seller.save()
    with pytest.raises(NotAllowed):
        await AssetVerification.verify(seller, f"group:{MY_GROUP}", bot.roblox)
    assert roblox.hits[GROUP] == 2


async def test_cap_on_active_listings(env: simcord.Env, market: Market) -> None:
    settings = await market.row.get_settings()
    settings.max_active_listings = 2
    await settings.save()
    seller = await seller_in(market, env)
    await create(seller, market.lobby, title="One")
    pending = await seller.slash(market.lobby, "listing create", category="GAME")
    assert pending.modal is not None
    await create(seller, market.lobby, title="Two")
    # The form opened before the second listing is refused on submit...
    result = await seller.submit_modal(pending, {**FORM, "title": "Three"})
    assert "already have 2 active listings" in texts(result)
    # ...and a new one is refused before the form opens.
    refused = await seller.slash(market.lobby, "listing create", category="GAME")
    assert refused.modal is None
    assert "already have 2 active listings" in refusal(env, refused)
    assert await Listing.filter(status=ListingStatus.ACTIVE).count() == 2
    # A cancelled one frees a slot.
    await Listing.filter(title="One").update(status=ListingStatus.CANCELLED)
    await create(seller, market.lobby, title="Three")
    assert await Listing.filter(status=ListingStatus.ACTIVE).count() == 2


# --------------------------------------------------------------------------- mirrors


async def test_public_is_mirrored_and_private_stays_home(
    env: simcord.Env, market: Market, roblox: FakeRoblox
) -> None:
    other = await set_up_market(env, "Other Hub")
    unset = env.create_guild("No Setup")
    await Guild.ensure(unset.id, unset.name)
    seller = await seller_in(market, env)

    await create(seller, market.lobby, title="Everywhere", price="30000")
    public = await Listing.get(title="Everywhere")
    posts = await ListingPost.filter(listing_id=public.id).order_by("guild_id")
    assert {p.guild_id for p in posts} == {market.row.id, other.row.id}  # type: ignore[attr-defined]
    for m in (market, other):
        channel = m.channels["20k-100k"]
        assert post_in(channel).embeds[0].title == "Everywhere"
        assert len(channel.threads) == 1

    await create(seller, market.lobby, title="Only here", price="30000", visibility="PRIVATE")
    private = await Listing.get(title="Only here")
    assert private.visibility == ListingVisibility.PRIVATE
    posts = await ListingPost.filter(listing_id=private.id)
    assert [p.guild_id for p in posts] == [market.row.id]  # type: ignore[attr-defined]
    last = post_in(other.channels["20k-100k"])

    assert last.embeds[0].title == "Everywhere"


async def test_a_guild_that_fails_does_not_block_the_others(
    env: simcord.Env, market: Market
) -> None:
    other = await set_up_market(env, "Other Hub")
    # A stale row: the price channel was deleted in the other guild.
    await MarketplaceChannel.filter(guild=other.row, name="under-5k").update(channel_id=424242)
    # And a guild the bot isn't in any more.
    gone = await Guild.create(discord_id=99_999, name="Gone")
    await MarketplaceChannel.create(
        guild=gone, channel_id=515151, kind=ChannelKind.PRICE_RANGE, name="all", min_price=0
    )
    seller = await seller_in(market, env)
    result = await create(seller, market.lobby)
    listing = await Listing.get(title="Obby Tycoon")
    assert f"Listing #{listing.id}" in texts(result)
    posts = await ListingPost.filter(listing_id=listing.id)
    assert [p.guild_id for p in posts] == [market.row.id]  # type: ignore[attr-defined]


async def test_no_price_channel_still_saves_the_listing(
    env: simcord.Env, roblox: FakeRoblox
) -> None:
    world(roblox)
    handle = env.create_guild("Bare")
    lobby = handle.create_text_channel("lobby")
    member = handle.add_member(env.create_user("seller"))
    await make_user(discord_id=member.id, roblox_user_id=SELLER_RBX)
    result = await create(member, lobby)
    listing = await Listing.get(title="Obby Tycoon")
    assert "no price-range channel" in texts(result)
    view = await member.slash(lobby, "listing view", id=listing.id)
    assert view.ephemeral and view.response is not None
    assert view.response.embeds[0].footer.text == f"Listing #{listing.id}"


# --------------------------------------------------------------------------- view and details


async def test_view_and_details_respect_privacy(env: simcord.Env, market: Market) -> None:
    other = await set_up_market(env, "Other Hub")
    seller = await seller_in(market, env)
    await create(seller, market.lobby, title="Secret", visibility="PRIVATE")
    await create(seller, market.lobby, title="Open")
    secret = await Listing.get(title="Secret")
    public = await Listing.get(title="Open")

    local = market.handle.add_member(env.create_user("local"))
    outsider = other.handle.add_member(env.create_user("outsider"))

    seen = await local.slash(market.lobby, "listing view", id=secret.id)
    assert seen.ephemeral and seen.response is not None
    assert seen.response.embeds[0].title == "Secret"

    refused = await outsider.slash(other.lobby, "listing view", id=secret.id)
    assert refused.ephemeral and f"no listing #{secret.id}" in refusal(env, refused)
    refused = await outsider.slash(other.lobby, "listing view", id=987_654)
    assert "no listing #987654" in refusal(env, refused)

    shown = await outsider.slash(other.lobby, "listing view", id=public.id)
    assert shown.response is not None and shown.response.embeds[0].title == "Open"

    # Details on the mirrored public post, re-read from the database.
    post = post_in(other.channel_for(public.price))

    details = await outsider.click(post, label="Details")
    assert details.ephemeral and details.response is not None
    names = [f.name for f in details.response.embeds[0].fields]
    assert "Status" in names and "Roblox asset" in names


async def test_details_button_survives_a_restart(
    env: simcord.Env, market: Market, bot: Bloxtr8Bot
) -> None:
    seller = await seller_in(market, env)
    await create(seller, market.lobby)
    listing = await Listing.get(title="Obby Tycoon")
    await env.restart_bot(create_bot(bot.settings, sync_commands=True))
    post = post_in(market.channel_for(listing.price))

    details = await seller.click(post, label="Details")
    assert details.response is not None
    assert details.response.embeds[0].footer.text == f"Listing #{listing.id}"


# --------------------------------------------------------------------------- search


async def test_search_filters_and_pages(env: simcord.Env, market: Market) -> None:
    other = await set_up_market(env, "Other Hub")
    seller = await seller_in(market, env)
    user = await User.get(discord_id=seller.id)
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for i in range(12):
        listing = await make_listing(
            seller=user,
            guild=market.row,
            title=f"Tycoon {i:02d}",
            price=100_00 * (i + 1),
            category=ListingCategory.GAME if i % 2 == 0 else ListingCategory.SERVICE,
        )
        await Listing.filter(id=listing.id).update(created_at=base + dt.timedelta(hours=i))
    await make_listing(seller=user, guild=market.row, title="Old sold tycoon", status="SOLD")
    await make_listing(
        seller=user, guild=other.row, title="Their private tycoon", visibility="PRIVATE"
    )
    await make_listing(
        seller=user, guild=market.row, title="100% real_deal", category=ListingCategory.OTHER
    )

    viewer = market.handle.add_member(env.create_user("viewer"))
    result = await viewer.slash(market.lobby, "listing search", text="tycoon")
    assert result.ephemeral and result.response is not None
    page1 = result.response.embeds[0].description or ""
    assert "Tycoon 11" in page1 and "Tycoon 07" in page1 and "Tycoon 06" not in page1
    assert "sold" not in page1.lower() and "Their private" not in page1

    # Each result shows the seller's reputation in words.
    assert f"Seller <@{seller.id}> · Roblox linked · 0 completed trades · no disputes" in page1
    assert "TIER_" not in page1

    message = result.response.message
    nxt = await viewer.click(message, label="Next")
    page2 = (nxt.response.embeds[0].description or "") if nxt.response else ""
    assert "Tycoon 06" in page2 and "Tycoon 02" in page2 and "Tycoon 11" not in page2
    # A select menu under the page opens one of its listings, with Make Offer.
    assert nxt.response is not None
    tycoon_04 = await Listing.get(title="Tycoon 04")
    opened = await viewer.select(nxt.response, [str(tycoon_04.id)])
    assert opened.ephemeral and opened.response is not None
    assert "Tycoon 04" in (opened.response.embeds[0].title or "")
    assert [c.get("label") for row in opened.response.components for c in row["components"]] == [
        "Make Offer"
    ]

    # Category and price range (inclusive bounds, in dollars).
    found = await Listing.search(
        category=ListingCategory.GAME, min_price=300_00, max_price=700_00, guild_id=market.row.id
    )
    assert [x.title for x in found] == ["Tycoon 06", "Tycoon 04", "Tycoon 02"]
    result = await viewer.slash(
        market.lobby, "listing search", category="GAME", min_price="300", max_price="$700"
    )
    assert result.response is not None
    text = result.response.embeds[0].description or ""
    assert "Tycoon 06" in text and "Tycoon 02" in text and "Tycoon 08" not in text

    # PRIVATE listings of the other guild show there, not here.
    there = await Listing.search("tycoon", guild_id=other.row.id, limit=20)
    assert "Their private tycoon" in [x.title for x in there]
    # Every word, in any order and word form; punctuation and words like "the" don't count.
    assert [x.title for x in await Listing.search("TYCOONS, private", guild_id=other.row.id)] == [
        "Their private tycoon"
    ]
    assert await Listing.search("private tycoon", guild_id=market.row.id) == []
    assert [x.title for x in await Listing.search("the real deal", guild_id=None)] == [
        "100% real_deal"
    ]
    assert await Listing.search("100% real_", guild_id=None) != []
    assert await Listing.search("tycoo", guild_id=None) == []  # a word, not part of one
    assert await Listing.search("the", guild_id=None) == []
    result = await viewer.slash(market.lobby, "listing search", text="the %")
    assert result.response is not None
    assert "No active listings match" in (result.response.embeds[0].description or "")

    refused = await viewer.slash(market.lobby, "listing search", min_price="9", max_price="5")
    assert "lowest price is above" in refusal(env, refused)
    refused = await viewer.slash(market.lobby, "listing search", min_price="abc")
    assert "isn't an amount" in refusal(env, refused)


async def test_search_autocomplete_suggests_titles(env: simcord.Env, market: Market) -> None:
    seller = await seller_in(market, env)
    user = await User.get(discord_id=seller.id)
    await make_listing(seller=user, guild=market.row, title="Mega Obby")
    await make_listing(seller=user, guild=market.row, title="Racing Game")
    await make_listing(seller=user, guild=market.row, title="Neon Simulator")
    await make_listing(seller=user, guild=market.row, title="Mega Racing Simulator")
    choices = await seller.autocomplete(market.lobby, "listing search", "text", "obb")
    assert [c["name"] for c in choices] == ["Mega Obby"]
    suggest = Listing.suggest_titles
    assert await suggest("simulato", None) == ["Mega Racing Simulator", "Neon Simulator"]
    assert await suggest("racing sim", None) == ["Mega Racing Simulator"]
    assert await suggest("mega ", None) == ["Mega Racing Simulator", "Mega Obby"]
    assert await suggest("zzz obb", None) == []
    assert await suggest("The SIMUL", None) == ["Mega Racing Simulator", "Neon Simulator"]
    assert await suggest("obby ", None) == ["Mega Obby"]
    assert await suggest("x%_", None) == []


async def test_mine_lists_every_status(env: simcord.Env, market: Market) -> None:
    seller = await seller_in(market, env)
    user = await User.get(discord_id=seller.id)
    await make_listing(seller=user, guild=market.row, title="Live one")
    await make_listing(seller=user, guild=market.row, title="Gone one", status="CANCELLED")
    await make_listing(title="Someone else's")
    result = await seller.slash(market.lobby, "listing mine")
    assert result.ephemeral and result.response is not None
    text = result.response.embeds[0].description or ""
    assert "Live one" in text and "Gone one" in text and "Withdrawn" in text
    assert "Someone else's" not in text


# --------------------------------------------------------------------------- edit


async def test_edit_rerenders_every_mirror(env: simcord.Env, market: Market) -> None:
    other = await set_up_market(env, "Other Hub")
    seller = await seller_in(market, env)
    await create(seller, market.lobby)
    listing = await Listing.get(title="Obby Tycoon")

    shown = await seller.slash(market.lobby, "listing edit", id=listing.id)
    assert shown.modal is not None
    values = {
        c["components"][0]["custom_id"]: c["components"][0].get("value")
        for c in shown.modal["components"]
    }
    assert values == {"title": "Obby Tycoon", "summary": FORM["summary"], "price": "$1,250.50"}
    result = await seller.submit_modal(
        shown, {"title": "Obby Tycoon Deluxe", "summary": "Now with more obby.", "price": "1300"}
    )
    assert "updated (2 posts re-rendered)" in texts(result)
    await listing.refresh_from_db()
    assert (listing.title, listing.price) == ("Obby Tycoon Deluxe", 130_000)
    for m in (market, other):
        post = post_in(m.channel_for(125_050))

        embed = post.embeds[0]
        assert embed.title == "Obby Tycoon Deluxe" and embed.description == "Now with more obby."
        assert {f.name: f.value for f in embed.fields}["Price"] == "$1,300.00"
    entry = await AuditLog.get(action="listing.edited", object_id=str(listing.id))
    assert entry.before["title"] == "Obby Tycoon" and entry.after["price"] == 130_000

    bad = await seller.slash(market.lobby, "listing edit", id=listing.id)
    refused = await seller.submit_modal(
        bad, {"title": "Obby Tycoon", "summary": "x", "price": "1e9"}
    )
    assert "isn't an amount" in texts(refused)
    await listing.refresh_from_db()
    assert listing.price == 130_000


async def test_edit_refused_for_others_and_closed_listings(
    env: simcord.Env, market: Market
) -> None:
    seller = await seller_in(market, env)
    await create(seller, market.lobby)
    listing = await Listing.get(title="Obby Tycoon")
    intruder = await seller_in(market, env, name="intruder", roblox_user_id=OTHER_RBX)
    refused = await intruder.slash(market.lobby, "listing edit", id=listing.id)
    assert refused.modal is None and "isn't yours" in refusal(env, refused)

    intruder_row = await User.get(discord_id=intruder.id)
    with pytest.raises(NotAllowed):
        await listing.edit(by=intruder_row, title="Mine now")

    await Listing.filter(id=listing.id).update(status=ListingStatus.SOLD)
    refused = await seller.slash(market.lobby, "listing edit", id=listing.id)
    assert "only active listings can be edited" in refusal(env, refused)
    seller_row = await User.get(discord_id=seller.id)
    with pytest.raises(InvalidState):
        await listing.edit(by=seller_row, title="Too late")
    assert await AuditLog.filter(action="listing.edited").count() == 0


# --------------------------------------------------------------------------- cancel


async def test_cancel_closes_threads_and_declines_pending_offers(
    env: simcord.Env, market: Market
) -> None:
    other = await set_up_market(env, "Other Hub")
    seller = await seller_in(market, env)
    await create(seller, market.lobby)
    listing = await Listing.get(title="Obby Tycoon")
    user1, user2 = env.create_user("buyer1"), env.create_user("buyer2")
    buyer1 = market.handle.add_member(user1)
    buyer2 = market.handle.add_member(user2)
    b1 = await make_user(discord_id=buyer1.id)
    b2 = await make_user(discord_id=buyer2.id)
    pending1 = await make_offer(listing=listing, buyer=b1, amount=100_000)
    pending2 = await make_offer(listing=listing, buyer=b2, amount=90_000)
    expired = await make_offer(listing=listing, buyer=await make_user(), status=OfferStatus.EXPIRED)

    # Someone else may not.
    intruder = market.handle.add_member(env.create_user("intruder"))
    await make_user(discord_id=intruder.id)
    refused = await intruder.slash(market.lobby, "listing cancel", id=listing.id)
    assert "isn't yours" in refusal(env, refused)
    assert (await Listing.get(id=listing.id)).status == ListingStatus.ACTIVE

    asked = await seller.slash(market.lobby, "listing cancel", id=listing.id)
    assert asked.response is not None and "can't be undone" in asked.response.content
    done = await seller.click(asked.response.message, label="Cancel listing")
    assert "is cancelled" in texts(done) and "2 pending offers were declined" in texts(done)

    await listing.refresh_from_db()
    assert listing.status == ListingStatus.CANCELLED
    for offer in (pending1, pending2):
        await offer.refresh_from_db()
        assert offer.status == OfferStatus.DECLINED and offer.decided_at is not None
    await expired.refresh_from_db()
    assert expired.status == OfferStatus.EXPIRED
    assert await AuditLog.filter(action="offer.declined").count() == 2
    assert await AuditLog.filter(action="listing.cancelled").count() == 1

    for buyer in (user1, user2):
        dms = buyer.dm_channel.history()
        assert dms and "seller cancelled the listing" in dms[-1].content

    for m in (market, other):
        channel = m.channel_for(listing.price)
        [thread] = channel.threads
        thread_msgs = thread.history()
        assert "cancelled by the seller" in thread_msgs[-1].content
        stored = env.backend.channels[thread.id]
        assert stored.thread_metadata is not None
        assert stored.thread_metadata.archived and stored.thread_metadata.locked
        post = post_in(channel)
        assert (post.embeds[0].title or "").startswith("[Withdrawn]")
        labels = [c.label for row in post.components for c in row.children]  # type: ignore[union-attr]
        assert labels == ["Details"]

    # Twice is refused, in words.
    again = await seller.slash(market.lobby, "listing cancel", id=listing.id)
    assert "already withdrawn" in refusal(env, again)


async def test_cancel_rules_on_the_model(db: str) -> None:
    listing = await make_listing()
    seller = await User.get(id=listing.seller_id)  # type: ignore[attr-defined]
    stranger = await make_user()
    with pytest.raises(NotAllowed):
        await listing.cancel(by=stranger)

    # A deal in progress (escrow holding funds) blocks cancelling.
    offer = await make_offer(listing=listing, status=OfferStatus.ACCEPTED)
    escrow = await make_escrow(contract=await _contract(offer), status=EscrowStatus.FUNDS_HELD)
    await Listing.filter(id=listing.id).update(status=ListingStatus.INACTIVE)
    with pytest.raises(InvalidState, match="deal in progress"):
        await listing.cancel(by=seller)
    escrow.status = EscrowStatus.REFUNDED
    await escrow.save()
    assert await listing.cancel(by=seller) == []
    assert listing.status == ListingStatus.CANCELLED


async def _contract(offer: Offer) -> Any:
    from tests.factories import make_contract

    return await make_contract(offer=offer)


async def test_visible_and_search_on_the_model(db: str) -> None:
    home = await Guild.create(discord_id=1, name="home")
    away = await Guild.create(discord_id=2, name="away")
    private = await make_listing(guild=home, visibility=ListingVisibility.PRIVATE)
    assert (await Listing.visible(private.id, home.id)).id == private.id
    with pytest.raises(NotFound):
        await Listing.visible(private.id, away.id)
    with pytest.raises(NotFound):
        await Listing.visible(private.id, None)
    seller_id = private.seller_id  # type: ignore[attr-defined]
    assert (await Listing.visible(private.id, None, viewer_id=seller_id)).id == private.id
    assert await Listing.search(guild_id=away.id) == []
    assert [x.id for x in await Listing.search(guild_id=home.id)] == [private.id]


async def test_settings_row_is_created_on_first_listing(env: simcord.Env, market: Market) -> None:
    seller = await seller_in(market, env)
    await create(seller, market.lobby)
    assert await GuildSettings.filter(guild=market.row).count() == 1


async def test_cap_holds_when_two_listings_race(db: str, bot: Bloxtr8Bot) -> None:
    """Both submissions pass the early check; the lock on the seller's row lets one in."""
    import asyncio

    import asyncpg

    from bot.db import libpq_url

    guild = await Guild.create(discord_id=5, name="race")
    settings = await guild.get_settings()
    settings.max_active_listings = 1
    await settings.save()
    seller = await make_user()

    async def attempt(title: str) -> Listing:
        return await Listing.create_verified(
            seller=seller,
            guild=guild,
            title=title,
            summary="Scripting work",
            price=10_000,
            category=ListingCategory.SERVICE,
            asset=None,
            roblox=bot.roblox,
        )

    # Hold the seller's row lock from a connection of our own (tasks started inside a
    # Tortoise transaction would share its connection).
    holder = await asyncpg.connect(libpq_url(db))
    try:
        async with holder.transaction():
            await holder.execute("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", seller.id)
            tasks = [asyncio.create_task(attempt(t)) for t in ("A", "B")]
            await wait_for_lock_waiters(2)  # both submissions wait for the seller's row lock
    finally:
        await holder.close()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    created = [r for r in results if isinstance(r, Listing)]
    refused = [r for r in results if isinstance(r, NotAllowed)]
    assert len(created) == 1 and len(refused) == 1, results
    assert await Listing.filter(seller=seller, status=ListingStatus.ACTIVE).count() == 1


async def test_search_steps_agree_and_quote_safely(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whichever step answers (newest window, walk, sorted, all), the result is the same as
    a plain reading of the listings; and what people type is bound, never part of the SQL."""
    import models.listing_search as listing_module

    home = await Guild.create(discord_id=11, name="home")
    away = await Guild.create(discord_id=12, name="away")
    titles = ["Bob's \\ Obby", "E'x' obby", "Mega Obbies", "Tycoon", "obby 50%", "Racing obby"]
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for i in range(30):
        listing = await make_listing(
            guild=home if i % 3 else away,
            title=titles[i % len(titles)],
            price=1_000 * (i + 1),
            category=ListingCategory.GAME if i % 2 else ListingCategory.ITEM,
            visibility=ListingVisibility.PRIVATE if i % 4 == 0 else ListingVisibility.PUBLIC,
            status=ListingStatus.SOLD if i % 7 == 0 else ListingStatus.ACTIVE,
        )
        await Listing.filter(id=listing.id).update(created_at=base + dt.timedelta(minutes=i))

    queries: list[dict[str, Any]] = [
        {},
        {"text": "obby"},
        {"text": "Bob's \\"},
        {"text": "x' OR 1=1 --"},
        {"text": "50%"},
        {"text": "racing obbies"},
        {"category": ListingCategory.ITEM, "min_price": 5_000, "max_price": 20_000},
        {"text": "obby", "category": ListingCategory.GAME, "guild_id": home.id},
        {"text": "obby", "min_price": 9_000, "max_price": 25_000, "offset": 1},
        {"guild_id": away.id, "offset": 4},
    ]
    everything = await Listing.all()
    conn = connections.get("default")

    async def words(text: str) -> set[str]:
        rows = await conn.execute_query_dict("SELECT listing_search_terms($1) AS w", [text])
        return set(rows[0]["w"])

    title_words = {title: await words(title) for title in titles}
    assert title_words["Mega Obbies"] == {"mega", "obbi"}  # "obbies" is a form of "obby"

    async def oracle(q: dict[str, Any], limit: int) -> list[int]:
        # `x.guild_id`: Listing declares no `guild_id: int` for the type checker (yet).
        wanted = await words(q["text"]) if q.get("text") else set()
        rows = [
            x
            for x in everything
            if x.status == ListingStatus.ACTIVE
            and (x.visibility == ListingVisibility.PUBLIC or x.guild_id == q.get("guild_id"))  # type: ignore[attr-defined]
            and wanted <= title_words[x.title]
            and q.get("category") in (None, x.category)
            and x.price >= q.get("min_price", 0)
            and x.price <= q.get("max_price", 10**12)
        ]
        rows.sort(key=lambda x: (x.created_at, x.id), reverse=True)
        offset = q.get("offset", 0)
        return [x.id for x in rows[offset : offset + limit]]

    for query in queries:
        expected = await oracle(query, 5)
        args = {k: v for k, v in query.items() if k not in ("offset", "text")}
        offset = query.get("offset", 0)
        if not query.get("text"):
            for plan in ("window", "planner"):
                sql = listing_module.search_sql(**args, limit=5, offset=offset, plan=plan)
                rows = await conn.execute_query_dict(*sql)
                assert [r["id"] for r in rows] == expected, (query, plan)
        elif expected:
            terms = sorted(await words(query["text"]))
            for plan in ("all", "walk", "sorted"):
                for walk in (2, 5, 3_000):
                    monkeypatch.setattr(listing_module, "SEARCH_WALK", walk)
                    sql = listing_module.word_search_sql(
                        terms[0], terms[1:], **args, limit=5, offset=offset, plan=plan
                    )
                    ids = [r["id"] for r in await conn.execute_query_dict(*sql)]
                    if plan != "walk" or walk == 3_000:
                        assert ids == expected, (query, plan, walk)
                    else:  # only the newest `walk` listings with the word: a prefix of it
                        assert ids == expected[: len(ids)], (query, plan, walk)
        for walk, window in ((2, 2), (5, 5), (3_000, 1_000)):
            monkeypatch.setattr(listing_module, "SEARCH_WALK", walk)
            monkeypatch.setattr(listing_module, "SEARCH_WINDOW", window)
            found = await Listing.search(**query, limit=5)
            assert [x.id for x in found] == expected, (query, walk)
    matched = [bool(await oracle(q, 5)) for q in queries]
    assert matched == [True, True, True, False, True, True, True, True, True, True]

    assert {x.title for x in await Listing.search("bob's \\", limit=50)} == {"Bob's \\ Obby"}
    assert await Listing.search("x' OR 1=1 --") == []
    assert {x.title for x in await Listing.search("50%", limit=50)} == {"obby 50%"}


async def test_search_index_follows_every_change(db: str) -> None:
    """The triggers keep `listing_search` equal to what it would be built from scratch:
    through inserts (one and many in one statement), edits, status changes and deletes."""
    conn = connections.get("default")
    rebuilt = (
        "SELECT t.term, l.category, l.created_at, l.id AS listing_id, l.price, l.visibility, "
        "l.guild_id, ' ' || array_to_string(listing_search_terms(l.title), ' ') || ' ' AS words "
        "FROM listings l, unnest(listing_search_terms(l.title)) AS t(term) "
        "WHERE l.status = 'ACTIVE'"
    )

    async def in_step() -> int:
        rows = await conn.execute_query_dict(
            f"SELECT count(*) AS n FROM ((TABLE listing_search EXCEPT ALL {rebuilt}) "
            f"UNION ALL ({rebuilt} EXCEPT ALL TABLE listing_search)) AS d"
        )
        assert rows[0]["n"] == 0
        total = await conn.execute_query_dict("SELECT count(*) AS n FROM listing_search")
        return int(total[0]["n"])

    guild = await Guild.create(discord_id=21, name="g")
    first = await make_listing(guild=guild, title="Neon Sword Simulator")
    second = await make_listing(guild=guild, title="Pizza Tycoon", status=ListingStatus.CANCELLED)
    assert await in_step() == 3  # neon, sword, simul; the cancelled listing isn't searchable
    await conn.execute_query(
        "INSERT INTO listings (created_at, updated_at, title, summary, price, currency, "
        "category, status, visibility, guild_id, seller_id) "
        "SELECT now(), now(), 'Bulk ' || i || ' obby', '', 100, 'USD', 'GAME', 'ACTIVE', "
        f"'PUBLIC', {guild.id}, {first.seller_id} FROM generate_series(1, 5) AS i"  # type: ignore[attr-defined]
    )
    assert await in_step() == 3 + 5 * 3
    assert len(await Listing.search("obby", limit=10)) == 5

    first.title, first.price = "Golden Sword", 999
    await first.save(update_fields=["title", "price"])
    assert await in_step() == 2 + 5 * 3
    assert [x.id for x in await Listing.search("golden sword")] == [first.id]
    assert await Listing.search("neon") == []

    await Listing.filter(id=second.id).update(status=ListingStatus.ACTIVE)
    await Listing.filter(id=first.id).update(status=ListingStatus.INACTIVE)
    await Listing.filter(id=second.id).update(updated_at=second.updated_at)  # nothing searched
    assert await in_step() == 2 + 5 * 3
    await Listing.filter(id=second.id).update(visibility=ListingVisibility.PRIVATE)
    assert await in_step() == 2 + 5 * 3
    assert await Listing.search("pizza") == []
    assert [x.id for x in await Listing.search("pizza", guild_id=guild.id)] == [second.id]

    await conn.execute_query("DELETE FROM offers")
    await conn.execute_query("DELETE FROM listings WHERE title LIKE 'Bulk %'")
    assert await in_step() == 2


async def test_long_search_texts_count_only_their_longest_words(db: str) -> None:
    guild = await Guild.create(discord_id=31, name="g")
    wanted = await make_listing(guild=guild, title="Neon Sword Simulator Deluxe Edition Pack")
    await make_listing(guild=guild, title="Neon Sword Simulator")
    conn = connections.get("default")
    rows = await conn.execute_query_dict(
        *search_words_sql("pack neon sword simulator deluxe edition")
    )
    counted = {row["term"]: row["n"] for row in rows}
    assert sorted(t for t, n in counted.items() if n is not None) == [
        "delux",
        "edit",
        "simul",
        "sword",
    ]
    assert counted["neon"] is None and counted["pack"] is None
    found = await Listing.search("pack neon sword simulator deluxe edition")
    assert [x.id for x in found] == [wanted.id]
    assert await Listing.search("zoo neon sword simulator deluxe edition") == []


def test_search_values_are_bound_never_written_into_the_sql() -> None:
    typed = "x' OR 1=1 --"
    words = search_words_sql(typed)
    assert typed not in words.text and words.values == [typed]
    page = listing_search.word_search_sql(
        "obbi", ["o'x"], ListingCategory.GAME, 5, 9, guild_id=7, limit=5, offset=2, plan="walk"
    )
    assert "o'x" not in page.text and "GAME" not in page.text
    assert page.values == ["obbi", 7, "GAME", 5, 9, " o'x ", 5, 2]
    assert [f"${n}" in page.text for n in range(1, 9)] == [True] * 8


async def test_search_statements_are_planned_for_their_own_values(db: str) -> None:
    """Prepared and reused by the driver, a search statement keeps custom plans: it runs
    in a transaction with `plan_cache_mode = force_custom_plan`."""
    async with listing_search._runner(None) as run:
        rows = await run("SELECT current_setting('plan_cache_mode') AS mode", [])
    assert rows == [{"mode": "force_custom_plan"}]
    conn = connections.get("default")
    rows = await conn.execute_query_dict("SELECT current_setting('plan_cache_mode') AS mode")
    assert rows == [{"mode": "auto"}]  # only the search's own transaction
