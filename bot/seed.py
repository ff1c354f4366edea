"""Seed data: a small demo world (through the models) and synthetic volume (through COPY).

`seed_demo()` builds one guild, "Bloxtr8 Demo", with people at every KYC tier, listings,
offers, contracts and one escrow in every status (plus a milestone escrow), writing audit
entries as it goes, so the bot has something to show. It runs with Tortoise initialised,
in one transaction, and does nothing when the demo guild exists already.

`seed_scale(url, scale)` appends benchmark volume with asyncpg's binary COPY: per unit of
`scale` 10 000 users, 50 000 listings, 100 000 offers and 10 000 escrows, each escrow with
its accepted offer, contract, signatures, rail row and event history. It takes explicit ids
from blocks reserved on the tables' sequences, so it appends to a database in use.

Conventions shared by both:

* Escrow versions: an escrow is created at version 0 with a ``created`` event of version 0;
  every later event increments the version, so the events of an escrow are numbered
  0..escrow.version and the highest one equals ``escrow.version``.
* A listing with a live escrow (awaiting funds, funds held, delivered, disputed) is INACTIVE,
  one whose escrow was released is SOLD, and one whose deal was cancelled or refunded is
  back to ACTIVE.
* Amounts are in cents; offers expire 72 hours after they are made.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import math
import random
from collections.abc import Callable, Coroutine, Iterable, Iterator
from itertools import islice
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models import (
    AssetVerification,
    AuditLog,
    Contract,
    Delivery,
    Dispute,
    Escrow,
    EscrowEvent,
    Guild,
    GuildMember,
    GuildSettings,
    Listing,
    MarketplaceChannel,
    MilestoneEscrow,
    Offer,
    RobloxSnapshot,
    Signature,
    StripeEscrow,
    User,
)
from models.enums import (
    ChannelKind,
    ContractStatus,
    DeliveryStatus,
    DisputeOutcome,
    DisputeStatus,
    EscrowRail,
    EscrowStatus,
    GuildRole,
    KycTier,
    ListingCategory,
    ListingStatus,
    ListingVisibility,
    MilestoneStatus,
    OfferStatus,
    RobloxAssetType,
    RobloxOwnerType,
    WalletRisk,
)
from models.guild import DEFAULT_PRICE_RANGES

Progress = Callable[[str, int, int], None]
log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------
# Demo world
# ---------------------------------------------------------------------------------------

# Fixed Discord ids of the demo world (snowflake-sized, far from real ones of today).
DEMO_GUILD_DISCORD_ID = 900_000_000_000_000_001
_DEMO_CHANNEL_BASE = 900_000_000_000_001_000
_DEMO_USER_BASE = 900_000_000_000_002_000
DEMO_MODERATOR_ROLE_ID = 900_000_000_000_003_001
_DEMO_THREAD_BASE = 900_000_000_000_004_000
_DEMO_MESSAGE_BASE = 900_000_000_000_005_000
_DEMO_INTERACTION_BASE = 900_000_000_000_006_000
DEMO_CATEGORY_ID = 900_000_000_000_001_999
DEMO_LOG_CHANNEL_ID = _DEMO_CHANNEL_BASE + 10
DEMO_DISPUTES_CHANNEL_ID = _DEMO_CHANNEL_BASE + 11
_DEMO_LOCK_KEY = 0x0B10_5EED  # advisory lock: two seeders at once do not race


class _Demo:
    """Builds the demo world inside one transaction, writing an audit entry per change."""

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.guild: Guild
        self.interaction = _DEMO_INTERACTION_BASE

    def ago(self, days: float = 0, hours: float = 0, minutes: float = 0) -> dt.datetime:
        return self.now - dt.timedelta(days=days, hours=hours, minutes=minutes)

    async def audit(
        self,
        action: str,
        obj: Any,
        *,
        actor: User | None = None,
        actor_label: str | None = None,
        before: Any = None,
        after: Any = None,
    ) -> None:
        await AuditLog.record(
            action,
            object_type=type(obj).__name__,
            object_id=obj.pk,
            actor=actor,
            actor_label=actor_label,
            guild=self.guild,
            before=before,
            after=after,
            using_db=self.conn,
        )

    # -- people and the guild ----------------------------------------------------------

    async def user(
        self,
        n: int,
        username: str,
        tier: KycTier,
        *,
        joined_days_ago: float,
        roblox: tuple[int, str] | None = None,
        **extra: Any,
    ) -> User:
        created = self.ago(days=joined_days_ago)
        fields: dict[str, Any] = {
            "discord_id": _DEMO_USER_BASE + n,
            "username": username,
            "kyc_tier": tier,
            "kyc_verified": tier is KycTier.TIER_2,
            "terms_accepted_at": created + dt.timedelta(minutes=3),
            "created_at": created,
        }
        if roblox is not None:
            fields.update(
                roblox_user_id=roblox[0],
                roblox_username=roblox[1],
                roblox_created_at=created - dt.timedelta(days=900 + 37 * n),
                roblox_linked_at=created + dt.timedelta(hours=1),
            )
        fields.update(extra)
        user = await User.create(using_db=self.conn, **fields)
        await self.audit(
            "user.registered", user, actor=user, after={"username": username, "tier": "TIER_0"}
        )
        if roblox is not None:
            await self.audit(
                "user.roblox_linked",
                user,
                actor=user,
                before={"kyc_tier": "TIER_0"},
                after={"roblox_user_id": roblox[0], "kyc_tier": "TIER_1"},
            )
        if tier is KycTier.TIER_2:
            await self.audit(
                "user.kyc_verified",
                user,
                actor_label="staff:kyc-review",
                before={"kyc_tier": "TIER_1"},
                after={"kyc_tier": "TIER_2", "kyc_verified": True},
            )
        return user

    async def setup_guild(self) -> None:
        self.guild = await Guild.create(
            using_db=self.conn,
            discord_id=DEMO_GUILD_DISCORD_ID,
            name="Bloxtr8 Demo",
            active=True,
            joined_at=self.ago(days=120),
            created_at=self.ago(days=120),
        )
        await GuildSettings.create(
            using_db=self.conn,
            guild=self.guild,
            moderator_role_id=DEMO_MODERATOR_ROLE_ID,
            category_id=DEMO_CATEGORY_ID,
            log_channel_id=DEMO_LOG_CHANNEL_ID,
            disputes_channel_id=DEMO_DISPUTES_CHANNEL_ID,
            min_tier_to_list=KycTier.TIER_1,
            default_visibility=ListingVisibility.PUBLIC,
            inspection_days=7,
            offer_expiry_hours=72,
            platform_fee_bps=500,
            max_active_listings=10,
            dispute_deadline_days=7,
            created_at=self.ago(days=120),
        )
        for i, rng in enumerate(DEFAULT_PRICE_RANGES):
            await MarketplaceChannel.create(
                using_db=self.conn,
                guild=self.guild,
                channel_id=_DEMO_CHANNEL_BASE + i,
                kind=ChannelKind.PRICE_RANGE,
                name=f"market-{rng['name']}",
                min_price=rng["min"],
                max_price=rng["max"],
                created_at=self.ago(days=120),
            )
        for channel_id, kind, name in (
            (DEMO_DISPUTES_CHANNEL_ID, ChannelKind.DISPUTES, "disputes"),
            (DEMO_LOG_CHANNEL_ID, ChannelKind.LOG, "bloxtr8-log"),
        ):
            await MarketplaceChannel.create(
                using_db=self.conn,
                guild=self.guild,
                channel_id=channel_id,
                kind=kind,
                name=name,
                created_at=self.ago(days=120),
            )

    async def member(self, user: User, role: GuildRole) -> None:
        await GuildMember.create(
            using_db=self.conn, guild=self.guild, user=user, role=role, created_at=user.created_at
        )
        if role is not GuildRole.MEMBER:
            await self.audit(
                "member.role_set", user, actor_label="discord:role-sync", after={"role": role}
            )

    # -- listings ----------------------------------------------------------------------

    async def listing(
        self,
        n: int,
        seller: User,
        title: str,
        summary: str,
        price: int,
        category: ListingCategory,
        *,
        days_ago: float,
        status: ListingStatus = ListingStatus.ACTIVE,
        visibility: ListingVisibility = ListingVisibility.PUBLIC,
        snapshot: RobloxSnapshot | None = None,
    ) -> Listing:
        channel = _DEMO_CHANNEL_BASE + _price_range_index(price)
        listing = await Listing.create(
            using_db=self.conn,
            title=title,
            summary=summary,
            price=price,
            category=category,
            status=ListingStatus.ACTIVE,
            visibility=visibility,
            seller=seller,
            guild=self.guild,
            asset_type=snapshot.asset_type if snapshot else None,
            asset_id=snapshot.asset_id if snapshot else None,
            snapshot=snapshot,
            channel_id=channel,
            thread_id=_DEMO_THREAD_BASE + n,
            message_id=_DEMO_MESSAGE_BASE + n,
            created_at=self.ago(days=days_ago),
        )
        await self.audit(
            "listing.created",
            listing,
            actor=seller,
            after={"title": title, "price": price, "category": category, "visibility": visibility},
        )
        if status is not ListingStatus.ACTIVE:
            await self.set_listing_status(listing, status, seller)
        return listing

    async def set_listing_status(
        self, listing: Listing, status: ListingStatus, actor: User | None, label: str | None = None
    ) -> None:
        before = listing.status
        listing.status = status
        await listing.save(using_db=self.conn, update_fields=["status", "updated_at"])
        await self.audit(
            "listing.status_changed",
            listing,
            actor=actor,
            actor_label=label,
            before={"status": before},
            after={"status": status},
        )

    async def snapshot(
        self,
        asset_type: RobloxAssetType,
        asset_id: int,
        name: str,
        owner: User,
        data: dict[str, Any],
        *,
        days_ago: float,
        group_owner: int | None = None,
    ) -> RobloxSnapshot:
        snap = await RobloxSnapshot.create(
            using_db=self.conn,
            asset_type=asset_type,
            asset_id=asset_id,
            name=name,
            owner_type=RobloxOwnerType.GROUP if group_owner else RobloxOwnerType.USER,
            owner_id=group_owner or owner.roblox_user_id,
            data=data,
            captured_at=self.ago(days=days_ago),
        )
        method = {
            RobloxAssetType.GAME: "GROUP_OWNED_GAME" if group_owner else "USER_OWNED_GAME",
            RobloxAssetType.GROUP: "GROUP_OWNER",
            RobloxAssetType.ITEM: "USER_OWNED_ITEM",
        }[asset_type]
        await AssetVerification.create(
            using_db=self.conn,
            user=owner,
            asset_type=asset_type,
            asset_id=asset_id,
            verified=True,
            method=method,
            snapshot=snap,
            expires_at=self.ago(days=days_ago) + dt.timedelta(days=30),
            created_at=self.ago(days=days_ago),
        )
        return snap

    # -- offers ------------------------------------------------------------------------

    async def offer(
        self,
        listing: Listing,
        buyer: User,
        amount: int,
        *,
        hours_ago: float,
        status: OfferStatus = OfferStatus.PENDING,
        decided_hours_ago: float | None = None,
        parent: Offer | None = None,
        conditions: str | None = None,
    ) -> Offer:
        seller_id = listing.seller_id  # type: ignore[attr-defined]
        made_by = buyer if parent is None else await User.get(id=seller_id, using_db=self.conn)
        created = self.ago(hours=hours_ago)
        offer = await Offer.create(
            using_db=self.conn,
            listing=listing,
            buyer=buyer,
            seller_id=seller_id,
            made_by=made_by,
            amount=amount,
            conditions=conditions,
            expires_at=created + dt.timedelta(hours=72),
            status=OfferStatus.PENDING,
            parent=parent,
            created_at=created,
        )
        action = "offer.countered_by_seller" if parent else "offer.created"
        await self.audit(
            action, offer, actor=made_by, after={"amount": amount, "listing": listing.pk}
        )
        if status is not OfferStatus.PENDING:
            decided = (
                self.ago(hours=decided_hours_ago)
                if decided_hours_ago is not None
                else offer.expires_at
            )
            await self.decide(offer, status, decided)
        return offer

    async def decide(self, offer: Offer, status: OfferStatus, when: dt.datetime) -> None:
        offer.status = status
        offer.decided_at = when
        await offer.save(using_db=self.conn, update_fields=["status", "decided_at", "updated_at"])
        actor_id = {
            OfferStatus.ACCEPTED: offer.seller_id,
            OfferStatus.DECLINED: offer.seller_id,
            OfferStatus.COUNTERED: offer.seller_id,
            OfferStatus.WITHDRAWN: offer.buyer_id,
        }.get(status)
        actor = await User.get(id=actor_id, using_db=self.conn) if actor_id else None
        await self.audit(
            f"offer.{status.value.lower()}",
            offer,
            actor=actor,
            actor_label=None if actor else "job:expire-offers",
            before={"status": "PENDING"},
            after={"status": status},
        )

    # -- contracts and escrows ---------------------------------------------------------

    async def contract(
        self,
        offer: Offer,
        listing: Listing,
        buyer: User,
        seller: User,
        *,
        signed_by: tuple[User, ...],
        milestones: list[tuple[str, int]] | None = None,
    ) -> Contract:
        assert offer.decided_at is not None
        created = offer.decided_at + dt.timedelta(minutes=2)
        snap = None
        if listing.snapshot_id is not None:  # type: ignore[attr-defined]
            snap_id = listing.snapshot_id  # type: ignore[attr-defined]
            snap_row = await RobloxSnapshot.get(id=snap_id, using_db=self.conn)
            snap = {
                "asset_type": snap_row.asset_type,
                "asset_id": snap_row.asset_id,
                "name": snap_row.name,
                "captured_at": snap_row.captured_at,
                "data": snap_row.data,
            }
        terms = {
            "inspection_days": 7,
            "delivery": "Transfer ownership in Roblox, then post evidence with /deliver.",
            "milestones": [{"title": t, "amount": a} for t, a in milestones or []],
        }
        body = json.dumps(
            {"offer": offer.pk, "amount": offer.amount, "terms": terms}, sort_keys=True
        )
        contract = await Contract.create(
            using_db=self.conn,
            offer=offer,
            listing=listing,
            buyer=buyer,
            seller=seller,
            amount=offer.amount,
            status=ContractStatus.PENDING_SIGNATURE,
            template_version="1",
            pdf_path=f"contracts/demo-{offer.pk}.pdf",
            sha256=hashlib.sha256(body.encode()).hexdigest(),
            asset_snapshot=_jsonable(snap or {}),
            terms=terms,
            created_at=created,
        )
        await self.audit("contract.created", contract, actor_label="bot", after={"offer": offer.pk})
        for i, signer in enumerate(signed_by):
            self.interaction += 1
            await Signature.create(
                using_db=self.conn,
                contract=contract,
                user=signer,
                interaction_id=self.interaction,
                signed_at=created + dt.timedelta(minutes=5 * (i + 1)),
            )
            await self.audit("contract.signed", contract, actor=signer, after={"user": signer.pk})
        if {u.pk for u in signed_by} == {buyer.pk, seller.pk}:
            contract.status = ContractStatus.EXECUTED
            contract.executed_at = created + dt.timedelta(minutes=5 * len(signed_by))
            await contract.save(
                using_db=self.conn, update_fields=["status", "executed_at", "updated_at"]
            )
            await self.audit(
                "contract.executed",
                contract,
                actor_label="bot",
                before={"status": "PENDING_SIGNATURE"},
                after={"status": "EXECUTED"},
            )
        return contract

    async def escrow(
        self,
        contract: Contract,
        buyer: User,
        seller: User,
        path: list[tuple[str, EscrowStatus | None, User | None, dt.datetime, dict[str, Any]]],
    ) -> Escrow:
        """An escrow with its history: `path` lists (kind, new status, actor, when, data)."""
        assert contract.executed_at is not None
        created = contract.executed_at + dt.timedelta(minutes=1)
        escrow = await Escrow.create(
            using_db=self.conn,
            contract=contract,
            buyer=buyer,
            seller=seller,
            guild=self.guild,
            rail=EscrowRail.STRIPE,
            amount=contract.amount,
            fee_bps=500,
            status=EscrowStatus.AWAIT_FUNDS,
            version=0,
            expires_at=created + dt.timedelta(hours=48),
            created_at=created,
        )
        await EscrowEvent.create(
            using_db=self.conn,
            escrow=escrow,
            version=0,
            kind="created",
            to_status=EscrowStatus.AWAIT_FUNDS,
            actor=None,
            data={"contract": contract.pk, "amount": contract.amount},
            created_at=created,
        )
        await self.audit(
            "escrow.created",
            escrow,
            actor_label="bot",
            after={"status": "AWAIT_FUNDS", "amount": escrow.amount},
        )
        stamp = {
            EscrowStatus.FUNDS_HELD: "funded_at",
            EscrowStatus.DELIVERED: "delivered_at",
            EscrowStatus.RELEASED: "released_at",
            EscrowStatus.REFUNDED: "refunded_at",
            EscrowStatus.CANCELLED: "cancelled_at",
        }
        for kind, to_status, actor, when, data in path:
            before = escrow.status
            escrow.version += 1
            changed = ["version", "updated_at"]
            if to_status is not None:
                escrow.status = to_status
                changed.append("status")
                if to_status in stamp:
                    setattr(escrow, stamp[to_status], when)
                    changed.append(stamp[to_status])
                if to_status is EscrowStatus.DELIVERED:
                    escrow.auto_release_at = when + dt.timedelta(days=7)
                    changed.append("auto_release_at")
                elif escrow.auto_release_at is not None:
                    escrow.auto_release_at = None
                    changed.append("auto_release_at")
            await escrow.save(using_db=self.conn, update_fields=changed)
            await EscrowEvent.create(
                using_db=self.conn,
                escrow=escrow,
                version=escrow.version,
                kind=kind,
                from_status=before if to_status else None,
                to_status=to_status,
                actor=actor,
                data=data,
                created_at=when,
            )
            await self.audit(
                f"escrow.{kind}",
                escrow,
                actor=actor,
                actor_label=None if actor else "stripe:webhook" if kind == "funded" else "job",
                before={"status": before, "version": escrow.version - 1},
                after={"status": escrow.status, "version": escrow.version, **data},
            )
        return escrow

    async def stripe(self, escrow: Escrow, n: int) -> None:
        funded = escrow.funded_at is not None
        await StripeEscrow.create(
            using_db=self.conn,
            escrow=escrow,
            payment_intent_id=f"pi_demo{n:04d}Bx8",
            charge_id=f"ch_demo{n:04d}Bx8" if funded else None,
            amount_received=escrow.amount if funded else 0,
            amount_refunded=escrow.amount if escrow.status is EscrowStatus.REFUNDED else 0,
            transfer_id=f"tr_demo{n:04d}Bx8" if escrow.status is EscrowStatus.RELEASED else None,
            refund_id=f"re_demo{n:04d}Bx8" if escrow.status is EscrowStatus.REFUNDED else None,
            created_at=escrow.created_at,
        )

    async def delivery(
        self,
        escrow: Escrow,
        seller: User,
        status: DeliveryStatus,
        when: dt.datetime,
        evidence: dict[str, Any],
        *,
        milestone: MilestoneEscrow | None = None,
        confirmed: dt.datetime | None = None,
    ) -> None:
        delivery = await Delivery.create(
            using_db=self.conn,
            escrow=escrow,
            milestone=milestone,
            delivered_by=seller,
            status=status,
            evidence=evidence,
            delivered_at=when,
            confirmed_at=confirmed,
            created_at=when,
        )
        await self.audit(
            "delivery.submitted", delivery, actor=seller, after={"status": status, **evidence}
        )


def _price_range_index(price: int) -> int:
    """Which of the default price-range channels a price (cents) belongs to."""
    for i, r in enumerate(DEFAULT_PRICE_RANGES):
        top = r["max"]
        if not isinstance(top, int) or price < top:
            return i
    return len(DEFAULT_PRICE_RANGES) - 1


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


async def seed_demo() -> dict[str, int]:
    """Create the demo world (guild "Bloxtr8 Demo") in one transaction.

    Idempotent: when the demo guild (``DEMO_GUILD_DISCORD_ID``) already exists nothing is
    written. Either way the result is the number of demo rows per table (the same numbers
    on a second run). Needs Tortoise initialised (``async with orm(url): ...``).
    """
    async with in_transaction() as conn:
        await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [_DEMO_LOCK_KEY])
        existing = await Guild.get_or_none(discord_id=DEMO_GUILD_DISCORD_ID, using_db=conn)
        if existing is None:
            await _build_demo(_Demo(conn))
            existing = await Guild.get(discord_id=DEMO_GUILD_DISCORD_ID, using_db=conn)
        return await _demo_counts(conn, existing)


async def _demo_counts(conn: BaseDBAsyncClient, guild: Guild) -> dict[str, int]:
    users = [_DEMO_USER_BASE + n for n in range(1, 10)]
    snapshot_ids = (
        await Listing.filter(guild=guild, snapshot_id__not_isnull=True)
        .using_db(conn)
        .values_list("snapshot_id", flat=True)
    )
    by_escrow = {"escrow__guild": guild}
    queries: dict[str, QuerySet[Any]] = {
        "guilds": Guild.filter(id=guild.pk),
        "guild_settings": GuildSettings.filter(guild=guild),
        "marketplace_channels": MarketplaceChannel.filter(guild=guild),
        "users": User.filter(discord_id__in=users),
        "guild_members": GuildMember.filter(guild=guild),
        "roblox_snapshots": RobloxSnapshot.filter(id__in=list(snapshot_ids)),
        "asset_verifications": AssetVerification.filter(user__discord_id__in=users),
        "listings": Listing.filter(guild=guild),
        "offers": Offer.filter(listing__guild=guild),
        "contracts": Contract.filter(listing__guild=guild),
        "signatures": Signature.filter(contract__listing__guild=guild),
        "escrows": Escrow.filter(guild=guild),
        "stripe_escrows": StripeEscrow.filter(**by_escrow),
        "milestone_escrows": MilestoneEscrow.filter(**by_escrow),
        "escrow_events": EscrowEvent.filter(**by_escrow),
        "deliveries": Delivery.filter(**by_escrow),
        "disputes": Dispute.filter(**by_escrow),
        "audit_logs": AuditLog.filter(guild=guild),
    }
    return {table: await q.using_db(conn).count() for table, q in queries.items()}


async def _build_demo(d: _Demo) -> None:
    # The server, and its people: one per KYC tier, plus the staff.
    await d.setup_guild()
    owner = await d.user(
        9,
        "oscar_owner",
        KycTier.TIER_2,
        joined_days_ago=125,
        roblox=(1_204_009, "OscarBuildsWorlds"),
        wallet_address="0x9f2c4E1b7A3d5C6e8F0a1B2c3D4e5F6a7B8c9D0e",
        wallet_risk=WalletRisk.LOW,
        wallet_screened_at=d.ago(days=90),
        stripe_account_id="acct_demo_oscar",
        stripe_payouts_enabled=True,
    )
    await d.audit(
        "guild.setup",
        d.guild,
        actor=owner,
        after={"channels": 6, "moderator_role_id": DEMO_MODERATOR_ROLE_ID},
    )
    newbie = await d.user(
        1,
        "nova_newbie",
        KycTier.TIER_0,
        joined_days_ago=1,
        link_code="BLOX-MOON-7Q2K",
        link_roblox_user_id=5_550_001,
        link_code_expires_at=d.now + dt.timedelta(minutes=15),
    )
    bob = await d.user(
        2,
        "builderbob",
        KycTier.TIER_1,
        joined_days_ago=100,
        roblox=(1_204_002, "BuilderBob_RBX"),
        stripe_account_id="acct_demo_builderbob",
        stripe_payouts_enabled=True,
    )
    carol = await d.user(
        3, "carol_collects", KycTier.TIER_1, joined_days_ago=80, roblox=(1_204_003, "CarolCollects")
    )
    frank = await d.user(
        4, "frankly_frank", KycTier.TIER_1, joined_days_ago=60, roblox=(1_204_004, "FranklyFrank")
    )
    dave = await d.user(
        5,
        "dave_dev",
        KycTier.TIER_2,
        joined_days_ago=110,
        roblox=(1_204_005, "DaveDevStudios"),
        wallet_address="0x3B8e0cA5d1F4a2E9b7C6D5e4F3a2B1c0D9e8F7a6",
        wallet_risk=WalletRisk.LOW,
        wallet_screened_at=d.ago(days=40),
        stripe_account_id="acct_demo_davedev",
        stripe_payouts_enabled=True,
    )
    erin = await d.user(
        6,
        "erin_studio",
        KycTier.TIER_2,
        joined_days_ago=95,
        roblox=(1_204_006, "ErinStudioRBX"),
        stripe_account_id="acct_demo_erin",
        stripe_payouts_enabled=True,
    )
    mia = await d.user(
        7, "mia_mod", KycTier.TIER_1, joined_days_ago=118, roblox=(1_204_007, "MiaModerates")
    )
    ada = await d.user(
        8, "ada_admin", KycTier.TIER_1, joined_days_ago=119, roblox=(1_204_008, "AdaAdminRBX")
    )
    await d.member(owner, GuildRole.OWNER)
    await d.member(ada, GuildRole.ADMIN)
    await d.member(mia, GuildRole.MODERATOR)
    for u in (newbie, bob, carol, frank, dave, erin):
        await d.member(u, GuildRole.MEMBER)

    # What the bot saw on Roblox for the listed assets.
    snap_pizza = await d.snapshot(
        RobloxAssetType.GAME,
        4_812_331_907,
        "Pizza Empire Tycoon",
        dave,
        {"visits": 12_400_000, "playing": 1_850, "favorites": 96_000, "universe_id": 1_640_220_331},
        days_ago=40,
    )
    snap_racers = await d.snapshot(
        RobloxAssetType.GROUP,
        33_104_882,
        "Neon Racers Club",
        bob,
        {"members": 48_210, "owner": "BuilderBob_RBX", "verified": False},
        days_ago=21,
    )
    snap_fedora = await d.snapshot(
        RobloxAssetType.ITEM,
        1_285_307,
        "Sparkle Time Fedora",
        bob,
        {"rap": 520_000, "limited": True, "serial": None},
        days_ago=17,
    )
    snap_obby = await d.snapshot(
        RobloxAssetType.GAME,
        7_209_554_120,
        "Sky Castle Obby",
        dave,
        {"visits": 2_300_000, "playing": 240, "favorites": 18_500, "stages": 120},
        days_ago=12,
    )
    snap_mining = await d.snapshot(
        RobloxAssetType.GAME,
        9_914_002_765,
        "Mining Legends Simulator",
        dave,
        {"visits": 61_000_000, "playing": 7_900, "favorites": 410_000, "group_owned": True},
        days_ago=35,
        group_owner=15_220_901,
    )
    snap_helm = await d.snapshot(
        RobloxAssetType.ITEM,
        21_070_012,
        "Ruby Dominus Helm",
        dave,
        {"rap": 1_150_000, "limited": True, "serial": 14},
        days_ago=3,
    )

    # Listings.
    pizza = await d.listing(
        1,
        dave,
        "Pizza Empire Tycoon – 12M visits, full ownership",
        "Established tycoon with 12.4M visits and steady game-pass income. Transfer of the "
        "experience, all places, game passes and the Discord community.",
        2_500_000,
        ListingCategory.GAME,
        days_ago=40,
        snapshot=snap_pizza,
    )
    racers = await d.listing(
        2,
        bob,
        "Neon Racers Club – 48k member group",
        "Active racing group with 48k members, clan wars every weekend and a clothing store.",
        180_000,
        ListingCategory.GROUP,
        days_ago=21,
        snapshot=snap_racers,
    )
    fedora = await d.listing(
        3,
        bob,
        "Limited: Sparkle Time Fedora",
        "Classic limited hat, RAP 520k. Traded through Roblox trades after escrow is funded.",
        420_000,
        ListingCategory.ITEM,
        days_ago=17,
        snapshot=snap_fedora,
    )
    obby = await d.listing(
        4,
        dave,
        "Sky Castle Obby – 120 stages, 2.3M visits",
        "Polished obby with 120 stages, a VIP server pass and a skip-stage product.",
        350_000,
        ListingCategory.GAME,
        days_ago=12,
        snapshot=snap_obby,
    )
    mining = await d.listing(
        5,
        dave,
        "Mining Legends Simulator – full source + IP",
        "Top simulator (61M visits) sold with the owning group, source code, assets and IP.",
        9_500_000,
        ListingCategory.GAME,
        days_ago=35,
        snapshot=snap_mining,
    )
    mapping = await d.listing(
        6,
        erin,
        "Custom map building – 3 milestones",
        "A bespoke map for your game: layout, build and polish, paid per milestone.",
        240_000,
        ListingCategory.SERVICE,
        days_ago=9,
        visibility=ListingVisibility.PRIVATE,
    )
    await d.listing(
        7,
        bob,
        "Discord server template + bots for Roblox studios",
        "Roles, tickets, verification and a giveaway bot, set up on your server.",
        15_000,
        ListingCategory.OTHER,
        days_ago=30,
        status=ListingStatus.CANCELLED,
        visibility=ListingVisibility.PRIVATE,
    )
    helm = await d.listing(
        8,
        dave,
        "Ruby Dominus Helm (serial #14)",
        "Low-serial Dominus, RAP 1.15M. Ownership proven by the bot's inventory check.",
        1_200_000,
        ListingCategory.ITEM,
        days_ago=3,
        snapshot=snap_helm,
    )

    # RELEASED: Pizza Empire Tycoon, bought by Erin.
    o = await d.offer(
        pizza,
        carol,
        1_500_000,
        hours_ago=38 * 24,
        status=OfferStatus.DECLINED,
        decided_hours_ago=37 * 24,
    )
    o = await d.offer(
        pizza,
        erin,
        2_400_000,
        hours_ago=36 * 24,
        status=OfferStatus.ACCEPTED,
        decided_hours_ago=35 * 24,
        conditions="Includes the Discord server and the group's game-pass revenue history.",
    )
    await d.set_listing_status(pizza, ListingStatus.INACTIVE, dave)
    c = await d.contract(o, pizza, erin, dave, signed_by=(erin, dave))
    e = await d.escrow(
        c,
        erin,
        dave,
        [
            (
                "funded",
                EscrowStatus.FUNDS_HELD,
                None,
                d.ago(days=34),
                {"payment_intent": "pi_demo0001Bx8"},
            ),
            (
                "delivered",
                EscrowStatus.DELIVERED,
                dave,
                d.ago(days=32),
                {"evidence": "ownership transferred"},
            ),
            ("released", EscrowStatus.RELEASED, erin, d.ago(days=31), {"by": "buyer confirmation"}),
        ],
    )
    await d.stripe(e, 1)
    await d.delivery(
        e,
        dave,
        DeliveryStatus.CONFIRMED,
        d.ago(days=32),
        {
            "text": "Experience and group transferred to ErinStudioRBX.",
            "roblox_owner_checked": True,
        },
        confirmed=d.ago(days=31),
    )
    await d.set_listing_status(pizza, ListingStatus.SOLD, None, "bot")

    # DELIVERED: Neon Racers Club, bought by Carol, inspection period running.
    o = await d.offer(
        racers,
        carol,
        165_000,
        hours_ago=20 * 24,
        status=OfferStatus.ACCEPTED,
        decided_hours_ago=19 * 24,
    )
    await d.set_listing_status(racers, ListingStatus.INACTIVE, bob)
    c = await d.contract(o, racers, carol, bob, signed_by=(carol, bob))
    e = await d.escrow(
        c,
        carol,
        bob,
        [
            (
                "funded",
                EscrowStatus.FUNDS_HELD,
                None,
                d.ago(days=18),
                {"payment_intent": "pi_demo0002Bx8"},
            ),
            (
                "delivered",
                EscrowStatus.DELIVERED,
                bob,
                d.ago(days=2),
                {"evidence": "group ownership"},
            ),
        ],
    )
    await d.stripe(e, 2)
    await d.delivery(
        e,
        bob,
        DeliveryStatus.DELIVERED,
        d.ago(days=2),
        {"text": "Group ownership transferred to CarolCollects.", "roblox_owner_checked": True},
    )

    # DISPUTED: Sparkle Time Fedora, Frank says the hat never arrived.
    o = await d.offer(
        fedora,
        frank,
        400_000,
        hours_ago=16 * 24,
        status=OfferStatus.ACCEPTED,
        decided_hours_ago=15 * 24,
    )
    await d.set_listing_status(fedora, ListingStatus.INACTIVE, bob)
    c = await d.contract(o, fedora, frank, bob, signed_by=(frank, bob))
    e = await d.escrow(
        c,
        frank,
        bob,
        [
            (
                "funded",
                EscrowStatus.FUNDS_HELD,
                None,
                d.ago(days=15),
                {"payment_intent": "pi_demo0003Bx8"},
            ),
            ("delivered", EscrowStatus.DELIVERED, bob, d.ago(days=6), {"evidence": "trade sent"}),
            (
                "disputed",
                EscrowStatus.DISPUTED,
                frank,
                d.ago(days=5),
                {"reason": "item not received"},
            ),
        ],
    )
    await d.stripe(e, 3)
    await d.delivery(
        e,
        bob,
        DeliveryStatus.REJECTED,
        d.ago(days=6),
        {
            "text": "Sent through Roblox trade #88412.",
            "screenshot": "https://cdn.example/demo/trade.png",
        },
    )
    dispute = await Dispute.create(
        using_db=d.conn,
        escrow=e,
        guild=d.guild,
        opened_by=frank,
        moderator=mia,
        reason="The trade the seller shows was declined; the hat is still in his inventory.",
        evidence=[
            {
                "by": "buyer",
                "text": "Inventory screenshot",
                "url": "https://cdn.example/demo/inv.png",
            },
            {
                "by": "seller",
                "text": "Trade screenshot",
                "url": "https://cdn.example/demo/trade.png",
            },
        ],
        status=DisputeStatus.IN_REVIEW,
        thread_id=_DEMO_THREAD_BASE + 100,
        deadline_at=d.ago(days=5) + dt.timedelta(days=7),
        created_at=d.ago(days=5),
    )
    await d.audit("dispute.opened", dispute, actor=frank, after={"escrow": e.pk})
    await d.audit("dispute.claimed", dispute, actor=mia, after={"status": "IN_REVIEW"})

    # CANCELLED: Sky Castle Obby, Carol never paid; the listing went back on the market.
    o = await d.offer(
        obby,
        carol,
        320_000,
        hours_ago=11 * 24,
        status=OfferStatus.ACCEPTED,
        decided_hours_ago=10 * 24,
    )
    await d.set_listing_status(obby, ListingStatus.INACTIVE, dave)
    c = await d.contract(o, obby, carol, dave, signed_by=(carol, dave))
    e = await d.escrow(
        c,
        carol,
        dave,
        [
            (
                "cancelled",
                EscrowStatus.CANCELLED,
                None,
                d.ago(days=8),
                {"reason": "funding deadline passed"},
            )
        ],
    )
    await d.stripe(e, 4)
    c.status = ContractStatus.VOID
    c.voided_at = d.ago(days=8)
    await c.save(using_db=d.conn, update_fields=["status", "voided_at", "updated_at"])
    await d.audit("contract.voided", c, actor_label="job", after={"status": "VOID"})
    await d.set_listing_status(obby, ListingStatus.ACTIVE, None, "job")
    # ... and collected new offers: pending, countered (with the seller's counter), expired,
    # declined and withdrawn.
    countered = await d.offer(
        obby, frank, 280_000, hours_ago=30, status=OfferStatus.COUNTERED, decided_hours_ago=28
    )
    await d.offer(obby, frank, 310_000, hours_ago=28, parent=countered)
    await d.offer(obby, erin, 250_000, hours_ago=7 * 24, status=OfferStatus.EXPIRED)
    await d.offer(
        obby, bob, 200_000, hours_ago=50, status=OfferStatus.DECLINED, decided_hours_ago=49
    )
    await d.offer(
        obby, ada, 150_000, hours_ago=60, status=OfferStatus.WITHDRAWN, decided_hours_ago=55
    )
    await d.offer(obby, carol, 330_000, hours_ago=5, conditions="Funding within an hour this time.")

    # REFUNDED then AWAIT_FUNDS: Mining Legends Simulator. The first deal was refunded after
    # a dispute (the source was never handed over); the second one waits for Erin's payment.
    await d.offer(
        mining,
        frank,
        4_000_000,
        hours_ago=33 * 24,
        status=OfferStatus.DECLINED,
        decided_hours_ago=33 * 24 - 2,
    )
    o = await d.offer(
        mining,
        owner,
        9_000_000,
        hours_ago=32 * 24,
        status=OfferStatus.ACCEPTED,
        decided_hours_ago=31 * 24,
    )
    await d.set_listing_status(mining, ListingStatus.INACTIVE, dave)
    c = await d.contract(o, mining, owner, dave, signed_by=(owner, dave))
    e = await d.escrow(
        c,
        owner,
        dave,
        [
            (
                "funded",
                EscrowStatus.FUNDS_HELD,
                None,
                d.ago(days=30),
                {"payment_intent": "pi_demo0005Bx8"},
            ),
            (
                "disputed",
                EscrowStatus.DISPUTED,
                owner,
                d.ago(days=22),
                {"reason": "nothing delivered"},
            ),
            ("refunded", EscrowStatus.REFUNDED, mia, d.ago(days=20), {"outcome": "REFUND"}),
        ],
    )
    await d.stripe(e, 5)
    dispute = await Dispute.create(
        using_db=d.conn,
        escrow=e,
        guild=d.guild,
        opened_by=owner,
        moderator=mia,
        reason="Eight days after funding the seller has not transferred the group or the source.",
        evidence=[{"by": "buyer", "text": "No reply in the deal thread since funding."}],
        status=DisputeStatus.RESOLVED,
        outcome=DisputeOutcome.REFUND,
        resolution="Seller did not deliver within the agreed time; full refund to the buyer.",
        thread_id=_DEMO_THREAD_BASE + 101,
        deadline_at=d.ago(days=15),
        resolved_at=d.ago(days=20),
        created_at=d.ago(days=22),
    )
    await d.audit("dispute.opened", dispute, actor=owner, after={"escrow": e.pk})
    await d.audit(
        "dispute.resolved",
        dispute,
        actor=mia,
        before={"status": "OPEN"},
        after={"status": "RESOLVED", "outcome": "REFUND"},
    )
    await d.set_listing_status(mining, ListingStatus.ACTIVE, None, "bot")
    o = await d.offer(
        mining, erin, 9_200_000, hours_ago=30, status=OfferStatus.ACCEPTED, decided_hours_ago=26
    )
    await d.set_listing_status(mining, ListingStatus.INACTIVE, dave)
    c = await d.contract(o, mining, erin, dave, signed_by=(erin, dave))
    e = await d.escrow(c, erin, dave, [])
    await d.stripe(e, 6)

    # FUNDS_HELD with milestones: custom map by Erin for Carol.
    milestones = [
        ("Layout and greybox", 60_000),
        ("Full build", 100_000),
        ("Polish and lighting", 80_000),
    ]
    o = await d.offer(
        mapping,
        carol,
        240_000,
        hours_ago=8 * 24,
        status=OfferStatus.ACCEPTED,
        decided_hours_ago=8 * 24 - 3,
    )
    await d.set_listing_status(mapping, ListingStatus.INACTIVE, erin)
    c = await d.contract(o, mapping, carol, erin, signed_by=(carol, erin), milestones=milestones)
    e = await d.escrow(
        c,
        carol,
        erin,
        [
            (
                "funded",
                EscrowStatus.FUNDS_HELD,
                None,
                d.ago(days=7),
                {"payment_intent": "pi_demo0007Bx8"},
            ),
            ("milestone_delivered", None, erin, d.ago(days=5), {"position": 1}),
            ("milestone_released", None, carol, d.ago(days=4), {"position": 1, "amount": 60_000}),
            ("milestone_delivered", None, erin, d.ago(hours=20), {"position": 2}),
        ],
    )
    await d.stripe(e, 7)
    rows = []
    for pos, (title, amount) in enumerate(milestones, start=1):
        rows.append(
            await MilestoneEscrow.create(
                using_db=d.conn,
                escrow=e,
                position=pos,
                title=title,
                amount=amount,
                status={1: MilestoneStatus.RELEASED, 2: MilestoneStatus.DELIVERED}.get(
                    pos, MilestoneStatus.PENDING
                ),
                transfer_id="tr_demo0007m1Bx8" if pos == 1 else None,
                delivered_at={1: d.ago(days=5), 2: d.ago(hours=20)}.get(pos),
                released_at=d.ago(days=4) if pos == 1 else None,
                created_at=e.created_at,
            )
        )
    await d.audit("milestone.released", rows[0], actor=carol, after={"amount": 60_000})
    await d.delivery(
        e,
        erin,
        DeliveryStatus.CONFIRMED,
        d.ago(days=5),
        {"text": "Greybox of the whole map.", "place_id": 88_012_551},
        milestone=rows[0],
        confirmed=d.ago(days=4),
    )
    await d.delivery(
        e,
        erin,
        DeliveryStatus.DELIVERED,
        d.ago(hours=20),
        {"text": "Full build published to the test place.", "place_id": 88_012_551},
        milestone=rows[1],
    )

    # Accepted, contract waiting for the seller's signature (no escrow yet).
    o = await d.offer(
        helm, frank, 1_150_000, hours_ago=20, status=OfferStatus.ACCEPTED, decided_hours_ago=2
    )
    await d.set_listing_status(helm, ListingStatus.INACTIVE, dave)
    await d.contract(o, helm, frank, dave, signed_by=(frank,))


# ---------------------------------------------------------------------------------------
# Synthetic volume
# ---------------------------------------------------------------------------------------

# Unique external ids are a base plus the row id, far from real Discord/Roblox ids and the
# demo world's, so repeated runs (which get new row ids) never collide.
_SYN_DISCORD_BASE = 5_000_000_000_000_000_000
_SYN_GUILD_BASE = 5_100_000_000_000_000_000
_SYN_CHANNEL_BASE = 5_200_000_000_000_000_000
_SYN_THREAD_BASE = 5_300_000_000_000_000_000
_SYN_MESSAGE_BASE = 5_400_000_000_000_000_000
_SYN_INTERACTION_BASE = 5_500_000_000_000_000_000
_SYN_ROLE_BASE = 5_600_000_000_000_000_000
_SYN_ROBLOX_BASE = 50_000_000_000
_SYN_ASSET_BASE = 60_000_000_000
_USDC_ON_BASE = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"  # the token contract
_ADDRESS_MULT = 0x9E3779B97F4A7C15F39CC0605CEDC8341082276B  # odd: id -> address is a bijection
_DAY = 1440  # minutes
_MINUTE_US = 60_000_000
_PG_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_TAG_BITS = 24  # listing plan keys: creation minute << _TAG_BITS | (escrow index + 1)
_TAG_MASK = (1 << _TAG_BITS) - 1
_CONNECTIONS = 2  # backends loading each table at once (this is sized for 2 cores)
_SCALE_LOCK_KEY = 0x0B10_5CA1  # advisory lock: seeders reserve id blocks one at a time
_RAIL_THRESHOLD = 1_000_000  # cents: from $10k on, escrows use USDC (Settings.rail_threshold_cents)

_ADJ = (
    "Epic Mega Super Ultimate Haunted Neon Pixel Retro Tiny Giant Crazy Frozen Lava Sky "
    "Ocean Cyber Medieval Space Zombie Ninja Pirate Dragon Candy Speed Shadow Golden Crystal "
    "Jungle Desert Arctic"
).split()
_GAME_THEME = (
    "Pizza,Pet,Car,Sword,Farm,Mining,Fishing,Racing,Boxing,Cooking,Dungeon,Castle,Island,City,"
    "School,Hospital,Prison,Restaurant,Theme Park,Army,Robot,Anime,Horror,Magic,Treasure,"
    "Rocket,Ice Cream,Bakery,Zoo,Airport"
).split(",")
_GAME_GENRE = (
    "Tycoon,Simulator,Obby,Roleplay,Battlegrounds,Tower Defense,Survival,Adventure,Clicker,"
    "Racing,Shooter,Escape"
).split(",")
_GROUP_NOUN = (
    "Wolves Knights Racers Builders Scripters Raiders Samurai Vikings Pilots Gamers Titans "
    "Phoenix Legends Outlaws Rangers Wizards Hunters Creators Traders Guardians"
).split()
_GROUP_KIND = "Clan,Guild,Army,Studios,Fan Club,Community,Legion,Squad,Academy,Corporation".split(
    ","
)
_ITEM_MATERIAL = (
    "Golden,Frozen,Emerald,Ruby,Sapphire,Sparkle Time,Midnight,Rainbow,Ice,Fire,Void,Silver,"
    "Bluesteel,Violet,Crimson"
).split(",")
_ITEM_NOUN = (
    "Valkyrie,Dominus,Fedora,Wings,Sword,Headphones,Crown,Hood,Shades,Backpack,Aura,Scarf,"
    "Top Hat,Visor,Antlers"
).split(",")
_ITEM_PREFIX = ("Limited", "Rare", "Classic", "Vintage", "UGC", "Limited U")
_SERVICE_ADJ = ("Professional", "Custom", "Fast", "Premium", "Budget", "Expert", "Full-stack")
_SERVICE = (
    "Lua Scripting,Map Building,UI Design,Thumbnail Art,3D Modeling,Animation,Sound Design,"
    "VFX,Game Testing,Discord Bot Setup,Marketing,Clothing Design,Game Icon,Anti-Exploit"
).split(",")
_SERVICE_UNIT = ("Commission", "Package", "Bundle", "(per hour)", "for your game", "– 3 milestones")
_OTHER = (
    "Discord server,Roblox Studio plugin,Model pack,Sound pack,Font pack,Game template,"
    "Admin system,Inventory system,Datastore module,Trading bot,Group funds,Asset bundle"
).split(",")
_USER_ADJ = "cool dark epic swift lazy happy silent brave lucky noob pro mad tiny big red".split()
_USER_NOUN = "fox wolf ninja gamer builder dev cat dragon knight panda bacon guest tiger".split()
_CATEGORIES = ("GAME", "GROUP", "ITEM", "SERVICE", "OTHER")
_CATEGORY_WEIGHTS = (35, 15, 30, 15, 5)
_ASSET_TYPE = {"GAME": "GAME", "GROUP": "GROUP", "ITEM": "ITEM"}
_CONDITIONS = (
    "Includes all game passes.",
    "Payment within 24 hours of acceptance.",
    "Need the group funds to stay in the group.",
    "Can pay half now and half after transfer.",
    "Price includes the Discord server.",
    "Only if the visits are verified by the bot.",
)

# Synthetic escrows: status -> (weight in %, the events after "created": kind, from, to).
_ESCROW_PATHS: dict[str, tuple[int, tuple[tuple[str, str | None, str], ...]]] = {
    "AWAIT_FUNDS": (8, ()),
    "FUNDS_HELD": (10, (("funded", "AWAIT_FUNDS", "FUNDS_HELD"),)),
    "DELIVERED": (
        7,
        (("funded", "AWAIT_FUNDS", "FUNDS_HELD"), ("delivered", "FUNDS_HELD", "DELIVERED")),
    ),
    "DISPUTED": (
        3,
        (
            ("funded", "AWAIT_FUNDS", "FUNDS_HELD"),
            ("delivered", "FUNDS_HELD", "DELIVERED"),
            ("disputed", "DELIVERED", "DISPUTED"),
        ),
    ),
    "RELEASED": (
        55,
        (
            ("funded", "AWAIT_FUNDS", "FUNDS_HELD"),
            ("delivered", "FUNDS_HELD", "DELIVERED"),
            ("released", "DELIVERED", "RELEASED"),
        ),
    ),
    "REFUNDED": (
        7,
        (
            ("funded", "AWAIT_FUNDS", "FUNDS_HELD"),
            ("disputed", "FUNDS_HELD", "DISPUTED"),
            ("refunded", "DISPUTED", "REFUNDED"),
        ),
    ),
    "CANCELLED": (10, (("cancelled", "AWAIT_FUNDS", "CANCELLED"),)),
}
_LISTING_STATUS_FOR_ESCROW = {
    "AWAIT_FUNDS": "INACTIVE",
    "FUNDS_HELD": "INACTIVE",
    "DELIVERED": "INACTIVE",
    "DISPUTED": "INACTIVE",
    "RELEASED": "SOLD",
    "REFUNDED": "ACTIVE",
    "CANCELLED": "ACTIVE",
}

_COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(columns.split())
    for table, columns in {
        "guilds": "id created_at updated_at discord_id name active joined_at",
        "guild_settings": "id created_at updated_at guild_id moderator_role_id category_id "
        "log_channel_id disputes_channel_id min_tier_to_list default_visibility inspection_days "
        "offer_expiry_hours platform_fee_bps max_active_listings dispute_deadline_days "
        "price_ranges",
        "marketplace_channels": "id created_at updated_at guild_id channel_id kind name "
        "min_price max_price",
        "users": "id created_at updated_at discord_id username kyc_tier kyc_verified "
        "terms_accepted_at roblox_user_id roblox_username roblox_created_at roblox_linked_at "
        "wallet_address wallet_risk wallet_screened_at stripe_account_id stripe_payouts_enabled",
        "guild_members": "id created_at updated_at guild_id user_id role",
        "listings": "id created_at updated_at title summary price currency category status "
        "visibility asset_type asset_id channel_id thread_id message_id guild_id seller_id",
        "offers": "id created_at updated_at amount currency conditions expires_at status "
        "decided_at buyer_id listing_id made_by_id parent_id seller_id",
        "contracts": "id created_at updated_at amount status template_version pdf_path sha256 "
        "asset_snapshot terms executed_at voided_at buyer_id listing_id seller_id offer_id",
        "signatures": "id method interaction_id signed_at contract_id user_id",
        "escrows": "id created_at updated_at rail amount currency fee_bps status version "
        "expires_at auto_release_at funded_at delivered_at released_at refunded_at "
        "cancelled_at buyer_id guild_id seller_id contract_id",
        "stripe_escrows": "id created_at updated_at escrow_id payment_intent_id charge_id "
        "amount_received amount_refunded transfer_id refund_id",
        "stablecoin_escrows": "id created_at updated_at escrow_id chain_id token_address "
        "deposit_address amount_base_units received_base_units deposit_tx_hash "
        "release_tx_hash refund_tx_hash",
        "escrow_events": "id version kind from_status to_status data created_at actor_id escrow_id",
    }.items()
}


def _weighted_pool(items: Iterable[tuple[Any, int]], size: int = 1000) -> list[Any]:
    """A list in which each item appears in proportion to its weight (pick with rnd()*len)."""
    pairs = list(items)
    total = sum(w for _, w in pairs)
    pool: list[Any] = []
    for item, weight in pairs:
        pool.extend([item] * round(size * weight / total))
    return pool


def _nice_price(sample: float) -> int:
    """A synthetic price in cents from a log-spread sample (in cents), rounded to two
    significant figures of whole dollars (e.g. 123456.0 -> 120000, i.e. $1,200)."""
    dollars = max(5.0, sample / 100)
    step = 10 ** max(0, math.floor(math.log10(dollars)) - 1)
    return int(round(dollars / step) * step) * 100


def _address(n: int) -> str:
    return f"0x{(n * _ADDRESS_MULT) % (1 << 160):040x}"


class _Synth:
    """Row generators for `seed_scale`.

    Times are minute indexes into `self.t` (0 = 366 days ago, `now_i` = now). Rows come out
    mostly in time order, so ids grow with created_at as they do in a real database (and
    the foreign-key checks of COPY visit the referenced rows mostly in order).
    """

    def __init__(self, scale: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
        self.n_guilds = 5
        self.n_users = scale * 10_000
        self.n_listings = scale * 50_000
        self.n_offers = scale * 100_000
        self.n_escrows = scale * 10_000
        if self.n_escrows >= _TAG_MASK:
            raise ValueError("scale is too large")
        # Timestamps are (microseconds since 2000-01-01 UTC,) tuples, the form of asyncpg's
        # "tuple" codec, set on the loading connections: much cheaper to encode than datetimes.
        now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
        self.now_us = (now - _PG_EPOCH) // dt.timedelta(microseconds=1)
        self.now_i = 366 * _DAY
        start = self.now_us - self.now_i * _MINUTE_US
        self.t = [(start + i * _MINUTE_US,) for i in range(self.now_i + 60 * _DAY)]
        rnd = self.rng.random
        # Prices: log-uniform from $5 to $500k, rounded like people price things.
        lo, hi = math.log(500), math.log(50_000_000)
        self.prices = [_nice_price(math.exp(lo + (hi - lo) * rnd())) for _ in range(100_000)]
        self.titles = self._titles()
        self.summaries = self._summaries()
        self.first: dict[str, int] = {}  # first id of each table, set by the caller
        self._plan_escrows()
        self._plan_listings()

    # -- pools -------------------------------------------------------------------------

    def _titles(self) -> dict[str, list[str]]:
        rng = self.rng
        games = [f"{a} {t} {g}" for a in _ADJ for t in _GAME_THEME for g in _GAME_GENRE]
        games += [
            f"{name} – {rng.choice(('12K', '150K', '1.2M', '4M', '25M', '110M'))} visits"
            for name in rng.sample(games, 3000)
        ]
        groups = [f"{a} {n} {k}" for a in _ADJ for n in _GROUP_NOUN for k in _GROUP_KIND]
        items = [f"{p}: {m} {n}" for p in _ITEM_PREFIX for m in _ITEM_MATERIAL for n in _ITEM_NOUN]
        services = [f"{a} {s} {u}" for a in _SERVICE_ADJ for s in _SERVICE for u in _SERVICE_UNIT]
        others = [f"{a} {o}" for a in _ADJ for o in _OTHER]
        return {"GAME": games, "GROUP": groups, "ITEM": items, "SERVICE": services, "OTHER": others}

    def _summaries(self) -> dict[str, list[str]]:
        rng = self.rng
        out: dict[str, list[str]] = {}
        for cat in _CATEGORIES:
            lines = []
            for _ in range(500):
                if cat == "GAME":
                    lines.append(
                        f"{rng.choice(_GAME_GENRE)} with {rng.randint(1, 900)}K visits and "
                        f"{rng.randint(0, 40)} game passes. Transfer of the experience and places."
                    )
                elif cat == "GROUP":
                    lines.append(
                        f"Group with {rng.randint(1, 250)}K members, "
                        f"{rng.choice(('active wall', 'clothing store', 'clan wars', 'no funds'))}."
                    )
                elif cat == "ITEM":
                    lines.append(
                        f"RAP {rng.randint(2, 900)}K. "
                        "Sent by Roblox trade once the escrow is funded."
                    )
                elif cat == "SERVICE":
                    lines.append(
                        f"{rng.randint(1, 9)} years of experience, "
                        f"delivery in {rng.randint(1, 30)} days, paid per milestone."
                    )
                else:
                    lines.append(f"Ready to use, setup help included ({rng.randint(1, 60)} min).")
            out[cat] = lines
        return out

    # -- plans -------------------------------------------------------------------------

    def _plan_escrows(self) -> None:
        """Timelines of the escrows, in the order they were opened: the minutes at which
        the listing, the offer, its acceptance, the escrow, funding, delivery (or dispute)
        and the last change happened."""
        rnd = self.rng.random
        now = self.now_i
        pool = _weighted_pool((s, w) for s, (w, _) in _ESCROW_PATHS.items())
        plans: list[tuple[int, str, int, int, int, int, int, int]] = []
        for _ in range(self.n_escrows):
            st = pool[int(rnd() * len(pool))]
            if st == "AWAIT_FUNDS":
                m_e = now - int(rnd() * 3 * _DAY)
            elif st == "FUNDS_HELD":
                m_e = now - _DAY - int(rnd() * 13 * _DAY)
            elif st in ("DELIVERED", "DISPUTED"):
                m_e = now - 7 * _DAY - int(rnd() * 7 * _DAY)
            else:
                m_e = 20 * _DAY + int(rnd() * (now - 40 * _DAY))
            m_a = m_e - 5 - int(rnd() * 115)
            m_o = m_a - int(rnd() * 2 * _DAY)
            m_l = max(0, m_o - int(rnd() * 7 * _DAY))
            m_f = m_e + 10 + int(rnd() * 1430)  # funded (if it was)
            m_d = m_f + 60 + int(rnd() * 5 * _DAY)  # delivered (if it was)
            if st == "RELEASED":
                m_x = m_d + 60 + int(rnd() * 7 * _DAY)
            elif st == "DISPUTED":
                m_x = m_d + 30 + int(rnd() * _DAY)
            elif st == "REFUNDED":
                m_d = m_f + 2 * _DAY + int(rnd() * 5 * _DAY)  # disputed, not delivered
                m_x = m_d + _DAY + int(rnd() * 3 * _DAY)
            elif st == "CANCELLED":
                m_x = m_e + 2 * _DAY
            elif st == "DELIVERED":
                m_x = m_d
            elif st == "FUNDS_HELD":
                m_x = m_f
            else:
                m_x = m_e
            plans.append((m_e, st, m_l, m_o, m_a, m_f, m_d, m_x))
        plans.sort()
        n = self.n_escrows
        self.es_status = [p[1] for p in plans]
        self.es_times = [(p[2], p[3], p[4], p[0], p[5], p[6], p[7]) for p in plans]
        self.n_events = sum(len(_ESCROW_PATHS[s][1]) + 1 for s in self.es_status)
        cats = _weighted_pool(zip(_CATEGORIES, _CATEGORY_WEIGHTS, strict=True), 100)
        prices, n_prices = self.prices, len(self.prices)
        self.es_price = [prices[int(rnd() * n_prices)] for _ in range(n)]
        self.es_amount = [
            max(100, int(p * (0.85 + 0.15 * rnd())) // 100 * 100) for p in self.es_price
        ]
        self.es_category = [cats[int(rnd() * 100)] for _ in range(n)]
        self.n_usdc = sum(1 for a in self.es_amount if a >= _RAIL_THRESHOLD)
        self.es_listing = [0] * n  # index of the listing sold
        self.es_offer = [0] * n  # id of the accepted offer
        self.es_buyer = [0] * n
        self.es_seller = [0] * n
        self.es_guild = [0] * n

    def _plan_listings(self) -> None:
        """Listing creation minutes in order; the listings of escrows are among them.

        Each key is ``minute << _TAG_BITS | tag``, tag 0 for a plain listing and i + 1 for
        the listing escrow i sells.
        """
        rnd = self.rng.random
        now = self.now_i
        keys = [int(rnd() * now) << _TAG_BITS for _ in range(self.n_listings - self.n_escrows)]
        keys.extend((times[0] << _TAG_BITS) | (i + 1) for i, times in enumerate(self.es_times))
        keys.sort()
        self.l_keys = keys

    # -- tables ------------------------------------------------------------------------

    def guilds(self, first: int) -> Iterator[tuple[Any, ...]]:
        names = (
            "Tycoon Traders",
            "Limited Exchange",
            "DevForum Market",
            "Obby Hub",
            "Group Bazaar",
        )
        self.guild_ids = list(range(first, first + self.n_guilds))
        for j, gid in enumerate(self.guild_ids):
            when = self.t[j * 3]
            yield (gid, when, when, _SYN_GUILD_BASE + gid, names[j % 5], True, when)

    def guild_settings(self, first: int) -> Iterator[tuple[Any, ...]]:
        ranges = json.dumps(DEFAULT_PRICE_RANGES)
        for j, gid in enumerate(self.guild_ids):
            when = self.t[j * 3]
            chan = _SYN_CHANNEL_BASE + gid * 10
            yield (
                first + j, when, when, gid, _SYN_ROLE_BASE + gid, chan + 9, chan + 5, chan + 4,
                "TIER_1", "PUBLIC", 7, 72, 500, 10, 7, ranges,
            )  # fmt: skip

    def marketplace_channels(self, first: int) -> Iterator[tuple[Any, ...]]:
        self.channels: dict[int, list[int]] = {}
        row_id = first
        for j, gid in enumerate(self.guild_ids):
            when = self.t[j * 3]
            chan = _SYN_CHANNEL_BASE + gid * 10
            self.channels[gid] = [chan + i for i in range(len(DEFAULT_PRICE_RANGES))]
            for i, r in enumerate(DEFAULT_PRICE_RANGES):
                name = f"market-{r['name']}"
                yield (row_id, when, when, gid, chan + i, "PRICE_RANGE", name, r["min"], r["max"])
                row_id += 1
            yield (row_id, when, when, gid, chan + 4, "DISPUTES", "disputes", None, None)
            yield (row_id + 1, when, when, gid, chan + 5, "LOG", "bloxtr8-log", None, None)
            row_id += 2

    def users(self, first: int) -> Iterator[tuple[Any, ...]]:
        """Users in sign-up order. Everyone who trades signed up over a year ago (before any
        listing); a fifth of the users joined during the last year and only browse."""
        rnd = self.rng.random
        tiers = _weighted_pool((("TIER_0", 19), ("TIER_1", 68), ("TIER_2", 13)), 100)
        names = [f"{a}{n}" for a in _USER_ADJ for n in _USER_NOUN]
        n_names = len(names)
        year = 366 * 86_400
        ages = sorted(
            (year + rnd() * (year - 86_400) if rnd() < 0.8 else rnd() * year)
            for _ in range(self.n_users)
        )
        ages.reverse()
        now_us = self.now_us
        screened = self.t[self.now_i - 30 * _DAY]
        hour, account_age = 3600 * 1_000_000, 400 * 86_400 * 1_000_000
        self.traders: list[int] = []  # users who may list and make offers (TIER_1+)
        for j, age in enumerate(ages):
            uid = first + j
            created_us = now_us - int(age * 1_000_000)
            created = (created_us,)
            tier = tiers[int(rnd() * 100)] if age > year else "TIER_0"
            name = f"{names[int(rnd() * n_names)]}{uid % 100_000}"
            if tier == "TIER_0":
                yield (
                    uid, created, created, _SYN_DISCORD_BASE + uid, name, tier, False, created,
                    None, None, None, None, None, "UNKNOWN", None, None, False,
                )  # fmt: skip
                continue
            self.traders.append(uid)
            linked = (created_us + hour,)
            seller = rnd() < 0.4
            wallet = tier == "TIER_2" and rnd() < 0.6
            yield (
                uid, created, linked, _SYN_DISCORD_BASE + uid, name, tier, tier == "TIER_2",
                created, _SYN_ROBLOX_BASE + uid, f"{name.title()}RBX",
                (created_us - account_age,), linked,
                _address(uid) if wallet else None, "LOW" if wallet else "UNKNOWN",
                screened if wallet else None,
                f"acct_syn{uid:012d}" if seller else None, seller,
            )  # fmt: skip

    def guild_members(self, first: int) -> Iterator[tuple[Any, ...]]:
        """One membership per user; the first users of each guild are its staff."""
        rnd = self.rng.random
        gids = self.guild_ids
        n_g = len(gids)
        since = self.t[0]
        staff = ("OWNER", "ADMIN", "MODERATOR", "MODERATOR")
        for j in range(self.n_users):
            uid = self.first["users"] + j
            if j < len(staff) * n_g:
                gid, role = gids[j % n_g], staff[j // n_g]
            else:
                gid, role = gids[int(rnd() * n_g)], "MEMBER"
            yield (first + j, since, since, gid, uid, role)

    def listings(self, first: int) -> Iterator[tuple[Any, ...]]:
        rnd = self.rng.random
        now = self.now_i
        t = self.t
        traders = self.traders
        n_tr = len(traders)
        cats = _weighted_pool(zip(_CATEGORIES, _CATEGORY_WEIGHTS, strict=True), 100)
        # Listings without an escrow: mostly active, a few cancelled or paused.
        plain_status = _weighted_pool((("ACTIVE", 945), ("CANCELLED", 38), ("INACTIVE", 17)))
        n_plain = len(plain_status)
        vis = _weighted_pool((("PUBLIC", 85), ("PRIVATE", 15)), 100)
        guild_pool = _weighted_pool(zip(self.guild_ids, (40, 25, 15, 12, 8), strict=True), 100)
        prices, n_prices = self.prices, len(self.prices)
        titles, summaries = self.titles, self.summaries
        channels = self.channels
        top0, top1, top2 = (cast(int, r["max"]) for r in DEFAULT_PRICE_RANGES[:-1])
        n = self.n_listings
        self.l_seller = l_seller = [0] * n
        self.l_price = l_price = [0] * n
        self.l_active = l_active = bytearray(n)
        es_status, es_times = self.es_status, self.es_times
        words = {c: (titles[c], len(titles[c]), summaries[c], len(summaries[c])) for c in titles}
        for k, key in enumerate(self.l_keys):
            lid = first + k
            m_l = key >> _TAG_BITS
            tag = key & _TAG_MASK
            if tag:  # the listing escrow i sells
                i = tag - 1
                status = _LISTING_STATUS_FOR_ESCROW[es_status[i]]
                m_u = es_times[i][6] if status != "INACTIVE" else es_times[i][2]
                cat, price = self.es_category[i], self.es_price[i]
            else:
                status = plain_status[int(rnd() * n_plain)]
                m_u = m_l if status == "ACTIVE" else m_l + int(rnd() * (now - m_l))
                cat, price = cats[int(rnd() * 100)], prices[int(rnd() * n_prices)]
            title_pool, n_titles, summary_pool, n_summaries = words[cat]
            title = title_pool[int(rnd() * n_titles)]
            summary = summary_pool[int(rnd() * n_summaries)]
            seller = traders[int(n_tr * rnd() * rnd())]  # a few power sellers, a long tail
            gid = guild_pool[int(rnd() * 100)]
            asset_type = _ASSET_TYPE.get(cat)
            band = 0 if price < top0 else 1 if price < top1 else 2 if price < top2 else 3
            l_seller[k] = seller
            l_price[k] = price
            if status == "ACTIVE":
                l_active[k] = 1
            if tag:
                self.es_listing[tag - 1] = k
                self.es_guild[tag - 1] = gid
            yield (
                lid, t[m_l], t[m_u], title, summary, price, "USD", cat, status,
                vis[int(rnd() * 100)], asset_type,
                _SYN_ASSET_BASE + lid if asset_type else None,
                channels[gid][band], _SYN_THREAD_BASE + lid, _SYN_MESSAGE_BASE + lid, gid, seller,
            )  # fmt: skip

    def offers(self, first: int) -> Iterator[tuple[Any, ...]]:
        """Two passes. First, listing by listing (so roughly in time order), the offers that
        were decided: declined, expired, withdrawn, countered (followed by the seller's
        counter-offer) and the accepted offer of each escrow. Then the offers still open,
        made during the last four days on active listings: pending offers, and countered
        ones followed by the seller's pending counter-offer. At most one pending offer per
        (listing, buyer)."""
        rng = self.rng
        rnd = rng.random
        now = self.now_i
        t = self.t
        traders = self.traders
        n_tr = len(traders)
        l_seller, l_price, l_active = self.l_seller, self.l_price, self.l_active
        lfirst = self.first["listings"]
        expiry = 72 * 60
        n_cond = len(_CONDITIONS)
        last = first + self.n_offers
        oid = first

        # Pass 1: decided offers, two fifths of all offers (the rest is open).
        decided = _weighted_pool(
            (("DECLINED", 35), ("EXPIRED", 35), ("WITHDRAWN", 15), ("COUNTERED", 15)), 100
        )
        answers = _weighted_pool((("DECLINED", 55), ("EXPIRED", 45)), 100)
        budget = self.n_offers * 2 // 5 - self.n_escrows
        mean = max(0.01, 0.99 * budget / self.n_listings / 1.15)  # offers per listing
        log_p = math.log(mean / (1 + mean))  # geometric distribution with that mean
        for k, key in enumerate(self.l_keys):
            m_l = key >> _TAG_BITS
            tag = key & _TAG_MASK
            seller, price, lid = l_seller[k], l_price[k], lfirst + k
            n_other = min(budget, int(math.log(1.0 - rnd()) / log_p))
            top = self.es_times[tag - 1][2] if tag else min(now, m_l + 30 * _DAY)
            while n_other > 0:
                idx = int(rnd() * n_tr)
                buyer = traders[idx] if traders[idx] != seller else traders[(idx + 1) % n_tr]
                status = decided[int(rnd() * 100)]
                if status == "COUNTERED" and n_other < 2:
                    status = "DECLINED"
                m_o = m_l + int(rnd() * (top - m_l + 1))
                if status == "EXPIRED" and m_o + expiry > now:
                    status = "WITHDRAWN"
                if status == "EXPIRED":
                    m_d = m_o + expiry
                else:
                    m_d = m_o + int(rnd() * min(expiry, now - m_o + 1))
                amount = max(100, int(price * (0.5 + 0.45 * rnd())) // 100 * 100)
                cond = _CONDITIONS[int(rnd() * n_cond)] if rnd() < 0.1 else None
                yield (oid, t[m_o], t[m_d], amount, "USD", cond, t[m_o + expiry], status,
                       t[m_d], buyer, lid, buyer, None, seller)  # fmt: skip
                oid += 1
                n_other -= 1
                budget -= 1
                if status == "COUNTERED":  # the seller's counter-offer, also turned down
                    c_amount = max(100, (amount + price) // 200 * 100)
                    c_status = answers[int(rnd() * 100)]
                    if c_status == "EXPIRED" and m_d + expiry > now:
                        c_status = "DECLINED"
                    if c_status == "EXPIRED":
                        c_d = m_d + expiry
                    else:
                        c_d = m_d + int(rnd() * min(expiry, now - m_d + 1))
                    yield (oid, t[m_d], t[c_d], c_amount, "USD", None, t[m_d + expiry],
                           c_status, t[c_d], buyer, lid, seller, oid - 1, seller)  # fmt: skip
                    oid += 1
                    n_other -= 1
                    budget -= 1
            if tag:  # the accepted offer of escrow i
                i = tag - 1
                idx = int(rnd() * n_tr)
                buyer = traders[idx] if traders[idx] != seller else traders[(idx + 1) % n_tr]
                _, m_o, m_a, *_rest = self.es_times[i]
                cond = _CONDITIONS[int(rnd() * n_cond)] if rnd() < 0.1 else None
                yield (oid, t[m_o], t[m_a], self.es_amount[i], "USD", cond, t[m_o + expiry],
                       "ACCEPTED", t[m_a], buyer, lid, buyer, None, seller)  # fmt: skip
                self.es_offer[i] = oid
                self.es_buyer[i] = buyer
                self.es_seller[i] = seller
                oid += 1

        # Pass 2: open offers (pending, or countered with the seller's counter pending),
        # listing by listing: made during the last four days on active listings, a few of
        # which are hot. (Listing order rather than time order keeps the foreign-key checks
        # and index insertions of COPY walking the listings in order.)
        active = [k for k in range(self.n_listings) if l_active[k]] or [0]
        hot = rng.sample(active, max(1, len(active) // 100))
        n_act, n_hot = len(active), len(hot)
        events: list[int] = []  # listing index << 1 | countered (a pair of rows)
        rows = last - oid
        while rows > 0:
            k = hot[int(rnd() * n_hot)] if rnd() < 0.2 else active[int(rnd() * n_act)]
            countered = rows >= 2 and rnd() < 0.12
            events.append(k << 1 | countered)
            rows -= 2 if countered else 1
        events.sort()
        pending: set[int] = set()  # buyers with a pending offer on the current listing
        current = -1
        for event in events:
            k = event >> 1
            if k != current:
                current = k
                pending.clear()
            seller, price, lid = l_seller[k], l_price[k], lfirst + k
            buyer = seller
            while buyer == seller or buyer in pending:
                buyer = traders[int(rnd() * n_tr)]
            pending.add(buyer)
            m_o = max(now - int(rnd() * 4 * _DAY), self.l_keys[k] >> _TAG_BITS)
            amount = max(100, int(price * (0.5 + 0.5 * rnd())) // 100 * 100)
            cond = _CONDITIONS[int(rnd() * n_cond)] if rnd() < 0.1 else None
            if event & 1:  # countered: the counter-offer is the pending one
                m_d = m_o + int(rnd() * min(600, now - m_o + 1))
                yield (oid, t[m_o], t[m_d], amount, "USD", cond, t[m_o + expiry], "COUNTERED",
                       t[m_d], buyer, lid, buyer, None, seller)  # fmt: skip
                c_amount = max(100, (amount + price) // 200 * 100)
                yield (oid + 1, t[m_d], t[m_d], c_amount, "USD", None, t[m_d + expiry],
                       "PENDING", None, buyer, lid, seller, oid, seller)  # fmt: skip
                oid += 2
            else:
                yield (oid, t[m_o], t[m_o], amount, "USD", cond, t[m_o + expiry], "PENDING",
                       None, buyer, lid, buyer, None, seller)  # fmt: skip
                oid += 1
        if oid != last:
            raise RuntimeError(f"generated {oid - first} offers, expected {self.n_offers}")

    def contracts(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        terms = json.dumps({"inspection_days": 7, "milestones": [], "template": "1"})
        lfirst = self.first["listings"]
        for i in range(self.n_escrows):
            cid = first + i
            lid = lfirst + self.es_listing[i]
            _, _, m_a, m_e, _, _, m_x = self.es_times[i]
            asset = _ASSET_TYPE.get(self.es_category[i])
            snapshot = (
                f'{{"asset_type": "{asset}", "asset_id": {_SYN_ASSET_BASE + lid}}}'
                if asset
                else "{}"
            )
            digest = hashlib.sha256(b"contract:%d" % cid).hexdigest()
            void = self.es_status[i] == "CANCELLED"
            yield (
                cid, t[m_a + 1], t[m_x if void else m_e], self.es_amount[i],
                "VOID" if void else "EXECUTED", "1", f"contracts/{cid}.pdf", digest, snapshot,
                terms, t[m_e], t[m_x] if void else None, self.es_buyer[i], lid,
                self.es_seller[i], self.es_offer[i],
            )  # fmt: skip

    def signatures(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        cfirst = self.first["contracts"]
        sid = first
        for i in range(self.n_escrows):
            m_a, m_e = self.es_times[i][2], self.es_times[i][3]
            cid = cfirst + i
            yield (sid, "DISCORD_NATIVE", _SYN_INTERACTION_BASE + sid, t[m_a + 2], cid,
                   self.es_buyer[i])  # fmt: skip
            yield (sid + 1, "DISCORD_NATIVE", _SYN_INTERACTION_BASE + sid + 1, t[m_e - 1], cid,
                   self.es_seller[i])  # fmt: skip
            sid += 2

    def escrows(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        cfirst = self.first["contracts"]
        for i in range(self.n_escrows):
            st = self.es_status[i]
            _, _, _, m_e, m_f, m_d, m_x = self.es_times[i]
            amount = self.es_amount[i]
            usdc = amount >= _RAIL_THRESHOLD
            funded = st not in ("AWAIT_FUNDS", "CANCELLED")
            delivered = st in ("DELIVERED", "DISPUTED", "RELEASED")
            yield (
                first + i, t[m_e], t[m_x], "USDC_BASE" if usdc else "STRIPE", amount,
                "USDC" if usdc else "USD", 500, st, len(_ESCROW_PATHS[st][1]),
                t[m_e + 2 * _DAY],
                t[m_d + 7 * _DAY] if st == "DELIVERED" else None,
                t[m_f] if funded else None,
                t[m_d] if delivered else None,
                t[m_x] if st == "RELEASED" else None,
                t[m_x] if st == "REFUNDED" else None,
                t[m_x] if st == "CANCELLED" else None,
                self.es_buyer[i], self.es_guild[i], self.es_seller[i], cfirst + i,
            )  # fmt: skip

    def stripe_escrows(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        efirst = self.first["escrows"]
        row_id = first
        for i in range(self.n_escrows):
            amount = self.es_amount[i]
            if amount >= _RAIL_THRESHOLD:
                continue
            st = self.es_status[i]
            m_e, m_x = self.es_times[i][3], self.es_times[i][6]
            eid = efirst + i
            funded = st not in ("AWAIT_FUNDS", "CANCELLED")
            yield (
                row_id, t[m_e], t[m_x], eid, f"pi_syn{eid:014d}",
                f"ch_syn{eid:014d}" if funded else None, amount if funded else 0,
                amount if st == "REFUNDED" else 0,
                f"tr_syn{eid:014d}" if st == "RELEASED" else None,
                f"re_syn{eid:014d}" if st == "REFUNDED" else None,
            )  # fmt: skip
            row_id += 1

    def stablecoin_escrows(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        efirst = self.first["escrows"]
        row_id = first
        for i in range(self.n_escrows):
            amount = self.es_amount[i]
            if amount < _RAIL_THRESHOLD:
                continue
            st = self.es_status[i]
            m_e, m_x = self.es_times[i][3], self.es_times[i][6]
            eid = efirst + i
            funded = st not in ("AWAIT_FUNDS", "CANCELLED")
            units = amount * 10_000  # cents -> USDC base units (6 decimals)
            tx = hashlib.sha256(b"tx:%d" % eid).hexdigest()
            yield (
                row_id, t[m_e], t[m_x], eid, 8453, _USDC_ON_BASE, _address(eid << 1 | 1),
                units, units if funded else 0, f"0x{tx}" if funded else None,
                f"0x{tx[::-1]}" if st == "RELEASED" else None,
                f"0x{tx[::-1]}" if st == "REFUNDED" else None,
            )  # fmt: skip
            row_id += 1

    def escrow_events(self, first: int) -> Iterator[tuple[Any, ...]]:
        t = self.t
        efirst = self.first["escrows"]
        row_id = first
        for i in range(self.n_escrows):
            st = self.es_status[i]
            _, _, _, m_e, m_f, m_d, m_x = self.es_times[i]
            eid = efirst + i
            buyer, seller = self.es_buyer[i], self.es_seller[i]
            yield (row_id, 0, "created", None, "AWAIT_FUNDS", "{}", t[m_e], None, eid)
            row_id += 1
            for version, (kind, frm, to) in enumerate(_ESCROW_PATHS[st][1], start=1):
                if kind == "funded":
                    when, actor = m_f, None
                elif kind == "delivered":
                    when, actor = m_d, seller
                elif kind == "disputed":
                    when, actor = (m_x if st == "DISPUTED" else m_d), buyer
                elif kind == "released":
                    when, actor = m_x, buyer
                else:  # refunded by a moderator, cancelled by the funding-deadline job
                    when, actor = m_x, None
                yield (row_id, version, kind, frm, to, "{}", t[when], actor, eid)
                row_id += 1


class _Chunks:
    """Hands out a table's rows in chunks to the connections loading it.

    A row for which `follows(row)` is true stays in the chunk of the row before it (a
    counter-offer references the offer it answers, which must be in the same transaction).
    """

    def __init__(
        self,
        rows: Iterable[tuple[Any, ...]],
        size: int,
        follows: Callable[[tuple[Any, ...]], bool] | None = None,
    ) -> None:
        self.it = iter(rows)
        self.size = size
        self.follows = follows
        self.carry: tuple[Any, ...] | None = None
        self.done = 0

    def take(self) -> list[tuple[Any, ...]]:
        chunk = [] if self.carry is None else [self.carry]
        self.carry = None
        chunk.extend(islice(self.it, self.size - len(chunk)))
        if self.follows is not None and chunk:
            for row in self.it:
                if not self.follows(row):
                    self.carry = row
                    break
                chunk.append(row)
        self.done += len(chunk)
        return chunk


_CHUNK_ROWS = 5_000
_FOLLOWS: dict[str, Callable[[tuple[Any, ...]], bool]] = {
    "offers": lambda row: row[_COLUMNS["offers"].index("parent_id")] is not None,
}


async def _run_each(conn: Any, statements: list[str]) -> None:
    for sql in statements:
        await conn.execute(sql)


async def _together(coros: list[Coroutine[Any, Any, Any]]) -> list[Any]:
    """Run coroutines at once; if one fails, cancel the others and raise its error."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(coro) for coro in coros]
    except BaseExceptionGroup as errors:
        raise errors.exceptions[0] from None
    return [task.result() for task in tasks]


