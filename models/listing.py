"""Assets for sale."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models import listing_search
from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import (
    ChannelKind,
    ContractStatus,
    Currency,
    EscrowStatus,
    KycTier,
    ListingCategory,
    ListingStatus,
    ListingVisibility,
    OfferStatus,
    RobloxAssetType,
)
from models.errors import DomainError, InvalidAmount, InvalidState, NotAllowed, NotFound
from models.listing_search import Execute
from models.roblox_api import parse_asset_reference
from models.terms import DEFAULT_GUILD_FEE_CAP_BPS, check_seller_gets_something, total_fee_bps
from models.text import strip_invisible

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tortoise.backends.base.client import BaseDBAsyncClient

    from models.guild import Guild, MarketplaceChannel
    from models.notification import Then
    from models.offer import Offer
    from models.roblox import RobloxSnapshot
    from models.roblox_api import RobloxApi
    from models.user import User

TITLE_MAX = 100
SUMMARY_MAX = 1_000
# Categories whose listing must point at a Roblox asset of the same kind.
_ASSET_KIND = {
    ListingCategory.GAME: RobloxAssetType.GAME,
    ListingCategory.GROUP: RobloxAssetType.GROUP,
}
_LIVE_ESCROW = (
    EscrowStatus.AWAIT_FUNDS,
    EscrowStatus.FUNDS_HELD,
    EscrowStatus.DELIVERED,
    EscrowStatus.DISPUTED,
)


class Listing(TimestampMixin, BaseModel):
    """An asset for sale. Triggers in the database keep the word index `listing_search` (one
    row per word of the title of every ACTIVE listing) in step with every write to this
    table, whichever code makes it; `search` and `suggest_titles` read it."""

    title = fields.CharField(max_length=100)
    summary = fields.TextField()
    price = fields.BigIntField()  # cents, CHECK (price > 0)
    currency = fields.CharEnumField(Currency, max_length=8, default=Currency.USD)
    category = fields.CharEnumField(ListingCategory, max_length=16, db_index=True)
    status = fields.CharEnumField(ListingStatus, max_length=16, default=ListingStatus.ACTIVE)
    visibility = fields.CharEnumField(
        ListingVisibility, max_length=16, default=ListingVisibility.PUBLIC, db_index=True
    )
    seller: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="listings", on_delete=fields.RESTRICT
    )
    guild: fields.ForeignKeyRelation[Guild] = fields.ForeignKeyField(
        "models.Guild", related_name="listings", on_delete=fields.RESTRICT
    )
    asset_type = fields.CharEnumField(RobloxAssetType, max_length=16, null=True)
    asset_id = fields.BigIntField(null=True)
    snapshot: fields.ForeignKeyNullableRelation[RobloxSnapshot] = fields.ForeignKeyField(
        "models.RobloxSnapshot",
        related_name="listings",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    channel_id = fields.BigIntField(null=True)
    thread_id = fields.BigIntField(null=True, db_index=True)
    message_id = fields.BigIntField(null=True)

    offers: fields.ReverseRelation[Offer]
    posts: fields.ReverseRelation[ListingPost]
    # Set by `edit` only: the pending offers a price cut declined (above the new price).
    declined: list[Offer]

    class Meta:
        table = "listings"
        indexes = (
            ("status", "price"),
            ("guild", "status"),
            ("seller", "status"),
            ("status", "created_at"),
        )

    def __str__(self) -> str:
        return f"#{self.id} {self.title}"

    # -- validation ------------------------------------------------------------------------------

    @staticmethod
    def clean_text(title: str, summary: str) -> tuple[str, str]:
        """The title and summary trimmed, or a plain-language refusal."""
        title = " ".join(strip_invisible(title or "").split())  # one line, nothing hidden
        summary = strip_invisible(summary or "").strip()
        if not title:
            raise DomainError("Give your listing a title.")
        if len(title) > TITLE_MAX:
            raise DomainError(
                f"The title is {len(title)} characters long; the limit is {TITLE_MAX}."
            )
        if not summary:
            raise DomainError("Write a short summary of what you're selling.")
        if len(summary) > SUMMARY_MAX:
            raise DomainError(
                f"The summary is {len(summary)} characters long; the limit is {SUMMARY_MAX:,}."
            )
        return title, summary

    @staticmethod
    def check_price(price: int) -> int:
        if price <= 0:
            raise InvalidAmount("The price must be more than $0.00.")
        return price

    @classmethod
    async def active_count(cls, seller_id: int, *, using_db: Any = None) -> int:
        return (
            await cls.filter(seller_id=seller_id, status=ListingStatus.ACTIVE)
            .using_db(using_db)
            .count()
        )

    @classmethod
    async def check_can_list(cls, seller: User, guild: Guild) -> None:
        """Refuse early (before any Roblox call) when the seller may not list here now."""
        settings = await guild.get_settings()
        seller.require_tier(KycTier.TIER_1, "list assets")
        seller.require_tier(settings.min_tier_to_list, "list in this server")
        if await cls.active_count(seller.id) >= settings.max_active_listings:
            raise NotAllowed(
                f"You already have {settings.max_active_listings} active listings, the most "
                "this server allows. Cancel one with `/listing cancel` first."
            )

    # -- creation --------------------------------------------------------------------------------

    @classmethod
    async def create_verified(
        cls,
        *,
        seller: User,
        guild: Guild,
        title: str,
        summary: str,
        price: int,
        category: ListingCategory,
        asset: str | None,
        roblox: RobloxApi,
        visibility: ListingVisibility | None = None,
        platform_fee_bps: int = 0,
        guild_fee_cap_bps: int = DEFAULT_GUILD_FEE_CAP_BPS,
    ) -> Listing:
        """Validate, verify the Roblox asset's ownership, then create the listing.

        Nothing is written before every check passed (the verification itself stores its
        snapshot only on success). The per-seller cap on active listings is re-checked
        under a lock on the seller's row, so two submissions at once can't both slip in.
        """
        from models.roblox import AssetVerification
        from models.user import User

        title, summary = cls.clean_text(title, summary)
        cls.check_price(price)
        category = ListingCategory(category)
        asset = (asset or "").strip() or None
        wanted = _ASSET_KIND.get(category)
        if wanted is not None and asset is None:
            raise DomainError(
                f"A {category.value} listing needs the Roblox "
                f"{'game' if wanted is RobloxAssetType.GAME else 'group'} you're selling: "
                "paste its link or id."
            )
        await cls.check_can_list(seller, guild)
        settings = await guild.get_settings()
        # Refused here, not at release: fees that would leave the seller nothing.
        check_seller_gets_something(
            price, total_fee_bps(settings, platform_fee_bps, guild_fee_cap_bps)
        )

        verification = None
        if asset is not None:
            try:
                ref = parse_asset_reference(asset)
            except ValueError as exc:
                raise DomainError(str(exc)) from None
            kind = RobloxAssetType.GROUP if ref.kind == "group" else RobloxAssetType.GAME
            if wanted is not None and kind != wanted:
                raise DomainError(
                    f"That's a Roblox {kind.value.lower()}, but the listing is in the "
                    f"{category.value} category. Pick the matching category."
                )
            verification = await AssetVerification.verify(seller, ref, roblox)

        async with in_transaction() as conn:
            # The seller as they are now, locked: tier and Roblox link may have changed
            # while Roblox was being asked.
            current = await User.select_for_update().using_db(conn).get(id=seller.id)
            current.require_tier(KycTier.TIER_1, "list assets")
            current.require_tier(settings.min_tier_to_list, "list in this server")
            snapshot = verification.snapshot if verification is not None else None
            if snapshot is not None and snapshot.data.get("verified_for") != current.roblox_user_id:
                raise InvalidState("Your Roblox link changed while listing. Please try again.")
            if await cls.active_count(seller.id, using_db=conn) >= settings.max_active_listings:
                raise NotAllowed(
                    f"You already have {settings.max_active_listings} active listings, the "
                    "most this server allows. Cancel one with `/listing cancel` first."
                )
            listing = await cls.create(
                title=title,
                summary=summary,
                price=price,
                category=category,
                visibility=visibility or settings.default_visibility,
                seller=seller,
                guild=guild,
                asset_type=verification.asset_type if verification else None,
                asset_id=verification.asset_id if verification else None,
                snapshot_id=verification.snapshot_id if verification else None,  # type: ignore[attr-defined]
                using_db=conn,
            )
            await AuditLog.record(
                "listing.created",
                object_type="listing",
                object_id=listing.id,
                actor=seller,
                guild=guild,
                after=listing.audit_state()
                | {"verification_id": verification.id if verification else None},
                using_db=conn,
            )
        return listing

    def audit_state(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "summary": self.summary,
            "price": self.price,
            "category": self.category,
            "status": self.status,
            "visibility": self.visibility,
            "asset_type": self.asset_type,
            "asset_id": self.asset_id,
            "snapshot_id": self.snapshot_id,  # type: ignore[attr-defined]
        }

    # -- reading ---------------------------------------------------------------------------------

    @classmethod
    async def visible(
        cls, listing_id: int, guild_id: int | None, *, viewer_id: int | None = None
    ) -> Listing:
        """The listing if it may be shown here: PUBLIC anywhere, PRIVATE only in its own
        guild (`guild_id` is our guild row id) or to its seller (`viewer_id`, a user row id)."""
        listing = await cls.get_or_none(id=listing_id) if 0 < listing_id < 2**63 else None
        if listing is None or not (
            listing.visibility == ListingVisibility.PUBLIC
            or (guild_id is not None and listing.guild_id == guild_id)  # type: ignore[attr-defined]
            or (viewer_id is not None and listing.seller_id == viewer_id)  # type: ignore[attr-defined]
        ):
            raise NotFound(f"There's no listing #{listing_id} you can see here.")
        return listing

    # ACTIVE listings, newest first (PUBLIC ones plus a guild's PRIVATE ones); prices in
    # cents, both bounds inclusive. See `models.listing_search.search`.
    search = staticmethod(listing_search.search)

    @classmethod
    async def suggest_titles(
        cls,
        typed: str,
        guild_id: int | None,
        limit: int = 10,
        *,
        execute: Execute | None = None,
    ) -> list[str]:
        """Titles for the search box's autocomplete while `typed` is being typed. See
        `models.listing_search.suggest_titles`."""
        return await listing_search.suggest_titles(typed, guild_id, limit, execute=execute)

    @classmethod
    async def of_seller(cls, seller_id: int, *, limit: int = 10, offset: int = 0) -> list[Listing]:
        """A seller's listings in every status, newest first."""
        return (
            await cls.filter(seller_id=seller_id)
            .order_by("-created_at", "-id")
            .offset(max(0, offset))
            .limit(max(1, min(limit, 100)))
        )

    async def post_targets(self) -> list[MarketplaceChannel]:
        """The price-range channel for this price in every guild that should show the listing:
        every active guild when PUBLIC, only its own guild when PRIVATE (one per guild)."""
        from models.guild import MarketplaceChannel

        query = MarketplaceChannel.filter(
            Q(min_price__isnull=True) | Q(min_price__lte=self.price),
            Q(max_price__isnull=True) | Q(max_price__gt=self.price),
            kind=ChannelKind.PRICE_RANGE,
            guild__active=True,
        ).prefetch_related("guild")
        if self.visibility == ListingVisibility.PRIVATE:
            query = query.filter(guild_id=self.guild_id)  # type: ignore[attr-defined]
        chosen: dict[int, MarketplaceChannel] = {}
        for channel in await query.order_by("guild_id", "-min_price", "id"):
            chosen.setdefault(channel.guild_id, channel)
        # The listing's own guild first, then the others in a stable order.
        return sorted(chosen.values(), key=lambda c: (c.guild_id != self.guild_id, c.guild_id))  # type: ignore[attr-defined]

    # -- changes ---------------------------------------------------------------------------------

    async def edit(
        self,
        *,
        by: User,
        title: str | None = None,
        summary: str | None = None,
        price: int | None = None,
        then: Then[Listing] | None = None,
    ) -> Listing:
        """The seller changes the title, summary or price of an ACTIVE listing (audited).

        A price cut below pending offers declines those offers (an offer is never above the
        asking price; a seller could otherwise cut the price and still accept the higher
        offer): they are left in `self.declined`, with `buyer` loaded, so their buyers can
        be told: with `then`, in the same transaction (`then(listing, conn)`, the listing
        as changed, its `declined` set; `models.notification.Then`)."""

        declined: list[Offer] = []
        async with in_transaction() as conn:
            locked = await Listing.select_for_update().using_db(conn).get(id=self.id)
            if locked.seller_id != by.id:  # type: ignore[attr-defined]
                raise NotAllowed("Only the seller can edit this listing.")
            if locked.status != ListingStatus.ACTIVE:
                raise InvalidState(
                    f"Listing #{locked.id} is {locked.status.value.lower()}; only active "
                    "listings can be edited."
                )
            new_title, new_summary = self.clean_text(
                locked.title if title is None else title,
                locked.summary if summary is None else summary,
            )
            new_price = locked.price if price is None else self.check_price(price)
            old_price = locked.price
            await locked.save_audited(
                conn,
                action="listing.edited",
                actor=by,
                guild_id=locked.guild_id,  # type: ignore[attr-defined]
                changes={"title": new_title, "summary": new_summary, "price": new_price},
                if_changed=True,
            )
            if new_price < old_price:
                declined = await _decline_above(locked, new_price, by, conn)
            locked.declined = declined
            if then is not None:
                await then(locked, conn)
        self._refresh_from(locked)
        self.declined = declined
        return self

    async def cancel(self, *, by: User, then: Then[Listing] | None = None) -> list[Offer]:
        """The seller takes an ACTIVE or INACTIVE listing off the market for good.

        Pending offers on it are declined (each audited). Refused while a deal on it is
        under way (an unsigned/executed contract without a finished escrow). Returns the
        declined offers, with `buyer` loaded, so their buyers can be told: with `then`, in
        the same transaction (`then(listing, conn)`, its `declined` set, as for `edit`).
        """
        from models.contract import Contract

        async with in_transaction() as conn:
            locked = await Listing.select_for_update().using_db(conn).get(id=self.id)
            if locked.seller_id != by.id:  # type: ignore[attr-defined]
                raise NotAllowed("Only the seller can cancel this listing.")
            if locked.status not in (ListingStatus.ACTIVE, ListingStatus.INACTIVE):
                raise InvalidState(
                    f"Listing #{locked.id} is already {locked.status.value.lower()}."
                )
            contracts = (
                await Contract.filter(listing_id=locked.id)
                .exclude(status=ContractStatus.VOID)
                .using_db(conn)
                .prefetch_related("escrow")
            )
            for contract in contracts:
                escrow = getattr(contract, "escrow", None)
                if escrow is None or escrow.status in _LIVE_ESCROW:
                    raise InvalidState(
                        f"Listing #{locked.id} has a deal in progress (contract "
                        f"#{contract.id}); finish or cancel that deal first."
                    )
            guild_id = locked.guild_id  # type: ignore[attr-defined]
            await locked.save_audited(
                conn,
                action="listing.cancelled",
                actor=by,
                guild_id=guild_id,
                changes={"status": ListingStatus.CANCELLED},
                state=locked.audit_state,
            )
            offers = await _decline_pending(locked, by, conn, {"reason": "listing cancelled"})
            locked.declined = offers
            if then is not None:
                await then(locked, conn)
        self._refresh_from(locked)
        return offers

    def _refresh_from(self, other: Listing) -> None:
        for name in self._meta.fields_map:
            if name in self._meta.fetch_fields:
                continue
            setattr(self, name, getattr(other, name))

    async def home_thread_id(self, conn: BaseDBAsyncClient | None = None) -> int | None:
        """The listing's thread: its post in its own guild first, then any other (read in
        `conn`'s transaction when given)."""
        return (await Listing.home_threads([self], conn))[self.id]

    @staticmethod
    async def home_threads(
        listings: Iterable[Listing], conn: BaseDBAsyncClient | None = None
    ) -> dict[int, int | None]:
        """`home_thread_id` of each listing, by listing id, in one query."""
        by_id = {listing.id: listing for listing in listings}
        query = ListingPost.filter(listing_id__in=list(by_id), thread_id__isnull=False)
        query = query.order_by("id")
        posts: dict[int, list[ListingPost]] = {listing_id: [] for listing_id in by_id}
        for post in await (query.using_db(conn) if conn is not None else query):
            posts[post.listing_id].append(post)  # type: ignore[attr-defined]
        homes: dict[int, int | None] = {}
        for listing_id, listing in by_id.items():
            guild_id = listing.guild_id  # type: ignore[attr-defined]
            own = [
                post
                for post in posts[listing_id]
                if post.guild_id == guild_id  # type: ignore[attr-defined]
            ]
            if own:
                homes[listing_id] = int(own[0].thread_id)
            elif listing.thread_id is not None:
                homes[listing_id] = int(listing.thread_id)
            else:
                homes[listing_id] = posts[listing_id][0].thread_id if posts[listing_id] else None
        return homes


