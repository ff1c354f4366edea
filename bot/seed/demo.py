"""The demo world: one guild, "Bloxtr8 Demo", with people at every KYC tier, listings,
offers, contracts and one escrow in every status (plus a milestone escrow), writing audit
entries as it goes, so the bot has something to show.

`seed_demo()` runs with Tortoise initialised, in one transaction, and does nothing when the
demo guild exists already.

Conventions (the real model functions' own):

* A listing with a live escrow (awaiting funds, funds held, delivered, disputed) is INACTIVE,
  one whose escrow was released is SOLD, and one whose deal was cancelled or refunded is
  back to ACTIVE.
* Amounts are in cents; offers expire 72 hours after they are made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

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
from models.price_ranges import DEFAULT_PRICE_RANGES

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
            OfferStatus.ACCEPTED: offer.seller_id,  # type: ignore[attr-defined]
            OfferStatus.DECLINED: offer.seller_id,  # type: ignore[attr-defined]
            OfferStatus.COUNTERED: offer.seller_id,  # type: ignore[attr-defined]
            OfferStatus.WITHDRAWN: offer.buyer_id,  # type: ignore[attr-defined]
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