async def _copy_table(
    conns: list[Any],
    table: str,
    rows: Iterable[tuple[Any, ...]],
    total: int,
    progress: Progress | None,
) -> None:
    """COPY one table's rows through every connection at once (one transaction each).

    Each connection pulls the next chunk when its server has taken the previous one, so
    the backends share the work of inserting the rows and checking their foreign keys
    (which PostgreSQL does at the end of each COPY statement, one row at a time).
    """
    source = _Chunks(rows, _CHUNK_ROWS, _FOLLOWS.get(table))
    step = max(50_000, total // 20)
    reported = 0

    def feed() -> Iterator[tuple[Any, ...]]:
        # A plain generator: asyncpg hands the rows over in 512 kB messages and waits
        # whenever the server falls behind, which is when the other connection gets to go.
        nonlocal reported
        while chunk := source.take():
            yield from chunk
            if progress is not None and source.done - reported >= step and source.done < total:
                reported = source.done
                progress(table, source.done, total)

    columns = list(_COLUMNS[table])
    users = conns if total >= 2 * _CHUNK_ROWS else conns[:1]
    results = await _together(
        [c.copy_records_to_table(table, records=feed(), columns=columns) for c in users]
    )
    copied = sum(int(result.split()[-1]) for result in results)
    if copied != total:
        raise RuntimeError(f"{table}: copied {copied} rows, expected {total}")


# Tables the database fills from a loaded table (by trigger), with about how many rows
# each loaded row adds: their plain indexes are dropped and rebuilt with the table's.
_DERIVED: dict[str, tuple[tuple[str, int], ...]] = {"listings": (("listing_search", 4),)}
_REBUILD_MIN_ROWS = 100_000  # below this, maintaining the indexes row by row is cheap


async def _drop_plain_indexes(conn: Any, table: str, adding: int) -> list[str]:
    """Drop `table`'s plain indexes before a bulk load; returns how to build them again.

    Plain: not unique and backing no constraint, so dropping one for the length of the
    load changes no rule, only the speed of other sessions' queries meanwhile. Only when
    the table holds at most as many rows as are being added (building an index over all
    rows is then much cheaper than inserting each new row into it).
    """
    if adding < _REBUILD_MIN_ROWS:
        return []
    existing = await conn.fetchval(
        "SELECT reltuples::bigint FROM pg_class WHERE oid = $1::regclass", table
    )
    if existing < 0:  # never analysed
        existing = await conn.fetchval(f'SELECT count(*) FROM "{table}"')  # noqa: S608
    if existing > adding:
        return []
    async with conn.transaction():  # the lock: another seeder may be dropping them too
        await conn.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        rows = await conn.fetch(
            """
            SELECT x.indexrelid::regclass::text AS name, pg_get_indexdef(x.indexrelid) AS sql
            FROM pg_index x
            WHERE x.indrelid = $1::regclass AND NOT x.indisunique AND NOT x.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY 1
            """,
            table,
        )
        if rows:
            log.info("seed: dropping %d indexes of %s for the load: %s", len(rows), table,
                     "; ".join(r["sql"] for r in rows))  # fmt: skip
        for row in rows:
            await conn.execute(f"DROP INDEX {row['name']}")
    # Biggest (GIN) first, so that the two connections finish together.
    return sorted((r["sql"] for r in rows), key=lambda sql: " USING gin " not in sql)


async def _build_indexes(conns: list[Any], definitions: list[str]) -> None:
    """Build the dropped indexes again (same names and definitions), on every connection."""
    queue = [sql.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1) for sql in definitions]

    async def build(conn: Any) -> None:
        while queue:
            await conn.execute(queue.pop(0))

    await _together([build(conn) for conn in conns])


