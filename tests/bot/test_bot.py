"""The bot boots against simulated Discord and answers `/help` and errors in plain words."""

from __future__ import annotations

from typing import Any

import discord
import simcord
from discord import app_commands
from discord.ext import commands

from bot.app import Bloxtr8Bot
from models.errors import DomainError


async def test_help_lists_commands_ephemerally(env: simcord.Env) -> None:
    guild = env.create_guild()
    channel = guild.create_text_channel("market")
    alice = guild.add_member(env.create_user("alice"))
    result = await alice.slash(channel, "help")
    assert result.acknowledged and result.ephemeral
    assert result.response is not None
    text = "\n".join(e.description or "" for e in result.response.embeds)
    assert "`/help`" in text


async def test_help_hides_what_the_user_may_not_use(bot: Bloxtr8Bot, db: str) -> None:
    admin_only = app_commands.Group(
        name="adminthing",
        description="Admin thing",
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @admin_only.command(name="go", description="Do the admin thing")
    async def go(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    staff_only = app_commands.Group(
        name="staffthing", description="Staff thing", extras={"staff_only": True}
    )

    @staff_only.command(name="go", description="Do the staff thing")
    async def staff_go(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    bot.tree.add_command(admin_only)
    bot.tree.add_command(staff_only)
    bot.settings.staff_user_ids = []
    async with simcord.run(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("market")
        member = guild.add_member(env.create_user("member"))
        admin_role = guild.create_role("Admin", permissions=discord.Permissions(manage_guild=True))
        admin = guild.add_member(env.create_user("admin"), roles=[admin_role])
        bot.settings.staff_user_ids = [admin.id]

        member_help = await member.slash(channel, "help")
        admin_help = await admin.slash(channel, "help")
        member_areas = await every_area(member, member_help)
        admin_areas = await every_area(admin, admin_help)
    member_text = "\n".join(member_areas.values())
    admin_text = "\n".join(admin_areas.values())
    assert all(len(text) <= 4096 for text in admin_areas.values())
    # Members get member areas only; the admin also gets moderation, settings and staff.
    assert "Moderation" not in member_areas and "Platform staff" not in member_areas
    assert {"Moderation", "Server settings", "Platform staff"} <= set(admin_areas)
    assert "/dispute open" in member_text and "/dispute resolve" not in member_text
    assert "/audit" not in member_text and "/dispute resolve" in admin_text
    assert "/adminthing go" not in member_text and "/staffthing go" not in member_text
    assert "/adminthing go" in admin_text and "/staffthing go" in admin_text


async def every_area(member: simcord.MemberActor, result: Any) -> dict[str, str]:
    """Pick each area in the /help menu; each area's title and the commands it shows."""
    assert result.ephemeral and result.response is not None
    menu = result.response.components[0]["components"][0]
    shown: dict[str, str] = {}
    for option in menu["options"]:
        picked = await member.select(result.response, [option["value"]])
        assert picked.response is not None
        embed: Any = picked.response.embeds[0]
        title = embed.title if hasattr(embed, "title") else embed["title"]
        description = embed.description if hasattr(embed, "description") else embed["description"]
        assert title is not None and title.endswith(option["label"])
        shown[option["label"]] = description or ""
    return shown


class Boom(commands.Cog):
    @app_commands.command(name="refuse", description="Always refused")
    async def refuse(self, interaction: discord.Interaction) -> None:
        raise DomainError("That listing isn't for sale anymore.")

    @app_commands.command(name="crash", description="Always crashes")
    async def crash(self, interaction: discord.Interaction) -> None:
        raise RuntimeError("secret internal detail")


async def test_errors_become_ephemeral_plain_replies(bot: Bloxtr8Bot, db: str) -> None:
    await bot.add_cog(Boom())
    async with simcord.run(bot, check_errors=False) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("market")
        alice = guild.add_member(env.create_user("alice"))
        refused = await alice.slash(channel, "refuse")
        crashed = await alice.slash(channel, "crash")
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content == "That listing isn't for sale anymore."
    assert crashed.ephemeral and crashed.response is not None
    assert "Something went wrong" in crashed.response.content
    assert "ref `" in crashed.response.content
    assert "secret internal detail" not in crashed.response.content


async def test_the_bot_seals_new_audit_rows(env: simcord.Env) -> None:
    from models import AuditLog
    from models.audit import verify_chain

    await AuditLog.record("test.entry", object_type="test", object_id=1)
    await env.advance_time(10)  # the sealing loop ticks every 5 s on simcord's clock
    report = await verify_chain()
    assert report.ok and report.sealed == 1 and report.unsealed == 0
