"""Restart-safe buttons of the accounts cog: the terms' Accept/Decline and Verify."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.ui.errors import guarded, send_ephemeral
from bot.ui.labels import label
from models.errors import NotFound
from models.user import User

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

Interaction = discord.Interaction[Any]


async def finish_link(interaction: Interaction, user: User) -> None:
    """Read the Roblox profile and link it when the code is there (button and /link check)."""
    bot: Bloxtr8Bot = interaction.client
    roblox_user_id = user.pending_link_user_id()  # refuses early: nothing pending, or expired
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    profile = await bot.roblox.user(roblox_user_id)
    if profile is None:
        raise NotFound(
            "That Roblox account doesn't exist anymore. Run `/link roblox` with your "
            "current username."
        )
    await user.complete_roblox_link(profile)
    await interaction.followup.send(
        f"Linked! Your Roblox account **{user.roblox_username}** is now connected and you're "
        f"**{label(user.kyc_tier)}**: you can list assets and make offers. You can remove the "
        "code from your Roblox About now.",
        ephemeral=True,
    )


class TermsButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"account:terms:(?P<action>accept|decline):(?P<id>[0-9]+)",
):
    """Accept or Decline under the terms; only the person who ran `/signup` may press."""

    def __init__(self, action: str, discord_id: int) -> None:
        accept = action == "accept"
        super().__init__(
            discord.ui.Button(
                label="Accept" if accept else "Decline",
                style=discord.ButtonStyle.success if accept else discord.ButtonStyle.secondary,
                custom_id=f"account:terms:{action}:{discord_id}",
            )
        )
        self.action = action
        self.discord_id = discord_id

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> TermsButton:
        return cls(match["action"], int(match["id"]))

    async def callback(self, interaction: Interaction) -> None:
        if interaction.user.id != self.discord_id:
            await send_ephemeral(interaction, "These buttons are for the person who ran /signup.")
            return
        if self.action == "decline":
            await interaction.response.edit_message(
                content="No problem: nothing was saved. Run `/signup` whenever you're ready.",
                embed=None,
                view=None,
            )
            return
        user, created = await User.sign_up(interaction.user.id, interaction.user.name)
        if created:
            text = (
                "Welcome to Bloxtr8! You're signed up (TIER_0: you can browse listings). "
                "Next, link your Roblox account with `/link roblox` to list and make offers."
            )
        else:
            text = f"You're already signed up ({label(user.kyc_tier)}). Nothing changed."
        await interaction.response.edit_message(content=text, embed=None, view=None)


def terms_view(discord_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(TermsButton("accept", discord_id))
    view.add_item(TermsButton("decline", discord_id))
    return view


class VerifyButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"account:verify:(?P<id>[0-9]+)",
):
    """Check the Roblox profile for the link code; only the user it was made for may press."""

    def __init__(self, user_pk: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Verify",
                style=discord.ButtonStyle.primary,
                custom_id=f"account:verify:{user_pk}",
            )
        )
        self.user_pk = user_pk

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VerifyButton:
        return cls(int(match["id"]))

    async def callback(self, interaction: Interaction) -> None:
        async def run() -> None:
            user = await User.get_or_none(pk=self.user_pk)
            if user is None or user.discord_id != interaction.user.id:
                raise NotFound("This Verify button isn't yours. Run `/link roblox` yourself.")
            await finish_link(interaction, user)

        await guarded(interaction, run)


def verify_view(user_pk: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(VerifyButton(user_pk))
    return view
