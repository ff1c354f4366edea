"""Buttons and modals. Restart-safe buttons are DynamicItems whose custom_id carries the id."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.ui.common import cog_of, id_button
from bot.ui.errors import guarded
from models.errors import DomainError

if TYPE_CHECKING:
    from bot.cogs.offers.cog import Offers

log = logging.getLogger(__name__)


def _cog(interaction: discord.Interaction[Any]) -> Offers:
    from bot.cogs.offers.cog import Offers

    return cog_of(interaction, Offers)


# --------------------------------------------------------------------------- modals


class MakeOfferModal(discord.ui.Modal):
    amount: discord.ui.TextInput[MakeOfferModal] = discord.ui.TextInput(
        label="Amount (USD)",
        custom_id="offer_amount",
        placeholder="e.g. 1,250.50",
        max_length=32,
    )
    conditions: discord.ui.TextInput[MakeOfferModal] = discord.ui.TextInput(
        label="Conditions (optional)",
        custom_id="offer_conditions",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=1000,
    )
    expires_in_hours: discord.ui.TextInput[MakeOfferModal] = discord.ui.TextInput(
        label="Expires in hours (1-168, optional)",
        custom_id="offer_expires_in_hours",
        required=False,
        max_length=4,
    )

    def __init__(self, listing_id: int, title: str) -> None:
        super().__init__(
            title=f"Offer on #{listing_id} {title}"[:45], custom_id=f"offer:modal:{listing_id}"
        )
        self.listing_id = listing_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            hours = parse_hours(self.expires_in_hours.value)
            await _cog(interaction).make_offer(
                interaction,
                self.listing_id,
                self.amount.value,
                self.conditions.value or None,
                hours,
            )

        await guarded(interaction, run)


class CounterOfferModal(discord.ui.Modal):
    amount: discord.ui.TextInput[CounterOfferModal] = discord.ui.TextInput(
        label="Counter amount (USD)",
        custom_id="counter_amount",
        placeholder="e.g. 1,250.50",
        max_length=32,
    )
    conditions: discord.ui.TextInput[CounterOfferModal] = discord.ui.TextInput(
        label="Conditions (optional)",
        custom_id="counter_conditions",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=1000,
    )

    def __init__(self, offer_id: int) -> None:
        super().__init__(
            title=f"Counter offer #{offer_id}"[:45], custom_id=f"offer:cmodal:{offer_id}"
        )
        self.offer_id = offer_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            await _cog(interaction).counter_offer(
                interaction, self.offer_id, self.amount.value, self.conditions.value or None
            )

        await guarded(interaction, run)


def parse_hours(text: str | None) -> int | None:
    raw = (text or "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]{1,4}", raw):
        raise DomainError(
            "The expiry must be a whole number of hours between 1 and 168, for example `72`."
        )
    return int(raw)


# --------------------------------------------------------------------------- buttons


async def _make_offer(interaction: discord.Interaction[Any], listing_id: int) -> None:
    listing = await _cog(interaction).check_can_offer(interaction, listing_id)
    await interaction.response.send_modal(MakeOfferModal(listing.id, listing.title))


async def _counter(interaction: discord.Interaction[Any], offer_id: int) -> None:
    await _cog(interaction).check_can_counter(interaction, offer_id)
    await interaction.response.send_modal(CounterOfferModal(offer_id))


MakeOfferButton = id_button(
    "listing:offer",
    "Make Offer",
    discord.ButtonStyle.primary,
    _make_offer,
    name="MakeOfferButton",
    doc="The listing embed's **Make Offer** button (posted by the listings cog).",
)
AcceptOfferButton = id_button(
    "offer:accept",
    "Accept",
    discord.ButtonStyle.success,
    lambda i, offer_id: _cog(i).accept_offer(i, offer_id),
    name="AcceptOfferButton",
)
CounterOfferButton = id_button(
    "offer:counter", "Counter", discord.ButtonStyle.primary, _counter, name="CounterOfferButton"
)
DeclineOfferButton = id_button(
    "offer:decline",
    "Decline",
    discord.ButtonStyle.danger,
    lambda i, offer_id: _cog(i).decline_offer(i, offer_id),
    name="DeclineOfferButton",
)


def answer_view(offer_id: int) -> discord.ui.View:
    """Accept / Counter / Decline for one offer; they keep working after a restart."""
    view = discord.ui.View(timeout=None)
    view.add_item(AcceptOfferButton(offer_id))
    view.add_item(CounterOfferButton(offer_id))
    view.add_item(DeclineOfferButton(offer_id))
    return view
