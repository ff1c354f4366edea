"""How listings look: the public post, the full details, and result pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import discord

from bot.ui.labels import label, record_words
from models import Listing, RobloxSnapshot, User
from models.dispute import trade_records
from models.enums import ListingStatus, ListingVisibility, RobloxAssetType
from models.listing import completed_trade_count
from models.money import format_amount
from models.text import shown, shown_line

_STATUS_COLOUR = {
    ListingStatus.ACTIVE: discord.Colour.green(),
    ListingStatus.INACTIVE: discord.Colour.orange(),
    ListingStatus.SOLD: discord.Colour.blurple(),
    ListingStatus.CANCELLED: discord.Colour.dark_grey(),
}
_VISIBILITY_WORDS = {
    ListingVisibility.PUBLIC: "Public (shown in every Bloxtr8 server)",
    ListingVisibility.PRIVATE: "Private (this server only)",
}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _count(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "?"


def roblox_facts(snapshot: RobloxSnapshot | None) -> str | None:
    """A few lines about the verified Roblox asset, or None when the listing has none."""
    if snapshot is None:
        return None
    data = snapshot.data or {}
    name = discord.utils.escape_markdown(snapshot.name)
    url = data.get("url")
    head = f"[{name}]({url})" if url else name
    if snapshot.asset_type == RobloxAssetType.GAME:
        owner = "a group the seller owns" if snapshot.owner_type == "GROUP" else "the seller"
        lines = [
            f"Game {head} (owned by {owner})",
            f"Visits {_count(data.get('visits'))} · playing now {_count(data.get('playing'))}",
        ]
        created = data.get("created")
        if isinstance(created, str):
            try:
                when = dt.datetime.fromisoformat(created)
                lines.append(f"Created {discord.utils.format_dt(when, 'D')}")
            except ValueError:
                pass
    else:
        lines = [f"Group {head} (owned by the seller)"]
        lines.append(f"Members {_count(data.get('member_count'))}")
    lines.append(f"Ownership verified {discord.utils.format_dt(snapshot.captured_at, 'R')}")
    return "\n".join(lines)


async def listing_embed(listing: Listing) -> discord.Embed:
    """The public post of a listing (also used when its mirrors are re-rendered)."""
    seller = await User.get(id=listing.seller_id)  # type: ignore[attr-defined]
    snapshot = (
        await RobloxSnapshot.get_or_none(id=listing.snapshot_id)  # type: ignore[attr-defined]
        if listing.snapshot_id  # type: ignore[attr-defined]
        else None
    )
    trades = await completed_trade_count(seller.id)
    embed = discord.Embed(
        title=shown_line(listing.title, limit=256),
        description=shown(listing.summary, limit=1_000),
        colour=_STATUS_COLOUR.get(listing.status, discord.Colour.default()),
    )
    if listing.status != ListingStatus.ACTIVE:
        embed.title = f"[{label(listing.status)}] " + shown_line(listing.title, limit=230)
    embed.add_field(name="Price", value=format_amount(listing.price), inline=True)
    embed.add_field(name="Category", value=listing.category.value.title(), inline=True)
    embed.add_field(
        name="Seller",
        value=(
            f"<@{seller.discord_id}>\n{label(seller.kyc_tier)} · "
            f"{trades} completed trade{'s' if trades != 1 else ''}"
        ),
        inline=True,
    )
    facts = roblox_facts(snapshot)
    if facts:
        embed.add_field(name="Roblox", value=_clip(facts, 1_024), inline=False)
    embed.add_field(name="Visibility", value=_VISIBILITY_WORDS[listing.visibility], inline=False)
    if snapshot is not None and isinstance(snapshot.data.get("icon_url"), str):
        embed.set_thumbnail(url=snapshot.data["icon_url"])
    embed.set_footer(text=f"Listing #{listing.id}")
    embed.timestamp = listing.created_at
    return embed


async def details_embed(listing: Listing) -> discord.Embed:
    """Everything about a listing, for the Details button and `/listing view`."""
    embed = await listing_embed(listing)
    embed.description = shown(listing.summary, limit=4_000)
    embed.insert_field_at(2, name="Status", value=label(listing.status), inline=True)
    snapshot = (
        await RobloxSnapshot.get_or_none(id=listing.snapshot_id)  # type: ignore[attr-defined]
        if listing.snapshot_id  # type: ignore[attr-defined]
        else None
    )
    if snapshot is not None:
        data = snapshot.data or {}
        ids = (
            f"Universe {data.get('universe_id')} · root place {data.get('root_place_id')}"
            if snapshot.asset_type == RobloxAssetType.GAME
            else f"Group {snapshot.asset_id}"
        )
        about = data.get("description") or ""
        value = ids + (f"\n{_clip(discord.utils.escape_markdown(about), 600)}" if about else "")
        embed.add_field(name="Roblox asset", value=_clip(value, 1_024), inline=False)
    embed.add_field(
        name="Listed", value=discord.utils.format_dt(listing.created_at, "f"), inline=True
    )
    if listing.updated_at and listing.updated_at - listing.created_at > dt.timedelta(seconds=1):
        embed.add_field(
            name="Updated", value=discord.utils.format_dt(listing.updated_at, "R"), inline=True
        )
    return embed


async def seller_reputations(seller_ids: Collection[int]) -> dict[int, str]:
    """Each seller and their record, for the lines of a page of search results (one
    statement for the page)."""
    records = await trade_records(seller_ids)
    return {uid: f"<@{r.discord_id}> · {record_words(r)}" for uid, r in records.items()}


def results_embed(
    title: str,
    listings: Sequence[Listing],
    *,
    page: int,
    has_next: bool,
    empty: str,
    sellers: Mapping[int, str] | None = None,
) -> discord.Embed:
    """One page of listings (search, mine); `sellers` adds each seller's reputation."""
    embed = discord.Embed(title=title, colour=discord.Colour.blurple())
    if not listings:
        embed.description = empty if page == 0 else "No more listings."
    else:
        lines = []
        for listing in listings:
            status = "" if listing.status == ListingStatus.ACTIVE else f" · {label(listing.status)}"
            private = " · private" if listing.visibility == ListingVisibility.PRIVATE else ""
            seller = (sellers or {}).get(listing.seller_id)  # type: ignore[attr-defined]
            lines.append(
                f"**#{listing.id}** {shown_line(listing.title, limit=200)}\n"
                f"{format_amount(listing.price)} · {listing.category.value.title()}"
                f"{status}{private}" + (f"\nSeller {seller}" if seller else "")
            )
        embed.description = "\n\n".join(lines)
    more = " · more on the next page" if has_next else ""
    how = "pick one below to open it" if sellers else "/listing view <id> for details"
    embed.set_footer(text=f"Page {page + 1}{more} · {how}")
    return embed
