"""Disputes: parties open them, moderators review, decide and move the money."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cog import DisputesCog
from .views import CASE_BUTTONS, PickDisputeSelect

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot


async def setup(bot: Bloxtr8Bot) -> None:
    await bot.add_cog(DisputesCog(bot))
    bot.add_dynamic_items(*CASE_BUTTONS, PickDisputeSelect)
