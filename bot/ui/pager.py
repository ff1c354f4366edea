"""The one pager: Previous / Next over pages that `render(page)` draws, for the asker only.

`render(page)` (0-based) returns the page's embed and whether a next page exists, so a
list can be pre-rendered (`static_pages`), counted, or fetched one page ahead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from bot.ui.common import OwnedView

Render = Callable[[int], Awaitable[tuple[discord.Embed, bool]]]
# Items shown under page `page` after it was rendered (e.g. a select to open one row).
Extra = Callable[[int], Sequence[discord.ui.Item[Any]]]


def static_pages(embeds: Sequence[discord.Embed]) -> Render:
    """A `Render` over embeds drawn up front."""

    async def render(page: int) -> tuple[discord.Embed, bool]:
        index = max(0, min(page, len(embeds) - 1))
        return embeds[index], index < len(embeds) - 1

    return render


class Pager(OwnedView):
    def __init__(
        self,
        owner_id: int,
        render: Render,
        page: int,
        has_next: bool,
        *,
        not_yours: str,
        extra: Extra | None = None,
    ) -> None:
        super().__init__(owner_id, timeout=600, not_yours=not_yours)
        self.render = render
        self.page = page
        self.below = extra
        self.extras: list[discord.ui.Item[Any]] = []
        self.previous: discord.ui.Button[Pager] = discord.ui.Button(label="Previous")
        self.next: discord.ui.Button[Pager] = discord.ui.Button(label="Next")
        self.previous.callback = self._previous  # type: ignore[method-assign]
        self.next.callback = self._next  # type: ignore[method-assign]
        self.add_item(self.previous)
        self.add_item(self.next)
        self._sync(has_next)

    def _sync(self, has_next: bool) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = not has_next
        for item in self.extras:
            self.remove_item(item)
        self.extras = list(self.below(self.page)) if self.below else []
        for item in self.extras:
            self.add_item(item)

    async def _previous(self, interaction: discord.Interaction[Any]) -> None:
        await self._go(interaction, self.page - 1)

    async def _next(self, interaction: discord.Interaction[Any]) -> None:
        await self._go(interaction, self.page + 1)

    async def _go(self, interaction: discord.Interaction[Any], page: int) -> None:
        self.page = max(0, page)
        embed, has_next = await self.render(self.page)
        self._sync(has_next)
        await interaction.response.edit_message(embed=embed, view=self)


async def send_paged(
    interaction: discord.Interaction[Any],
    render: Render,
    page: int = 0,
    *,
    not_yours: str = "This list isn't yours.",
    extra: Extra | None = None,
) -> None:
    """Reply ephemerally with page `page`, and Previous/Next when there is more than one;
    `extra(page)` adds items under the page (a select to open one of its rows)."""
    embed, has_next = await render(page)
    message: dict[str, Any] = {"embed": embed, "ephemeral": True}
    if page > 0 or has_next or (extra and extra(page)):
        message["view"] = Pager(
            interaction.user.id, render, page, has_next, not_yours=not_yours, extra=extra
        )
    if interaction.response.is_done():
        await interaction.followup.send(**message)
    else:
        await interaction.response.send_message(**message)
