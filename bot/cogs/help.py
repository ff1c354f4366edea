"""`/help`: the commands this person can use here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

# Discord allows 4,096 characters per embed description and 6,000 across a message's
# embeds: three pages of 1,900 stay inside both.
PAGE_LIMIT = 1900
MAX_PAGES = 3


def usable_commands(bot: Bloxtr8Bot, interaction: discord.Interaction[Any]) -> list[str]:
    """One line per slash command (and subcommand) the user may run where they asked."""
    in_guild = interaction.guild is not None
    perms = interaction.permissions
    is_staff = bot.is_staff(interaction.user)
    lines: list[str] = []
    for command in bot.tree.walk_commands():
        if isinstance(command, app_commands.Group):
            continue
        root = command.root_parent or command
        if not in_guild and (root.guild_only or command.guild_only):
            continue
        needed = root.default_permissions or command.default_permissions
        if in_guild and needed is not None and not perms.is_superset(needed):
            continue
        if (root.extras.get("staff_only") or command.extras.get("staff_only")) and not is_staff:
            continue
        lines.append(f"`/{command.qualified_name}` — {command.description}")
    return sorted(lines)


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


class Help(commands.Cog):
    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="Show the Bloxtr8 commands you can use here.")
    @app_commands.describe(topic="Only commands starting with this, e.g. listing or offer")
    async def help(self, interaction: discord.Interaction[Any], topic: str | None = None) -> None:
        lines = usable_commands(self.bot, interaction)
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
