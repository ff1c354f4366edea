"""Placeholder: filled in by the listings work."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot


async def setup(bot: Bloxtr8Bot) -> None:
    pass
