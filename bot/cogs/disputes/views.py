"""Dispute views: a confirmation step and a pager, both for the person who asked only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.ui.common import ConfirmView, OwnedView, guarded

_FOR_THE_MODERATOR = "These buttons are for the moderator who asked."
PageRenderer = Callable[[int], Awaitable[tuple[discord.Embed, int]]]


class ConfirmDecision(ConfirmView):
    """Confirm before money moves. The action re-checks everything under the lock."""

    not_yours = _FOR_THE_MODERATOR


class Pager(OwnedView):
    """Previous / Next over pages that `render(page)` draws (0-based)."""

    not_yours = _FOR_THE_MODERATOR

    def __init__(self, user_id: int, render: PageRenderer, page: int, pages: int) -> None:
        super().__init__(user_id)
        self.render = render
        self.page = page
        self.pages = pages
        self.previous: discord.ui.Button[Pager] = discord.ui.Button(label="Previous")
        self.next: discord.ui.Button[Pager] = discord.ui.Button(label="Next")
        self.previous.callback = self._previous  # type: ignore[method-assign]
        self.next.callback = self._next  # type: ignore[method-assign]
        self.add_item(self.previous)
        self.add_item(self.next)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def _previous(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, lambda: self._go(interaction, self.page - 1))

    async def _next(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, lambda: self._go(interaction, self.page + 1))

    async def _go(self, interaction: discord.Interaction[Any], page: int) -> None:
        embed, pages = await self.render(max(0, page))
        self.page, self.pages = max(0, min(page, pages - 1)), pages
        self._sync_buttons()
        await interaction.response.edit_message(embed=embed, view=self)


async def send_paged(
    interaction: discord.Interaction[Any], render: PageRenderer, page: int = 0
) -> None:
    """Reply with page `page` and Previous/Next buttons when there is more than one."""
    embed, pages = await render(page)
    kwargs: dict[str, Any] = {"embed": embed, "ephemeral": True}
    if pages > 1:
        kwargs["view"] = Pager(interaction.user.id, render, page, pages)
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)
