"""The bot factory: `create_bot(settings)` builds a Bloxtr8Bot; `setup_hook` wires it up."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import Settings
from bot.roblox import RobloxClient
from models.errors import DomainError
from models.roblox_api import RobloxError

log = logging.getLogger(__name__)

# Extensions loaded at start-up, in order.
EXTENSIONS: tuple[str, ...] = (
    "bot.cogs.help",
    "bot.cogs.maintenance",
    "bot.cogs.accounts",
    "bot.cogs.guild_admin",
    "bot.cogs.listings",
    "bot.cogs.offers",
    "bot.cogs.contracts",
    "bot.cogs.escrow",
    "bot.cogs.disputes",
    "bot.cogs.audit",
    "bot.cogs.wallet",
)


class Bloxtr8Bot(commands.Bot):
    """The Discord client. Holds the settings; the state lives in PostgreSQL."""

    def __init__(self, settings: Settings, *, sync_commands: bool = False) -> None:
        intents = discord.Intents.default()
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            application_id=settings.discord_application_id,  # type: ignore[arg-type]
            shard_count=settings.shard_count,
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=True),
        )
        self.settings = settings
        self.sync_commands = sync_commands
        self.roblox = RobloxClient.from_settings(settings)
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        for name in EXTENSIONS:
            await self.load_extension(name)
        if self.sync_commands:
            synced = await self.tree.sync()
            log.info("Synced %s application commands", len(synced))

    async def close(self) -> None:
        await super().close()
        await self.roblox.close()

    def is_staff(self, user: discord.abc.User) -> bool:
        return user.id in self.settings.staff_user_ids

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """The one place where errors become replies: plain words, always ephemeral."""
        original = getattr(error, "original", error)
        if isinstance(original, DomainError):
            message = original.message
        elif isinstance(original, RobloxError):
            message = str(original)
        elif isinstance(error, app_commands.MissingPermissions):
            missing = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
            message = f"You need the {missing} permission to do that."
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = "That command only works in a server."
        elif isinstance(error, app_commands.CommandOnCooldown):
            message = f"Slow down a little: try again in {error.retry_after:.0f} s."
        elif isinstance(error, app_commands.CheckFailure):
            message = "You can't use that command here."
        else:
            ref = secrets.token_hex(4)
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error(
                "Unexpected error (ref %s) in /%s, guild %s, user %s, interaction %s",
                ref,
                command,
                interaction.guild_id,
                interaction.user.id,
                interaction.id,
                exc_info=original,
            )
            message = f"Something went wrong on our side (ref `{ref}`). Please try again."
        await send_ephemeral(interaction, message)


async def send_ephemeral(interaction: discord.Interaction[Any], message: str) -> None:
    """Reply ephemerally whether or not the interaction was already acknowledged."""
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True)
    else:
        await interaction.response.send_message(message, ephemeral=True)


def create_bot(settings: Settings, *, sync_commands: bool = False) -> Bloxtr8Bot:
    """Build the bot. Settings are passed in, never read at import time."""
    return Bloxtr8Bot(settings, sync_commands=sync_commands)
