"""Offers and counter-offers on a listing."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models import fastpath
from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import Currency, KycTier, ListingStatus, OfferStatus
from models.errors import DomainError, InvalidAmount, InvalidState, NotAllowed, NotFound
from models.money import format_amount
from models.text import strip_invisible

if TYPE_CHECKING:
    from models.guild import Guild
    from models.listing import Listing
    from models.notification import Then
    from models.user import User

MIN_EXPIRY_HOURS = 1
MAX_EXPIRY_HOURS = 7 * 24
MAX_CONDITIONS = 1000
# The same default as `Settings.rail_threshold_cents`; callers pass the configured value.
DEFAULT_RAIL_THRESHOLD_CENTS = 1_000_000
EXPIRY_ACTOR = "job:offer-expiry"

_CLOSED_WORDS = {
    OfferStatus.ACCEPTED: "was already accepted",
    OfferStatus.COUNTERED: "was countered (answer the counter-offer instead)",
    OfferStatus.DECLINED: "was declined",
    OfferStatus.EXPIRED: "has expired",
    OfferStatus.WITHDRAWN: "was withdrawn",
}
_LISTING_WORDS = {
    ListingStatus.INACTIVE: "it has a sale pending",
    ListingStatus.SOLD: "it has been sold",
    ListingStatus.CANCELLED: "it was cancelled",
}


@dataclass(frozen=True)
class MadeWith:
    """What the fast path of `Offer.make` read with the change, for the caller's notices:
    the listing as the write locked it, the seller's Discord id, the listing's home thread
    (`Listing.home_thread_id`) and the guild's own fee (None without a settings row)."""

    listing: Listing
    seller_discord_id: int
    thread_id: int | None
    guild_fee_bps: int | None


@dataclass
class Acceptance:
    """What an acceptance changed: the accepted offer and the offers it declined."""

    offer: Offer
    declined: list[Offer] = field(default_factory=list)


