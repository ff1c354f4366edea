"""`/audit …`: the audit trail of an escrow or a user, for moderators (paginated); and the
chain heads the sealer publishes, posted to the platform's log channel.

A party of a trade never reads its dispute's entries (moderators' internal notes among
them), and a server's moderators read a dispute's entries only when they may handle that
dispute (`Dispute.check_authority`), the same check as every `/dispute` step."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands
from tortoise.expressions import Q

from bot.cogs.disputes.cog import moderator_of
from bot.cogs.disputes.embeds import PAGE_SIZE, audit_embed, pages_of
from bot.cogs.disputes.views import FOR_THE_MODERATOR
from bot.shards import channel_by_id
from bot.ui.pager import send_paged
from models.audit import AuditLog, ChainHead, set_head_callback
from models.dispute import Dispute, Moderator
from models.errors import DomainError, NotAllowed, NotFound
from models.escrow import Escrow
from models.user import User

if TYPE_CHECKING:
    from bot.app import Bloxtr8Bot

log = logging.getLogger(__name__)


class AuditCog(commands.Cog, name="Audit"):
    audit = app_commands.Group(name="audit", description="The audit trail (moderators)")

    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        set_head_callback(self.post_head)

    async def cog_unload(self) -> None:
        set_head_callback(None)

    async def post_head(self, head: ChainHead) -> None:
        """A witness of the chain outside the database: each new head in the log channel."""
        channel_id = self.bot.settings.platform_log_channel_id
        if channel_id is None or self.bot.is_closed():
            return
        channel = await channel_by_id(self.bot, channel_id)  # on another shard: fetched
        if isinstance(channel, discord.abc.Messageable):
            await channel.send(
                f"Audit chain head: `{head}`", allowed_mentions=discord.AllowedMentions.none()
            )
        else:
            log.warning("The platform log channel %s is not reachable", channel_id)

    @audit.command(name="escrow", description="Every recorded step of one escrow")
    @app_commands.rename(escrow_id="id")
    async def audit_escrow(
        self,
        interaction: discord.Interaction[Any],
        escrow_id: int,
        page: app_commands.Range[int, 1, 1000] = 1,
    ) -> None:
        mod = await moderator_of(self.bot, interaction)
        escrow = await Escrow.get_or_none(id=escrow_id)
        if escrow is None or (not mod.staff and escrow.guild_id != mod.guild_id):
            raise NotFound(f"There is no escrow #{escrow_id} in this server.")
        if mod.user.id in escrow.party_ids():
            raise NotAllowed(
                f"You're a party to escrow #{escrow.id}, so its audit trail is for the people "
                "who handle it."
            )
        disputes = [
            str(d.id)
            for d in await Dispute.filter(escrow_id=escrow.id).order_by("id")
            if await _may_handle(d, mod)
        ]
        query = AuditLog.filter(
            Q(object_type="escrow", object_id=str(escrow.id))
            | Q(object_type="dispute", object_id__in=disputes)
        )
        await self._send(interaction, query, f"Audit · escrow #{escrow.id}", page)

    @audit.command(name="user", description="What one member did and what was done to them")
    async def audit_user(
        self,
        interaction: discord.Interaction[Any],
        user: discord.User,
        page: app_commands.Range[int, 1, 1000] = 1,
    ) -> None:
        mod = await moderator_of(self.bot, interaction)
        target = await User.get_or_none(discord_id=user.id)
        if target is None:
            raise NotFound(f"{user.mention} hasn't signed up for Bloxtr8, so nothing is recorded.")
        query = AuditLog.filter(
            Q(actor_id=target.id) | Q(object_type="user", object_id=str(target.id))
        )
        if not mod.staff:
            query = query.filter(guild_id=mod.guild_id)
        # Entries of disputes the viewer may not handle (their own trades' among them).
        ids = (
            await query.filter(object_type="dispute").distinct().values_list("object_id", flat=True)
        )
        hidden = [
            str(d.id)
            for d in await Dispute.filter(id__in=[int(str(i)) for i in ids if str(i).isdigit()])
            if not await _may_handle(d, mod)
        ]
        if hidden:
            query = query.exclude(object_type="dispute", object_id__in=hidden)
        await self._send(interaction, query, f"Audit · {target.username}", page)

    async def _send(
        self, interaction: discord.Interaction[Any], query: Any, title: str, page: int
    ) -> None:
        async def render(index: int) -> tuple[discord.Embed, bool]:
            total = await query.count()
            rows = await query.order_by("id").offset(index * PAGE_SIZE).limit(PAGE_SIZE)
            embed = audit_embed(rows, title=title, page=index, total=total)
            return embed, index < pages_of(total) - 1

        await send_paged(interaction, render, page - 1, not_yours=FOR_THE_MODERATOR)


async def _may_handle(dispute: Dispute, mod: Moderator) -> bool:
    try:
        await dispute.check_authority(mod)
    except DomainError:
        return False
    return True


async def setup(bot: Bloxtr8Bot) -> None:
    await bot.add_cog(AuditCog(bot))
