"""The bot factory: `create_bot(settings)` builds a Bloxtr8Bot; `setup_hook` wires it up.

The bot owns its services and hands them to cogs and views: `bot.rails` (the rail
registry, keyed by `EscrowRail`), `bot.roblox` (the Roblox web API client), `bot.web`
(the web server: webhooks, payment pages, health) and `bot.jobs` (the one runner of
background jobs). No cog builds a service or borrows one from another cog.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import audit_cli, jobs
from bot.config import Settings
from bot.jobs import JobRunner
from bot.outbox import Sender
from bot.rails import Rails
from bot.roblox import RobloxClient
from bot.ui.errors import reply_to_error
from bot.web import WebServer

log = logging.getLogger(__name__)

# Extensions loaded at start-up, in order.
EXTENSIONS: tuple[str, ...] = (
    "bot.cogs.help",
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

AUDIT_SEAL_SECONDS = 5
OUTBOX_SECONDS = 10  # the safety net; rows are normally sent right after their commit


class Bloxtr8Bot(commands.Bot):
    """The Discord client and the services it owns. The state lives in PostgreSQL."""

    rails: Rails
    web: WebServer

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
        audit_cli.configure(settings)  # the audit chain's key and head file, before any seal
        self.roblox = RobloxClient.from_settings(settings)
        self.jobs = JobRunner(self)
        self.outbox = Sender(self)  # the notification outbox (bot/ui/notify.py writes it)
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        self.rails = Rails.from_settings(self.settings)
        self.web = WebServer(self, self.rails.stripe)
        await self.web.start(self.settings.web_host, self.settings.web_port)
        self.jobs.every(AUDIT_SEAL_SECONDS, "audit-seal", jobs.seal_audit)
        self.jobs.every(OUTBOX_SECONDS, "outbox", lambda: jobs.deliver_notifications(self.outbox))
        if self.settings.outbox_listen:
            await self.outbox.listen()
        for name in EXTENSIONS:
            await self.load_extension(name)
        if self.sync_commands:
            synced = await self.tree.sync()
            log.info("Synced %s application commands", len(synced))

    async def close(self) -> None:
        """Stop the jobs, then the web server, then Discord, the Roblox client and rails."""
        await self.jobs.stop()
        await self.outbox.stop()  # the sends in progress finish first
        if hasattr(self, "web"):
            await self.web.stop()
        await super().close()
        await self.roblox.close()
        if hasattr(self, "rails"):
            await self.rails.close()

    def is_staff(self, user: discord.abc.User) -> bool:
        return user.id in self.settings.staff_user_ids

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await reply_to_error(interaction, error)


def create_bot(settings: Settings, *, sync_commands: bool = False) -> Bloxtr8Bot:
    """Build the bot. Settings are passed in, never read at import time."""
    return Bloxtr8Bot(settings, sync_commands=sync_commands)
