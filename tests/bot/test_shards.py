"""Gateway shard processes: the real bot built as `bloxtr8 run --shards A-B --shard-count N`
builds it, on simulated Discord (simcord routes a guild's events to shard
`(guild_id >> 22) % N`, DMs to shard 0, and drops the events of shards the process does
not run).

A process running shard 1 of 2 serves a guild on shard 1 end to end (a command that
writes, its notifications through the outbox), hears nothing of a guild on shard 0 (no
reply, nothing written) and nothing of DMs (a DM button press reaches shard 0 only); a
process running shards 0 and 1 serves both guilds and the DMs. Readiness is per shard.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import simcord
from discord.ext import commands
from tortoise.transactions import in_transaction

from bot.__main__ import build_parser, run_settings
from bot.app import Bloxtr8Bot, ShardedBloxtr8Bot, create_bot
from bot.cogs.disputes import opening
from bot.cogs.disputes.cog import DisputesCog
from bot.cogs.listings.posting import post_listing
from bot.config import Settings
from bot.ui.notify import sent_after
from models import AuditLog, Guild, Listing, Offer, User
from models.arbiter import ArbiterGuild, PartyStanding
from models.base import utcnow
from models.dispute import Dispute
from models.enums import (
    ChannelKind,
    ListingVisibility,
    NotificationKind,
    NotificationStatus,
    OfferStatus,
)
from models.guild import MarketplaceChannel
from models.notification import Notification
from tests.bot.cogs.test_guild_admin import admin_member
from tests.bot.cogs.test_offers import button_labels, dms
from tests.bot.test_cli import bloxtr8
from tests.conftest import is_refusal
from tests.factories import make_contract, make_escrow, make_listing, make_offer, make_user


def sharded(settings: Settings, shards: str, count: int, *more: str) -> Settings:
    """The settings `bloxtr8 run --shards SHARDS --shard-count COUNT [MORE]` serves with."""
    argv = ["run", "--shards", shards, "--shard-count", str(count), *more]
    return run_settings(settings, build_parser().parse_args(argv))


@contextlib.asynccontextmanager
async def shard_process(
    settings: Settings, shards: str, count: int, *more: str
) -> AsyncIterator[simcord.Env]:
    """The bot of `bloxtr8 run --shards … --shard-count …` (commands synced, as `run` does
    by default) on simulated Discord; errors it raised fail the test, refusals aside."""
    bot = create_bot(sharded(settings, shards, count, *more), sync_commands=True)
    env = simcord.Env(bot)
    try:
        await env.start()
        try:
            yield env
        finally:
            await env.shutdown()
    finally:
        await bot.outbox.stop()
        await bot.roblox.close()
    unexpected = [e for e in env.errors_since(env._errors_acknowledged) if not is_refusal(e)]
    if unexpected:
        raise BaseExceptionGroup("the bot raised unexpected errors", unexpected)


@dataclass
class Market:
    """A guild on one shard, /setup done by its admin, a listing and two traders."""

    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    admin: simcord.MemberActor
    seller: simcord.MemberActor
    buyer: simcord.MemberActor
    listing: Listing
    registered: bool  # the bot registered the guild when it joined


async def market(env: simcord.Env, shard: int, name: str) -> Market:
    guild = env.create_guild(name, shard_id=shard)
    channel = guild.create_text_channel("general")
    admin = admin_member(env, guild)
    seller = guild.add_member(env.create_user(f"{name}-seller"))
    buyer = guild.add_member(env.create_user(f"{name}-buyer"))
    await env.settle()
    registered = await Guild.exists(discord_id=guild.id, active=True)
    seller_row = await make_user(discord_id=seller.id, username=f"{name}-seller")
    await make_user(discord_id=buyer.id, username=f"{name}-buyer")
    guild_row = await Guild.ensure(guild.id, name)
    listing = await make_listing(seller=seller_row, guild=guild_row, price=50_000)
    return Market(guild, channel, admin, seller, buyer, listing, registered)


async def footprint() -> tuple[int, ...]:
    """Everything a command or a button press in these tests writes."""
    return (
        await AuditLog.all().count(),
        await Offer.all().count(),
        await Notification.all().count(),
        await MarketplaceChannel.all().count(),
        await Offer.filter(status=OfferStatus.PENDING).count(),
    )


async def trade_in(m: Market) -> Offer:
    """/setup by the admin, then an offer by slash command: both served, the offer's DM to
    the seller written with the offer and sent through the outbox."""
    setup = await m.admin.slash(m.channel, "setup")
    assert setup.acknowledged and setup.ephemeral
    assert await MarketplaceChannel.filter(guild__discord_id=m.guild.id).count() == 6
    made = await m.buyer.slash(m.channel, "offer make", listing=m.listing.id, amount="400")
    assert made.ephemeral and made.response is not None
    buyer = await User.get(discord_id=m.buyer.id)
    offer = await Offer.get(buyer=buyer)
    assert (offer.amount, offer.status) == (40_000, OfferStatus.PENDING)
    told = await Notification.get(kind=NotificationKind.DM, target_id=m.seller.id)
    assert told.status is NotificationStatus.SENT
    dm = dms(m.seller)[-1]
    assert dm.embeds[0].footer.text == f"Offer #{offer.id}"
    assert button_labels(dm) == ["Accept", "Counter", "Decline"]
    return offer


async def unheard(m: Market, env: simcord.Env) -> None:
    """The guild's commands reach no process here: no reply and nothing written."""
    before = await footprint()
    setup = await m.admin.slash(m.channel, "setup")
    made = await m.buyer.slash(m.channel, "offer make", listing=m.listing.id, amount="400")
    await env.settle()
    for result in (setup, made):
        assert not result.acknowledged and result.response is None and not result.followups
    assert await footprint() == before
    assert dms(m.seller) == []


