"""What a process that runs some gateway shards only (`bloxtr8 run --shards`) knows.

Discord sends a guild's events only to the shard `(guild_id >> 22) % shard_count`, so a
process caches only the guilds (and their channels, members, roles) of the shards it
runs. A guild missing from the cache is gone only when its shard runs here; otherwise
it lives on another process and is reached through Discord's REST API, as a process with
no gateway (web, worker) reaches every guild.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

log = logging.getLogger(__name__)


def shard_of(client: discord.Client, guild_id: int) -> int:
    """The shard that receives this guild's events (0 with one shard)."""
    count = client.shard_count or 1
    return (guild_id >> 22) % count


def serves_guild(client: discord.Client, guild_id: int) -> bool:
    """Whether this process receives the guild's gateway events (it runs the guild's
    shard); False in a process with no gateway."""
    if not client.is_ready():
        return False
    if isinstance(client, discord.AutoShardedClient):
        return client.shard_ids is None or shard_of(client, guild_id) in client.shard_ids
    return client.ws is not None  # None: logged in to the REST API only


def left_guild(client: discord.Client, guild_id: int) -> bool:
    """The bot is not in this guild: not cached although its shard runs here."""
    return client.get_guild(guild_id) is None and serves_guild(client, guild_id)


async def guild_by_id(client: discord.Client, guild_id: int) -> discord.Guild | None:
    """The guild from the cache, else (another process's shard) from the REST API, with
    its roles; None when the bot is not in it."""
    guild = client.get_guild(guild_id)
    if guild is not None or serves_guild(client, guild_id):
        return guild
    try:
        return await client.fetch_guild(guild_id)
    except discord.HTTPException as exc:
        log.info("Guild %s not reachable (%s)", guild_id, exc.status)
        return None


async def channel_by_id(client: discord.Client, channel_id: int) -> Any:
    """A channel or thread from the cache, else from the REST API (a guild on another
    process's shard); None when Discord refuses it (gone, or no access)."""
    channel = client.get_channel(channel_id)
    if channel is not None:
        return channel
    try:
        return await client.fetch_channel(channel_id)
    except discord.HTTPException as exc:
        log.info("Channel %s not reachable (%s)", channel_id, exc.status)
        return None