class Offer(TimestampMixin, BaseModel):
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="offers", on_delete=fields.RESTRICT
    )
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="offers_made", on_delete=fields.RESTRICT
    )
    seller: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="offers_received", on_delete=fields.RESTRICT
    )
    # Who made this offer: the buyer, or the seller for a counter-offer.
    made_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="offers_authored", on_delete=fields.RESTRICT, db_index=True
    )
    amount = fields.BigIntField()  # cents, CHECK (amount > 0)
    currency = fields.CharEnumField(Currency, max_length=8, default=Currency.USD)
    conditions = fields.TextField(null=True)
    expires_at = fields.DatetimeField()
    status = fields.CharEnumField(OfferStatus, max_length=16, default=OfferStatus.PENDING)
    parent: fields.ForeignKeyNullableRelation[Offer] = fields.ForeignKeyField(
        "models.Offer",
        related_name="counters",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    decided_at = fields.DatetimeField(null=True)

    counters: fields.ReverseRelation[Offer]
    listing_id: int
    buyer_id: int
    seller_id: int
    made_by_id: int
    parent_id: int | None
    # Set by `make` only: the pending offer the new one replaced (now WITHDRAWN), if any.
    replaced: Offer | None
    # Set by `make` only: what its fast path read with the change (None on the ORM path).
    made_with: MadeWith | None

    class Meta:
        table = "offers"
        indexes = (
            ("status", "expires_at"),
            ("listing", "status"),
            ("buyer", "status"),
            ("seller", "status"),
        )

    # ------------------------------------------------------------------ reading

    def author_is_buyer(self) -> bool:
        return self.made_by_id == self.buyer_id

    def responder_id(self) -> int:
        """The user id of the party who answers this offer (the one who did not make it)."""
        if self.author_is_buyer():
            return int(self.seller_id)
        return int(self.buyer_id)

    def is_party(self, user: User) -> bool:
        return user.id in (self.buyer_id, self.seller_id)

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at <= (now or utcnow())

    @classmethod
    async def for_party(cls, offer_id: int, user: User) -> Offer:
        """Offer `offer_id` if `user` is its buyer or seller; otherwise a plain "not found"."""
        offer = await cls.get_or_none(id=offer_id)
        if offer is None or not offer.is_party(user):
            raise NotFound(f"There's no offer #{offer_id} of yours.")
        return offer

    @classmethod
    async def listed_for(
        cls, user: User, direction: str = "incoming", *, limit: int = 250
    ) -> list[Offer]:
        """Offers made to the user (`incoming`) or by the user (`outgoing`), newest first."""
        party = Q(buyer_id=user.id) | Q(seller_id=user.id)
        query = cls.filter(party)
        if direction == "outgoing":
            query = query.filter(made_by_id=user.id)
        else:
            query = query.exclude(made_by_id=user.id)
        return await query.order_by("-created_at", "-id").limit(limit).prefetch_related("listing")

    # ------------------------------------------------------------------ making

    @classmethod
    async def make(
        cls,
        listing_id: int,
        buyer: User,
        amount: int,
        conditions: str | None = None,
        expires_in_hours: int | None = None,
        now: dt.datetime | None = None,
        *,
        rail_threshold_cents: int = DEFAULT_RAIL_THRESHOLD_CENTS,
        guild_id: int | None = None,
        guild_discord_id: int | None = None,
        then: Then[Offer] | None = None,
    ) -> Offer:
        """A buyer's offer on an ACTIVE listing; replaces the buyer's pending offer on it.

        `guild_id` is our row id of the guild the buyer asks from (None in a DM): a PRIVATE
        listing exists only inside its own guild, and is "not found" anywhere else. Or
        `guild_discord_id`, that guild's Discord id (the fast path compares it in its read;
        the ORM path looks the row up).
        The replaced offer (if any) is left in `offer.replaced` for the caller to mention.
        """
        from models.listing import Listing

        now = now or utcnow()
        buyer.require_tier(KycTier.TIER_1, "make offers")
        conditions = _clean_conditions(conditions)
        if fastpath.ENABLED and (then is None or not fastpath.in_caller_transaction_only(None)):
            # Two statements on one connection (with `then`, in a transaction that also
            # writes the caller's notifications); None: the ORM path below decides.
            try:
                async with _maybe_transaction(then) as tx:
                    made = await fastpath.make_offer(
                        cls,
                        listing_id,
                        buyer,
                        amount,
                        conditions,
                        expires_in_hours,
                        now,
                        rail_threshold_cents=rail_threshold_cents,
                        guild_id=guild_id,
                        guild_discord_id=guild_discord_id,
                        conn=tx,
                    )
                    if made is not None and then is not None and tx is not None:
                        await then(made, tx)
            except fastpath.StandAside:
                made = None  # its transaction rolled back; the ORM path decides
            if made is not None:
                return made
        if guild_id is None and guild_discord_id is not None:
            from models.guild import Guild

            asked_from = await Guild.get_or_none(discord_id=guild_discord_id)
            guild_id = asked_from.id if asked_from is not None else None
        listing = await _visible_listing(listing_id, guild_id)
        guild = await listing.guild
        hours = await _expiry_hours(guild, expires_in_hours)
        async with in_transaction() as conn:
            locked = await Listing.select_for_update(using_db=conn).get_or_none(id=listing_id)
            if locked is None:
                raise NotFound(f"There's no listing #{listing_id}.")
            listing = locked
            _require_active(listing)
            if listing.seller_id == buyer.id:  # type: ignore[attr-defined]
                raise NotAllowed("You can't make an offer on your own listing.")
            _check_amount(amount, listing)
            seller = await _user(listing.seller_id, conn)  # type: ignore[attr-defined]
            _check_high_value(amount, buyer, seller, rail_threshold_cents)
            previous = (
                await cls.select_for_update(using_db=conn)
                .filter(listing_id=listing.id, buyer_id=buyer.id, status=OfferStatus.PENDING)
                .first()
            )
            if previous is not None:
                # The partial unique index allows one PENDING offer per (listing, buyer):
                # the old one leaves PENDING before the new one is inserted.
                await previous._move(
                    OfferStatus.WITHDRAWN, "offer.replaced", buyer, guild, now, conn
                )
            offer = await cls._insert(
                conn,
                guild,
                made_by=buyer,
                listing_id=listing.id,
                buyer_id=buyer.id,
                seller_id=listing.seller_id,  # type: ignore[attr-defined]
                amount=amount,
                conditions=conditions,
                expires_at=now + dt.timedelta(hours=hours),
            )
            offer.replaced = previous
            offer.made_with = None
            if then is not None:
                await then(offer, conn)
        return offer

    # ------------------------------------------------------------------ answering

    async def accept(
        self,
        *,
        by: User,
        now: dt.datetime | None = None,
        rail_threshold_cents: int = DEFAULT_RAIL_THRESHOLD_CENTS,
        then: Then[Acceptance] | None = None,
    ) -> Acceptance:
        """Accept this offer: listing ACTIVE → INACTIVE (pending sale), rivals DECLINED;
        `then(acceptance, conn)` in the same transaction (`models.notification.Then`)."""

        now = now or utcnow()
        guild = await self._guild()
        rivals: list[Offer] = []
        async with in_transaction() as conn:
            listing, offer, expired = await self._answering(conn, by, "accept", guild, now)
            if not expired:
                offer._require_pending()
                _require_active(listing)
                _check_amount(offer.amount, listing)  # never above the price as it is now
                buyer = await _user(offer.buyer_id, conn)
                seller = await _user(offer.seller_id, conn)
                _check_high_value(offer.amount, buyer, seller, rail_threshold_cents)
                await offer._move(OfferStatus.ACCEPTED, "offer.accepted", by, guild, now, conn)
                before = {"status": listing.status}
                listing.status = ListingStatus.INACTIVE
                await listing.save(using_db=conn, update_fields=["status", "updated_at"])
                await AuditLog.record(
                    "listing.pending_sale",
                    object_type="listing",
                    object_id=listing.id,
                    actor=by,
                    guild=guild,
                    before=before,
                    after={"status": listing.status, "offer_id": offer.id},
                    using_db=conn,
                )
                rivals = (
                    await Offer.select_for_update(using_db=conn)
                    .filter(listing_id=listing.id, status=OfferStatus.PENDING)
                    .exclude(id=offer.id)
                    .order_by("id")
                )
                for rival in rivals:
                    await rival._move(
                        OfferStatus.DECLINED, "offer.declined_other_accepted", by, guild, now, conn
                    )
                if then is not None:
                    await then(Acceptance(offer=offer, declined=list(rivals)), conn)
        if expired:
            self._copy_from(offer)
            raise InvalidState(f"Offer #{self.id} has expired, so it can't be accepted anymore.")
        self._copy_from(offer)
        return Acceptance(offer=self, declined=list(rivals))

    async def decline(
        self, *, by: User, now: dt.datetime | None = None, then: Then[Offer] | None = None
    ) -> Offer:
        """The answering party says no."""
        return await self._close(by, OfferStatus.DECLINED, "offer.declined", "decline", now, then)

    async def withdraw(
        self, *, by: User, now: dt.datetime | None = None, then: Then[Offer] | None = None
    ) -> Offer:
        """The author takes the offer back."""
        return await self._close(
            by, OfferStatus.WITHDRAWN, "offer.withdrawn", "withdraw", now, then
        )

    async def counter(
        self,
        *,
        by: User,
        amount: int,
        conditions: str | None = None,
        expires_in_hours: int | None = None,
        now: dt.datetime | None = None,
        rail_threshold_cents: int = DEFAULT_RAIL_THRESHOLD_CENTS,
        then: Then[Offer] | None = None,
    ) -> Offer:
        """Answer with a new amount: this offer → COUNTERED, a child PENDING offer by `by`
        (`then(child, conn)` in the same transaction)."""

        now = now or utcnow()
        conditions = _clean_conditions(conditions)
        guild = await self._guild()
        hours = await _expiry_hours(guild, expires_in_hours)
        child: Offer | None = None
        async with in_transaction() as conn:
            listing, offer, expired = await self._answering(conn, by, "counter", guild, now)
            if not expired:
                offer._require_pending()
                _require_active(listing)
                _check_amount(amount, listing)
                buyer = await _user(offer.buyer_id, conn)
                seller = await _user(offer.seller_id, conn)
                _check_high_value(amount, buyer, seller, rail_threshold_cents)
                # The parent leaves PENDING before the child is inserted (partial unique index).
                await offer._move(OfferStatus.COUNTERED, "offer.countered", by, guild, now, conn)
                child = await Offer._insert(
                    conn,
                    guild,
                    made_by=by,
                    listing_id=listing.id,
                    buyer_id=offer.buyer_id,
                    seller_id=offer.seller_id,
                    amount=amount,
                    conditions=conditions,
                    expires_at=now + dt.timedelta(hours=hours),
                    parent_id=offer.id,
                )
                if then is not None:
                    await then(child, conn)
        self._copy_from(offer)
        if expired or child is None:
            raise InvalidState(f"Offer #{self.id} has expired, so it can't be countered anymore.")
        return child

    # ------------------------------------------------------------------ expiry job

    @classmethod
    async def expire_due(
        cls, now: dt.datetime, limit: int = 500, *, then: Then[list[Offer]] | None = None
    ) -> list[Offer]:
        """Mark PENDING offers whose expiry has passed as EXPIRED; returns those this call took.
        `then(offers, conn)` is called once with them (when there are any), in the
        transaction that expires them.

        Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several bot processes can run
        the job at once: each offer is expired by exactly one of them, and an offer that a
        user is accepting right now is left to that transaction.
        """
        if fastpath.ENABLED and (then is None or not fastpath.in_caller_transaction_only(None)):
            async with _maybe_transaction(then) as tx:  # the batch in one statement
                done = await fastpath.expire_offers(
                    cls, now, limit, actor_label=EXPIRY_ACTOR, clock=utcnow(), conn=tx
                )
                if done and then is not None and tx is not None:
                    await then(done, tx)
            if done is not None:
                return done
        async with in_transaction() as conn:
            due = (
                await cls.select_for_update(skip_locked=True, using_db=conn)
                .filter(status=OfferStatus.PENDING, expires_at__lte=now)
                .order_by("expires_at", "id")
                .limit(limit)
            )
            for offer in due:
                await offer._move(OfferStatus.EXPIRED, "offer.expired", None, None, now, conn)
            if due and then is not None:
                await then(list(due), conn)
        return list(due)

    # ------------------------------------------------------------------ internals

    async def _close(
        self,
        by: User,
        status: OfferStatus,
        action: str,
        verb: str,
        now: dt.datetime | None,
        then: Then[Offer] | None = None,
    ) -> Offer:
        now = now or utcnow()
        guild = await self._guild()
        async with in_transaction() as conn:
            offer = await self._locked(conn)
            if verb == "withdraw":
                offer._require_author(by)
            else:
                offer._require_responder(by, verb)
            expired = await offer._expire_if_due(guild, now, conn)
            if not expired:
                offer._require_pending()
                await offer._move(status, action, by, guild, now, conn)
                if then is not None:
                    await then(offer, conn)
        self._copy_from(offer)
        if expired:
            raise InvalidState(f"Offer #{self.id} has expired, so there's nothing to {verb}.")
        return self

    async def _answering(
        self, conn: BaseDBAsyncClient, by: User, verb: str, guild: Guild, now: dt.datetime
    ) -> tuple[Listing, Offer, bool]:
        """The listing and this offer locked for `by`'s answer (`verb`), and whether the
        offer had expired (then it is recorded so, and there is nothing to answer)."""
        from models.listing import Listing

        listing = await Listing.select_for_update(using_db=conn).get(id=self.listing_id)
        offer = await self._locked(conn)
        offer._require_responder(by, verb)
        return listing, offer, await offer._expire_if_due(guild, now, conn)

    async def _locked(self, conn: BaseDBAsyncClient) -> Offer:
        offer = await Offer.select_for_update(using_db=conn).get_or_none(id=self.id)
        if offer is None:
            raise NotFound(f"There's no offer #{self.id}.")
        return offer

    async def _guild(self) -> Guild:
        from models.guild import Guild
        from models.listing import Listing

        listing = await Listing.get(id=self.listing_id)
        return await Guild.get(id=listing.guild_id)  # type: ignore[attr-defined]

    def require_can_answer(self, by: User, verb: str) -> None:
        """Refuse unless `by` may answer (accept/counter/decline) this offer as it stands now.

        A read without a lock, for refusing early (before showing a form); the answering
        methods check again under the row lock.
        """
        self._require_responder(by, verb)
        self._require_pending()

    @classmethod
    async def open_listing_for(
        cls, listing_id: int, buyer: User, *, guild_id: int | None = None
    ) -> Listing:
        """The listing if `buyer` may make an offer on it now, from the guild `guild_id`
        (our row id; None in a DM: PUBLIC listings only). Checked again by `make`."""

        buyer.require_tier(KycTier.TIER_1, "make offers")
        listing = await _visible_listing(listing_id, guild_id)
        _require_active(listing)
        if listing.seller_id == buyer.id:  # type: ignore[attr-defined]
            raise NotAllowed("You can't make an offer on your own listing.")
        return listing

    def _require_responder(self, by: User, verb: str) -> None:
        if not self.is_party(by):
            raise NotAllowed(f"Offer #{self.id} isn't yours to {verb}.")
        if self.made_by_id == by.id:
            other = "seller" if self.author_is_buyer() else "buyer"
            raise NotAllowed(f"You made offer #{self.id}; only the {other} can {verb} it.")

    def _require_author(self, by: User) -> None:
        if self.made_by_id != by.id:
            raise NotAllowed(f"Only the person who made offer #{self.id} can withdraw it.")

    def _require_pending(self) -> None:
        if self.status != OfferStatus.PENDING:
            words = _CLOSED_WORDS.get(self.status, "is closed")
            raise InvalidState(f"Offer #{self.id} {words}, so nothing was changed.")

    async def _move(
        self,
        status: OfferStatus,
        action: str,
        actor: User | None,
        guild: Guild | None,
        now: dt.datetime,
        conn: BaseDBAsyncClient,
    ) -> None:
        before = {"status": self.status}
        self.status = status
        self.decided_at = now
        await self.save(using_db=conn, update_fields=["status", "decided_at", "updated_at"])
        await AuditLog.record(
            action,
            object_type="offer",
            object_id=self.id,
            actor=actor,
            actor_label=None if actor else EXPIRY_ACTOR,
            guild=guild,
            before=before,
            after={"status": status, "decided_at": now},
            using_db=conn,
        )

    async def _expire_if_due(self, guild: Guild, now: dt.datetime, conn: BaseDBAsyncClient) -> bool:
        """A PENDING offer past its expiry (this row, locked) becomes EXPIRED now, whatever
        the action that found it; True when it did."""
        if self.status != OfferStatus.PENDING or not self.is_expired(now):
            return False
        await self._move(OfferStatus.EXPIRED, "offer.expired", None, guild, now, conn)
        return True

    @classmethod
    async def _insert(
        cls,
        conn: BaseDBAsyncClient,
        guild: Guild,
        *,
        made_by: User,
        listing_id: int,
        buyer_id: int,
        seller_id: int,
        amount: int,
        conditions: str | None,
        expires_at: dt.datetime,
        parent_id: int | None = None,
    ) -> Offer:
        """A new PENDING offer (or counter-offer) with its "offer.made" audit entry."""
        offer = await cls.create(
            listing_id=listing_id,
            buyer_id=buyer_id,
            seller_id=seller_id,
            made_by=made_by,
            amount=amount,
            conditions=conditions,
            expires_at=expires_at,
            parent_id=parent_id,
            using_db=conn,
        )
        await AuditLog.record(
            "offer.made",
            object_type="offer",
            object_id=offer.id,
            actor=made_by,
            guild=guild,
            after=offer._snapshot(),
            using_db=conn,
        )
        return offer

    def _copy_from(self, other: Offer) -> None:
        for name in ("status", "decided_at", "updated_at", "amount", "expires_at"):
            setattr(self, name, getattr(other, name))

    def _snapshot(self) -> dict[str, Any]:
        return {
            "listing_id": self.listing_id,
            "buyer_id": self.buyer_id,
            "seller_id": self.seller_id,
            "made_by_id": self.made_by_id,
            "parent_id": self.parent_id,
            "amount": self.amount,
            "conditions": self.conditions,
            "expires_at": self.expires_at,
            "status": self.status,
        }


def _clean_conditions(conditions: str | None) -> str | None:
    text = strip_invisible(conditions or "").strip()
    if len(text) > MAX_CONDITIONS:
        raise DomainError(
            f"Conditions can be at most {MAX_CONDITIONS:,} characters (yours has {len(text):,})."
        )
    return text or None


def _check_hours(hours: int) -> None:
    if not MIN_EXPIRY_HOURS <= hours <= MAX_EXPIRY_HOURS:
        raise DomainError(
            f"An offer must expire between {MIN_EXPIRY_HOURS} hour and 7 days "
            f"({MAX_EXPIRY_HOURS} hours) from now; you asked for {hours} hours."
        )


def _check_amount(amount: int, listing: Listing) -> None:
    if amount <= 0:
        raise InvalidAmount("The amount must be more than $0.00.")
    if amount > listing.price:
        raise InvalidAmount(
            f"{format_amount(amount)} is above the asking price of "
            f"{format_amount(listing.price)}. Offer at most the asking price."
        )


def _check_high_value(amount: int, buyer: User, seller: User, threshold: int) -> None:
    if amount <= threshold:
        return
    for who, user in (("buyer", buyer), ("seller", seller)):
        if not user.has_tier(KycTier.TIER_2):
            raise NotAllowed(
                f"Trades above {format_amount(threshold)} need TIER_2 verification on both "
                f"sides, and the {who} isn't verified yet. Ask platform staff to verify "
                "(TIER_2), or offer at most that amount."
            )


def _require_active(listing: Listing) -> None:
    if listing.status != ListingStatus.ACTIVE:
        words = _LISTING_WORDS.get(listing.status, "it is closed")
        raise InvalidState(f"Listing #{listing.id} isn't open for offers: {words}.")


async def _visible_listing(listing_id: int, guild_id: int | None) -> Listing:
    """The listing if it can be seen from `guild_id`; the same "no listing" for one that
    doesn't exist and one that is PRIVATE elsewhere (its existence isn't told either)."""
    from models.listing import Listing

    try:
        return await Listing.visible(listing_id, guild_id)
    except NotFound:
        raise NotFound(f"There's no listing #{listing_id}.") from None


async def _user(user_id: int, conn: BaseDBAsyncClient) -> User:
    from models.user import User

    return await User.get(id=user_id, using_db=conn)


async def _expiry_hours(guild: Guild, hours: int | None) -> int:
    """The offer's lifetime: as asked, else the guild's default; refused outside the range."""
    if hours is None:
        hours = (await guild.get_settings()).offer_expiry_hours
    _check_hours(hours)
    return hours


@contextlib.asynccontextmanager
async def _maybe_transaction(then: object) -> AsyncIterator[BaseDBAsyncClient | None]:
    """A transaction for a fast path when there is a `then` to write with the change (its
    notifications commit or roll back with it); none otherwise."""
    if then is None:
        yield None
    else:
        async with in_transaction() as conn:
            yield conn
