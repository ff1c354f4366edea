"""What a newly opened escrow tells its parties besides its trade cards. A function of the
bot, not of the escrow cog, so the contracts area (whose signature opens the escrow) writes
these DMs in its own transaction without reaching into another cog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.ui.labels import when
from bot.ui.notify import tell
from bot.web import pay_url
from models.base import utcnow
from models.enums import EscrowRail
from models.escrow import Escrow
from models.money import format_amount
from models.user import User

from .views import pay_view

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from bot.app import Bloxtr8Bot


def buyer_pay_url(bot: Bloxtr8Bot, escrow: Escrow, buyer_discord_id: int) -> str:
    """The buyer's stable Pay link (to Stripe Checkout), valid until the funding deadline."""
    deadline = escrow.expires_at or utcnow()
    return pay_url(bot.settings, escrow.id, buyer_discord_id, int(deadline.timestamp()))


async def tell_escrow_opened(
    bot: Bloxtr8Bot, escrow: Escrow, conn: BaseDBAsyncClient | None = None
) -> None:
    """The DMs a newly opened escrow calls for besides its cards, in `conn`'s transaction
    when given: on a rail with no payment yet, a note to both; else each party's words
    for when their card can't reach them (DMs closed), sent only then (`unless_card`).
    A USDC escrow's instructions are sent once its deposit address is open."""
    if escrow.rail is EscrowRail.USDC_BASE and bot.rails.usdc is not None:
        return
    amount = format_amount(escrow.amount)
    if escrow.rail is not EscrowRail.STRIPE or bot.rails.stripe is None:
        note = (
            f"Escrow #{escrow.id} ({amount}) is open. Payment on this rail isn't available "
            "yet; nothing is due until Bloxtr8 sends you payment instructions."
        )
        await tell(bot, escrow.buyer_id, content=note, conn=conn)
        await tell(bot, escrow.seller_id, content=note, conn=conn)
        return
    buyers = User.filter(id=escrow.buyer_id)
    buyer = await (buyers.using_db(conn) if conn is not None else buyers).get()
    await tell(
        bot,
        escrow.buyer_id,
        content=f"Escrow #{escrow.id} is open. Pay {amount} by {when(escrow.expires_at)}; the "
        "seller is paid only after you confirm delivery.",
        view=pay_view(buyer_pay_url(bot, escrow, buyer.discord_id)),
        conn=conn,
        unless_card=escrow.id,
    )
    await tell(
        bot,
        escrow.seller_id,
        content=f"Escrow #{escrow.id} is open: waiting for the buyer's payment of {amount}. "
        "Don't hand anything over until Bloxtr8 tells you the payment is held.",
        conn=conn,
        unless_card=escrow.id,
    )
