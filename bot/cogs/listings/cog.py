"""`/listing create|view|search|mine|edit|cancel`: parse, call the model, render."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.listings.posting import close_threads, notify_declined, post_listing, refresh_posts
from bot.cogs.listings.views import (
    CreateListingModal,
    EditListingModal,
    listing_pages,
    local_guild_id,
    show_listing,
)
from bot.ui.confirm import confirm
from bot.ui.cooldown import roblox_cooldown
from bot.ui.labels import label
from bot.ui.notify import sent_after
from models import Guild, Listing, User
from models.enums import ListingCategory, ListingStatus, ListingVisibility
from models.errors import DomainError, InvalidState, NotAllowed, NotFound
from models.money import format_amount, parse_amount

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from bot.app import Bloxtr8Bot

log = logging.getLogger(__name__)

ListingId = app_commands.Range[int, 1, 2**53]


class Listings(commands.GroupCog, group_name="listing", group_description="Sell Roblox assets"):
    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot
        super().__init__()

    # -- create --------------------------------------------------------------------------------

    @app_commands.command(name="create", description="List a Roblox game, group or service")
    @roblox_cooldown()
    @app_commands.describe(
        category="What you're selling",
        visibility="Public listings show in every Bloxtr8 server (default: this server's)",
    )
    @app_commands.guild_only()
    async def create(
        self,
        interaction: discord.Interaction[Any],
        category: ListingCategory,
        visibility: ListingVisibility | None = None,
    ) -> None:
        if interaction.guild is None:
            raise DomainError("Listings are created in a server.")
        seller = await User.require(interaction.user.id)
        guild = await Guild.ensure(interaction.guild.id, interaction.guild.name)
        # Refuse before the seller types everything (the rules are checked again on submit).
        await Listing.check_can_list(seller, guild)
        await interaction.response.send_modal(
            CreateListingModal(
                category=category.value, visibility=visibility.value if visibility else None
            )
        )

    async def finish_create(
        self,
        interaction: discord.Interaction[Any],
        *,
        title: str,
        summary: str,
        price: str,
        asset: str,
        category: str,
        visibility: str | None,
    ) -> None:
        """The create modal was submitted (and deferred): validate, verify, save, post."""
        if interaction.guild is None:
            raise DomainError("Listings are created in a server.")
        seller = await User.require(interaction.user.id)
        guild = await Guild.ensure(interaction.guild.id, interaction.guild.name)
        Listing.clean_text(title, summary)
        cents = parse_amount(price, ceiling_cents=self.bot.settings.max_amount_cents)
        listing = await Listing.create_verified(
            seller=seller,
            guild=guild,
            title=title,
            summary=summary,
            price=cents,
            category=ListingCategory(category),
            asset=asset,
            roblox=self.bot.roblox,
            visibility=ListingVisibility(visibility) if visibility else None,
            platform_fee_bps=self.bot.settings.platform_fee_bps,
            guild_fee_cap_bps=self.bot.settings.guild_fee_cap_bps,
        )
        try:
            posts = await post_listing(self.bot, listing)
        except Exception:  # the listing is saved; it shows in /listing view and search
            log.exception("Listing %s: posting failed, guild %s", listing.id, guild.id)
            posts = []
        home = next((p for p in posts if p.guild_id == guild.id), None)  # type: ignore[attr-defined]
        where = (
            f"posted in <#{home.thread_id}>"
            if home is not None
            else "saved, but no price-range channel here shows it yet (ask an admin to run "
            "`/setup`)"
        )
        others = len(posts) - (1 if home is not None else 0)
        mirrors = f" and mirrored to {others} other server{'s' if others != 1 else ''}"
        await interaction.followup.send(
            f"Listing #{listing.id} “{listing.title}” for {format_amount(listing.price)} is "
            f"{where}{mirrors if others else ''}. `/listing view {listing.id}` shows it.",
            ephemeral=True,
        )

    # -- read ----------------------------------------------------------------------------------

    @app_commands.command(name="view", description="Show one listing")
    @app_commands.describe(id="The listing number")
    async def view(self, interaction: discord.Interaction[Any], id: ListingId) -> None:
        await show_listing(interaction, id)

    @app_commands.command(name="search", description="Find active listings, newest first")
    @app_commands.describe(
        text="Words in the title",
        category="Only this category",
        min_price="Lowest price in USD, e.g. 500",
        max_price="Highest price in USD, e.g. 20,000",
    )
    async def search(
        self,
        interaction: discord.Interaction[Any],
        text: app_commands.Range[str, 1, 100] | None = None,
        category: ListingCategory | None = None,
        min_price: str | None = None,
        max_price: str | None = None,
    ) -> None:
        ceiling = self.bot.settings.max_amount_cents
        low = parse_amount(min_price, ceiling_cents=ceiling) if min_price else None
        high = parse_amount(max_price, ceiling_cents=ceiling) if max_price else None
        if low is not None and high is not None and low > high:
            raise DomainError("The lowest price is above the highest price.")
        guild_id = await local_guild_id(interaction)

        async def fetch(offset: int, limit: int) -> list[Listing]:
            return await Listing.search(
                text, category, low, high, guild_id, limit=limit, offset=offset
            )

        await listing_pages(
            interaction,
            "Listings" + (f" matching “{text}”" if text else ""),
            fetch,
            empty="No active listings match."
            + (" Try fewer words, or pick a suggestion while typing." if text else ""),
            pick=True,
        )

    @search.autocomplete("text")
    async def search_text_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        titles = await Listing.suggest_titles(current, await local_guild_id(interaction))
        return [app_commands.Choice(name=title, value=title) for title in titles]

    @app_commands.command(name="mine", description="Your listings, in every status")
    async def mine(self, interaction: discord.Interaction[Any]) -> None:
        user = await User.require(interaction.user.id)

        async def fetch(offset: int, limit: int) -> list[Listing]:
            return await Listing.of_seller(user.id, limit=limit, offset=offset)

        await listing_pages(
            interaction,
            "Your listings",
            fetch,
            empty="You haven't listed anything yet. `/listing create` starts one.",
        )

    # -- edit ----------------------------------------------------------------------------------

    async def _own_listing(self, interaction: discord.Interaction[Any], listing_id: int) -> Listing:
        user = await User.require(interaction.user.id)
        listing = await Listing.visible(
            listing_id, await local_guild_id(interaction), viewer_id=user.id
        )
        if listing.seller_id != user.id:  # type: ignore[attr-defined]
            raise NotAllowed(f"Listing #{listing.id} isn't yours: only its seller can change it.")
        return listing

    @app_commands.command(name="edit", description="Change the title, summary or price")
    @app_commands.describe(id="The listing number")
    async def edit(self, interaction: discord.Interaction[Any], id: ListingId) -> None:
        listing = await self._own_listing(interaction, id)
        if listing.status != ListingStatus.ACTIVE:
            raise InvalidState(
                f"Listing #{listing.id} is {label(listing.status).lower()}; only active listings "
                "can be edited."
            )
        await interaction.response.send_modal(
            EditListingModal(listing, format_amount(listing.price))
        )

    async def finish_edit(
        self,
        interaction: discord.Interaction[Any],
        listing_id: int,
        *,
        title: str,
        summary: str,
        price: str,
    ) -> None:
        user = await User.require(interaction.user.id)
        listing = await Listing.get_or_none(id=listing_id)
        if listing is None:
            raise NotFound(f"There's no listing #{listing_id}.")
        cents = parse_amount(price, ceiling_cents=self.bot.settings.max_amount_cents)
        told = 0

        async def tell_declined(changed: Listing, conn: BaseDBAsyncClient) -> None:
            nonlocal told
            why = f"the seller lowered the asking price to {format_amount(changed.price)}"
            told = await notify_declined(self.bot, changed, changed.declined, why, conn)

        async with sent_after(self.bot):
            await listing.edit(
                by=user, title=title, summary=summary, price=cents, then=tell_declined
            )
        updated = await refresh_posts(self.bot, listing)
        n = len(listing.declined)
        offers = (
            f" {n} pending offer{'s' if n != 1 else ''} above the new price "
            f"{'were' if n != 1 else 'was'} declined ({told} buyer{'s' if told != 1 else ''} "
            "told by DM)."
            if n
            else ""
        )
        await interaction.followup.send(
            f"Listing #{listing.id} updated ({updated} post{'s' if updated != 1 else ''} "
            f"re-rendered).{offers}",
            ephemeral=True,
        )

    # -- cancel --------------------------------------------------------------------------------

    @app_commands.command(name="cancel", description="Take your listing off the market")
    @app_commands.describe(id="The listing number")
    async def cancel(self, interaction: discord.Interaction[Any], id: ListingId) -> None:
        listing = await self._own_listing(interaction, id)
        if listing.status not in (ListingStatus.ACTIVE, ListingStatus.INACTIVE):
            raise InvalidState(f"Listing #{listing.id} is already {label(listing.status).lower()}.")

        async def go(confirming: discord.Interaction[Any]) -> None:
            await confirming.response.edit_message(
                content=f"Cancelling listing #{listing.id}…", view=None
            )
            await self.finish_cancel(confirming, listing.id)

        await confirm(
            interaction,
            f"Cancel listing #{listing.id} “{listing.title}”? Its threads close and pending "
            "offers on it are declined. This can't be undone.",
            yes="Cancel listing",
            action=go,
            no="Keep it",
            declined=f"Listing #{listing.id} stays as it is.",
            not_yours="This isn't your listing.",
        )

    async def finish_cancel(self, interaction: discord.Interaction[Any], listing_id: int) -> None:
        user = await User.require(interaction.user.id)
        listing = await Listing.get_or_none(id=listing_id)
        if listing is None:
            raise NotFound(f"There's no listing #{listing_id}.")
        told = 0

        async def tell_declined(changed: Listing, conn: BaseDBAsyncClient) -> None:
            nonlocal told
            told = await notify_declined(self.bot, changed, changed.declined, conn=conn)

        async with sent_after(self.bot):
            declined = await listing.cancel(by=user, then=tell_declined)
        await refresh_posts(self.bot, listing)
        await close_threads(self.bot, listing, "This listing was cancelled by the seller.")
        offers = (
            f" {len(declined)} pending offer{'s were' if len(declined) != 1 else ' was'} "
            f"declined ({told} buyer{'s' if told != 1 else ''} told by DM)."
            if declined
            else ""
        )
        await interaction.followup.send(
            f"Listing #{listing.id} is cancelled.{offers}", ephemeral=True
        )
