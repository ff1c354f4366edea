"""Housekeeping loops that keep the platform's records in order."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from discord.ext import commands, tasks

from models.audit import seal_pending

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

log = logging.getLogger(__name__)


class Maintenance(commands.Cog):
    """Seals new audit rows into the hash chain a few seconds after they are written.

    Safe with several bot processes: `seal_pending` takes a PostgreSQL advisory lock, so
    one sealer works at a time and the others return at once.
    """

    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.seal_audit.start()

    async def cog_unload(self) -> None:
        self.seal_audit.cancel()

    @tasks.loop(seconds=5)
    async def seal_audit(self) -> None:
        sealed = await seal_pending()
        if sealed:
            log.debug("Sealed %s audit rows", sealed)

    @seal_audit.error
    async def _seal_failed(self, error: BaseException) -> None:
        log.exception("Audit sealing failed; retrying on the next tick", exc_info=error)
        self.seal_audit.restart()


async def setup(bot: Bloxtr8Bot) -> None:
    await bot.add_cog(Maintenance(bot))
