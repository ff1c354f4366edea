"""What the accounts commands show: the terms, link instructions and profiles."""

from __future__ import annotations

import datetime as dt

import discord

from bot.ui.labels import label
from models.enums import KycTier
from models.money import format_amount
from models.user import TradeStats, User

TERMS = (
    "**Escrow.** A buyer's money is held in escrow. It goes to the seller only when the "
    "buyer confirms the delivery, when the inspection period ends without a complaint, or "
    "when a moderator settles a dispute.\n"
    "**Fees.** Each completed trade pays a platform fee (a percentage the server sets, "
    "always shown before you pay). Card and network fees may apply too.\n"
    "**Disputes.** Either side can open a dispute. Server moderators look at the evidence "
    "and decide whether the money is released to the seller or refunded to the buyer.\n"
    "**Your data.** We store your Discord id and username and, once you link it, your "
    "Roblox user id and username, plus your listings, offers, contracts and escrows. "
    "Every action is kept in an audit log.\n"
    "**Your part.** Only sell what you own, deliver what you promised, and keep trades "
    "inside Bloxtr8. Trades you do outside escrow aren't protected."
)

TIER_LABELS = {
    KycTier.TIER_0: "TIER_0 — signed up (can browse)",
    KycTier.TIER_1: "TIER_1 — Roblox linked (can list and make offers)",
    KycTier.TIER_2: "TIER_2 — verified by staff (can trade above the card limit)",
}


def terms_embed() -> discord.Embed:
    embed = discord.Embed(title="Bloxtr8 terms", description=TERMS, colour=discord.Colour.blurple())
    embed.set_footer(text="Press Accept to sign up, or Decline to leave without saving anything.")
    return embed


def roblox_profile_url(roblox_user_id: int) -> str:
    return f"https://www.roblox.com/users/{roblox_user_id}/profile"


def link_instructions(
    roblox_name: str, roblox_user_id: int, code: str, expires_at: dt.datetime
) -> str:
    return (
        f"To link the Roblox account **{roblox_name}**, prove it's yours:\n"
        f"1. Open your profile: <{roblox_profile_url(roblox_user_id)}>\n"
        f"2. Put this code anywhere in your **About** section and save:\n"
        f"```\n{code}\n```\n"
        f"3. Press **Verify** below (or run `/link check`).\n"
        f"The code expires {discord.utils.format_dt(expires_at, 'R')}. "
        "You can remove it from your About once you're linked."
    )


def describe_age(created: dt.datetime, now: dt.datetime) -> str:
    """A Roblox account's age in plain words: "3 years, 2 months", "5 months", "12 days"."""
    days = max((now - created).days, 0)
    years, rest = divmod(days, 365)
    months = rest // 30
    if years:
        text = f"{years} year{'s' if years != 1 else ''}"
        if months:
            text += f", {months} month{'s' if months != 1 else ''}"
        return text
    if months:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


def shorten_address(address: str) -> str:
    return address if len(address) <= 12 else f"{address[:6]}…{address[-4:]}"


def profile_embed(
    member: discord.abc.User,
    user: User,
    stats: TradeStats,
    now: dt.datetime,
    disputes: str | None = None,
) -> discord.Embed:
    embed = discord.Embed(title=f"Profile — {member.display_name}", colour=discord.Colour.green())
    embed.add_field(name="Tier", value=TIER_LABELS[user.kyc_tier], inline=False)
    if user.roblox_user_id is not None:
        roblox = f"[{user.roblox_username}]({roblox_profile_url(user.roblox_user_id)})"
        if user.roblox_created_at is not None:
            roblox += f"\nAccount age: {describe_age(user.roblox_created_at, now)}"
    else:
        roblox = "Not linked"
    embed.add_field(name="Roblox", value=roblox, inline=False)
    embed.add_field(name="Completed trades", value=str(stats.completed_trades))
    embed.add_field(name="Volume", value=format_amount(stats.volume_cents))
    embed.add_field(name="Open trades", value=str(stats.open_trades))
    if disputes:
        embed.add_field(name="Disputes", value=disputes, inline=False)
    if user.wallet_address:
        wallet = (
            f"`{shorten_address(user.wallet_address)}` (risk: {label(user.wallet_risk).lower()})"
        )
    else:
        wallet = "none"
    embed.add_field(name="Wallet", value=wallet, inline=False)
    if user.terms_accepted_at is not None:
        embed.set_footer(text=f"Member since {user.terms_accepted_at:%Y-%m-%d}")
    return embed
