"""The trade card: one message per escrow and party, edited in place at every step.

It shows the state (badge and colour), the amounts (what the buyer pays, the fee, what
the seller receives), the deadline as a Discord timestamp, who acts next, and only the
buttons valid now for the person reading it. Its message ids are stored
(`models.trade_card.TradeCard`) so any process can bring it up to date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from tortoise.exceptions import IntegrityError

from bot.ui.labels import ESCROW_BADGES, RAIL_LABELS, mention, when
from models.delivery import Delivery
from models.enums import EscrowRail, EscrowStatus, ProviderCallKind, ProviderCallStatus
from models.escrow import Escrow, MilestoneEscrow
from models.money import format_amount
from models.payments import ProviderCall
from models.terms import fee_of
from models.trade_card import TradeCard
from models.user import User

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

from .views import (
    CancelEscrowButton,
    ConfirmDeliveryButton,
    MarkDeliveredButton,
    OpenDisputeButton,
    RefundEscrowButton,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Parties:
    buyer: User
    seller: User
    title: str


async def parties(escrow: Escrow) -> Parties:
    from models.contract import Contract
    from models.listing import Listing

    buyer = await User.get(id=escrow.buyer_id)
    seller = await User.get(id=escrow.seller_id)
    contract = await Contract.get_or_none(id=escrow.contract_id)
    listing = await Listing.get_or_none(id=contract.listing_id) if contract else None
    return Parties(buyer, seller, listing.title if listing else "Trade")


async def seller_received(escrow: Escrow, conn: BaseDBAsyncClient | None = None) -> int:
    """What was really transferred to the seller (the sum of completed transfers), as
    `conn`'s transaction sees it when given."""
    query = ProviderCall.filter(
        escrow_id=escrow.id, kind=ProviderCallKind.TRANSFER, status=ProviderCallStatus.SUCCEEDED
    )
    calls = await (query.using_db(conn) if conn is not None else query)
    return sum(c.amount for c in calls)


def _next_step(escrow: Escrow, p: Parties, viewer_id: int) -> str:
    buyer = "You" if viewer_id == p.buyer.id else mention(p.buyer.discord_id)
    seller = "You" if viewer_id == p.seller.id else mention(p.seller.discord_id)
    status = escrow.status
    if status is EscrowStatus.AWAIT_FUNDS:
        how = " in USDC" if escrow.rail is EscrowRail.USDC_BASE else ""
        verb = "pay" if buyer == "You" else "pays"
        return f"**Next:** {buyer} {verb}{how} by {when(escrow.expires_at)}."
    if status is EscrowStatus.FUNDS_HELD:
        return (
            f"**Next:** {seller} hand{'s' * (seller != 'You')} the asset over on Roblox, "
            f"then press{'es' * (seller != 'You')} **Mark delivered**. The payment is held "
            "until the buyer confirms."
        )
    if status is EscrowStatus.DELIVERED:
        return (
            f"**Next:** {buyer} check{'s' * (buyer != 'You')} the asset on Roblox, then "
            f"confirm{'s' * (buyer != 'You')} or open{'s' * (buyer != 'You')} a dispute by "
            f"{when(escrow.auto_release_at)}. After that the "
            "payment is released to the seller automatically."
        )
    if status is EscrowStatus.DISPUTED:
        return "A moderator is deciding. Nothing is paid out or refunded meanwhile."
    if status is EscrowStatus.RELEASED:
        return f"Done on {when(escrow.released_at)}. Thanks for trading safely!"
    if status is EscrowStatus.REFUNDED:
        return f"The buyer was refunded on {when(escrow.refunded_at)}."
    return f"Called off on {when(escrow.cancelled_at)}. Nothing was paid."