async def _reserve_ids(conn: Any, table: str, n: int) -> int:
    """Reserve `n` ids after every id in use (or handed out by the sequence); the first one.

    Runs in a transaction: the table lock waits for inserts in progress and holds off new
    ones until the sequence has moved past the block, so the application's inserts that
    run during the load get ids after it. If the load fails, the block is just a gap.
    """
    await conn.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
    seq = await conn.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table)
    last = await conn.fetchval(
        f"SELECT setval('{seq}', GREATEST("  # noqa: S608 - names from our own table list
        f'(SELECT COALESCE(max(id), 0) FROM "{table}"), '
        f"(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {seq})"
        ") + $1)",
        n,
    )
    return int(last) - n + 1


async def _restore_indexes(dsn: str, definitions: list[str]) -> None:
    """Build dropped indexes again after a failure (those that exist already are kept)."""
    import asyncpg

    conns = [await asyncpg.connect(dsn) for _ in range(_CONNECTIONS)]
    try:
        await _build_indexes(conns, definitions)
    finally:
        for conn in conns:
            await conn.close()


async def _undo(dsn: str, first: dict[str, int], counts: dict[str, int]) -> None:
    """Delete what a failed load added (the reserved id ranges), newest tables first."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        for table in reversed(list(first)):
            await conn.execute(
                f'DELETE FROM "{table}" WHERE id BETWEEN $1 AND $2',  # noqa: S608
                first[table],
                first[table] + counts[table] - 1,
            )
    finally:
        await conn.close()


async def seed_scale(url: str, scale: int, *, progress: Progress | None = None) -> dict[str, int]:
    """Append synthetic volume for benchmarks with binary COPY; returns rows added per table.

    Per unit of `scale`: 10 000 users (and their guild memberships), 50 000 listings,
    100 000 offers and 10 000 escrows, each escrow with an accepted offer, an executed (or,
    if cancelled, void) contract, two signatures, its rail row (Stripe below $10k, USDC
    from there on) and its events; plus 5 guilds with settings and channels. Rows get
    explicit ids from blocks reserved on the tables' sequences, so this appends to a
    database in use (the demo world included). Deterministic for a given `scale`, apart
    from ids and times (relative to now).

    Tables are loaded one after the other, each through two connections at once (two
    backends share the per-row foreign-key checks, which dominate), then analysed.
    Triggers and constraints stay in force. A big table that at most doubles is loaded
    without its plain (non-unique) indexes, which are then built again with the same
    names and definitions; unique indexes are always kept. The same goes for a table the
    triggers fill from the loaded one (`listing_search`, from `listings`), which is also
    vacuumed at the end for its index-only scans. A table's rows commit when it is
    complete; if the load fails or is cancelled, the dropped indexes are built again and
    the rows added so far are deleted. (Only a killed process can leave indexes
    dropped: their definitions are logged at INFO before they are dropped.)

    `progress(table, done, total)` is called with done=0 when a table starts, now and then
    while it loads, and with done=total once it is committed; then for "analyze".
    """
    import asyncpg

    from bot.db import libpq_url

    if scale < 1:
        raise ValueError("scale must be at least 1")
    synth = _Synth(scale, seed=8_000 + scale)
    e = synth.n_escrows
    counts = {
        "guilds": synth.n_guilds,
        "guild_settings": synth.n_guilds,
        "marketplace_channels": synth.n_guilds * (len(DEFAULT_PRICE_RANGES) + 2),
        "users": synth.n_users,
        "guild_members": synth.n_users,
        "listings": synth.n_listings,
        "offers": synth.n_offers,
        "contracts": e,
        "signatures": 2 * e,
        "escrows": e,
        "stripe_escrows": e - synth.n_usdc,
        "stablecoin_escrows": synth.n_usdc,
        "escrow_events": synth.n_events,
    }
    generators: dict[str, Callable[[int], Iterator[tuple[Any, ...]]]] = {
        table: getattr(synth, table) for table in counts
    }
    dsn = libpq_url(url)
    conns = [await asyncpg.connect(dsn) for _ in range(_CONNECTIONS)]
    try:
        for conn in conns:
            await conn.set_type_codec(
                "timestamptz", schema="pg_catalog", encoder=tuple, decoder=tuple, format="tuple"
            )
            await conn.execute("SET synchronous_commit = off")
            await conn.execute("SET maintenance_work_mem = '256MB'")
        async with conns[0].transaction():
            await conns[0].execute("SELECT pg_advisory_xact_lock($1)", _SCALE_LOCK_KEY)
            for table, n in counts.items():
                synth.first[table] = await _reserve_ids(conns[0], table, n)
        try:
            for table, n in counts.items():
                if progress:
                    progress(table, 0, n)
                dropped = await _drop_plain_indexes(conns[0], table, n)
                for derived, per_row in _DERIVED.get(table, ()):
                    dropped += await _drop_plain_indexes(conns[0], derived, n * per_row)
                try:
                    rows = generators[table](synth.first[table])
                    await _copy_table(conns, table, rows, n, progress)
                    if dropped:
                        await _build_indexes(conns, dropped)
                        dropped = []
                except BaseException:
                    if dropped:  # on fresh connections: these ones may be mid-statement
                        await _restore_indexes(dsn, dropped)
                    raise
                if progress:
                    progress(table, n, n)
        except BaseException:
            await _undo(dsn, synth.first, counts)
            raise
        if progress:
            progress("analyze", 0, len(counts))
        tables = sorted(counts, key=counts.__getitem__, reverse=True)
        # The derived tables are read by index-only scans: VACUUM sets their visibility map.
        work = [
            ["ANALYZE " + ", ".join(f'"{t}"' for t in tables[i :: len(conns)])]
            for i in range(len(conns))
        ]
        work[-1] += [f'VACUUM (ANALYZE) "{d}"' for t in counts for d, _ in _DERIVED.get(t, ())]
        await _together([_run_each(conn, sqls) for conn, sqls in zip(conns, work, strict=True)])
        if progress:
            progress("analyze", len(counts), len(counts))
    finally:
        for conn in conns:
            await conn.close()
    return counts
