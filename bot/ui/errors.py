"""The one place where errors become replies: plain words, always ephemeral.

The command tree's `on_error` (bot/app.py), every view's and modal's `on_error`, and
`guarded` (for restart-safe buttons, whose errors reach no view of ours) all call
`reply_to_error`. A refusal shows its message; anything unexpected is logged with its
traceback under a short reference the user sees ("Something went wrong (ref `ab12cd34`)").
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.logs import new_ref
from models.errors import DomainError
from models.roblox_api import RobloxError

log = logging.getLogger(__name__)


def refusal_text(error: BaseException) -> str | None:
    """The words for an error the user caused or can act on; None for a bug."""
    original = getattr(error, "original", error)
    if isinstance(original, DomainError):
        return original.message
    if isinstance(original, RobloxError):
        return str(original)
    if isinstance(error, app_commands.MissingPermissions):
        missing = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"You need the {missing} permission to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command only works in a server."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that command here."
    return None


def _where(interaction: discord.Interaction[Any]) -> str:
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    custom_id = interaction.data.get("custom_id") if interaction.data else None
    return f"component {custom_id}"


def message_for(error: BaseException, interaction: discord.Interaction[Any]) -> str:
    """What the user reads about `error`; a bug is logged here with its reference."""
    text = refusal_text(error)
    if text is not None:
        return text
    ref = new_ref()
    log.error(
        "Unexpected error (ref %s) in %s, guild %s, user %s, interaction %s",
        ref,
        _where(interaction),
        interaction.guild_id,
        interaction.user.id,
        interaction.id,
        exc_info=getattr(error, "original", error),
        extra={
            "ref": ref,
            "where": _where(interaction),
            "guild_id": interaction.guild_id,
            "user_id": interaction.user.id,
            "interaction_id": interaction.id,
        },
    )
    return f"Something went wrong on our side (ref `{ref}`). Please try again."


async def send_ephemeral(interaction: discord.Interaction[Any], message: str) -> None:
    """Reply ephemerally whether or not the interaction was already acknowledged."""
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True)
    else:
        await interaction.response.send_message(message, ephemeral=True)


async def reply_to_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Tell the user what went wrong (the one mapper), ephemerally."""
    await send_ephemeral(interaction, message_for(error, interaction))


async def guarded(
    interaction: discord.Interaction[Any], action: Callable[[], Awaitable[None]]
) -> None:
    """Run a button or modal action; errors become replies, as for commands.

    Restart-safe buttons (DynamicItems) report to a view discord.py makes, not to one of
    ours, so they wrap their work in this. A bug is re-raised after the reply, so it is
    still logged by discord.py (and fails the tests).
    """
    try:
        await action()
    except Exception as error:
        await reply_to_error(interaction, error)
        if refusal_text(error) is None:
            raise


class ErrorReplies:
    """Mixin for our views: an error in a button's callback gets the reply a command's
    error gets (and a bug its logged reference)."""

    async def on_error(
        self,
        interaction: discord.Interaction[Any],
        error: Exception,
        item: Any = None,
    ) -> None:
        await reply_to_error(interaction, error)
