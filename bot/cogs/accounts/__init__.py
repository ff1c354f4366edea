"""Accounts: sign-up, Roblox linking, profiles and staff verification."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.accounts.cog import Accounts
from bot.cogs.accounts.views import TermsButton, VerifyButton

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

__all__ = ["Accounts", "TermsButton", "VerifyButton", "setup"]


async def setup(bot: Bloxtr8Bot) -> None:
    bot.add_dynamic_items(TermsButton, VerifyButton)
    await bot.add_cog(Accounts(bot))
