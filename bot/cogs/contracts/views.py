"""Sign / Void buttons (restart-safe DynamicItems) and the signing and voiding forms."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.ui.common import cog_of, id_button
from bot.ui.errors import guarded

if TYPE_CHECKING:
    from bot.cogs.contracts.cog import Contracts

log = logging.getLogger(__name__)

SIGN_INPUT_ID = "contract_sign_phrase"
VOID_INPUT_ID = "contract_void_reason"


def _cog(interaction: discord.Interaction[Any]) -> Contracts:
    from bot.cogs.contracts.cog import Contracts

    return cog_of(interaction, Contracts)


# --------------------------------------------------------------------------- modals


class SignContractModal(discord.ui.Modal):
    """Type I AGREE to sign. Remembers the file shown, so changed terms are not signed."""

    phrase: discord.ui.TextInput[SignContractModal] = discord.ui.TextInput(
        label="Type I AGREE to sign",
        custom_id=SIGN_INPUT_ID,
        placeholder="I AGREE",
        max_length=20,
    )

    def __init__(self, contract_id: int, sha256: str | None) -> None:
        super().__init__(
            title=f"Sign contract #{contract_id}"[:45],
            custom_id=f"contract:signform:{contract_id}",
        )
        self.contract_id = contract_id
        self.sha256 = sha256

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(
            interaction,
            lambda: _cog(interaction).finish_signing(
                interaction, self.contract_id, self.phrase.value, self.sha256
            ),
        )


class VoidContractModal(discord.ui.Modal):
    """The confirmation before voiding, with an optional reason for the other party."""

    reason: discord.ui.TextInput[VoidContractModal] = discord.ui.TextInput(
        label="Why? (optional, shown to the other party)",
        custom_id=VOID_INPUT_ID,
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=500,
    )

    def __init__(self, contract_id: int) -> None:
        super().__init__(
            title=f"Void contract #{contract_id}?"[:45],
            custom_id=f"contract:voidform:{contract_id}",
        )
        self.contract_id = contract_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(
            interaction,
            lambda: _cog(interaction).void_contract(
                interaction, self.contract_id, self.reason.value or None
            ),
        )


# --------------------------------------------------------------------------- buttons


SignContractButton = id_button(
    "contract:sign",
    "Sign",
    discord.ButtonStyle.success,
    lambda i, contract_id: _cog(i).start_signing(i, contract_id),
    name="SignContractButton",
)
VoidContractButton = id_button(
    "contract:void",
    "Void",
    discord.ButtonStyle.danger,
    lambda i, contract_id: _cog(i).start_voiding(i, contract_id),
    name="VoidContractButton",
)


def signing_view(contract_id: int) -> discord.ui.View:
    """Sign / Void for one contract; they keep working after a restart."""
    view = discord.ui.View(timeout=None)
    view.add_item(SignContractButton(contract_id))
    view.add_item(VoidContractButton(contract_id))
    return view