class ListingPost(TimestampMixin, BaseModel):
    """Where a listing is shown: its thread and message in one guild (PUBLIC ones are mirrored)."""

    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="posts", on_delete=fields.CASCADE
    )
    guild: fields.ForeignKeyRelation[Guild] = fields.ForeignKeyField(
        "models.Guild", related_name="listing_posts", on_delete=fields.CASCADE, db_index=True
    )
    channel_id = fields.BigIntField()
    thread_id = fields.BigIntField(null=True, unique=True)
    message_id = fields.BigIntField(null=True)

    class Meta:
        table = "listing_posts"
        unique_together = (("listing", "guild"),)

    @classmethod
    async def record(
        cls,
        listing: Listing,
        *,
        guild_id: int,
        channel_id: int,
        thread_id: int | None,
        message_id: int | None,
    ) -> ListingPost:
        """Remember where a listing was posted in one guild (the home guild's post is also
        kept on the listing row). Audited."""
        async with in_transaction() as conn:
            post, _ = await cls.update_or_create(
                listing_id=listing.id,
                guild_id=guild_id,
                defaults={
                    "channel_id": channel_id,
                    "thread_id": thread_id,
                    "message_id": message_id,
                },
                using_db=conn,
            )
            if guild_id == listing.guild_id:  # type: ignore[attr-defined]
                listing.channel_id, listing.thread_id, listing.message_id = (
                    channel_id,
                    thread_id,
                    message_id,
                )
                await (
                    Listing.filter(id=listing.id)
                    .using_db(conn)
                    .update(channel_id=channel_id, thread_id=thread_id, message_id=message_id)
                )
            await AuditLog.record(
                "listing.posted",
                object_type="listing",
                object_id=listing.id,
                guild=await _guild(guild_id, conn),
                actor_label="bot",
                after={"channel_id": channel_id, "thread_id": thread_id, "message_id": message_id},
                using_db=conn,
            )
        return post


