"""How contracts look in Discord."""

from __future__ import annotations

import discord

from models import Contract, Listing, Signature, User
from models.enums import ContractStatus, EscrowRail
from models.money import format_amount
from models.terms import seller_net
from models.text import shown_line

COLOURS = {
    ContractStatus.PENDING_SIGNATURE: discord.Colour.blurple(),
    ContractStatus.EXECUTED: discord.Colour.green(),
    ContractStatus.VOID: discord.Colour.dark_grey(),
}
RAIL_NAMES = {
    EscrowRail.STRIPE: "Card (Stripe, USD)",
    EscrowRail.USDC_BASE: "USDC on Base",
}
STATUS_WORDS = {
    ContractStatus.PENDING_SIGNATURE: "Waiting for signatures",
    ContractStatus.EXECUTED: "Executed",
    ContractStatus.VOID: "Void",
}
LIST_LIMIT = 25
_TITLE_SHOWN = 60


def stamp(moment: object) -> str:
    timestamp = getattr(moment, "timestamp", None)
    return f"<t:{int(timestamp())}:f>" if callable(timestamp) else "?"


def party_line(user: User) -> str:
    roblox = f" · Roblox **{user.roblox_username}**" if user.roblox_username else ""
    return f"<@{user.discord_id}>{roblox}"


def milestone_lines(contract: Contract) -> str:
    pairs = contract.milestone_pairs()
    if not pairs:
        return "None (one payment)"
    lines = []
    for position, (title, amount) in enumerate(pairs, start=1):
        shown = title if len(title) <= _TITLE_SHOWN else title[: _TITLE_SHOWN - 1] + "…"
        lines.append(
            f"{position}. {discord.utils.escape_markdown(shown)} — {format_amount(amount)}"
        )
    return "\n".join(lines)[:1024]


def signature_lines(contract: Contract, buyer: User, seller: User, signed: list[Signature]) -> str:
    by_user = {s.user_id: s for s in signed}
    lines = []
    for role, user in (("Seller", seller), ("Buyer", buyer)):
        signature = by_user.get(user.id)
        if signature is not None:
            lines.append(f"✅ {role} <@{user.discord_id}> signed {stamp(signature.signed_at)}")
        else:
            lines.append(f"⏳ {role} <@{user.discord_id}> has not signed")
    return "\n".join(lines)


def contract_embed(
    contract: Contract,
    *,
    buyer: User,
    seller: User,
    listing: Listing,
    signed: list[Signature],
    title: str,
    description: str | None = None,
) -> discord.Embed:
    """One contract: parties, asset, price, rail, milestones, status and signatures."""
    embed = discord.Embed(
        title=title[:256],
        description=(description or "")[:4096] or None,
        colour=COLOURS.get(contract.status),
    )
    embed.add_field(
        name="Listing",
        value=f"#{listing.id} · {shown_line(listing.title, limit=1000)}",
        inline=False,
    )
    embed.add_field(name="Price", value=format_amount(contract.amount))
    embed.add_field(name="Payment", value=RAIL_NAMES.get(contract.rail, contract.rail.value))
    embed.add_field(
        name="Inspection period", value=f"{contract.terms.get('inspection_days', '?')} days"
    )
    embed.add_field(name="Seller", value=party_line(seller)[:1024])
    embed.add_field(name="Buyer", value=party_line(buyer)[:1024])
    fee_bps = int(contract.terms.get("platform_fee_bps", 0))
    embed.add_field(name="Platform fee", value=f"{fee_bps / 100:g}%")
    embed.add_field(
        name="Seller receives", value=f"{format_amount(seller_net(contract.amount, fee_bps))}"
    )
    embed.add_field(name="Milestones", value=milestone_lines(contract), inline=False)
    status = STATUS_WORDS.get(contract.status, contract.status.value)
    if contract.status == ContractStatus.EXECUTED and contract.executed_at:
        status += f" {stamp(contract.executed_at)}"
    if contract.status == ContractStatus.VOID and contract.voided_at:
        status += f" {stamp(contract.voided_at)}"
    embed.add_field(name="Status", value=status, inline=False)
    embed.add_field(
        name="Signatures", value=signature_lines(contract, buyer, seller, signed), inline=False
    )
    if contract.sha256:
        embed.add_field(name="PDF SHA-256", value=f"`{contract.sha256}`", inline=False)
    embed.set_footer(
        text=f"Contract #{contract.id} · template v{contract.template_version} · "
        f"revision {contract.revision}"
    )
    return embed


def list_embed(contracts: list[Contract], user: User) -> discord.Embed:
    if not contracts:
        return discord.Embed(title="Your contracts", description="You have no contracts yet.")
    lines = []
    for contract in contracts[:LIST_LIMIT]:
        role = contract.role_of(user.id)
        listing = contract.listing
        lines.append(
            f"`#{contract.id}` **{format_amount(contract.amount)}** · "
            f"{discord.utils.escape_markdown(listing.title[:60])} · you are the {role} · "
            f"{STATUS_WORDS.get(contract.status, contract.status.value)}"
        )
    embed = discord.Embed(title="Your contracts", description="\n".join(lines)[:4096])
    embed.set_footer(text="Newest first · /contract view id:<number> for one contract")
    return embed
