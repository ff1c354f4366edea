"""Gateway events fed straight into a bot, as discord.py's websocket hands them over.

With the bot's HTTP client pointed at the REST stand-in (tests/fakes/discord_api.py,
setting `DISCORD_API_BASE`), this runs the real bot without a gateway connection:
`Gateway.connect` sends READY and a GUILD_CREATE for each guild (so discord.py's cache
holds the guild, its @everyone role and channel as in production), and `Gateway.command`
builds an INTERACTION_CREATE payload in Discord's shape (member with roles and
permissions, guild_id, channel, data with options, token, application_id) that
`Gateway.feed` passes to the parser the websocket calls (`bot._connection.parsers`). The
member's answer is what the stand-in receives for the interaction's token: `Gateway.ask`
returns it with the time from feeding to receipt.

Unlike simcord this does not wait for the bot to settle between operations, so many
members can issue commands at once.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

import discord
from discord.ext import commands

from tests.fakes.discord_api import BOT_USER, DiscordApiProcess, FakeDiscordApi, Reply

JOINED = "2026-01-01T00:00:00.000000+00:00"
# What a member of a plain server may do: view, send, embed, read history, use commands.
MEMBER_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    use_application_commands=True,
    send_messages_in_threads=True,
    create_public_threads=True,
)
BOT_PERMISSIONS = MEMBER_PERMISSIONS | discord.Permissions(
    manage_threads=True, manage_messages=True, create_private_threads=True
)
OPTION_TYPES = {bool: 5, int: 4, float: 10, str: 3}  # Discord's option types
BOT_ID = int(str(BOT_USER["id"]))


@dataclass(frozen=True)
class Place:
    """A guild and the text channel where members issue commands."""

    guild_id: int
    channel_id: int
    name: str = "Market"


def user_payload(user_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "public_flags": 0,
    }


def member_payload(user_id: int, name: str, roles: list[int] | None = None) -> dict[str, Any]:
    return {
        "user": user_payload(user_id, name),
        "roles": [str(r) for r in roles or []],
        "nick": None,
        "avatar": None,
        "joined_at": JOINED,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }


def channel_payload(place: Place) -> dict[str, Any]:
    return {
        "id": str(place.channel_id),
        "type": 0,
        "guild_id": str(place.guild_id),
        "name": "market",
        "position": 0,
        "permission_overwrites": [],
        "parent_id": None,
        "nsfw": False,
        "topic": None,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "flags": 0,
    }


def guild_create_payload(place: Place, bot_id: int, *, members: int = 100) -> dict[str, Any]:
    """A GUILD_CREATE as Discord sends it to a bot without the members intent."""
    everyone = {
        "id": str(place.guild_id),
        "name": "@everyone",
        "permissions": str(MEMBER_PERMISSIONS.value),
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    return {
        "id": str(place.guild_id),
        "name": place.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(place.guild_id + 1),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "roles": [everyone],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "joined_at": JOINED,
        "large": members > 250,
        "unavailable": False,
        "member_count": members,
        "voice_states": [],
        "members": [member_payload(bot_id, str(BOT_USER["username"]))],
        "channels": [channel_payload(place)],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


class Gateway:
    """Feeds READY, GUILD_CREATE and INTERACTION_CREATE into `bot` (logged in to `api`)."""

    def __init__(self, bot: commands.Bot, api: FakeDiscordApi | DiscordApiProcess) -> None:
        self.bot = bot
        self.api = api
        self.application_id = bot.application_id or BOT_ID
        self._ids = itertools.count()

    def snowflake(self) -> int:
        """A fresh id dated now, as Discord's are (discord.py reads the time from it)."""
        return discord.utils.time_snowflake(discord.utils.utcnow()) + next(self._ids) % 4096

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.bot._connection.parsers[event](data)

    async def connect(self, places: list[Place]) -> None:
        """READY (guilds unavailable), then each guild's GUILD_CREATE; returns when the bot
        is ready (discord.py waits `guild_ready_timeout` after the last guild)."""
        self.dispatch(
            "READY",
            {
                "v": 10,
                "user": {**BOT_USER, "global_name": None, "flags": 0, "verified": True},
                "guilds": [{"id": str(p.guild_id), "unavailable": True} for p in places],
                "session_id": "stand-in-session",
                "resume_gateway_url": "wss://gateway.invalid",
                "application": {"id": str(self.application_id), "flags": 0},
            },
        )
        for place in places:
            self.dispatch("GUILD_CREATE", guild_create_payload(place, BOT_ID))
        await self.bot.wait_until_ready()

    def command(
        self,
        place: Place,
        user_id: int,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        member_name: str | None = None,
    ) -> dict[str, Any]:
        """An APPLICATION_COMMAND interaction from a member in `place`'s channel. `name`
        is the command as typed ("listing view"); `options` its values (None left out)."""
        words = name.split()
        given = [
            {"name": key, "type": OPTION_TYPES[type(value)], "value": value}
            for key, value in (options or {}).items()
            if value is not None
        ]
        for sub in reversed(words[1:]):  # subcommand (type 1) options nest under their group
            given = [{"name": sub, "type": 1, "options": given}]
        interaction_id = self.snowflake()
        member = member_payload(user_id, member_name or f"member{user_id % 100_000}")
        member["permissions"] = str(MEMBER_PERMISSIONS.value)
        channel = channel_payload(place)
        channel["permissions"] = str(MEMBER_PERMISSIONS.value)
        return {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": 2,
            "data": {"id": str(self.application_id + 1), "name": words[0], "type": 1}
            | ({"options": given} if given else {}),
            "guild_id": str(place.guild_id),
            "channel_id": str(place.channel_id),
            "channel": channel,
            "member": member,
            "token": f"tok-{interaction_id}",
            "version": 1,
            "app_permissions": str(BOT_PERMISSIONS.value),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(place.guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    async def ask(self, payload: dict[str, Any], *, within: float = 30.0) -> tuple[Reply, float]:
        """Feed the interaction; the answer the member sees and the seconds it took."""
        start = time.perf_counter()
        self.dispatch("INTERACTION_CREATE", payload)
        reply = await self.api.shown_reply(payload["token"], within=within)
        return reply, reply.at - start
