"""Offers and negotiation: `/offer …`, the Make Offer button, and the DM answer buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.offers.cog import Offers
from bot.cogs.offers.views import (
    AcceptOfferButton,
    CounterOfferButton,
    DeclineOfferButton,
    MakeOfferButton,
)

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

__all__ = ["Offers"]


async def setup(bot: Bloxtr8Bot) -> None:
    bot.add_dynamic_items(
        MakeOfferButton, AcceptOfferButton, CounterOfferButton, DeclineOfferButton
    )
    await bot.add_cog(Offers(bot))
