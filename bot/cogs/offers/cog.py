"""`/offer …` commands, the flows behind the buttons, notifications and the expiry loop."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import jobs
from bot.cogs.listings.views import local_guild_id
from bot.cogs.offers.embeds import list_pages, offer_embed
from bot.cogs.offers.views import answer_view
from bot.ui.labels import record_of
from bot.ui.notify import sent_after, tell, tell_row
from bot.ui.pager import send_paged, static_pages
from bot.ui.retire import offer_buttons, retire, retire_rows
from models import Listing, Offer, User
from models.money import format_amount, parse_amount
from models.notification import Notification, Queued
from models.terms import seller_net, total_fee_bps

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

    from bot.app import Bloxtr8Bot
    from models.offer import Acceptance

log = logging.getLogger(__name__)
# What a party whose DMs are closed reads in the listing's thread instead of an offer's DM.
OFFER_NEWS = (
    "there's news about an offer on this listing, but your DMs are closed. "
    "See `/offer list` (open your DMs to get offers privately)."
)
LIST_LIMIT = 250  # `/offer list` shows the newest 250 (25 pages) and says so when there are more


class Offers(commands.GroupCog, group_name="offer", group_description="Make and answer offers"):
    def __init__(self, bot: Bloxtr8Bot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.jobs.every(60, "offer-expiry", self.expire_offers)

    async def cog_unload(self) -> None:
        self.bot.jobs.cancel("offer-expiry")

    # ------------------------------------------------------------------ commands

    @app_commands.command(name="make", description="Make an offer on a listing")
    @app_commands.describe(
        listing="The listing id (shown on the listing)",
        amount="Your offer in USD, e.g. 1,250.50",
        conditions="Anything the seller should agree to (optional)",
        expires_in_hours="How long the offer stands, 1-168 hours (default: the server's setting)",
    )
    async def make(
        self,
        interaction: discord.Interaction[Any],
        listing: int,
        amount: str,
        conditions: str | None = None,
        expires_in_hours: int | None = None,
    ) -> None:
        await self.make_offer(interaction, listing, amount, conditions, expires_in_hours)

    @app_commands.command(name="accept", description="Accept an offer made to you")
    @app_commands.rename(offer_id="id")
    @app_commands.describe(offer_id="The offer id")
    async def accept(self, interaction: discord.Interaction[Any], offer_id: int) -> None:
        await self.accept_offer(interaction, offer_id)

    @app_commands.command(name="decline", description="Decline an offer made to you")
    @app_commands.rename(offer_id="id")
    @app_commands.describe(offer_id="The offer id")
    async def decline(self, interaction: discord.Interaction[Any], offer_id: int) -> None:
        await self.decline_offer(interaction, offer_id)

    @app_commands.command(name="counter", description="Answer an offer with another amount")
    @app_commands.rename(offer_id="id")
    @app_commands.describe(
        offer_id="The offer id", amount="Your amount in USD", conditions="Conditions (optional)"
    )
    async def counter(
        self,
        interaction: discord.Interaction[Any],
        offer_id: int,
        amount: str,
        conditions: str | None = None,
    ) -> None:
        await self.counter_offer(interaction, offer_id, amount, conditions)

    @app_commands.command(name="withdraw", description="Take back an offer you made")
    @app_commands.rename(offer_id="id")
    @app_commands.describe(offer_id="The offer id")
    async def withdraw(self, interaction: discord.Interaction[Any], offer_id: int) -> None:
        user = await User.require(interaction.user.id)
        offer = await Offer.for_party(offer_id, user)

        async def tell_responder(done: Offer, conn: BaseDBAsyncClient) -> None:
            listing = await _listing(done, conn)
            await self.notify(
                done.responder_id(),
                listing,
                embed=offer_embed(done, listing, title="An offer to you was withdrawn"),
                conn=conn,
            )

        async with sent_after(self.bot):
            await offer.withdraw(by=user, then=tell_responder)
            listing = await offer.listing
            await interaction.response.send_message(
                f"You withdrew offer #{offer.id} on listing #{listing.id}.", ephemeral=True
            )

    @app_commands.command(name="list", description="Offers waiting for your answer, or yours")
    @app_commands.describe(direction="incoming (for you to answer) or outgoing (you made)")
    async def list_offers(
        self,
        interaction: discord.Interaction[Any],
        direction: Literal["incoming", "outgoing"] = "incoming",
    ) -> None:
        user = await User.require(interaction.user.id)
        offers = await Offer.listed_for(user, direction, limit=LIST_LIMIT + 1)
        pages = list_pages(offers[:LIST_LIMIT], direction, more=len(offers) > LIST_LIMIT)
        await send_paged(interaction, static_pages(pages), not_yours="This list isn't yours.")

    # ------------------------------------------------------------------ flows

    def _amount(self, text: str) -> int:
        return parse_amount(text, ceiling_cents=self.bot.settings.max_amount_cents)

    async def check_can_offer(
        self, interaction: discord.Interaction[Any], listing_id: int
    ) -> Listing:
        """Refuse before showing the offer form; `Offer.make` checks everything again."""
        user = await User.require(interaction.user.id)
        return await Offer.open_listing_for(
            listing_id, user, guild_id=await local_guild_id(interaction)
        )

    async def check_can_counter(self, interaction: discord.Interaction[Any], offer_id: int) -> None:
        """Refuse before showing the counter form; `offer.counter` checks again under lock."""
        user = await User.require(interaction.user.id)
        offer = await Offer.for_party(offer_id, user)
        offer.require_can_answer(user, "counter")

    async def make_offer(
        self,
        interaction: discord.Interaction[Any],
        listing_id: int,
        amount_text: str,
        conditions: str | None,
        expires_in_hours: int | None,
    ) -> None:
        buyer = await User.require(interaction.user.id)
        amount = self._amount(amount_text)
        net: list[int] = []  # the seller's net, computed once for both embeds

        async def tell_seller(made: Offer, conn: BaseDBAsyncClient) -> None:
            known = made.made_with
            if known is None:  # the ORM path: read what the fast path would have returned
                await self.notify_answer_needed(
                    made, await _listing(made, conn), "New offer on your listing", conn
                )
                return
            if known.guild_fee_bps is not None:
                net.append(seller_net(made.amount, self._fee_bps(known.guild_fee_bps)))
            await self.notify_answer_needed(
                made,
                known.listing,
                "New offer on your listing",
                conn,
                author=buyer,
                net=net[0] if net else None,
                reach=(known.seller_discord_id, known.thread_id),
            )

        async with sent_after(self.bot):
            offer = await Offer.make(
                listing_id,
                buyer,
                amount,
                conditions,
                expires_in_hours,
                rail_threshold_cents=self.bot.settings.rail_threshold_cents,
                guild_discord_id=interaction.guild_id,  # `local_guild_id`, in the read
                then=tell_seller,
            )
            known = offer.made_with
            listing = known.listing if known is not None else await offer.listing
            note = ""
            if offer.replaced is not None:
                note = f" It replaces your earlier offer #{offer.replaced.id}."
            await interaction.response.send_message(
                f"Offer #{offer.id} of {format_amount(offer.amount)} sent to the seller.{note}",
                embed=offer_embed(
                    offer,
                    listing,
                    title="Your offer",
                    seller_net=net[0] if net else await self.seller_net(offer, listing),
                ),
                ephemeral=True,
            )

    async def accept_offer(self, interaction: discord.Interaction[Any], offer_id: int) -> None:
        user = await User.require(interaction.user.id)
        offer = await Offer.for_party(offer_id, user)
        async with sent_after(self.bot):
            await offer.accept(
                by=user,
                rail_threshold_cents=self.bot.settings.rail_threshold_cents,
                then=self.tell_accepted,
            )
            listing = await offer.listing
            await interaction.response.send_message(
                f"You accepted offer #{offer.id} of {format_amount(offer.amount)}. Listing "
                f"#{listing.id} is now off the market while the sale goes ahead.",
                ephemeral=True,
            )
        # The contracts cog picks the accepted offer up from here.
        self.bot.dispatch("offer_accepted", offer.id)

    async def decline_offer(self, interaction: discord.Interaction[Any], offer_id: int) -> None:
        user = await User.require(interaction.user.id)
        offer = await Offer.for_party(offer_id, user)

        async def tell_author(done: Offer, conn: BaseDBAsyncClient) -> None:
            listing = await _listing(done, conn)
            await self.retire_offer(done, f"❌ Declined: offer #{done.id}.", conn)
            await self.notify(
                done.made_by_id,
                listing,
                embed=offer_embed(done, listing, title="Your offer was declined"),
                conn=conn,
            )

        async with sent_after(self.bot):
            await offer.decline(by=user, then=tell_author)
            await interaction.response.send_message(
                f"You declined offer #{offer.id}.", ephemeral=True
            )

    async def counter_offer(
        self,
        interaction: discord.Interaction[Any],
        offer_id: int,
        amount_text: str,
        conditions: str | None,
    ) -> None:
        user = await User.require(interaction.user.id)
        offer = await Offer.for_party(offer_id, user)
        amount = self._amount(amount_text)

        async def tell_other(child: Offer, conn: BaseDBAsyncClient) -> None:
            await self.retire_offer(
                offer, f"↩️ Countered with offer #{child.id} of {format_amount(child.amount)}.", conn
            )
            await self.notify_answer_needed(
                child, await _listing(child, conn), "You received a counter-offer", conn
            )

        async with sent_after(self.bot):
            child = await offer.counter(
                by=user,
                amount=amount,
                conditions=conditions,
                rail_threshold_cents=self.bot.settings.rail_threshold_cents,
                then=tell_other,
            )
            listing = await child.listing
            await interaction.response.send_message(
                f"You countered offer #{offer.id} with offer #{child.id} of "
                f"{format_amount(child.amount)}.",
                embed=offer_embed(child, listing, title="Your counter-offer"),
                ephemeral=True,
            )

    # ------------------------------------------------------------------ notifications

    async def seller_net(self, offer: Offer, listing: Listing) -> int:
        """What the seller would receive of this offer after the fees, as they stand now
        (the contract freezes them)."""
        settings = await (await listing.guild).get_settings()
        return seller_net(offer.amount, self._fee_bps(settings.platform_fee_bps))

    def _fee_bps(self, guild_fee_bps: int) -> int:
        """The fees on a sale in a guild whose own fee is `guild_fee_bps` (`total_fee_bps`)."""
        return total_fee_bps(
            _GuildFee(guild_fee_bps),  # type: ignore[arg-type]
            self.bot.settings.platform_fee_bps,
            self.bot.settings.guild_fee_cap_bps,
        )

    async def tell_accepted(self, result: Acceptance, conn: BaseDBAsyncClient) -> None:
        """The accepted offer's author and the declined rivals, in the acceptance's
        transaction; their Accept / Counter / Decline buttons go."""
        offer = result.offer
        listing = await _listing(offer, conn)
        await self.notify(
            offer.made_by_id,
            listing,
            embed=offer_embed(offer, listing, title="Your offer was accepted"),
            conn=conn,
        )
        for rival in result.declined:
            await self.notify(
                rival.buyer_id,
                listing,
                embed=offer_embed(
                    rival, listing, title="Your offer was declined: another offer was accepted"
                ),
                conn=conn,
            )
        await self.retire_offer(
            offer, f"✅ Accepted: offer #{offer.id} of {format_amount(offer.amount)}.", conn
        )
        for rival in result.declined:
            await self.retire_offer(
                rival, "Declined: another offer on this listing was accepted.", conn
            )

    async def notify_answer_needed(
        self,
        offer: Offer,
        listing: Listing,
        title: str,
        conn: BaseDBAsyncClient | None = None,
        *,
        author: User | None = None,
        net: int | None = None,
        reach: tuple[int, int | None] | None = None,
    ) -> None:
        """`author`, `net` and `reach` (the responder's Discord id and the listing's
        thread): what the caller already has (read here when not given)."""
        if author is None or author.id != offer.made_by_id:
            author = await User.get(id=offer.made_by_id)
        whose = "The buyer's record" if author.id == offer.buyer_id else "The seller's record"
        await self.notify(
            offer.responder_id(),
            listing,
            embed=offer_embed(
                offer,
                listing,
                title=title,
                author_discord_id=author.discord_id,
                seller_net=net if net is not None else await self.seller_net(offer, listing),
                author_record=(whose, await record_of(author)),
            ),
            view=answer_view(offer.id),
            conn=conn,
            reach=reach,
        )

    async def notify(
        self,
        user_id: int,
        listing: Listing,
        *,
        embed: discord.Embed,
        view: discord.ui.View | None = None,
        conn: BaseDBAsyncClient | None = None,
        reach: tuple[int, int | None] | None = None,
    ) -> bool:
        """DM a user (by `users.id`); when their DMs are closed, mention them in the thread.
        `reach`: their Discord id and the listing's thread, when already read."""
        return await tell(
            self.bot,
            user_id,
            listing,
            embed=embed,
            view=view,
            thread_text=OFFER_NEWS,
            thread_view=view,
            conn=conn,
            reach=reach,
        )

    async def retire_offer(
        self, offer: Offer, note: str, conn: BaseDBAsyncClient | None = None
    ) -> None:
        """The offer's Accept / Counter / Decline DMs lose their buttons and say `note`."""
        users = User.filter(id__in=[offer.buyer_id, offer.seller_id])
        # In the caller's transaction, read there too: the expiry job calls this for each
        # offer of a batch while it holds the batch's row locks and its pool connection.
        users = users.using_db(conn) if conn is not None else users
        await retire(
            self.bot, [u.discord_id for u in await users], offer_buttons(offer.id), note, conn=conn
        )

    # ------------------------------------------------------------------ expiry job

    async def expire_offers(self) -> int:
        """The offer expiry job (bot/jobs.py): both sides hear that the offer expired."""
        async with sent_after(self.bot):
            return await jobs.expire_offers(self.tell_expired)

    async def tell_expired(self, offers: list[Offer], conn: BaseDBAsyncClient) -> None:
        """Both sides of each offer, in the transaction that expires them (the job holds
        the batch's locks): the listings, the parties' Discord ids and the listings'
        threads read once for the batch, and every DM and button retirement written in one
        statement."""
        listings = {
            listing.id: listing
            for listing in await Listing.filter(id__in={o.listing_id for o in offers}).using_db(
                conn
            )
        }
        people = {o.buyer_id for o in offers} | {o.seller_id for o in offers}
        discord_ids: dict[int, int] = dict(
            await User.filter(id__in=people).using_db(conn).values_list("id", "discord_id")
        )
        threads = await Listing.home_threads(listings.values(), conn)
        rows: list[Queued] = []
        for n, offer in enumerate(offers):
            if n and n % 10 == 0:
                await asyncio.sleep(0)  # building the messages: interactions go in between
            listing = listings[offer.listing_id]
            parties = [
                discord_ids[u] for u in (offer.buyer_id, offer.seller_id) if u in discord_ids
            ]
            note = f"⌛ Expired: offer #{offer.id}."
            rows += retire_rows(parties, offer_buttons(offer.id), note)
            message = {"embed": offer_embed(offer, listing, title="An offer expired")}
            for discord_id in parties:
                row = tell_row(self.bot, discord_id, threads[listing.id], OFFER_NEWS, None, message)
                if row is not None:
                    rows.append(row)
        await Notification.queue_many(rows, conn=conn)


@dataclass(frozen=True)
class _GuildFee:
    """The one column of `GuildSettings` that `total_fee_bps` reads."""

    platform_fee_bps: int


async def _listing(offer: Offer, conn: BaseDBAsyncClient) -> Listing:
    """The offer's listing as the change's transaction sees it."""
    return await Listing.filter(id=offer.listing_id).using_db(conn).get()