async def render(
    escrow: Escrow, p: Parties, viewer_id: int, pay_link: str | None
) -> tuple[discord.Embed, discord.ui.View]:
    badge, colour = ESCROW_BADGES[escrow.status]
    fee = fee_of(escrow.amount, escrow.fee_bps)
    lines = [f"**{badge}**", _next_step(escrow, p, viewer_id)]
    if escrow.status in (EscrowStatus.DELIVERED, EscrowStatus.DISPUTED):
        delivery = await Delivery.filter(escrow_id=escrow.id).order_by("-id").first()
        text = (delivery.evidence or {}).get("text") if delivery else None
        if text:
            lines.append(f"**The seller's note:** {discord.utils.escape_markdown(text)[:500]}")
    embed = discord.Embed(
        title=f"{p.title} · trade {escrow.id}"[:256], description="\n\n".join(lines), colour=colour
    )
    embed.add_field(name="Buyer", value=mention(p.buyer.discord_id))
    embed.add_field(name="Seller", value=mention(p.seller.discord_id))
    embed.add_field(name="Paid by", value=RAIL_LABELS.get(escrow.rail, "Card"))
    embed.add_field(name="Buyer pays", value=format_amount(escrow.amount))
    percent = f"{escrow.fee_bps / 100:.2f}".rstrip("0").rstrip(".")
    embed.add_field(name=f"Bloxtr8 fee ({percent}%)", value=format_amount(fee))
    received = await seller_received(escrow) if escrow.status is EscrowStatus.RELEASED else None
    embed.add_field(
        name="Seller received" if received else "Seller receives",
        value=format_amount(received if received else escrow.amount - fee),
    )
    milestones = await MilestoneEscrow.filter(escrow_id=escrow.id).order_by("position")
    for m in milestones[:10]:
        embed.add_field(
            name=f"Milestone {m.position}: {m.title}"[:256],
            value=f"{format_amount(m.amount)} · {m.status.value.replace('_', ' ').lower()}",
            inline=False,
        )
    role = "buyer" if viewer_id == p.buyer.id else "seller"
    embed.set_footer(text=f"Your trade card as the {role}. It updates itself at every step.")
    return embed, buttons(escrow, role, pay_link)


# The steps each reader may take in each state (besides the buyer's Pay link).
CARD_STEPS = {
    (EscrowStatus.AWAIT_FUNDS, "buyer"): (CancelEscrowButton,),
    (EscrowStatus.AWAIT_FUNDS, "seller"): (CancelEscrowButton,),
    (EscrowStatus.FUNDS_HELD, "buyer"): (OpenDisputeButton,),
    (EscrowStatus.FUNDS_HELD, "seller"): (MarkDeliveredButton, RefundEscrowButton),
    (EscrowStatus.DELIVERED, "buyer"): (ConfirmDeliveryButton, OpenDisputeButton),
    (EscrowStatus.DELIVERED, "seller"): (RefundEscrowButton,),
}


def buttons(escrow: Escrow, role: str, pay_link: str | None) -> discord.ui.View:
    """Only what the person reading may do now; callbacks re-check under the lock."""
    view = discord.ui.View(timeout=None)
    if escrow.status is EscrowStatus.AWAIT_FUNDS and role == "buyer" and pay_link:
        view.add_item(discord.ui.Button(label="Pay into escrow", url=pay_link))
    for step in CARD_STEPS.get((escrow.status, role), ()):
        view.add_item(step(escrow.id))
    return view


async def refresh(
    client: discord.Client, escrow_id: int, pay_link: Any = None
) -> dict[int, discord.Message | None]:
    """Bring both parties' cards up to date: edit each in place, or send it the first time.

    `pay_link(escrow, buyer)` gives the buyer's Pay URL (None when this rail has none).
    Returns each party's card message (None when their DMs are closed)."""
    escrow = await Escrow.get(id=escrow_id)
    p = await parties(escrow)
    link = (
        pay_link(escrow, p.buyer)
        if pay_link and escrow.status is EscrowStatus.AWAIT_FUNDS
        else None
    )
    out: dict[int, discord.Message | None] = {}
    for party in (p.buyer, p.seller):
        embed, view = await render(escrow, p, party.id, link)
        out[party.id] = await _show(client, escrow.id, party, embed, view)
    return out


async def _show(
    client: discord.Client,
    escrow_id: int,
    party: User,
    embed: discord.Embed,
    view: discord.ui.View,
) -> discord.Message | None:
    row = await TradeCard.get_or_none(escrow_id=escrow_id, user_id=party.id)
    if row is not None:
        channel = client.get_partial_messageable(row.channel_id, type=discord.ChannelType.private)
        try:
            return await channel.get_partial_message(row.message_id).edit(
                content=None, embed=embed, view=view
            )
        except discord.NotFound:
            await row.delete()  # the party deleted it: send a fresh one
        except discord.HTTPException as exc:
            log.info("Trade card of escrow %s not edited (%s)", escrow_id, exc.status)
            return None
    try:
        dm = await client.create_dm(discord.Object(id=party.discord_id))
        message = await dm.send(embed=embed, view=view)
    except discord.HTTPException as exc:
        log.info(
            "Trade card of escrow %s not sent to user %s (%s)", escrow_id, party.id, exc.status
        )
        return None
    try:
        await TradeCard.create(
            escrow_id=escrow_id, user_id=party.id, channel_id=dm.id, message_id=message.id
        )
    except IntegrityError:  # another process sent one at the same moment: keep theirs
        await message.delete()
        return await _show(client, escrow_id, party, embed, view)
    return message
