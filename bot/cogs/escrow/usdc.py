"""What the buyer of a USDC escrow is shown: how much, where, by when, on which network.

Shown only once the buyer's linked wallet passes screening (fails closed: no wallet, a
listed wallet or a screener that can't answer shows no deposit address). The deposit
address is opened once per escrow (`UsdcRail.open_deposit`, idempotent); the buyer's DM of
these instructions is written in the transaction that opens it (`UsdcPayments.opened`),
with the QR code by reference to the document store.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
import segno

from models.screening import screen_wallet
from models.stablecoin import BASE_UNITS_PER_CENT
from models.user import User

if TYPE_CHECKING:
    from bot.rails.usdc.rail import UsdcRail
    from models.escrow import Escrow, StablecoinEscrow

BASE_CHAIN_ID = 8453
NETWORKS = {8453: "Base", 84532: "Base Sepolia"}
USDC_DECIMALS = 6


def format_usdc(base_units: int) -> str:
    """Exact, with all 6 decimals: 15000000000 → '15,000.000000 USDC'."""
    whole, frac = divmod(base_units, 10**USDC_DECIMALS)
    return f"{whole:,}.{frac:0{USDC_DECIMALS}d} USDC"


def eip681_link(token: str, chain_id: int, deposit: str, base_units: int) -> str:
    """An EIP-681 payment request: a wallet that scans it prefills the USDC transfer."""
    return f"ethereum:{token}@{chain_id}/transfer?address={deposit}&uint256={base_units}"


QR_FILENAME = "usdc-deposit.png"  # the embed shows it: `attachment://usdc-deposit.png`


def qr_bytes(link: str) -> bytes:
    """The QR code of `link` as PNG bytes (the same bytes for the same link)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=6, border=4)
    return out.getvalue()


def qr_png(link: str) -> discord.File:
    return discord.File(io.BytesIO(qr_bytes(link)), filename=QR_FILENAME)


def deposit_link(escrow: Escrow, *, token: str, chain_id: int, deposit: str) -> str:
    """The EIP-681 link of the escrow's exact price in base units to its deposit address."""
    return eip681_link(token, chain_id, deposit, escrow.amount * BASE_UNITS_PER_CENT)


async def screen_buyer(rail: UsdcRail, escrow: Escrow) -> None:
    """Refuse (a `DomainError` in plain words) unless the buyer has a linked wallet that
    passes screening now (no transaction is open while the screeners answer)."""
    from models.errors import InvalidState

    buyer = await User.get(id=escrow.buyer_id)
    if not buyer.wallet_address:
        raise InvalidState(
            f"Escrow #{escrow.id} is paid in USDC on Base: link your wallet first with "
            "`/wallet link`, then run `/escrow pay` for the deposit address."
        )
    await screen_wallet(buyer.wallet_address, rail.screeners, user=buyer)


async def deposit_instructions(
    rail: UsdcRail, escrow: Escrow
) -> tuple[discord.Embed, discord.File]:
    """The buyer's deposit instructions, after their wallet passes screening. Raises a
    `DomainError` (plain words) when they have no wallet or it can't be cleared."""
    await screen_buyer(rail, escrow)
    row = await rail.open_deposit(escrow.id)
    embed, link = instructions(row, escrow)
    return embed, qr_png(link)


def instructions(row: StablecoinEscrow, escrow: Escrow) -> tuple[discord.Embed, str]:
    """The embed telling the buyer what to send where (its image is the QR code attached
    as `QR_FILENAME`), and the EIP-681 link the QR code encodes."""
    units = int(row.amount_base_units)
    assert units == escrow.amount * BASE_UNITS_PER_CENT
    link = eip681_link(row.token_address, row.chain_id, row.deposit_address, units)
    network = NETWORKS.get(row.chain_id, f"chain {row.chain_id}")
    deadline = (
        f"<t:{int(escrow.expires_at.timestamp())}:F> (<t:{int(escrow.expires_at.timestamp())}:R>)"
        if escrow.expires_at
        else "none"
    )
    embed = discord.Embed(
        title=f"Pay escrow #{escrow.id} in USDC",
        description=(
            f"Send exactly **{format_usdc(units)}** to the deposit address below, on "
            f"**{network}** (chain id {row.chain_id}).\n"
            f"⚠️ Only **USDC on {network}** counts. Any other token, or USDC on another "
            "network, is not credited and may be lost.\n"
            "The escrow is funded once the deposit is final on the chain; the seller is "
            "paid only after you confirm delivery."
        ),
    )
    embed.add_field(name="Amount", value=f"`{format_usdc(units)}`", inline=False)
    embed.add_field(name="Deposit address", value=f"`{row.deposit_address}`", inline=False)
    embed.add_field(name="Network", value=f"{network} (chain id {row.chain_id})")
    embed.add_field(name="Pay by", value=deadline)
    embed.add_field(name="Wallet link (EIP-681)", value=f"`{link}`", inline=False)
    embed.set_image(url=f"attachment://{QR_FILENAME}")
    return embed, link
