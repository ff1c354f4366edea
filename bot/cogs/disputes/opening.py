"""Opening a party's dispute and what its opening tells: who decides, the other party's DM
and the staff alert, written in the transaction that opens it. Functions of the bot, not of
the disputes cog, so the escrow area (its Open dispute button, a chargeback's notice) opens
and announces a dispute the same way without reaching into another cog."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.shards import guild_by_id
from bot.ui.notify import alert_moderators, dm, sent_after, tell
from models.arbiter import ArbiterGuild, ArbiterKind, PartyStanding, venue_of, who_decides
from models.dispute import Dispute
from models.escrow import Escrow
from models.guild import Guild
from models.user import User

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from bot.app import Bloxtr8Bot

log = logging.getLogger(__name__)


async def decides_text(dispute: Dispute, conn: BaseDBAsyncClient | None = None) -> str:
    """Who decides the dispute, in words for its parties."""
    guilds = Guild.filter(id=dispute.arbiter_guild_id)
    guild = (
        await (guilds.using_db(conn) if conn is not None else guilds).first()
        if dispute.arbiter_guild_id is not None
        else None
    )
    return who_decides(dispute, guild.name if guild else None)


async def alert(
    bot: Bloxtr8Bot, dispute: Dispute, text: str, conn: BaseDBAsyncClient | None = None
) -> None:
    """Tell whoever decides the dispute: platform staff by DM, or the approved server's
    moderators (never the moderators of a server that doesn't decide it)."""
    if dispute.authority is not ArbiterKind.GUILD:
        for staff_id in bot.settings.staff_user_ids:
            await dm(bot, staff_id, content=text, conn=conn)
        return
    escrow = await Escrow.get(id=dispute.escrow_id)
    if not await alert_moderators(bot, escrow.guild_id, text, conn=conn):
        log.warning("Dispute %s: moderators not alerted", dispute.id)


async def standings_in_venue(bot: Bloxtr8Bot, escrow: Escrow) -> dict[int, PartyStanding] | None:
    """`party_standings` for a dispute about to be opened on `escrow`."""
    venue = await venue_of(escrow)
    if venue is None or not await ArbiterGuild.is_approved(venue.id):
        return None
    guild = await guild_by_id(bot, venue.discord_id)  # on another shard: from the REST API
    if guild is None:
        return None
    settings = await venue.get_settings()
    standings: dict[int, PartyStanding] = {}
    for party_id in escrow.party_ids():
        party = await User.get(id=party_id)
        member = guild.get_member(party.discord_id)
        if member is None:
            try:
                member = await guild.fetch_member(party.discord_id)
            except discord.NotFound:
                standings[party_id] = PartyStanding(member=False)
                continue
            except discord.HTTPException:
                return None  # unknown: staff decide
        privileged = settings.is_moderator(
            [r.id for r in member.roles], member.guild_permissions.manage_guild
        )
        standings[party_id] = PartyStanding(member=True, privileged=privileged)
    return standings


def opened_words(dispute: Dispute, decides: str) -> str:
    """What the other party of a newly opened dispute is told."""
    return (
        f"A dispute (#{dispute.id}) was opened on escrow #{dispute.escrow_id}. The money stays "
        "held while it is reviewed; you'll hear from the arbiter in the dispute thread."
        f"\n{decides}"
    )


async def tell_opened(
    bot: Bloxtr8Bot, dispute: Dispute, conn: BaseDBAsyncClient | None = None
) -> None:
    """What a newly opened dispute calls for (its authority recorded): the other party
    hears of it, and platform staff are alerted when theirs is the decision."""
    escrows = Escrow.filter(id=dispute.escrow_id)
    escrow = await (escrows.using_db(conn) if conn is not None else escrows).get()
    decides = await decides_text(dispute, conn)
    for party in escrow.party_ids():
        if dispute.opened_by_id is not None and party != dispute.opened_by_id:
            await tell(bot, party, content=opened_words(dispute, decides), conn=conn)
    if dispute.authority is ArbiterKind.STAFF:
        await alert(
            bot,
            dispute,
            f"Dispute #{dispute.id} (escrow #{dispute.escrow_id}) waits for a platform "
            f"staff decision: {dispute.authority_reason}. `/dispute view id:{dispute.id}`",
            conn,
        )


async def open_dispute(
    bot: Bloxtr8Bot,
    escrow: Escrow,
    *,
    by: User,
    reason: str,
    evidence: list[dict[str, Any]] | None = None,
) -> Dispute:
    """Open a party's dispute (`Dispute.open`): who decides, the other party's DM and
    the staff alert are written in the transaction that opens it, and sent once it
    commits. The thread is opened afterwards (the disputes cog's `open_thread`)."""
    standings = await standings_in_venue(bot, escrow)  # asked of Discord, before the lock

    async def told(dispute: Dispute, conn: BaseDBAsyncClient) -> None:
        await tell_opened(bot, dispute, conn)

    async with sent_after(bot):
        return await Dispute.open(
            escrow.id,
            by=by,
            reason=reason,
            evidence=evidence or [],
            standings=standings,
            then=told,
        )


async def tell_chargeback_dispute(
    bot: Bloxtr8Bot, escrow_id: int, conn: BaseDBAsyncClient | None
) -> None:
    """The words for the dispute a chargeback opened on the escrow, in the event's
    transaction (without one, the disputes cog says them when it hears of the notice)."""
    if conn is None:
        return
    rows = Dispute.filter(escrow_id=escrow_id, thread_id__isnull=True).using_db(conn)
    dispute = await rows.order_by("-id").first()
    if dispute is not None and dispute.is_open:
        await tell_opened(bot, dispute, conn)
