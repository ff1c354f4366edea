"""Escrow buttons: restart-safe DynamicItems, the dispute form, the payment link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.ui.common import IdButton, cog_of
from bot.ui.errors import guarded

if TYPE_CHECKING:
    from bot.cogs.escrow.cog import EscrowCog

NOT_YOURS = "This isn't your escrow."


def _cog(interaction: discord.Interaction[Any]) -> EscrowCog:
    from bot.cogs.escrow.cog import EscrowCog

    return cog_of(interaction, EscrowCog)


class ConfirmDeliveryButton(IdButton, template=r"escrow:confirm:(?P<id>[0-9]+)"):
    action = "escrow:confirm"
    label = "Confirm delivery"
    style = discord.ButtonStyle.success

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, lambda: _cog(interaction).ask_confirm(interaction, self.item_id))


class OpenDisputeButton(IdButton, template=r"escrow:dispute:(?P<id>[0-9]+)"):
    action = "escrow:dispute"
    label = "Open dispute"
    style = discord.ButtonStyle.danger

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            await _cog(interaction).check_can_dispute(interaction, self.item_id)
            await interaction.response.send_modal(DisputeModal(self.item_id))

        await guarded(interaction, run)


class DisputeModal(discord.ui.Modal):
    reason: discord.ui.TextInput[DisputeModal] = discord.ui.TextInput(
        label="What went wrong?",
        custom_id="dispute_reason",
        style=discord.TextStyle.paragraph,
        max_length=1000,
    )

    def __init__(self, escrow_id: int) -> None:
        super().__init__(
            title=f"Dispute escrow #{escrow_id}"[:45], custom_id=f"escrow:dm:{escrow_id}"
        )
        self.item_id = escrow_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(
            interaction,
            lambda: _cog(interaction).dispute(interaction, self.item_id, self.reason.value),
        )


class MarkDeliveredButton(IdButton, template=r"escrow:deliver:(?P<id>[0-9]+)"):
    action = "escrow:deliver"
    label = "Mark delivered"
    style = discord.ButtonStyle.success

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            await _cog(interaction).check_can_deliver(interaction, self.item_id)
            await interaction.response.send_modal(DeliveredModal(self.item_id))

        await guarded(interaction, run)


class DeliveredModal(discord.ui.Modal):
    evidence: discord.ui.TextInput[DeliveredModal] = discord.ui.TextInput(
        label="What did you hand over, and how?",
        custom_id="delivery_evidence",
        placeholder="e.g. transferred group ownership to buyer123",
        style=discord.TextStyle.paragraph,
        max_length=1000,
    )

    def __init__(self, escrow_id: int) -> None:
        super().__init__(
            title=f"Mark trade {escrow_id} delivered"[:45], custom_id=f"escrow:dv:{escrow_id}"
        )
        self.item_id = escrow_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(
            interaction,
            lambda: _cog(interaction).deliver_flow(interaction, self.item_id, self.evidence.value),
        )


class CancelEscrowButton(IdButton, template=r"escrow:cancel:(?P<id>[0-9]+)"):
    action = "escrow:cancel"
    label = "Cancel trade"
    style = discord.ButtonStyle.secondary

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, lambda: _cog(interaction).ask_cancel(interaction, self.item_id))


class RefundEscrowButton(IdButton, template=r"escrow:refund:(?P<id>[0-9]+)"):
    action = "escrow:refund"
    label = "Refund the buyer"
    style = discord.ButtonStyle.secondary

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, lambda: _cog(interaction).ask_refund(interaction, self.item_id))


CARD_BUTTONS = (
    ConfirmDeliveryButton,
    OpenDisputeButton,
    MarkDeliveredButton,
    CancelEscrowButton,
    RefundEscrowButton,
)


def pay_view(url: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Pay into escrow", url=url))
    return view
