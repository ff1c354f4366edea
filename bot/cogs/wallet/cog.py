"""`/wallet link|view|unlink`: the commands parse, call the model, render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.wallet.views import PasteSignatureButton
from models import User, Wallet, WalletChallenge
from models.enums import WalletRisk

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot
    from models.screening import WalletScreener

_RISK_WORDS = {
    WalletRisk.UNKNOWN: "not screened yet",
    WalletRisk.LOW: "clear",
    WalletRisk.MEDIUM: "medium risk",
    WalletRisk.HIGH: "high risk",
    WalletRisk.SANCTIONED: "blocked (sanctions list)",
}


class Wallets(
    commands.GroupCog, group_name="wallet", group_description="Your USDC wallet for big trades"
):
    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot
        self.screeners: list[WalletScreener] = bot.rails.screeners  # built once, with the rails

    @app_commands.command(name="link", description="Link a wallet you own (you sign a message)")
    @app_commands.describe(address="Your wallet address on Base (0x…)")
    async def link(self, interaction: discord.Interaction[Any], address: str) -> None:
        user = await User.require(interaction.user.id)
        challenge = await WalletChallenge.issue(user, address)
        embed = discord.Embed(
            title="Prove this wallet is yours",
            description=(
                "Sign this exact message with the wallet (personal_sign, e.g. **Sign message** "
                "in your wallet app), then press **Paste signature**. It costs nothing and "
                f"moves nothing. Valid for 15 minutes, once.\n```\n{challenge.message}\n```"
            ),
        )
        view = discord.ui.View(timeout=None)
        view.add_item(PasteSignatureButton(challenge.id))
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    async def finish_link(
        self, interaction: discord.Interaction[Any], challenge_id: int, signature: str
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        user = await User.require(interaction.user.id)
        wallet = await Wallet.link(user, challenge_id, signature, screeners=self.screeners)
        await interaction.followup.send(
            f"Wallet `{wallet.address}` is linked to your account and passed screening.",
            ephemeral=True,
        )

    @app_commands.command(name="view", description="Show your linked wallet")
    async def view(self, interaction: discord.Interaction[Any]) -> None:
        user = await User.require(interaction.user.id)
        if not user.wallet_address:
            await interaction.response.send_message(
                "You have no wallet linked. Use `/wallet link` to add one.", ephemeral=True
            )
            return
        screened = (
            discord.utils.format_dt(user.wallet_screened_at, "R")
            if user.wallet_screened_at
            else "never"
        )
        embed = discord.Embed(title="Your wallet", description=f"`{user.wallet_address}`")
        embed.add_field(name="Screening", value=_RISK_WORDS[user.wallet_risk])
        embed.add_field(name="Last screened", value=screened)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="unlink", description="Remove your linked wallet")
    async def unlink(self, interaction: discord.Interaction[Any]) -> None:
        user = await User.require(interaction.user.id)
        address = await Wallet.unlink(user)
        await interaction.response.send_message(
            f"Wallet `{address}` is no longer linked to your account.", ephemeral=True
        )
