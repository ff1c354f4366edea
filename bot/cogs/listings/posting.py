"""Putting listings on Discord: post into price-range channels, re-render, close.

Every function here is best effort per guild: a failure in one guild is logged and the
others go on; the listing row itself is never touched by a Discord failure.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal

import discord

from bot.cogs.listings.embeds import listing_embed
from bot.cogs.listings.views import listing_view
from bot.shards import channel_by_id, left_guild
from bot.ui.notify import tell
from models import Listing, ListingPost, Offer
from models.money import format_amount
from models.text import shown_line

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

log = logging.getLogger(__name__)

THREAD_ARCHIVE_MINUTES: Literal[10080] = 10_080  # a week


def thread_name(listing: Listing) -> str:
    """e.g. "Obby Tycoon · listing 1" (a leading "#1" would read "##1" in mentions)."""
    suffix = f" · listing {listing.id}"
    return listing.title[: 100 - len(suffix)] + suffix


def thread_note(listing: Listing) -> str:
    return (
        f"This thread belongs to **{listing.title}** (listing {listing.id}). Ask the seller "
        "questions here. Offers, contracts and payment happen privately: press **Make Offer** "
        "on the listing above, and Bloxtr8 DMs you each step. Never pay outside Bloxtr8."
    )


async def _channel(bot: discord.Client, channel_id: int) -> Any:
    channel = bot.get_channel(channel_id)
    if channel is None:
        channel = await bot.fetch_channel(channel_id)
    return channel


async def _pin_note(thread: discord.Thread, listing: Listing) -> None:
    """Open the thread with a short pinned note saying what it is for."""
    try:
        note = await thread.send(thread_note(listing))
        await note.pin(reason="What this listing thread is for")
    except discord.HTTPException as exc:
        log.info("Listing %s: thread note not pinned (%s)", listing.id, exc.status)


async def post_listing(bot: discord.Client, listing: Listing) -> list[ListingPost]:
    """Post the listing in the matching price-range channel of every guild that shows it."""
    posts: list[ListingPost] = []
    targets = await listing.post_targets()
    if not targets:
        return posts
    embed = await listing_embed(listing)
    for target in targets:
        guild = target.guild
        try:
            if left_guild(bot, guild.discord_id):  # a guild of another shard is fetched
                log.info("Listing %s: not in guild %s any more, skipped", listing.id, guild.id)
                continue
            channel = await channel_by_id(bot, target.channel_id)
            if not isinstance(channel, discord.TextChannel):
                log.warning(
                    "Listing %s: price channel %s of guild %s is missing or not a text channel",
                    listing.id,
                    target.channel_id,
                    guild.id,
                )
                continue
            message = await channel.send(embed=embed, view=listing_view(listing))
            thread = await message.create_thread(
                name=thread_name(listing), auto_archive_duration=THREAD_ARCHIVE_MINUTES
            )
            await _pin_note(thread, listing)
            posts.append(
                await ListingPost.record(
                    listing,
                    guild_id=guild.id,
                    channel_id=channel.id,
                    thread_id=thread.id,
                    message_id=message.id,
                )
            )
        except Exception:
            log.exception(
                "Listing %s: posting in guild %s (channel %s) failed",
                listing.id,
                guild.id,
                target.channel_id,
            )
    return posts


async def refresh_posts(bot: discord.Client, listing: Listing) -> int:
    """Re-render every mirror of the listing; returns how many messages were updated."""
    embed = await listing_embed(listing)
    updated = 0
    for post in await ListingPost.filter(listing_id=listing.id).order_by("id"):
        if post.message_id is None:
            continue
        try:
            channel = await _channel(bot, post.channel_id)
            await channel.get_partial_message(post.message_id).edit(
                embed=embed, view=listing_view(listing)
            )
            updated += 1
        except Exception:
            log.exception(
                "Listing %s: re-rendering message %s in channel %s failed",
                listing.id,
                post.message_id,
                post.channel_id,
            )
    return updated


async def close_threads(bot: discord.Client, listing: Listing, note: str) -> None:
    """Say why in each thread, then archive and lock it."""
    for post in await ListingPost.filter(listing_id=listing.id).order_by("id"):
        if post.thread_id is None:
            continue
        try:
            thread = await _channel(bot, post.thread_id)
            if isinstance(thread, discord.Thread):
                await thread.send(note)
                await thread.edit(archived=True, locked=True)
        except Exception:
            log.exception("Listing %s: closing thread %s failed", listing.id, post.thread_id)


async def notify_declined(
    bot: discord.Client,
    listing: Listing,
    offers: list[Offer],
    why: str = "the seller cancelled the listing",
    conn: BaseDBAsyncClient | None = None,
) -> int:
    """DM the buyers whose pending offers were declined (the listing was cancelled, or its
    price was cut below their offer); in `conn`'s transaction when given (then each counts
    as told once it commits)."""
    told = 0
    for offer in offers:
        told += await tell(
            bot,
            offer.buyer_id,
            content=f"Your offer of {format_amount(offer.amount)} on listing #{listing.id} "
            f"“{shown_line(listing.title, limit=200)}” was declined: {why}.",
            conn=conn,
        )
    return told
