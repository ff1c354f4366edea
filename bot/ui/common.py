"""Helpers every cog's buttons, modals and notifications use."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, Self

import discord

from bot.app import send_ephemeral
from models.errors import DomainError
from models.roblox_api import RobloxError

if TYPE_CHECKING:
    from models.listing import Listing

log = logging.getLogger(__name__)


async def guarded(
    interaction: discord.Interaction[Any], action: Callable[[], Awaitable[None]]
) -> None:
    """Run a button or modal action; refusals become ephemeral replies, as for commands.

    discord.py hands exceptions from component callbacks to a view's `on_error`, not to
    the app-command handler, so components wrap their work in this.
    """
    try:
        await action()
    except DomainError as error:
        await send_ephemeral(interaction, error.message)
    except RobloxError as error:
        await send_ephemeral(interaction, str(error))
    except Exception:
        ref = secrets.token_hex(4)
        log.exception(
            "Unexpected error (ref %s) in component %s, user %s, interaction %s",
            ref,
            interaction.data.get("custom_id") if interaction.data else None,
            interaction.user.id,
            interaction.id,
        )
        await send_ephemeral(
            interaction, f"Something went wrong on our side (ref `{ref}`). Please try again."
        )
        raise


async def dm(
    client: discord.Client,
    discord_id: int,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> bool:
    """Send a direct message; False (and a log line) when the user's DMs are closed."""
    kwargs: dict[str, Any] = {}
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    try:
        channel = await client.create_dm(discord.Object(id=discord_id))
        # DMs often echo what someone typed: they never mention anyone.
        await channel.send(**kwargs, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException as exc:
        log.info("Could not DM user %s (%s)", discord_id, exc.status)
        return False
    return True


async def reach(
    client: discord.Client,
    user_id: int,
    listing: Listing | None,
    *,
    thread_text: str,
    thread_view: discord.ui.View | None = None,
    **message: Any,
) -> bool:
    """DM a user (by `users.id`); when their DMs are closed, mention them in the listing's
    thread with `thread_text` (never the DM's private content). False if neither worked."""
    from models.user import User

    user = await User.get_or_none(id=user_id)
    if user is None:
        return False
    if await dm(client, user.discord_id, **message):
        return True
    thread_id = await listing.home_thread_id() if listing is not None else None
    if thread_id is None:
        log.info("No thread to reach user %s (DMs closed)", user.discord_id)
        return False
    try:
        channel = client.get_channel(thread_id) or await client.fetch_channel(thread_id)
        extra: dict[str, Any] = {"view": thread_view} if thread_view is not None else {}
        await channel.send(  # type: ignore[union-attr]
            f"<@{user.discord_id}>, {thread_text}",
            allowed_mentions=discord.AllowedMentions(
                everyone=False, roles=False, users=[discord.Object(id=user.discord_id)]
            ),
            **extra,
        )
    except discord.HTTPException:
        log.warning("Could not reach user %s in thread %s", user.discord_id, thread_id)
        return False
    return True


class IdButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"bloxtr8:_:(?P<id>[0-9]+)"
):
    """A button that survives restarts: its custom_id is `<action>:<row id>`.

    Subclasses set `action` (e.g. "escrow:confirm"), `label`, `style` and the matching
    `template=r"escrow:confirm:(?P<id>[0-9]+)"`, and implement `callback`, which must
    re-load the row and re-check the actor and state (an old button proves nothing).
    """

    action: ClassVar[str] = ""
    label: ClassVar[str] = ""
    style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary

    def __init__(self, item_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=self.label, style=self.style, custom_id=f"{self.action}:{item_id}"
            )
        )
        self.item_id = item_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(int(match["id"]))


class OwnedView(discord.ui.View):
    """A view only the person who asked may use; anyone else is told `not_yours`."""

    not_yours: ClassVar[str] = "These buttons aren't for you."

    def __init__(self, owner_id: int, *, timeout: float | None = 300) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await send_ephemeral(interaction, self.not_yours)
            return False
        return True


class ConfirmView(OwnedView):
    """Ask before anything irreversible: the `label` button runs `action` (which re-checks
    everything under its locks; refusals become replies), `cancel_label` changes nothing."""

    cancel_label: ClassVar[str] = "Cancel"

    def __init__(
        self,
        owner_id: int,
        label: str,
        action: Callable[[discord.Interaction[Any]], Awaitable[None]],
    ) -> None:
        super().__init__(owner_id)
        self.action = action
        yes: discord.ui.Button[ConfirmView] = discord.ui.Button(
            label=label[:80], style=discord.ButtonStyle.danger
        )
        no: discord.ui.Button[ConfirmView] = discord.ui.Button(
            label=self.cancel_label, style=discord.ButtonStyle.secondary
        )
        yes.callback = self._yes  # type: ignore[method-assign]
        no.callback = self._no  # type: ignore[method-assign]
        self.add_item(yes)
        self.add_item(no)

    async def _yes(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await guarded(interaction, lambda: self.action(interaction))

    async def _no(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await interaction.response.send_message("Nothing changed.", ephemeral=True)
