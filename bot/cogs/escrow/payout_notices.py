"""What the parties read when a release or refund is finished, whoever finishes it.

A release or refund is recorded with who started it (`models.payments.CallNotice`) and
completed later by whatever gets the provider's answer: the caller, the reconciler, a
webhook, the USDC payouts job. `payments.complete` asks the escrow cog (`tell_completed`)
for these words in the completion's transaction, so each party is told once per finished
step, on every path. On the USDC rail the recipient also reads what reached their wallet,
in the same DM.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.ui.labels import when
from models.enums import EscrowRail, EscrowStatus, MilestoneStatus, ProviderCallKind
from models.escrow import MilestoneEscrow
from models.money import format_amount
from models.payments import CallNotice
from models.terms import seller_net

from . import card
from .usdc import format_usdc

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from models.escrow import Escrow
    from models.payments import ProviderCall


async def completed_words(
    call: ProviderCall, escrow: Escrow, conn: BaseDBAsyncClient
) -> dict[int, str]:
    """Each party's DM (by `users.id`) for a call that just completed, as `conn` sees
    the escrow after it; empty when the call finished no step people are told about here
    (a dispute's decision is told when the dispute closes; money sent back is told by the
    returns job)."""
    if call.kind not in (ProviderCallKind.TRANSFER, ProviderCallKind.REFUND):
        return {}
    if call.request.get("late_payment") or call.request.get("chain_return"):
        return {}
    words: dict[int, str] = {}
    notice = call.request.get("notice")
    if call.kind is ProviderCallKind.TRANSFER and await _released(call, escrow, conn):
        if notice == CallNotice.CONFIRMED:
            what = await _what(call, escrow, conn)
            net = await card.seller_received(escrow, conn)
            words[escrow.seller_id] = (
                f"The buyer confirmed escrow #{escrow.id}: {what} is released; after fees "
                f"({escrow.fee_bps / 100:g}%) you receive {format_amount(net)}."
            )
            words[escrow.buyer_id] = (
                f"You confirmed delivery on escrow #{escrow.id}: {what} is released to the "
                "seller. Thanks for trading safely!"
            )
        elif notice == CallNotice.AUTO_RELEASED:
            words[escrow.buyer_id] = auto_released(escrow, "buyer")
            words[escrow.seller_id] = auto_released(escrow, "seller")
    elif (
        call.kind is ProviderCallKind.REFUND
        and escrow.status is EscrowStatus.REFUNDED
        and notice == CallNotice.SELLER_REFUNDED
    ):
        usdc = escrow.rail is EscrowRail.USDC_BASE
        words[escrow.buyer_id] = f"The seller refunded escrow #{escrow.id}. " + (
            "The USDC is back in your linked wallet."
            if usdc
            else "Your card is credited in a few days."
        )
        words[escrow.seller_id] = (
            f"Escrow #{escrow.id} is refunded: {format_amount(call.amount)} went back to the buyer."
        )
    if call.rail is EscrowRail.USDC_BASE and "to" in call.request:
        to_seller = call.kind is ProviderCallKind.TRANSFER
        recipient = escrow.seller_id if to_seller else escrow.buyer_id
        arrived = (
            f"{format_usdc(int(call.request['amount_base_units']))} from escrow #{escrow.id} "
            f"reached your wallet `{call.request['to']}` and is final on the chain"
            + (" (after the platform fee)." if to_seller else " (a refund).")
        )
        words[recipient] = f"{words[recipient]}\n{arrived}" if recipient in words else arrived
    return words


async def _released(call: ProviderCall, escrow: Escrow, conn: BaseDBAsyncClient) -> bool:
    """Whether the transfer released what it was for (the escrow, or its milestone); not
    when the buyer was refunded meanwhile (the transfer is being taken back)."""
    if call.milestone_id is None:
        return escrow.status is EscrowStatus.RELEASED
    milestone = await MilestoneEscrow.filter(id=call.milestone_id).using_db(conn).first()
    return milestone is not None and milestone.status is MilestoneStatus.RELEASED


async def _what(call: ProviderCall, escrow: Escrow, conn: BaseDBAsyncClient) -> str:
    """What was released, as the buyer's confirmation named it."""
    if call.milestone_id is None:
        return format_amount(escrow.amount)
    milestone = await MilestoneEscrow.filter(id=call.milestone_id).using_db(conn).get()
    return f"milestone {milestone.position} ({format_amount(milestone.amount)})"


def auto_released(escrow: Escrow, role: str) -> str:
    """What each party reads when the inspection period ended without a dispute."""
    at = when(escrow.released_at)
    if role == "buyer":
        return (
            f"Trade #{escrow.id} is complete: the inspection period ended on {at} without a "
            f"dispute, so your payment of {format_amount(escrow.amount)} was released to the "
            "seller automatically. There is nothing more to do."
        )
    net = seller_net(escrow.amount, escrow.fee_bps)
    return (
        f"Trade #{escrow.id} is complete: the inspection period ended on {at} without a "
        f"dispute, so the payment was released to you automatically. You receive "
        f"{format_amount(net)} ({format_amount(escrow.amount)} less Bloxtr8's fee of "
        f"{format_amount(escrow.amount - net)})."
    )
