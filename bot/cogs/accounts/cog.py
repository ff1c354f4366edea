"""Slash commands: /signup, /link, /unlink, /profile, /staff verify|revoke and
/staff arbiter approve|revoke."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.accounts import embeds
from bot.cogs.accounts.views import finish_link, terms_view, verify_view
from bot.ui.cooldown import roblox_cooldown
from bot.ui.labels import label
from models.arbiter import ArbiterGuild
from models.base import utcnow
from models.dispute import dispute_record
from models.enums import KycTier
from models.errors import NotAllowed, NotFound
from models.guild import Guild
from models.user import User

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

Interaction = discord.Interaction[Any]

# Roblox usernames: 3 to 20 letters, digits or underscores.
_ROBLOX_NAME = re.compile(r"[A-Za-z0-9_]{3,20}")


def _staff_label(interaction: Interaction) -> str:
    return f"staff:{interaction.user.id}"


class Accounts(commands.Cog):
    link = app_commands.Group(name="link", description="Link your Roblox account")
    unlink = app_commands.Group(name="unlink", description="Unlink your Roblox account")
    staff = app_commands.Group(
        name="staff", description="Platform staff tools", extras={"staff_only": True}
    )
    arbiter = app_commands.Group(
        name="arbiter", description="Servers whose moderators decide disputes", parent=staff
    )

    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot

    # -- /signup -------------------------------------------------------------------------------

    @app_commands.command(name="signup", description="Accept the terms and create your account.")
    async def signup(self, interaction: Interaction) -> None:
        existing = await User.for_profile(interaction.user.id)
        if existing is not None:
            await interaction.response.send_message(
                f"You're already signed up ({label(existing.kyc_tier)}). "
                "See your account with `/profile`.",
                ephemeral=True,
            )
            return
        await interaction.response.send_message(
            embed=embeds.terms_embed(), view=terms_view(interaction.user.id), ephemeral=True
        )

    # -- /link ---------------------------------------------------------------------------------

    @link.command(name="roblox", description="Start linking your Roblox account.")
    @roblox_cooldown()
    @app_commands.describe(username="Your Roblox username (not the display name)")
    async def link_roblox(self, interaction: Interaction, username: str) -> None:
        user = await User.require(interaction.user.id)
        name = username.strip()
        if not _ROBLOX_NAME.fullmatch(name):
            raise NotFound(
                "That isn't a Roblox username: they have 3 to 20 letters, digits or underscores."
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        roblox_user = await self.bot.roblox.user_by_username(name)
        if roblox_user is None:
            raise NotFound(
                f"I couldn't find a Roblox account named `{name}`. Check the spelling: "
                "it's the username, not the display name."
            )
        code = await user.start_roblox_link(roblox_user)
        assert user.link_code_expires_at is not None
        await interaction.followup.send(
            embeds.link_instructions(
                roblox_user.name, roblox_user.id, code, user.link_code_expires_at
            ),
            view=verify_view(user.pk),
            ephemeral=True,
        )

    @link.command(name="check", description="Check your Roblox profile for your link code.")
    @roblox_cooldown()
    async def link_check(self, interaction: Interaction) -> None:
        user = await User.require(interaction.user.id)
        await finish_link(interaction, user)

    # -- /unlink -------------------------------------------------------------------------------

    @unlink.command(name="roblox", description="Unlink your Roblox account.")
    async def unlink_roblox(self, interaction: Interaction) -> None:
        user = await User.require(interaction.user.id)
        name = user.roblox_username
        old_tier = await user.unlink_roblox()
        text = f"Your Roblox account **{name}** is unlinked. You're now TIER_0 (browse only)."
        if old_tier == KycTier.TIER_2:
            text += " Your staff verification (TIER_2) was removed with it."
        text += " Link an account again with `/link roblox`."
        await interaction.response.send_message(text, ephemeral=True)

    # -- /profile ------------------------------------------------------------------------------

    @app_commands.command(name="profile", description="Show a Bloxtr8 profile.")
    @app_commands.describe(user="Whose profile (yours if empty)")
    async def profile(self, interaction: Interaction, user: discord.User | None = None) -> None:
        member = user or interaction.user
        account = await User.for_profile(member.id)
        if account is None:
            text = (
                "You haven't signed up yet. Run `/signup` to start."
                if member.id == interaction.user.id
                else f"{member.display_name} hasn't signed up yet."
            )
            await interaction.response.send_message(text, ephemeral=True)
            return
        stats = await account.trade_stats()
        record = await dispute_record(account.id)
        await interaction.response.send_message(
            embed=embeds.profile_embed(member, account, stats, utcnow(), record.describe()),
            ephemeral=True,
        )

    # -- /staff --------------------------------------------------------------------------------

    async def _staff_target(self, interaction: Interaction, member: discord.User) -> User:
        if not self.bot.is_staff(interaction.user):
            raise NotAllowed("Only Bloxtr8 platform staff can verify or revoke users.")
        target = await User.for_profile(member.id)
        if target is None:
            raise NotFound(f"{member.display_name} hasn't signed up yet.")
        return target

    @staff.command(name="verify", description="Grant TIER_2 to a user (platform staff).")
    @app_commands.describe(user="The user to verify")
    async def staff_verify(self, interaction: Interaction, user: discord.User) -> None:
        await self._set_verified(interaction, user, verified=True)

    @staff.command(name="revoke", description="Remove TIER_2 from a user (platform staff).")
    @app_commands.describe(user="The user to revoke")
    async def staff_revoke(self, interaction: Interaction, user: discord.User) -> None:
        await self._set_verified(interaction, user, verified=False)

    async def _set_verified(
        self, interaction: Interaction, user: discord.User, *, verified: bool
    ) -> None:
        """Staff grant or remove the high-value verification (TIER_2), audited."""
        target = await self._staff_target(interaction, user)
        actor = await User.by_discord_id(interaction.user.id)
        change = target.staff_verify if verified else target.staff_revoke
        await change(actor=actor, actor_label=_staff_label(interaction))
        text = (
            f"{user.mention} is now verified (TIER_2)."
            if verified
            else f"{user.mention}'s verification is removed: they're now {target.kyc_tier.value}."
        )
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    # -- /staff arbiter --------------------------------------------------------------------

    async def _arbiter_target(self, interaction: Interaction, server: str | None) -> Guild:
        if not self.bot.is_staff(interaction.user):
            raise NotAllowed("Only Bloxtr8 platform staff can approve or revoke arbiters.")
        if server is None and interaction.guild is not None:
            return await Guild.ensure(interaction.guild.id, interaction.guild.name)
        text = (server or "").strip()
        guild = await Guild.get_or_none(discord_id=int(text)) if text.isdigit() else None
        if guild is None:
            raise NotFound("Give the id of a server Bloxtr8 is in.")
        return guild

    @arbiter.command(name="approve", description="Let a server's moderators decide its disputes")
    @app_commands.describe(server="The server's id (default: this server)")
    async def arbiter_approve(self, interaction: Interaction, server: str | None = None) -> None:
        guild = await self._arbiter_target(interaction, server)
        actor = await User.require(interaction.user.id)
        await ArbiterGuild.approve(guild, by=actor, actor_label=_staff_label(interaction))
        await interaction.response.send_message(
            f"{guild.name} is an approved arbiter: its moderators decide disputes of trades "
            "made there between members who aren't its admins or moderators. Staff decide "
            "the rest.",
            ephemeral=True,
        )

    @arbiter.command(name="revoke", description="Platform staff decide a server's disputes again")
    @app_commands.describe(server="The server's id (default: this server)")
    async def arbiter_revoke(self, interaction: Interaction, server: str | None = None) -> None:
        guild = await self._arbiter_target(interaction, server)
        actor = await User.require(interaction.user.id)
        await ArbiterGuild.revoke(guild, by=actor, actor_label=_staff_label(interaction))
        await interaction.response.send_message(
            f"{guild.name} is no longer an arbiter: platform staff decide its disputes, "
            "including the open ones.",
            ephemeral=True,
        )
