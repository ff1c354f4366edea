"""Listing buttons and modals. Restart-safe buttons are DynamicItems carrying the listing id."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.cogs.listings.embeds import details_embed, results_embed, seller_reputations
from bot.ui.common import PickSelect, cog_of, id_button
from bot.ui.errors import guarded
from bot.ui.pager import send_paged
from models import Guild, Listing, User
from models.enums import ListingStatus
from models.money import format_amount

if TYPE_CHECKING:
    from bot.cogs.listings.cog import Listings

PAGE_SIZE = 5


def _cog(interaction: discord.Interaction[Any]) -> Listings:
    from bot.cogs.listings.cog import Listings

    return cog_of(interaction, Listings)


async def local_guild_id(interaction: discord.Interaction[Any]) -> int | None:
    """Our row id of the guild the interaction comes from (None in DMs or unknown guilds)."""
    if interaction.guild_id is None:
        return None
    guild = await Guild.get_or_none(discord_id=interaction.guild_id)
    return guild.id if guild is not None else None


async def viewer_id(interaction: discord.Interaction[Any]) -> int | None:
    user = await User.by_discord_id(interaction.user.id)
    return user.id if user is not None else None


# --------------------------------------------------------------------------- listing post


async def _details(interaction: discord.Interaction[Any], listing_id: int) -> None:
    listing = await Listing.visible(
        listing_id, await local_guild_id(interaction), viewer_id=await viewer_id(interaction)
    )
    await interaction.response.send_message(embed=await details_embed(listing), ephemeral=True)


ListingDetailsButton = id_button(
    "listing:details",
    "Details",
    discord.ButtonStyle.secondary,
    _details,
    name="ListingDetailsButton",
    doc="**Details** on a listing post: the full listing, ephemerally, re-read from the database.",
)


def make_offer_view(listing: Listing) -> discord.ui.View:
    """A persistent view with the Make Offer button (the offers cog answers it) while the
    listing is ACTIVE; empty otherwise."""
    view = discord.ui.View(timeout=None)
    if listing.status == ListingStatus.ACTIVE:
        view.add_item(
            discord.ui.Button(
                label="Make Offer",
                style=discord.ButtonStyle.green,
                custom_id=f"listing:offer:{listing.id}",
            )
        )
    return view


def listing_view(listing: Listing) -> discord.ui.View:
    """The buttons under a listing post: Make Offer (handled by the offers cog) while the
    listing is ACTIVE, and Details always."""
    view = make_offer_view(listing)
    view.add_item(ListingDetailsButton(listing.id))
    return view


# --------------------------------------------------------------------------- pages

Fetch = Callable[[int, int], Awaitable[Sequence[Listing]]]


async def listing_pages(
    interaction: discord.Interaction[Any],
    title: str,
    fetch: Fetch,
    *,
    empty: str,
    pick: bool = False,
) -> None:
    """Listings page by page (fetched one row ahead to know whether a next page exists).
    With `pick` (search results): each seller's reputation, and a select menu that opens
    one of the page's listings."""
    shown: dict[int, list[Listing]] = {}

    async def render(page: int) -> tuple[discord.Embed, bool]:
        rows = list(await fetch(page * PAGE_SIZE, PAGE_SIZE + 1))
        has_next = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        shown[page] = rows
        sellers = None
        if pick:
            sellers = await seller_reputations({r.seller_id for r in rows})  # type: ignore[attr-defined]
        embed = results_embed(
            title, rows, page=page, has_next=has_next, empty=empty, sellers=sellers
        )
        return embed, has_next

    def picker(page: int) -> list[discord.ui.Item[Any]]:
        select = PickListingSelect.for_rows(page, shown.get(page, [])) if pick else None
        return [select] if select is not None else []

    await send_paged(
        interaction,
        render,
        not_yours="These results aren't yours: run the command yourself.",
        extra=picker,
    )


class PickListingSelect(PickSelect, template=r"listing:pick:(?P<page>[0-9]+)"):
    """ "Open a listing" under a page of search results: the listing as `/listing view`
    shows it, with Make Offer (re-read and re-checked on the choice)."""

    placeholder = "Open a listing…"

    @classmethod
    def for_rows(cls, page: int, rows: Sequence[Listing]) -> PickListingSelect | None:
        return cls.of(page, [(r.id, f"#{r.id} {r.title}", format_amount(r.price)) for r in rows])

    async def open(self, interaction: discord.Interaction[Any], row_id: int) -> None:
        await show_listing(interaction, row_id)


async def show_listing(interaction: discord.Interaction[Any], listing_id: int) -> None:
    """One listing for the person asking (if they may see it), with Make Offer."""
    listing = await Listing.visible(
        listing_id, await local_guild_id(interaction), viewer_id=await viewer_id(interaction)
    )
    await interaction.response.send_message(
        embed=await details_embed(listing), view=make_offer_view(listing), ephemeral=True
    )


# --------------------------------------------------------------------------- modals


class CreateListingModal(discord.ui.Modal):
    """Title, summary, price and Roblox asset (the category and visibility came with the
    slash command, keeping the modal at four inputs)."""

    title_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Title", custom_id="title", max_length=100, required=True
    )
    summary: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Summary",
        custom_id="summary",
        style=discord.TextStyle.paragraph,
        max_length=1_000,
        required=True,
    )
    price: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Price (USD)", custom_id="price", placeholder="e.g. 1,250.00", max_length=32
    )
    asset: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Roblox game or group (link or id)",
        custom_id="asset",
        placeholder="https://www.roblox.com/games/1818/... or group:7",
        required=False,
        max_length=500,
    )

    def __init__(self, *, category: str, visibility: str | None) -> None:
        super().__init__(title=f"New {category.lower()} listing", timeout=900)
        self.category = category
        self.visibility = visibility

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await _cog(interaction).finish_create(
                interaction,
                title=self.title_input.value,
                summary=self.summary.value,
                price=self.price.value,
                asset=self.asset.value,
                category=self.category,
                visibility=self.visibility,
            )

        await guarded(interaction, run)


class EditListingModal(discord.ui.Modal):
    """Title, summary and price of a listing, prefilled."""

    def __init__(self, listing: Listing, price_text: str) -> None:
        super().__init__(title=f"Edit listing #{listing.id}"[:45], timeout=900)
        self.listing_id = listing.id
        self.title_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Title", custom_id="title", max_length=100, default=listing.title
        )
        self.summary: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Summary",
            custom_id="summary",
            style=discord.TextStyle.paragraph,
            max_length=1_000,
            default=listing.summary[:1_000],
        )
        self.price: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Price (USD)", custom_id="price", max_length=32, default=price_text
        )
        self.add_item(self.title_input)
        self.add_item(self.summary)
        self.add_item(self.price)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await _cog(interaction).finish_edit(
                interaction,
                self.listing_id,
                title=self.title_input.value,
                summary=self.summary.value,
                price=self.price.value,
            )

        await guarded(interaction, run)
