"""The words people read for the project's states: one mapping, used by every cog.

Enum values (AWAIT_FUNDS, TIER_1, EXECUTED …) are for the database and staff tools; a
party reads these labels instead.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING

import discord

from models.enums import EscrowRail, EscrowStatus, KycTier, ListingStatus
from models.user import User

if TYPE_CHECKING:
    from models.dispute import TradeRecord

# (badge, colour) of an escrow's state on the trade card and in lists.
ESCROW_BADGES: dict[EscrowStatus, tuple[str, discord.Colour]] = {
    EscrowStatus.AWAIT_FUNDS: ("Waiting for payment", discord.Colour.gold()),
    EscrowStatus.FUNDS_HELD: ("Payment held", discord.Colour.blue()),
    EscrowStatus.DELIVERED: ("Delivered", discord.Colour.teal()),
    EscrowStatus.DISPUTED: ("In dispute", discord.Colour.red()),
    EscrowStatus.RELEASED: ("Completed", discord.Colour.green()),
    EscrowStatus.REFUNDED: ("Refunded", discord.Colour.dark_grey()),
    EscrowStatus.CANCELLED: ("Cancelled", discord.Colour.dark_grey()),
}

RAIL_LABELS = {EscrowRail.STRIPE: "Card (Stripe)", EscrowRail.USDC_BASE: "USDC on Base"}


# Other states people read, by member (string values like "CANCELLED" mean different
# things in different enums, so they are looked up by member, never by text).
WORDS: dict[Enum, str] = {
    KycTier.TIER_0: "Signed up",
    KycTier.TIER_1: "Roblox linked",
    KycTier.TIER_2: "Verified for high-value trades",
    ListingStatus.ACTIVE: "For sale",
    ListingStatus.INACTIVE: "Sale pending",
    ListingStatus.SOLD: "Sold",
    ListingStatus.CANCELLED: "Withdrawn",
}


def badge(status: EscrowStatus) -> str:
    return ESCROW_BADGES[status][0]


def label(value: Enum | str | None) -> str:
    """Any enum value in words: a known badge, else its name in sentence case."""
    if value is None:
        return "—"
    if isinstance(value, EscrowStatus):
        return badge(value)
    if isinstance(value, EscrowRail):
        return RAIL_LABELS.get(value, str(value.value))
    if isinstance(value, Enum) and value in WORDS:
        return WORDS[value]
    raw = str(value.value if isinstance(value, Enum) else value)
    return raw.replace("_", " ").capitalize()


def when(moment: dt.datetime | None) -> str:
    """A time as Discord shows it to each reader: the date and time, and how far it is."""
    if moment is None:
        return "—"
    return f"{discord.utils.format_dt(moment, 'f')} ({discord.utils.format_dt(moment, 'R')})"


async def record_of(user: User) -> str:
    """Someone's standing in words, for the other side of a trade: verification, completed
    trades and their value, and how their disputes ended (one statement)."""
    from models.dispute import trade_records

    return record_words((await trade_records([user.id]))[user.id])


def record_words(record: TradeRecord) -> str:
    """`record_of` for a record already read (`models.dispute.trade_records`)."""
    from models.money import format_amount

    trades = record.completed_trades
    worth = f" worth {format_amount(record.volume_cents)}" if trades else ""
    return (
        f"{label(record.kyc_tier)} · {trades} completed trade{'s' * (trades != 1)}{worth} · "
        f"{record.disputes.describe()}"
    )


def mention(discord_id: int | None) -> str:
    return f"<@{discord_id}>" if discord_id else "someone"


def still_moving(exc: BaseException) -> str:
    """What a moderator or party is told when a money step is recorded but not finished:
    a chain payout waiting for its confirmations, or a provider that has not answered."""
    from models.chain import AwaitingFinality

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, AwaitingFinality):
            return (
                "The payment is on the chain and counts once enough blocks confirm it (a few "
                "minutes); the parties are told when it is final."
            )
        cause = cause.__cause__
    return (
        "The payment provider didn't answer yet; the money will be moved automatically and "
        "the parties told then."
    )
