"""Trade contracts: the PDF for an accepted offer, signing in Discord, `/contract …`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.contracts.cog import Contracts
from bot.cogs.contracts.views import SignContractButton, VoidContractButton

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

__all__ = ["Contracts"]


async def setup(bot: Bloxtr8Bot) -> None:
    bot.add_dynamic_items(SignContractButton, VoidContractButton)
    await bot.add_cog(Contracts(bot))