async def test_shard_1_of_2_serves_its_guild_only_and_no_dms(db: str, settings: Settings) -> None:
    async with shard_process(settings, "1", 2) as env:
        bot = env.bot
        assert isinstance(bot, commands.AutoShardedBot)
        assert (bot.shard_ids, bot.shard_count) == ([1], 2)
        assert bot.is_ready() and set(bot.shards) == {1}

        mine = await market(env, 1, "Shard One")
        other = await market(env, 0, "Shard Zero")
        assert bot.get_guild(mine.guild.id) is not None
        assert bot.get_guild(other.guild.id) is None  # its GUILD_CREATE went to shard 0
        assert mine.registered and not other.registered

        offer = await trade_in(mine)
        await unheard(other, env)

        # The seller presses Accept in the DM: DMs arrive on shard 0, not run here.
        before = await footprint()
        pressed = await mine.seller.user.click(dms(mine.seller)[-1], label="Accept")
        await env.settle()
        assert not pressed.acknowledged and pressed.response is None
        await offer.refresh_from_db()
        assert offer.status is OfferStatus.PENDING
        assert await footprint() == before


async def test_shards_0_and_1_of_2_serve_both_guilds_and_the_dms(
    db: str, settings: Settings
) -> None:
    async with shard_process(settings, "0-1", 2) as env:
        bot = env.bot
        assert isinstance(bot, commands.AutoShardedBot)
        assert set(bot.shards) == {0, 1}
        zero = await market(env, 0, "Shard Zero")
        one = await market(env, 1, "Shard One")
        assert zero.registered and one.registered
        for m in (zero, one):
            offer = await trade_in(m)
            pressed = await m.seller.user.click(dms(m.seller)[-1], label="Accept")
            assert pressed.ephemeral and "accepted" in pressed.response.content
            await offer.refresh_from_db()
            assert offer.status is OfferStatus.ACCEPTED


async def test_shard_0_of_2_handles_the_dm_buttons_of_a_guild_on_another_shard(
    db: str, settings: Settings
) -> None:
    """An offer made in a guild that another process serves (shard 1): its seller presses
    Accept in the DM, which arrives on shard 0, where the guild is not in the cache."""
    async with shard_process(settings, "0", 2) as env:
        bot = env.bot
        assert isinstance(bot, ShardedBloxtr8Bot) and set(bot.shards) == {0}
        elsewhere = await market(env, 1, "Shard One")
        assert bot.get_guild(elsewhere.guild.id) is None
        buyer = await User.get(discord_id=elsewhere.buyer.id)
        offer = await make_offer(listing=elsewhere.listing, buyer=buyer)
        offers = bot.get_cog("Offers")
        assert offers is not None
        # What the process serving shard 1 wrote when the offer was made (any process sends).
        async with sent_after(bot), in_transaction() as conn:
            await offers.notify_answer_needed(  # type: ignore[attr-defined]
                offer, elsewhere.listing, "New offer on your listing", conn
            )
        dm = dms(elsewhere.seller)[-1]
        assert button_labels(dm) == ["Accept", "Counter", "Decline"]
        pressed = await elsewhere.seller.user.click(dm, label="Accept")
        assert pressed.ephemeral and "accepted" in pressed.response.content
        await offer.refresh_from_db()
        assert offer.status is OfferStatus.ACCEPTED
        # The buyer hears of it (through the outbox) and the DM's buttons are gone.
        assert any("accepted" in (m.embeds[0].title or "") for m in dms(elsewhere.buyer))


async def get_json(port: int, path: str) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.json()


