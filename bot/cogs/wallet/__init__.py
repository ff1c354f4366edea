"""Wallets: `/wallet link|view|unlink` (a USDC wallet proved by a signed message)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.wallet.cog import Wallets
from bot.cogs.wallet.views import PasteSignatureButton

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

__all__ = ["PasteSignatureButton", "Wallets", "setup"]


async def setup(bot: Bloxtr8Bot) -> None:
    bot.add_dynamic_items(PasteSignatureButton)
    await bot.add_cog(Wallets(bot))
