"""Telling people things outside an interaction: DM a user, post in a channel.

`tell` is the one way to reach a party: a DM, and when their DMs are closed a mention in
the listing's thread (with words that keep the DM's private content private). `post`
sends to a channel or thread by id; `alert_moderators` posts in a guild's disputes channel.
Every helper returns whether it got through and never raises for a Discord refusal.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from models.listing import Listing

log = logging.getLogger(__name__)


async def dm(
    client: discord.Client,
    discord_id: int,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> bool:
    """Send a direct message; False (and a log line) when the user's DMs are closed."""
    message: dict[str, Any] = {"content": content, "embed": embed, "view": view, "file": file}
    try:
        channel = await client.create_dm(discord.Object(id=discord_id))
        await channel.send(**{k: v for k, v in message.items() if v is not None})
    except discord.HTTPException as exc:
        log.info("Could not DM user %s (%s)", discord_id, exc.status)
        return False
    return True


async def post(
    client: discord.Client,
    channel_id: int,
    content: str | None = None,
    *,
    mentions: discord.AllowedMentions | None = None,
    **message: Any,
) -> bool:
    """Send to a channel or thread by id (nobody is pinged unless `mentions` says so)."""
    try:
        channel = client.get_channel(channel_id) or await client.fetch_channel(channel_id)
        await channel.send(  # type: ignore[union-attr]
            content,
            allowed_mentions=mentions or discord.AllowedMentions.none(),
            **{k: v for k, v in message.items() if v is not None},
        )
    except (discord.HTTPException, AttributeError) as exc:
        log.warning("Could not post in channel %s (%s)", channel_id, exc)
        return False
    return True


async def tell(
    client: discord.Client,
    user_id: int,
    listing: Listing | None = None,
    *,
    thread_text: str | None = None,
    thread_view: discord.ui.View | None = None,
    **message: Any,
) -> bool:
    """DM a user (by `users.id`). When their DMs are closed and `thread_text` is given,
    mention them in the listing's thread with it (never the DM's content). False if
    neither worked."""
    from models.user import User

    user = await User.get_or_none(id=user_id)
    if user is None:
        return False
    if await dm(client, user.discord_id, **message):
        return True
    if thread_text is None:
        return False
    thread_id = await listing.home_thread_id() if listing is not None else None
    if thread_id is None:
        log.info("No thread to reach user %s (DMs closed)", user.discord_id)
        return False
    return await post(
        client,
        thread_id,
        f"<@{user.discord_id}>, {thread_text}",
        mentions=discord.AllowedMentions(
            everyone=False, roles=False, users=[discord.Object(id=user.discord_id)]
        ),
        view=thread_view,
    )


async def alert_moderators(client: discord.Client, guild_id: int | None, text: str) -> bool:
    """Post in the guild's disputes channel, mentioning its moderator role."""
    from models.enums import ChannelKind
    from models.guild import Guild, MarketplaceChannel

    if guild_id is None:
        log.warning("%s (no guild to alert)", text)
        return False
    settings = await (await Guild.get(id=guild_id)).get_settings()
    row = await MarketplaceChannel.get_or_none(guild_id=guild_id, kind=ChannelKind.DISPUTES)
    channel = client.get_channel(row.channel_id) if row else None
    if not isinstance(channel, discord.TextChannel):
        log.warning("%s (no disputes channel in guild %s)", text, guild_id)
        return False
    role = f"<@&{settings.moderator_role_id}> " if settings.moderator_role_id else ""
    return await post(
        client,
        channel.id,
        role + text,
        mentions=discord.AllowedMentions(roles=True, users=False, everyone=False),
    )
