"""Listings: `/listing …`, the listing posts in price-range channels, the Details button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.listings.cog import Listings
from bot.cogs.listings.views import ListingDetailsButton, PickListingSelect

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

__all__ = ["Listings"]


async def setup(bot: Bloxtr8Bot) -> None:
    bot.add_dynamic_items(ListingDetailsButton, PickListingSelect)
    await bot.add_cog(Listings(bot))
