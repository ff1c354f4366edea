"""`/help`: the commands this person can use here, by area, with a menu to switch area.

Members see member commands only: moderator commands (the dispute desk, the audit trail)
appear for people with the server's moderator role, Manage Server or platform staff;
admin and staff commands as their permissions already say."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.common import OwnedView

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

# Discord allows 4,096 characters per embed description and 6,000 across a message's
# embeds: three pages of 1,900 stay inside both.
PAGE_LIMIT = 1900
MAX_PAGES = 3

# Areas, in the order people meet them: (key, label, what it is for, command roots).
AREAS: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "start",
        "Getting started",
        "Sign up, link Roblox, see profiles.",
        ("signup", "link", "unlink", "profile", "help"),
    ),
    ("trade", "Buying and selling", "Listings and offers.", ("listing", "offer")),
    (
        "escrow",
        "Contracts and payment",
        "Sign, pay, deliver, confirm, get paid.",
        ("contract", "escrow", "payouts", "wallet"),
    ),
    ("dispute", "Disputes", "When something goes wrong with a trade.", ("dispute",)),
    ("moderation", "Moderation", "The dispute desk and the audit trail.", ("dispute", "audit")),
    ("server", "Server settings", "How Bloxtr8 works in this server.", ()),
    ("staff", "Platform staff", "Verification and arbiters.", ()),
]
# Member-facing subcommands of a root that moderators otherwise own.
MEMBER_DISPUTE = {"dispute open", "dispute evidence"}


def usable_commands(
    bot: Bloxtr8Bot, interaction: discord.Interaction[Any], *, moderator: bool = True
) -> list[str]:
    """One line per slash command (and subcommand) the user may run where they asked."""
    return [line for _, line in usable_by_area(bot, interaction, moderator=moderator)]


def area_of(command: app_commands.Command[Any, ..., Any]) -> str:
    name = command.qualified_name
    root = name.split(" ")[0]
    if root == "dispute":
        return "dispute" if name in MEMBER_DISPUTE else "moderation"
    if root == "audit":
        return "moderation"
    for key, _, _, roots in AREAS:
        if root in roots and key not in ("moderation",):
            return key
    return "server"


def usable_by_area(
    bot: Bloxtr8Bot, interaction: discord.Interaction[Any], *, moderator: bool = True
) -> list[tuple[str, str]]:
    """(area, line) for every command the user may run here, sorted by name in each area."""
    in_guild = interaction.guild is not None
    perms = interaction.permissions
    is_staff = bot.is_staff(interaction.user)
    lines: list[tuple[str, str]] = []
    for command in bot.tree.walk_commands():
        if isinstance(command, app_commands.Group):
            continue
        root = command.root_parent or command
        if not in_guild and (root.guild_only or command.guild_only):
            continue
        needed = root.default_permissions or command.default_permissions
        if in_guild and needed is not None and not perms.is_superset(needed):
            continue
        staff_only = bool(root.extras.get("staff_only") or command.extras.get("staff_only"))
        if staff_only and not is_staff:
            continue
        area = area_of(command)
        if staff_only:
            area = "staff"
        elif area == "server" and needed is None:
            area = "start"
        if area == "moderation" and not moderator:
            continue
        lines.append((area, f"`/{command.qualified_name}` — {command.description}"))
    return sorted(lines)


async def is_moderator(bot: Bloxtr8Bot, interaction: discord.Interaction[Any]) -> bool:
    """Moderator role, Manage Server or platform staff (as the dispute desk checks)."""
    from models.guild import Guild

    if bot.is_staff(interaction.user):
        return True
    member = interaction.user
    if interaction.guild is None or not isinstance(member, discord.Member):
        return False
    if member.guild_permissions.manage_guild:
        return True
    row = await Guild.get_or_none(discord_id=interaction.guild.id)
    if row is None:
        return False
    settings = await row.get_settings()
    return bool(settings.moderator_role_id) and any(
        r.id == settings.moderator_role_id for r in member.roles
    )


def paginate(lines: list[str], limit: int = PAGE_LIMIT) -> list[str]:
    pages: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + len(line) + 1 > limit:
            pages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        pages.append(current)
    return pages


def area_embed(key: str, lines: list[str]) -> discord.Embed:
    _, title, about, _ = next(a for a in AREAS if a[0] == key)
    text = "\n".join(lines)
    if len(text) > 4000:
        text = text[:3950].rsplit("\n", 1)[0] + "\n…more: narrow it down with `/help topic:<name>`."
    embed = discord.Embed(
        title=f"Bloxtr8 help · {title}",
        description=f"{about}\n\n{text}",
        colour=discord.Colour.blurple(),
    )
    embed.set_footer(text="Pick another area below. Safe Roblox trades: contracts and escrow.")
    return embed


class AreaMenu(discord.ui.Select["HelpView"]):
    def __init__(self, areas: dict[str, list[str]], current: str) -> None:
        options = [
            discord.SelectOption(
                label=title, value=key, description=about[:100], default=key == current
            )
            for key, title, about, _ in AREAS
            if areas.get(key)
        ]
        super().__init__(placeholder="Choose an area", options=options, custom_id="help:area")
        self.areas = areas

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        key = self.values[0]
        for option in self.options:
            option.default = option.value == key
        await interaction.response.edit_message(
            embed=area_embed(key, self.areas[key]), view=self.view
        )


class HelpView(OwnedView):
    def __init__(self, owner_id: int, areas: dict[str, list[str]], current: str) -> None:
        super().__init__(owner_id, not_yours="Run `/help` to get your own menu.")
        self.add_item(AreaMenu(areas, current))


class Help(commands.Cog):
    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="Show the Bloxtr8 commands you can use here.")
    @app_commands.describe(topic="Only commands starting with this, e.g. listing or offer")
    async def help(self, interaction: discord.Interaction[Any], topic: str | None = None) -> None:
        moderator = await is_moderator(self.bot, interaction)
        if not topic:
            areas: dict[str, list[str]] = {}
            for area, line in usable_by_area(self.bot, interaction, moderator=moderator):
                areas.setdefault(area, []).append(line)
            first = next(key for key, *_ in AREAS if areas.get(key))
            await interaction.response.send_message(
                embed=area_embed(first, areas[first]),
                view=HelpView(interaction.user.id, areas, first),
                ephemeral=True,
            )
            return
        lines = usable_commands(self.bot, interaction, moderator=moderator)
        if topic:
            wanted = f"`/{topic.strip().lstrip('/').lower()}"
            lines = [line for line in lines if line.startswith(wanted)]
        pages = paginate(lines) or ["No commands match that here."]
        if len(pages) > MAX_PAGES:
            pages = pages[:MAX_PAGES]
            pages[-1] += "\n…more: narrow it down with `/help topic:<name>`."
        embeds = [
            discord.Embed(
                title="Bloxtr8 commands" if i == 0 else None,
                description=page,
                colour=discord.Colour.blurple(),
            )
            for i, page in enumerate(pages)
        ]
        embeds[-1].set_footer(text="Safe Roblox trades: verified listings, contracts and escrow.")
        await interaction.response.send_message(embeds=embeds, ephemeral=True)


async def setup(bot: Bloxtr8Bot) -> None:
    await bot.add_cog(Help(bot))
