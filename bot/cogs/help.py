"""`/help`: the commands this person can use here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

EMBED_LIMIT = 4000  # stay under Discord's 4,096-character description limit


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


def paginate(lines: list[str], limit: int = EMBED_LIMIT) -> list[str]:
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
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        pages = paginate(usable_commands(self.bot, interaction)) or ["No commands available."]
        embeds = [
            discord.Embed(
                title="Bloxtr8 commands" if i == 0 else None,
                description=page,
                colour=discord.Colour.blurple(),
            )
            for i, page in enumerate(pages[:10])
        ]
        embeds[-1].set_footer(text="Safe Roblox trades: verified listings, contracts and escrow.")
        await interaction.response.send_message(embeds=embeds, ephemeral=True)


async def setup(bot: Bloxtr8Bot) -> None:
    await bot.add_cog(Help(bot))
