"""Escrow: payment, delivery, confirmation, refunds, payouts and the escrow jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cog import EscrowCog
from .views import CARD_BUTTONS

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot


async def setup(bot: Bloxtr8Bot) -> None:
    bot.add_dynamic_items(*CARD_BUTTONS)
    await bot.add_cog(EscrowCog(bot))