async def test_readiness_is_per_shard(db: str, settings: Settings) -> None:
    """One shard of the process down: not ready, naming it (discord.py's `is_ready()`
    stays true after the first READY of all shards); back up: ready again."""
    assert not sharded(settings, "0-1", 2).web_enabled  # no web server unless asked
    async with shard_process(settings, "0-1", 2, "--web-port", "0") as env:
        bot = env.bot
        assert isinstance(bot, Bloxtr8Bot) and isinstance(bot, commands.AutoShardedBot)
        try:
            assert bot.web.port
            status, body = await get_json(bot.web.port, "/readyz")
            assert (status, body["gateway"]) == (200, "ok"), body
            shard = bot.get_shard(1)
            assert shard is not None
            await shard.disconnect()
            assert bot.is_ready()
            status, body = await get_json(bot.web.port, "/readyz")
            assert (status, body["ready"], body["gateway"]) == (503, False, "shard 1 not connected")
            status, body = await get_json(bot.web.port, "/healthz")
            assert status == 200 and body["discord"] is False
            await shard.reconnect()
            await env.settle()
            status, body = await get_json(bot.web.port, "/readyz")
            assert (status, body["gateway"]) == (200, "ok"), body
        finally:
            await bot.web.stop()


# --------------------------------------------------------- guilds served by another process


async def test_a_public_listing_is_posted_in_guilds_of_other_shards(
    db: str, settings: Settings
) -> None:
    """Posting a listing in every guild that shows it: a guild on a shard this process
    doesn't run is not in its cache, yet the bot is there (Discord's REST API reaches it);
    a guild missing from the cache of a shard it runs is one the bot left."""
    async with shard_process(settings, "1", 2) as env:
        bot = env.bot
        assert isinstance(bot, Bloxtr8Bot)
        home = await market(env, 1, "Shard One")
        elsewhere = await market(env, 0, "Shard Zero")
        rooms = {}
        for m in (home, elsewhere):
            room = m.guild.create_text_channel("under-5k")
            row = await Guild.get(discord_id=m.guild.id)
            await MarketplaceChannel.create(
                guild=row, channel_id=room.id, kind=ChannelKind.PRICE_RANGE, name="all", min_price=0
            )
            rooms[row.id] = room
        left = await Guild.create(discord_id=(2 * 777 + 1) << 22, name="Left")  # shard 1
        await MarketplaceChannel.create(
            guild=left, channel_id=515151, kind=ChannelKind.PRICE_RANGE, name="all", min_price=0
        )
        await env.settle()
        listing = home.listing
        assert listing.visibility is ListingVisibility.PUBLIC
        posts = await post_listing(bot, listing)
        await env.settle()
        assert sorted(p.guild_id for p in posts) == sorted(rooms)  # type: ignore[attr-defined]
        for post in posts:
            shown = rooms[post.guild_id].history()  # type: ignore[attr-defined]
            assert [m.id for m in shown if m.embeds] == [post.message_id]
            assert post.thread_id is not None


async def test_a_dispute_in_a_guild_of_another_shard_gets_its_moderators_and_thread(
    db: str, settings: Settings
) -> None:
    """A dispute opened from a DM (shard 0) about a trade made in an approved arbiter guild
    that another process serves: its moderators decide (the parties' roles read over the
    REST API, not "unknown: staff decide") and its private thread is made there."""
    async with shard_process(settings, "0", 2) as env:
        bot = env.bot
        assert isinstance(bot, Bloxtr8Bot)
        venue = await market(env, 1, "Shard One")
        disputes_room = venue.guild.create_text_channel("disputes")
        await env.settle()
        assert bot.get_guild(venue.guild.id) is None
        row = await Guild.get(discord_id=venue.guild.id)
        await MarketplaceChannel.create(
            guild=row, channel_id=disputes_room.id, kind=ChannelKind.DISPUTES, name="disputes"
        )
        await ArbiterGuild.create(guild=row, approved_at=utcnow())
        buyer = await User.get(discord_id=venue.buyer.id)
        offer = await make_offer(listing=venue.listing, buyer=buyer)
        escrow = await make_escrow(contract=await make_contract(offer=offer), guild_id=row.id)

        standings = await opening.standings_in_venue(bot, escrow)
        assert standings == {
            escrow.buyer_id: PartyStanding(member=True, privileged=False),
            escrow.seller_id: PartyStanding(member=True, privileged=False),
        }

        dispute = await Dispute.create(
            escrow=escrow, guild=row, opened_by=buyer, reason="Not handed over"
        )
        cog = bot.get_cog("Disputes")
        assert isinstance(cog, DisputesCog)
        thread = await cog.open_thread(dispute.id)
        await env.settle()
        assert thread is not None and thread.parent_id == disputes_room.id
        await dispute.refresh_from_db()
        assert dispute.thread_id == thread.id


async def test_a_bad_web_port_is_refused_plainly(tmp_path: Path) -> None:
    argv = ["run", "--shards", "0", "--shard-count", "2", "--web-port", "http"]
    result = bloxtr8(*argv, cwd=tmp_path, env={"DISCORD_TOKEN": "x"})
    assert result.returncode == 2
    assert "not a port number" in result.stderr and "Traceback" not in result.stderr
