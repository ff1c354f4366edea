"""Dispute views: a confirmation step and a pager, both for the person who asked only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.ui.common import guarded

PageRenderer = Callable[[int], Awaitable[tuple[discord.Embed, int]]]


class _OwnedView(discord.ui.View):
    def __init__(self, user_id: int, *, timeout: float = 300) -> None:
        super().__init__(timeout=timeout)
        self.user_id = user_id

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.user_id:
            await interaction.response.send_message(
                "These buttons are for the moderator who asked.", ephemeral=True
            )
            return False
        return True


class ConfirmDecision(_OwnedView):
    """Confirm before money moves. The action re-checks everything under the lock."""

    def __init__(
        self,
        user_id: int,
        label: str,
        action: Callable[[discord.Interaction[Any]], Awaitable[None]],
    ) -> None:
        super().__init__(user_id)
        self.action = action
        yes: discord.ui.Button[ConfirmDecision] = discord.ui.Button(
            label=label[:80], style=discord.ButtonStyle.danger
        )
        no: discord.ui.Button[ConfirmDecision] = discord.ui.Button(
            label="Cancel", style=discord.ButtonStyle.secondary
        )
        yes.callback = self._yes  # type: ignore[method-assign]
        no.callback = self._no  # type: ignore[method-assign]
        self.add_item(yes)
        self.add_item(no)

    async def _yes(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await guarded(interaction, lambda: self.action(interaction))

    async def _no(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await interaction.response.send_message("Nothing changed.", ephemeral=True)


class Pager(_OwnedView):
    """Previous / Next over pages that `render(page)` draws (0-based)."""

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
