"""How offers look in Discord."""

from __future__ import annotations

import discord

from bot.ui.labels import label
from models import Listing, Offer
from models.enums import OfferStatus
from models.money import format_amount
from models.text import shown, shown_line

COLOURS = {
    OfferStatus.PENDING: discord.Colour.blurple(),
    OfferStatus.ACCEPTED: discord.Colour.green(),
    OfferStatus.COUNTERED: discord.Colour.gold(),
    OfferStatus.DECLINED: discord.Colour.red(),
    OfferStatus.EXPIRED: discord.Colour.dark_grey(),
    OfferStatus.WITHDRAWN: discord.Colour.dark_grey(),
}
PAGE_SIZE = 10


def stamp(offer: Offer) -> str:
    return f"<t:{int(offer.expires_at.timestamp())}:R>"


def against_asking(amount: int, asking: int) -> str:
    """How an offer compares with the asking price, in words a seller weighs at a glance."""
    if amount == asking or asking <= 0:
        return "the asking price"
    diff = abs(asking - amount)
    percent = diff * 100 / asking
    share = f"{percent:.0f}%" if percent >= 1 else "under 1%"
    side = "below" if amount < asking else "above"
    return f"{share} {side} asking ({format_amount(diff)} {'less' if side == 'below' else 'more'})"


def offer_embed(
    offer: Offer,
    listing: Listing,
    *,
    title: str,
    author_discord_id: int | None = None,
    seller_net: int | None = None,
    author_record: tuple[str, str] | None = None,
) -> discord.Embed:
    """One offer: amount against the asking price, conditions, expiry, who made it;
    `author_record` is (whose, what): the maker's trade record for the one answering."""
    embed = discord.Embed(title=title[:256], colour=COLOURS.get(offer.status))
    embed.add_field(
        name="Listing",
        value=f"#{listing.id} · {shown_line(listing.title, limit=1000)}",
        inline=False,
    )
    embed.add_field(
        name="Offer",
        value=f"{format_amount(offer.amount)}\n{against_asking(offer.amount, listing.price)}",
    )
    embed.add_field(name="Asking price", value=format_amount(listing.price))
    if seller_net is not None:
        embed.add_field(name="Seller receives", value=f"{format_amount(seller_net)} after fees")
    if offer.status == OfferStatus.PENDING:
        embed.add_field(name="Expires", value=stamp(offer))
    else:
        embed.add_field(name="Status", value=label(offer.status))
    if author_discord_id is not None:
        embed.add_field(name="From", value=f"<@{author_discord_id}>")
    if author_record is not None:
        embed.add_field(name=author_record[0], value=author_record[1], inline=False)
    if offer.conditions:
        embed.add_field(name="Conditions", value=shown(offer.conditions, limit=1024), inline=False)
    if offer.parent_id:
        embed.add_field(name="Counter to", value=f"offer #{offer.parent_id}")
    embed.set_footer(text=f"Offer #{offer.id}")
    return embed


def list_line(offer: Offer) -> str:
    listing = offer.listing
    state = label(offer.status)
    if offer.status == OfferStatus.PENDING:
        state = f"Pending, expires {stamp(offer)}"
    return (
        f"`#{offer.id}` **{format_amount(offer.amount)}** on listing #{listing.id} "
        f"{shown_line(listing.title, limit=200)} · {state}"
    )


def list_pages(offers: list[Offer], direction: str, *, more: bool = False) -> list[discord.Embed]:
    """Pages of at most PAGE_SIZE offers (a page stays far below 4,096 characters)."""
    heading = "Offers for you to answer" if direction == "incoming" else "Offers you made"
    if not offers:
        empty = "Nothing here yet." if direction == "incoming" else "You haven't made any offers."
        return [discord.Embed(title=heading, description=empty)]
    chunks = [offers[i : i + PAGE_SIZE] for i in range(0, len(offers), PAGE_SIZE)]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        embed = discord.Embed(title=heading, description="\n".join(list_line(o) for o in chunk))
        footer = f"Page {number}/{len(chunks)}"
        if more:
            footer += f" · the newest {len(offers)} offers"
        embed.set_footer(text=footer)
        pages.append(embed)
    return pages