def _offer_status(offer: Offer) -> dict[str, Any]:
    return {"status": offer.status}


async def _decline_above(listing: Listing, price: int, by: User, conn: Any) -> list[Offer]:
    """Decline the listing's PENDING offers above `price` (each audited), buyers loaded."""
    note = {"reason": "above the new asking price", "price": price}
    return await _decline_pending(listing, by, conn, note, amount__gt=price)


async def _decline_pending(
    listing: Listing, by: User, conn: Any, note: dict[str, Any], **only: Any
) -> list[Offer]:
    """Decline the listing's PENDING offers (`only`: those matching these filters), each
    audited with `note`, their buyers loaded."""
    from models.offer import Offer

    now = utcnow()
    offers = (
        await Offer.filter(listing_id=listing.id, status=OfferStatus.PENDING, **only)
        .select_for_update()
        .using_db(conn)
        .order_by("id")
    )
    for offer in offers:
        await offer.save_audited(
            conn,
            action="offer.declined",
            actor=by,
            guild_id=listing.guild_id,  # type: ignore[attr-defined]
            changes={"status": OfferStatus.DECLINED, "decided_at": now},
            state=functools.partial(_offer_status, offer),
            note=note,
        )
        await offer.fetch_related("buyer", using_db=conn)
    return list(offers)


async def _guild(guild_id: int, conn: Any) -> Guild:
    from models.guild import Guild

    return await Guild.get(id=guild_id, using_db=conn)


async def completed_trade_count(user_id: int) -> int:
    """Trades the user completed as the seller (escrows released to them)."""
    from models.escrow import Escrow

    return await Escrow.filter(seller_id=user_id, status=EscrowStatus.RELEASED).count()
