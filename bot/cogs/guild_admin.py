"""Guild set-up and settings: registration on join/leave, `/setup`, `/settings view|set`.

The rules (who is a moderator, which values are allowed, what /setup records) live on
`models.guild`; this cog reads Discord input, makes the channels in Discord and renders.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from models.enums import ChannelKind, KycTier, ListingVisibility
from models.errors import DomainError, NotAllowed
from models.guild import (
    ChannelSpec,
    Guild,
    GuildSettings,
    SettingChange,
    SetupOutcome,
    SetupPlan,
)
from models.price_ranges import CATEGORY_NAME, describe_price_range
from models.user import User

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

log = logging.getLogger(__name__)

SETUP_REASON = "Bloxtr8 /setup"
ADMIN_ONLY = "Only members with the Manage Server permission can do that."


# ------------------------------------------------------------------ rendering


def _fee(bps: int) -> str:
    return f"{bps} bps ({bps // 100}.{bps % 100:02d}%)"


def _ranges(ranges: list[dict[str, Any]]) -> str:
    return "\n".join(f"`{r['name']}`: {describe_price_range(r)}" for r in ranges)


# Every setting: how to name it and how to show its value.
DISPLAY: dict[str, tuple[str, Callable[[Any], str]]] = {
    "moderator_role_id": (
        "moderator role",
        lambda v: f"<@&{v}>" if v else "not set (only Manage Server)",
    ),
    "log_channel_id": ("log channel", lambda v: f"<#{v}>" if v else "not set"),
    "min_tier_to_list": ("minimum tier to list", lambda v: KycTier(v).value),
    "default_visibility": ("default listing visibility", lambda v: ListingVisibility(v).value),
    "inspection_days": ("inspection period before auto-release", lambda v: f"{v} days"),
    "offer_expiry_hours": ("default offer expiry", lambda v: f"{v} hours"),
    "platform_fee_bps": ("server fee", _fee),
    "max_active_listings": ("maximum active listings per user", str),
    "dispute_deadline_days": ("dispute deadline", lambda v: f"{v} days"),
    "price_ranges": ("price ranges", _ranges),
}


def settings_embed(guild_name: str, settings: GuildSettings) -> discord.Embed:
    embed = discord.Embed(title=f"Bloxtr8 settings for {guild_name}"[:256], colour=0x5865F2)
    for name, (label, show) in DISPLAY.items():
        embed.add_field(
            name=label[0].upper() + label[1:],
            value=show(getattr(settings, name))[:1024],
            inline=name != "price_ranges",
        )
    channels = (
        f"Category: {f'<#{settings.category_id}>' if settings.category_id else 'not set up'}\n"
        f"Disputes: {f'<#{settings.disputes_channel_id}>' if settings.disputes_channel_id else '-'}"
    )
    embed.add_field(name="Channels", value=channels, inline=False)
    embed.set_footer(text="Change with /settings set … (Manage Server). Rebuild channels: /setup")
    return embed


def setup_summary(category_action: str, outcomes: list[SetupOutcome], dropped: list[str]) -> str:
    created = [f"<#{o.channel_id}>" for o in outcomes if o.action == "created"]
    repaired = [
        f"<#{o.channel_id}> ({o.action})"
        for o in outcomes
        if o.action not in ("created", "unchanged")
    ]
    unchanged = [f"<#{o.channel_id}>" for o in outcomes if o.action == "unchanged"]
    lines = [f"**Bloxtr8 set-up done.** Category {CATEGORY_NAME}: {category_action}."]
    lines.append(f"Created: {', '.join(created) if created else 'nothing'}")
    lines.append(f"Repaired: {', '.join(repaired) if repaired else 'nothing'}")
    lines.append(f"Unchanged: {', '.join(unchanged) if unchanged else 'nothing'}")
    if dropped:
        lines.append(
            "No longer used (left in place; delete them by hand when empty): " + ", ".join(dropped)
        )
    return "\n".join(lines)[:2000]


# --------------------------------------------------------------------- helpers


def _member(interaction: discord.Interaction[Any]) -> discord.Member:
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        raise NotAllowed("That command only works in a server.")
    return interaction.user


def _require_manage_guild(member: discord.Member) -> None:
    if not member.guild_permissions.manage_guild:
        raise NotAllowed(ADMIN_ONLY)


def _overwrites(
    guild: discord.Guild,
    spec: ChannelSpec,
    moderator_role_id: int | None,
    admin: discord.Member | None = None,
) -> dict[discord.Role | discord.Member | discord.Object, discord.PermissionOverwrite]:
    me = guild.me
    bot_can = discord.PermissionOverwrite(
        view_channel=True,
        send_messages=True,
        embed_links=True,
        create_public_threads=True,
        create_private_threads=True,
        send_messages_in_threads=True,
        manage_threads=True,
        read_message_history=True,
    )
    if spec.kind == ChannelKind.LOG:
        overwrites: dict[
            discord.Role | discord.Member | discord.Object, discord.PermissionOverwrite
        ] = {
            guild.default_role: discord.PermissionOverwrite(view_channel=False),
            me: bot_can,
        }
        role = guild.get_role(moderator_role_id) if moderator_role_id else None
        if role is not None:
            overwrites[role] = discord.PermissionOverwrite(view_channel=True)
        if admin is not None:  # whoever ran /setup can read the log it made
            overwrites[admin] = discord.PermissionOverwrite(
                view_channel=True, read_message_history=True
            )
        return overwrites
    # Price-range and disputes channels: people read, the bot posts and opens threads.
    return {
        guild.default_role: discord.PermissionOverwrite(
            send_messages=False, create_public_threads=False, create_private_threads=False
        ),
        me: bot_can,
    }


def _topic(spec: ChannelSpec) -> str:
    if spec.kind == ChannelKind.PRICE_RANGE:
        shown = describe_price_range({"min": spec.min_price, "max": spec.max_price})
        return f"Bloxtr8 listings priced {shown}. Make offers with the buttons on each listing."
    if spec.kind == ChannelKind.DISPUTES:
        return "Bloxtr8 trade disputes, one thread per dispute."
    return "Bloxtr8 activity log for moderators."


async def apply_setup(
    guild: discord.Guild,
    plan: SetupPlan,
    moderator_role_id: int | None,
    admin: discord.Member | None = None,
) -> tuple[discord.CategoryChannel, str, list[SetupOutcome]]:
    """Create or repair the category and channels in Discord; returns what was done."""
    me = guild.me
    if not (me.guild_permissions.manage_channels and me.guild_permissions.manage_roles):
        raise NotAllowed(
            "I need the Manage Channels and Manage Roles permissions to set up the Bloxtr8 "
            "channels. Give my role those permissions and run `/setup` again."
        )
    found = guild.get_channel(plan.category_id) if plan.category_id else None
    if isinstance(found, discord.CategoryChannel):
        category, category_action = found, "unchanged"
    else:
        named = discord.utils.find(
            lambda c: c.name.lower() == CATEGORY_NAME.lower(), guild.categories
        )
        if named is not None:
            category, category_action = named, "found"
        else:
            category = await guild.create_category(CATEGORY_NAME, reason=SETUP_REASON)
            category_action = "recreated" if plan.category_id else "created"

    taken = plan.known_channel_ids
    outcomes: list[SetupOutcome] = []
    for spec in plan.specs:
        existing = guild.get_channel(spec.channel_id) if spec.channel_id else None
        if isinstance(existing, discord.TextChannel):
            channel = existing
            changes: dict[str, Any] = {}
            if spec.managed and channel.name != spec.name:
                changes["name"] = spec.name
                changes["topic"] = _topic(spec)
            if spec.managed and channel.category_id != category.id:
                changes["category"] = category
            if changes:
                channel = await channel.edit(**changes, reason=SETUP_REASON) or channel
            action = "renamed" if "name" in changes else "moved" if changes else "unchanged"
            if (
                spec.kind == ChannelKind.LOG
                and admin is not None
                and not channel.permissions_for(admin).view_channel
            ):
                await channel.set_permissions(
                    admin, view_channel=True, read_message_history=True, reason=SETUP_REASON
                )
        else:
            adopt = next(
                (c for c in category.text_channels if c.name == spec.name and c.id not in taken),
                None,
            )
            if adopt is not None:
                channel, action = adopt, "found"
            else:
                channel = await guild.create_text_channel(
                    spec.name,
                    category=category,
                    topic=_topic(spec),
                    overwrites=_overwrites(guild, spec, moderator_role_id, admin),
                    reason=SETUP_REASON,
                )
                action = "recreated" if spec.channel_id else "created"
        taken.add(channel.id)
        outcomes.append(SetupOutcome(spec, channel.id, channel.name, action))
    return category, category_action, outcomes


# ------------------------------------------------------------------------- cog


class GuildAdmin(commands.Cog):
    """Server registration, `/setup` and `/settings`."""

    settings_group = app_commands.Group(
        name="settings",
        description="View or change this server's Bloxtr8 settings.",
        guild_only=True,
    )
    set_group = app_commands.Group(
        name="set", description="Change a Bloxtr8 setting (Manage Server).", parent=settings_group
    )

    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot
        # /setup runs one at a time per guild (a guild's interactions reach one process).
        self._setup_locks: dict[int, asyncio.Lock] = {}

    # ---------------------------------------------------------------- events

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await Guild.register_join(guild.id, guild.name)
        log.info("Joined guild %s (%s)", guild.id, guild.name)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        # Before READY, on_ready registers missing guilds in one query instead.
        if self.bot.is_ready():
            await Guild.register_join(guild.id, guild.name, event="available")

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await Guild.register_leave(guild.id)
        log.info("Left guild %s (%s); marked inactive, data kept", guild.id, guild.name)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        added = await Guild.register_missing(
            {g.id: g.name for g in self.bot.guilds if not g.unavailable}
        )
        if added:
            log.info("Registered %s guild(s) joined while offline", len(added))

    # ----------------------------------------------------------------- /setup

    @app_commands.command(
        name="setup", description="Create or repair the Bloxtr8 channels (Manage Server)."
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def setup_command(self, interaction: discord.Interaction[Any]) -> None:
        member = _member(interaction)
        _require_manage_guild(member)
        dguild = member.guild
        await interaction.response.defer(ephemeral=True, thinking=True)
        lock = self._setup_locks.setdefault(dguild.id, asyncio.Lock())
        async with lock:
            guild = await Guild.ensure(dguild.id, dguild.name)
            settings = await guild.get_settings()
            plan = await guild.plan_setup()
            try:
                category, category_action, outcomes = await apply_setup(
                    dguild, plan, settings.moderator_role_id, member
                )
            except discord.HTTPException as exc:
                log.warning("/setup failed in guild %s: %s", dguild.id, exc)
                raise DomainError(
                    "Discord refused to create or change a channel. Check that my role has "
                    "Manage Channels and Manage Roles, then run `/setup` again."
                ) from exc
            await guild.record_setup(
                category_id=category.id,
                outcomes=outcomes,
                obsolete=plan.obsolete,
                actor=await User.by_discord_id(member.id),
                actor_label=f"discord:{member.id}",
            )
        dropped = [f"<#{row.channel_id}>" for row in plan.obsolete]
        await interaction.followup.send(
            setup_summary(category_action, outcomes, dropped), ephemeral=True
        )

    # -------------------------------------------------------------- /settings

    @settings_group.command(name="view", description="Show this server's Bloxtr8 settings.")
    async def settings_view(self, interaction: discord.Interaction[Any]) -> None:
        member = _member(interaction)
        guild = await Guild.ensure(member.guild.id, member.guild.name)
        settings = await guild.get_settings()
        settings.require_moderator(
            [r.id for r in member.roles], member.guild_permissions.manage_guild
        )
        await interaction.response.send_message(
            embed=settings_embed(member.guild.name, settings), ephemeral=True
        )

    async def _change(
        self,
        interaction: discord.Interaction[Any],
        name: str,
        value: Any,
        *,
        channel_name: str | None = None,
        note: str = "",
    ) -> SettingChange:
        member = _member(interaction)
        _require_manage_guild(member)
        guild = await Guild.ensure(member.guild.id, member.guild.name)
        settings = await guild.get_settings()
        change = await settings.update_setting(
            name,
            value,
            has_manage_guild=member.guild_permissions.manage_guild,
            actor=await User.by_discord_id(member.id),
            actor_label=f"discord:{member.id}",
            channel_name=channel_name,
            guild_fee_cap_bps=self.bot.settings.guild_fee_cap_bps,
        )
        label, show = DISPLAY[name]
        if not change.changed:
            text = f"The {label} is already {show(change.after)}. Nothing changed."
        elif name == "price_ranges":
            text = f"The {label} are now:\n{show(change.after)}"
        else:
            text = f"The {label} is now {show(change.after)} (was {show(change.before)})."
        if note and change.changed:
            text += f"\n{note}"
        await interaction.response.send_message(text[:2000], ephemeral=True)
        return change

    @set_group.command(
        name="moderator-role", description="The role whose members moderate Bloxtr8 here."
    )
    @app_commands.describe(role="The moderator role; leave empty to clear it")
    async def set_moderator_role(
        self, interaction: discord.Interaction[Any], role: discord.Role | None = None
    ) -> None:
        _require_manage_guild(_member(interaction))
        if role is not None and role.is_default():
            raise NotAllowed("@everyone can't be the moderator role. Pick a specific role.")
        await self._change(interaction, "moderator_role_id", role.id if role else None)

    @set_group.command(name="log-channel", description="Where Bloxtr8 logs trades and changes.")
    @app_commands.describe(channel="A text channel I can post in")
    async def set_log_channel(
        self, interaction: discord.Interaction[Any], channel: discord.TextChannel
    ) -> None:
        _require_manage_guild(_member(interaction))
        if not channel.permissions_for(channel.guild.me).send_messages:
            raise NotAllowed(
                f"I can't post in {channel.mention}. Let me send messages there first."
            )
        await self._change(interaction, "log_channel_id", channel.id, channel_name=channel.name)

    @set_group.command(name="min-tier", description="The lowest tier allowed to create listings.")
    @app_commands.choices(
        tier=[
            app_commands.Choice(name="TIER_0: anyone signed up", value="TIER_0"),
            app_commands.Choice(name="TIER_1: Roblox account linked", value="TIER_1"),
            app_commands.Choice(name="TIER_2: verified by staff", value="TIER_2"),
        ]
    )
    async def set_min_tier(
        self, interaction: discord.Interaction[Any], tier: app_commands.Choice[str]
    ) -> None:
        await self._change(interaction, "min_tier_to_list", tier.value)

    @set_group.command(name="visibility", description="The default visibility of new listings.")
    @app_commands.choices(
        visibility=[
            app_commands.Choice(name="PUBLIC: shown in every Bloxtr8 server", value="PUBLIC"),
            app_commands.Choice(name="PRIVATE: only in this server", value="PRIVATE"),
        ]
    )
    async def set_visibility(
        self, interaction: discord.Interaction[Any], visibility: app_commands.Choice[str]
    ) -> None:
        await self._change(interaction, "default_visibility", visibility.value)

    @set_group.command(
        name="inspection-days", description="Days the buyer has to inspect before auto-release."
    )
    async def set_inspection_days(
        self, interaction: discord.Interaction[Any], days: app_commands.Range[int, 1, 60]
    ) -> None:
        await self._change(interaction, "inspection_days", days)

    @set_group.command(name="offer-expiry", description="Default hours before an offer expires.")
    async def set_offer_expiry(
        self, interaction: discord.Interaction[Any], hours: app_commands.Range[int, 1, 168]
    ) -> None:
        await self._change(interaction, "offer_expiry_hours", hours)

    @set_group.command(
        name="fee", description="This server's own fee in basis points (100 = 1%), up to a cap."
    )
    async def set_fee(
        self, interaction: discord.Interaction[Any], basis_points: app_commands.Range[int, 0, 10000]
    ) -> None:
        await self._change(interaction, "platform_fee_bps", basis_points)

    @set_group.command(name="max-listings", description="Most active listings one user may have.")
    async def set_max_listings(
        self, interaction: discord.Interaction[Any], count: app_commands.Range[int, 1, 1000]
    ) -> None:
        await self._change(interaction, "max_active_listings", count)

    @set_group.command(name="dispute-days", description="Days a party has to open a dispute.")
    async def set_dispute_days(
        self, interaction: discord.Interaction[Any], days: app_commands.Range[int, 1, 60]
    ) -> None:
        await self._change(interaction, "dispute_deadline_days", days)

    @set_group.command(name="price-ranges", description="The price-range channels, in dollars.")
    @app_commands.describe(ranges="For example: 0-5000, 5000-20000, 20000-100000, 100000+")
    async def set_price_ranges(self, interaction: discord.Interaction[Any], ranges: str) -> None:
        await self._change(
            interaction,
            "price_ranges",
            ranges,
            note="Run `/setup` to rebuild the price-range channels.",
        )


async def setup(bot: Bloxtr8Bot) -> None:
    await bot.add_cog(GuildAdmin(bot))
