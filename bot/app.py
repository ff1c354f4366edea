"""The bot factory: `create_bot(settings)` builds a Bloxtr8Bot; `setup_hook` wires it up.

The bot owns its services and hands them to cogs and views: `bot.rails` (the rail
registry, keyed by `EscrowRail`), `bot.roblox` (the Roblox web API client), `bot.web`
(the web server: webhooks, payment pages, health) and `bot.jobs` (the one runner of
background jobs). No cog builds a service or borrows one from another cog.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import time
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import audit_cli, jobs, metrics
from bot.config import Settings
from bot.jobs import JobRunner
from bot.outbox import Sender
from bot.rails import Rails
from bot.roblox import RobloxClient
from bot.ui.errors import refusal_text, reply_to_error
from bot.ui.retire import retire_now
from bot.web import WebServer
from models import storage
from models.enums import NotificationKind

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
CLOSING_TEXT = "Bloxtr8 is restarting. Nothing was done; try again in a minute."


class Bloxtr8Bot(commands.Bot):
    """The Discord client and the services it owns. The state lives in PostgreSQL."""

    rails: Rails
    web: WebServer

    def __init__(
        self, settings: Settings, *, sync_commands: bool = False, freeze_gc: bool = False
    ) -> None:
        intents = discord.Intents.default()
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            application_id=settings.discord_application_id,  # type: ignore[arg-type]
            shard_count=settings.shard_count,
            **shard_options(settings),
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=True),
        )
        self.settings = settings
        self.sync_commands = sync_commands
        self.freeze_gc = freeze_gc
        audit_cli.configure(settings)  # the audit chain's key and head file, before any seal
        storage.configure(settings.documents_s3)  # contract PDFs, evidence: bucket or folders
        self.roblox = RobloxClient.from_settings(settings)
        self.jobs = JobRunner(self, only=job_names(settings.jobs))
        # The notification outbox (bot/ui/notify.py writes it); the escrow cog adds cards.
        self.outbox = Sender(self, sends=settings.outbox_send)
        self.outbox.handlers[NotificationKind.RETIRE] = functools.partial(retire_now, self)
        self.closing = False  # set by close(): new interactions are turned away
        self._stopped = asyncio.Event()
        self._turned_away: set[asyncio.Task[Any]] = set()
        parsers = self._connection.parsers
        parsers["INTERACTION_CREATE"] = self._unless_closing(parsers["INTERACTION_CREATE"])
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        self.tree.interaction_check = self._note_start  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        self.rails = Rails.from_settings(self.settings)
        self.web = WebServer(self, self.rails.stripe)
        if self.settings.web_enabled:
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
        if self.freeze_gc:
            freeze_startup_objects()

    def _unless_closing(self, parse: Any) -> Any:
        """discord.py's INTERACTION_CREATE parser, except while closing: then a command, a
        button or a form is answered that Bloxtr8 is restarting, and nothing runs."""

        def parse_interaction(data: dict[str, Any]) -> None:
            if not self.closing or data.get("type") not in (2, 3, 5):  # 4: autocomplete
                parse(data)
                return
            interaction = discord.Interaction(data=data, state=self._connection)  # type: ignore[arg-type]
            reply = interaction.response.send_message(CLOSING_TEXT, ephemeral=True)
            task = asyncio.get_running_loop().create_task(reply)
            self._turned_away.add(task)
            task.add_done_callback(self._turned_away.discard)

        return parse_interaction

    async def start_rest_only(self, token: str) -> None:
        """Run without a gateway connection (the web role, job workers): log in to
        Discord's REST API, start the services, and wait until `close()`. No interactions
        arrive here; notifications and cards go out over REST."""
        await self.login(token)
        if hasattr(self, "web"):
            self.web.needs_gateway = False  # /readyz: this process has no gateway to wait for
        self._ready.set()  # the jobs wait for readiness: logging in is all there is
        await self._stopped.wait()

    async def close(self) -> None:
        """Shut down gracefully: turn new interactions away, let the job item and the
        outbox sends in progress finish, then stop the web server, Discord, the Roblox
        client and rails (the caller closes the database pool)."""
        self.closing = True
        await asyncio.gather(self.jobs.stop(), self.outbox.stop())
        if hasattr(self, "web"):
            await self.web.stop()
        await super().close()
        await self.roblox.close()
        if hasattr(self, "rails"):
            await self.rails.close()
        self._stopped.set()

    def is_staff(self, user: discord.abc.User) -> bool:
        return user.id in self.settings.staff_user_ids

    async def _note_start(self, interaction: discord.Interaction[Any]) -> bool:
        """Every application command passes here first: its start, for the latency metric."""
        interaction.extras["started"] = time.perf_counter()
        return True

    async def on_app_command_completion(
        self, interaction: discord.Interaction[Any], command: Any
    ) -> None:
        metrics.command_done(command.qualified_name, "ok", interaction.extras.get("started"))

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        command = interaction.command
        metrics.command_done(
            command.qualified_name if command is not None else "unknown",
            "refused" if refusal_text(error) is not None else "error",
            interaction.extras.get("started"),
        )
        await reply_to_error(interaction, error)


class ShardedBloxtr8Bot(Bloxtr8Bot, commands.AutoShardedBot):
    """The bot running the gateway shards `settings.shard_ids` of `settings.shard_count`
    (Discord routes DMs to shard 0)."""


def shard_options(settings: Settings) -> dict[str, Any]:
    """`shard_ids` for an AutoShardedBot when this process runs some shards only."""
    return {} if settings.shard_ids is None else {"shard_ids": settings.shard_ids}


def job_names(text: str) -> set[str] | None:
    """The `jobs` setting: None for every job, else the names to run ("none": none)."""
    words = {w.strip() for w in text.split(",") if w.strip()}
    if words == {"all"}:
        return None
    return words - {"none"}


def freeze_startup_objects() -> None:
    """Move everything alive after start-up (modules, classes, the cogs, the services: some
    160,000 objects) out of the garbage collector's reach. Python's full collection walks
    every tracked object and holds the event loop meanwhile: over these it took 0.4 s of
    CPU on a loaded 2-core machine (tens of ms are to be expected on a quiet core), and
    every command arriving then waited it out. They live as long as the process, so the
    collector has nothing to find among them."""
    gc.collect()
    gc.freeze()
    log.info("Froze %s start-up objects out of the garbage collector", gc.get_freeze_count())


def create_bot(
    settings: Settings, *, sync_commands: bool = False, freeze_gc: bool = False
) -> Bloxtr8Bot:
    """Build the bot. Settings are passed in, never read at import time. With `freeze_gc`
    (`bloxtr8 run` and the other process roles) the objects alive after `setup_hook` are
    frozen out of the garbage collector (`freeze_startup_objects`)."""
    if settings.discord_api_base:
        from discord.http import Route

        Route.BASE = settings.discord_api_base.rstrip("/") + "/api/v10"
    if settings.shard_ids is not None:
        return ShardedBloxtr8Bot(settings, sync_commands=sync_commands, freeze_gc=freeze_gc)
    return Bloxtr8Bot(settings, sync_commands=sync_commands, freeze_gc=freeze_gc)
