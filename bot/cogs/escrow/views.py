"""Escrow buttons: restart-safe DynamicItems, the dispute form, the payment link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.ui.common import cog_of, id_button
from bot.ui.errors import guarded

if TYPE_CHECKING:
    from bot.cogs.escrow.cog import EscrowCog

NOT_YOURS = "This isn't your escrow."


def _cog(interaction: discord.Interaction[Any]) -> EscrowCog:
    from bot.cogs.escrow.cog import EscrowCog

    return cog_of(interaction, EscrowCog)


async def _open_dispute(interaction: discord.Interaction[Any], escrow_id: int) -> None:
    await _cog(interaction).check_can_dispute(interaction, escrow_id)
    await interaction.response.send_modal(DisputeModal(escrow_id))


async def _mark_delivered(interaction: discord.Interaction[Any], escrow_id: int) -> None:
    await _cog(interaction).check_can_deliver(interaction, escrow_id)
    await interaction.response.send_modal(DeliveredModal(escrow_id))


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


ConfirmDeliveryButton = id_button(
    "escrow:confirm",
    "Confirm delivery",
    discord.ButtonStyle.success,
    lambda i, escrow_id: _cog(i).ask_confirm(i, escrow_id),
    name="ConfirmDeliveryButton",
)
OpenDisputeButton = id_button(
    "escrow:dispute",
    "Open dispute",
    discord.ButtonStyle.danger,
    _open_dispute,
    name="OpenDisputeButton",
)
MarkDeliveredButton = id_button(
    "escrow:deliver",
    "Mark delivered",
    discord.ButtonStyle.success,
    _mark_delivered,
    name="MarkDeliveredButton",
)
CancelEscrowButton = id_button(
    "escrow:cancel",
    "Cancel trade",
    discord.ButtonStyle.secondary,
    lambda i, escrow_id: _cog(i).ask_cancel(i, escrow_id),
    name="CancelEscrowButton",
)
RefundEscrowButton = id_button(
    "escrow:refund",
    "Refund the buyer",
    discord.ButtonStyle.secondary,
    lambda i, escrow_id: _cog(i).ask_refund(i, escrow_id),
    name="RefundEscrowButton",
)

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
