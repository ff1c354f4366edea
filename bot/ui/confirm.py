"""The one confirmation step: ask before anything irreversible, run it on the click.

    await confirm(interaction, "Refund escrow #7?", yes="Yes, refund", action=go)

sends the question ephemerally with two buttons that only the asker may press. **Yes**
runs `action(confirming_interaction)`, so the money moves on the click itself and its
refusals become replies to that click; **no** changes nothing and says so.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.ui.common import OwnedView

Action = Callable[[discord.Interaction[Any]], Awaitable[None]]


class ConfirmView(OwnedView):
    """Yes / no for one person; `action` re-checks everything under its own locks."""

    def __init__(
        self,
        owner_id: int,
        *,
        yes: str,
        action: Action,
        no: str = "Cancel",
        declined: str = "Nothing changed.",
        not_yours: str = OwnedView.not_yours,
    ) -> None:
        super().__init__(owner_id, not_yours=not_yours)
        self.action = action
        self.declined = declined
        yes_button: discord.ui.Button[ConfirmView] = discord.ui.Button(
            label=yes[:80], style=discord.ButtonStyle.danger
        )
        no_button: discord.ui.Button[ConfirmView] = discord.ui.Button(
            label=no[:80], style=discord.ButtonStyle.secondary
        )
        yes_button.callback = self._yes  # type: ignore[method-assign]
        no_button.callback = self._no  # type: ignore[method-assign]
        self.add_item(yes_button)
        self.add_item(no_button)

    async def _yes(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await self.action(interaction)  # errors: the one mapper, through `on_error`

    async def _no(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(content=self.declined, view=None)


async def confirm(
    interaction: discord.Interaction[Any], question: str, *, action: Action, **words: str
) -> None:
    """Ask `question` (ephemerally) with Yes/No buttons for the person who asked; `words`
    are ConfirmView's `yes`, `no`, `declined` and `not_yours`."""
    view = ConfirmView(interaction.user.id, action=action, **words)
    if interaction.response.is_done():
        await interaction.followup.send(question, view=view, ephemeral=True)
    else:
        await interaction.response.send_message(question, view=view, ephemeral=True)
