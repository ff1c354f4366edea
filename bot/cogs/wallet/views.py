"""The signature modal and the button that opens it (survives restarts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.ui.common import IdButton, cog_of
from bot.ui.errors import guarded

if TYPE_CHECKING:
    from bot.cogs.wallet.cog import Wallets

SIGNATURE_INPUT_ID = "wallet_signature"


def _cog(interaction: discord.Interaction[Any]) -> Wallets:
    from bot.cogs.wallet.cog import Wallets

    return cog_of(interaction, Wallets)


class SignatureModal(discord.ui.Modal):
    signature: discord.ui.TextInput[SignatureModal] = discord.ui.TextInput(
        label="Signature (0x…)",
        custom_id=SIGNATURE_INPUT_ID,
        placeholder="0x…",
        min_length=10,
        max_length=200,
    )

    def __init__(self, challenge_id: int) -> None:
        super().__init__(title="Prove your wallet", custom_id=f"wallet:signform:{challenge_id}")
        self.challenge_id = challenge_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(
            interaction,
            lambda: _cog(interaction).finish_link(
                interaction, self.challenge_id, self.signature.value
            ),
        )


class PasteSignatureButton(IdButton, template=r"wallet:sign:(?P<id>[0-9]+)"):
    action = "wallet:sign"
    label = "Paste signature"
    style = discord.ButtonStyle.primary

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_modal(SignatureModal(self.item_id))
