"""People: Discord identity, KYC tier, Roblox link, wallet, payout account."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tortoise import connections, fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.audit import AuditLog
from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import (
    ContractStatus,
    EscrowStatus,
    KycTier,
    ListingStatus,
    OfferStatus,
    WalletRisk,
)
from models.errors import InvalidState, NotAllowed, NotSignedUp

if TYPE_CHECKING:
    from typing import Protocol

    from models.roblox_api import RobloxUser

    class PayoutRail(Protocol):
        async def create_connected_account(self, *, user_id: int, discord_id: int) -> str: ...
        async def payouts_enabled(self, account_id: str) -> bool: ...

    from models.guild import GuildMember
    from models.listing import Listing
    from models.offer import Offer

LINK_CODE_PREFIX = "BLOX-"
# Consonants only: nothing to confuse (0/O, 1/I/L), no words for Roblox's text filter to
# censor, and no digit runs (Roblox hides long numbers in profiles).
LINK_CODE_ALPHABET = "BCDFGHJKMNPQRSTVWXZ"
LINK_CODE_LENGTH = 8
LINK_CODE_TTL = dt.timedelta(minutes=15)

OPEN_ESCROW_STATUSES = (
    EscrowStatus.AWAIT_FUNDS,
    EscrowStatus.FUNDS_HELD,
    EscrowStatus.DELIVERED,
    EscrowStatus.DISPUTED,
)

_ROBLOX_TAKEN = (
    "That Roblox account is already linked to another Discord user. "
    "One Roblox account can only be linked to one Discord account."
)


# The columns of a Roblox link in progress, cleared once it completes or the link goes.
_NO_PENDING_LINK: dict[str, Any] = {
    "link_code": None,
    "link_roblox_user_id": None,
    "link_code_expires_at": None,
}


def new_link_code() -> str:
    """A one-time code such as `BLOX-KZTMQRHD` (8 characters from 19: about 1.7e10 codes)."""
    body = "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
    return LINK_CODE_PREFIX + body


@dataclass(frozen=True, slots=True)
class TradeStats:
    """What a profile or a listing shows about someone's trading history."""

    completed_trades: int  # escrows RELEASED, as buyer or seller
    volume_cents: int  # the sum of those escrows' amounts
    active_listings: int  # ACTIVE listings they sell
    pending_offers: int  # PENDING offers as buyer or seller
    pending_contracts: int  # contracts waiting for signatures
    open_escrows: int  # escrows not yet finished

    @property
    def open_trades(self) -> int:
        return (
            self.active_listings + self.pending_offers + self.pending_contracts + self.open_escrows
        )

    def describe_open(self) -> str:
        """e.g. "1 active listing and 2 pending offers"."""
        parts = [
            _plural(self.active_listings, "active listing"),
            _plural(self.pending_offers, "pending offer"),
            _plural(self.pending_contracts, "contract waiting for signatures"),
            _plural(self.open_escrows, "escrow in progress"),
        ]
        shown = [p for p in parts if p]
        if len(shown) <= 1:
            return "".join(shown)
        return ", ".join(shown[:-1]) + " and " + shown[-1]


def _plural(n: int, noun: str) -> str:
    if n == 0:
        return ""
    if n == 1:
        return f"1 {noun}"
    if noun.startswith("contract "):
        return f"{n} contracts {noun.removeprefix('contract ')}"
    if noun.startswith("escrow "):
        return f"{n} escrows {noun.removeprefix('escrow ')}"
    return f"{n} {noun}s"


_TRADE_STATS_SQL = """
SELECT e.completed, e.volume, e.open_escrows,
       l.n AS active_listings, o.n AS pending_offers, c.n AS pending_contracts
FROM (
    SELECT count(*) FILTER (WHERE status = $2) AS completed,
           coalesce(sum(amount) FILTER (WHERE status = $2), 0) AS volume,
           count(*) FILTER (WHERE status = ANY($3::text[])) AS open_escrows
    FROM escrows WHERE buyer_id = $1 OR seller_id = $1
) e,
(SELECT count(*) AS n FROM listings WHERE seller_id = $1 AND status = $4) l,
(SELECT count(*) AS n FROM offers WHERE status = $5 AND (buyer_id = $1 OR seller_id = $1)) o,
(SELECT count(*) AS n FROM contracts
  WHERE status = $6 AND (buyer_id = $1 OR seller_id = $1)) c
"""


class User(TimestampMixin, BaseModel):
    discord_id = fields.BigIntField(unique=True)
    username = fields.CharField(max_length=100)
    kyc_tier = fields.CharEnumField(KycTier, max_length=16, default=KycTier.TIER_0, db_index=True)
    kyc_verified = fields.BooleanField(default=False)
    terms_accepted_at = fields.DatetimeField(null=True)

    # One Roblox account per user (one column) and one user per Roblox account (unique).
    roblox_user_id = fields.BigIntField(null=True, unique=True)
    roblox_username = fields.CharField(max_length=64, null=True)
    roblox_created_at = fields.DatetimeField(null=True)
    roblox_linked_at = fields.DatetimeField(null=True)
    # A pending link: the code to put in the Roblox profile, for which account, until when.
    link_code = fields.CharField(max_length=32, null=True)
    link_roblox_user_id = fields.BigIntField(null=True)
    link_code_expires_at = fields.DatetimeField(null=True)

    wallet_address = fields.CharField(max_length=42, null=True, unique=True)
    wallet_risk = fields.CharEnumField(WalletRisk, max_length=16, default=WalletRisk.UNKNOWN)
    wallet_screened_at = fields.DatetimeField(null=True)

    stripe_account_id = fields.CharField(max_length=64, null=True, unique=True)
    stripe_payouts_enabled = fields.BooleanField(default=False)

    memberships: fields.ReverseRelation[GuildMember]
    listings: fields.ReverseRelation[Listing]
    offers_made: fields.ReverseRelation[Offer]
    offers_received: fields.ReverseRelation[Offer]

    class Meta:
        table = "users"

    def __str__(self) -> str:
        return f"{self.username} ({self.discord_id})"

    @classmethod
    async def by_discord_id(cls, discord_id: int) -> User | None:
        return await cls.get_or_none(discord_id=discord_id)

    @classmethod
    async def require(cls, discord_id: int) -> User:
        """The signed-up user with this Discord id, or a `NotSignedUp` refusal."""
        user = await cls.get_or_none(discord_id=discord_id)
        if user is None:
            raise NotSignedUp()
        return user

    async def ensure_payout_account(self, rail: PayoutRail) -> str:
        """This seller's connected payout account, created once (idempotent at the provider)."""
        if self.stripe_account_id:
            return self.stripe_account_id
        account_id = await rail.create_connected_account(
            user_id=self.id, discord_id=self.discord_id
        )
        async with in_transaction() as conn:
            updated = (
                await User.filter(id=self.id, stripe_account_id__isnull=True)
                .using_db(conn)
                .update(stripe_account_id=account_id)
            )
            if updated:
                await AuditLog.record(
                    "user.payout_account_created",
                    object_type="user",
                    object_id=self.id,
                    actor=self,
                    after={"stripe_account_id": account_id},
                    using_db=conn,
                )
        await self.refresh_from_db(fields=["stripe_account_id"])
        assert self.stripe_account_id is not None
        return self.stripe_account_id

    async def refresh_payouts(self, rail: PayoutRail) -> bool:
        """Ask the provider whether payouts to this seller work now, and remember it."""
        if not self.stripe_account_id:
            return False
        enabled = await rail.payouts_enabled(self.stripe_account_id)
        if enabled != self.stripe_payouts_enabled:
            async with in_transaction() as conn:
                await User.filter(id=self.id).using_db(conn).update(stripe_payouts_enabled=enabled)
                await AuditLog.record(
                    "user.payouts_changed",
                    object_type="user",
                    object_id=self.id,
                    actor=self,
                    before={"payouts_enabled": self.stripe_payouts_enabled},
                    after={"payouts_enabled": enabled},
                    using_db=conn,
                )
            self.stripe_payouts_enabled = enabled
        if enabled:
            from models.escrow_jobs import bring_back

            await bring_back(self.id)  # escrows set aside for want of payouts are due again
        return enabled

    def has_tier(self, tier: KycTier) -> bool:
        return TIER_ORDER[self.kyc_tier] >= TIER_ORDER[tier]

    def require_tier(self, tier: KycTier, doing: str) -> None:
        """Refuse, in plain words, when the user's tier is below `tier`."""
        if self.has_tier(tier):
            return
        how = {
            KycTier.TIER_1: "Link your Roblox account with `/link roblox` first.",
            KycTier.TIER_2: "Ask platform staff to verify you (TIER_2) first.",
        }.get(tier, "")
        raise NotAllowed(f"You need {tier.value} to {doing}. {how}".strip())

    # -- sign-up ---------------------------------------------------------------------------

    @property
    def signed_up(self) -> bool:
        return self.terms_accepted_at is not None

    @classmethod
    async def sign_up(
        cls, discord_id: int, username: str, *, now: dt.datetime | None = None
    ) -> tuple[User, bool]:
        """Accept the terms: the user at TIER_0. Returns (user, created); idempotent."""
        now = now or utcnow()
        try:
            async with in_transaction() as conn:
                user = (
                    await cls.select_for_update().using_db(conn).get_or_none(discord_id=discord_id)
                )
                if user is not None and user.terms_accepted_at is not None:
                    return user, False
                if user is None:
                    user = await cls.create(
                        discord_id=discord_id,
                        username=username[:100],
                        kyc_tier=KycTier.TIER_0,
                        terms_accepted_at=now,
                        using_db=conn,
                    )
                else:  # a row made elsewhere before the terms were accepted
                    user.terms_accepted_at = now
                    await user.save(using_db=conn, update_fields=["terms_accepted_at"])
                await AuditLog.record(
                    "user.signed_up",
                    object_type="user",
                    object_id=user.pk,
                    actor=user,
                    after={"tier": user.kyc_tier, "terms_accepted_at": now},
                    using_db=conn,
                )
                return user, True
        except IntegrityError:  # signed up twice at once: the other click won
            return await cls.get(discord_id=discord_id), False

    # -- Roblox link -------------------------------------------------------------------------

    def _link_state(self) -> dict[str, Any]:
        """What the audit trail records about tier and Roblox link (never the code itself)."""
        return {
            "tier": self.kyc_tier,
            "kyc_verified": self.kyc_verified,
            "roblox_user_id": self.roblox_user_id,
            "roblox_username": self.roblox_username,
            "link_roblox_user_id": self.link_roblox_user_id,
            "link_code_expires_at": self.link_code_expires_at,
        }

    def _take(self, other: User) -> None:
        """Copy the columns of a freshly locked copy of this row onto `self`."""
        for name in self._meta.db_fields:
            setattr(self, name, getattr(other, name))

    async def _refuse_if_taken(self, roblox_user_id: int, conn: BaseDBAsyncClient) -> None:
        """One Roblox account per Discord user: refuse one another user has linked."""
        taken = (
            await User.filter(roblox_user_id=roblox_user_id)
            .exclude(pk=self.pk)
            .using_db(conn)
            .exists()
        )
        if taken:
            raise NotAllowed(_ROBLOX_TAKEN)

    async def _lock(self, conn: BaseDBAsyncClient) -> User:
        return await User.select_for_update().using_db(conn).get(pk=self.pk)

    async def start_roblox_link(
        self, roblox_user: RobloxUser, *, now: dt.datetime | None = None
    ) -> str:
        """Begin linking `roblox_user`: store and return a one-time code valid 15 minutes.

        A new `/link roblox` replaces any earlier pending code.
        """
        now = now or utcnow()
        if roblox_user.is_banned:
            raise NotAllowed(
                f"The Roblox account **{roblox_user.name}** is banned on Roblox, "
                "so it can't be linked."
            )
        async with in_transaction() as conn:
            user = await self._lock(conn)
            if user.roblox_user_id is not None:
                if user.roblox_user_id == roblox_user.id:
                    raise InvalidState(
                        f"Your Roblox account **{user.roblox_username}** is already linked."
                    )
                raise NotAllowed(
                    f"You already have the Roblox account **{user.roblox_username}** linked. "
                    "Run `/unlink roblox` first if you want to link a different one."
                )
            await user._refuse_if_taken(roblox_user.id, conn)
            code = new_link_code()
            await user.save_audited(
                conn,
                action="user.roblox_link_started",
                actor=user,
                changes={
                    "link_code": code,
                    "link_roblox_user_id": roblox_user.id,
                    "link_code_expires_at": now + LINK_CODE_TTL,
                },
                state=user._link_state,
            )
        self._take(user)
        return code

    def pending_link_user_id(self, *, now: dt.datetime | None = None) -> int:
        """The Roblox account a link is waiting for, or a refusal saying what to do."""
        now = now or utcnow()
        if self.link_code is None or self.link_roblox_user_id is None:
            if self.roblox_user_id is not None:
                raise InvalidState(
                    f"Your Roblox account **{self.roblox_username}** is already linked."
                )
            raise InvalidState(
                "You have no Roblox link in progress. "
                "Start with `/link roblox username:<your Roblox username>`."
            )
        if self.link_code_expires_at is None or self.link_code_expires_at <= now:
            raise InvalidState(
                "Your code has expired (codes last 15 minutes). "
                "Run `/link roblox` again to get a new one."
            )
        return int(self.link_roblox_user_id)

    async def complete_roblox_link(
        self, roblox_user: RobloxUser, *, now: dt.datetime | None = None
    ) -> None:
        """Link `roblox_user` (its profile as just read) if the pending code is in its About.

        Raises TIER_0 to TIER_1 (never lowers a TIER_2).
        """
        now = now or utcnow()
        try:
            async with in_transaction() as conn:
                user = await self._lock(conn)
                if user.link_roblox_user_id != roblox_user.id:
                    if user.link_roblox_user_id is None:
                        user.pending_link_user_id(now=now)  # raises the right refusal
                    raise InvalidState(
                        "That isn't the Roblox account you started linking. "
                        "Run `/link roblox` again."
                    )
                user.pending_link_user_id(now=now)
                code = user.link_code
                assert code is not None  # checked by pending_link_user_id
                if roblox_user.is_banned:
                    raise NotAllowed(
                        f"The Roblox account **{roblox_user.name}** is banned on Roblox, "
                        "so it can't be linked."
                    )
                if code.upper() not in roblox_user.description.upper():
                    raise InvalidState(
                        f"I couldn't find `{code}` in the About section of "
                        f"**{roblox_user.name}**'s Roblox profile. Open roblox.com, go to your "
                        "profile, paste the code into **About**, save, then press **Verify** "
                        "again (or run `/link check`)."
                    )
                await user._refuse_if_taken(roblox_user.id, conn)
                await user.save_audited(
                    conn,
                    action="user.roblox_linked",
                    actor=user,
                    changes={
                        "roblox_user_id": roblox_user.id,
                        "roblox_username": roblox_user.name[:64],
                        "roblox_created_at": roblox_user.created,
                        "roblox_linked_at": now,
                        **_NO_PENDING_LINK,
                        # raised to TIER_1, never lowered from TIER_2
                        "kyc_tier": max(user.kyc_tier, KycTier.TIER_1, key=TIER_ORDER.__getitem__),
                    },
                    state=user._link_state,
                )
        except IntegrityError as exc:  # linked by someone else between our check and write
            raise NotAllowed(_ROBLOX_TAKEN) from exc
        self._take(user)

    async def unlink_roblox(self, *, now: dt.datetime | None = None) -> KycTier:
        """Remove the Roblox link (refused while trades are open); drops to TIER_0.

        Returns the tier the user had before. A TIER_2 loses its staff verification too:
        verification is about the linked account.
        """
        async with in_transaction() as conn:
            user = await self._lock(conn)
            if user.roblox_user_id is None:
                raise InvalidState("You don't have a Roblox account linked.")
            stats = await user.trade_stats(using_db=conn)
            if stats.open_trades:
                raise NotAllowed(
                    f"You can't unlink your Roblox account while you have open trades "
                    f"({stats.describe_open()}). Finish or cancel them first."
                )
            old_tier = user.kyc_tier
            await user.save_audited(
                conn,
                action="user.roblox_unlinked",
                actor=user,
                changes={
                    "roblox_user_id": None,
                    "roblox_username": None,
                    "roblox_created_at": None,
                    "roblox_linked_at": None,
                    **_NO_PENDING_LINK,
                    "kyc_tier": KycTier.TIER_0,
                    "kyc_verified": False,
                },
                state=user._link_state,
            )
        self._take(user)
        return old_tier

    # -- staff verification ------------------------------------------------------------------

    async def staff_verify(self, *, actor: User | None, actor_label: str) -> None:
        """Platform staff grant TIER_2 (the user must be signed up and linked to Roblox)."""
        async with in_transaction() as conn:
            user = await self._lock(conn)
            if user.terms_accepted_at is None:
                raise NotAllowed(f"{user.username} hasn't signed up yet.")
            if user.roblox_user_id is None:
                raise NotAllowed(
                    f"{user.username} has no Roblox account linked. "
                    "They need to run `/link roblox` first."
                )
            if user.kyc_tier == KycTier.TIER_2 and user.kyc_verified:
                raise InvalidState(f"{user.username} is already verified (TIER_2).")
            await user._set_kyc(
                KycTier.TIER_2, True, "user.staff_verified", actor, actor_label, conn
            )
        self._take(user)

    async def staff_revoke(self, *, actor: User | None, actor_label: str) -> None:
        """Platform staff remove TIER_2: back to TIER_1 when linked, else TIER_0."""
        async with in_transaction() as conn:
            user = await self._lock(conn)
            if user.kyc_tier != KycTier.TIER_2 and not user.kyc_verified:
                raise InvalidState(f"{user.username} isn't verified (TIER_2), nothing to revoke.")
            tier = KycTier.TIER_1 if user.roblox_user_id is not None else KycTier.TIER_0
            await user._set_kyc(tier, False, "user.staff_revoked", actor, actor_label, conn)
        self._take(user)

    async def _set_kyc(
        self,
        tier: KycTier,
        verified: bool,
        action: str,
        actor: User | None,
        actor_label: str,
        conn: BaseDBAsyncClient,
    ) -> None:
        """Change the tier of this (locked) row, with its audit entry, in `conn`."""
        await self.save_audited(
            conn,
            action=action,
            actor=actor,
            actor_label=actor_label,
            changes={"kyc_tier": tier, "kyc_verified": verified},
            state=self._link_state,
        )

    # -- statistics --------------------------------------------------------------------------

    async def trade_stats(self, *, using_db: BaseDBAsyncClient | None = None) -> TradeStats:
        """Completed trades, volume and open trades in one query."""
        conn = using_db or connections.get("default")
        rows = await conn.execute_query_dict(
            _TRADE_STATS_SQL,
            [
                self.pk,
                EscrowStatus.RELEASED.value,
                [s.value for s in OPEN_ESCROW_STATUSES],
                ListingStatus.ACTIVE.value,
                OfferStatus.PENDING.value,
                ContractStatus.PENDING_SIGNATURE.value,
            ],
        )
        row = rows[0]
        return TradeStats(
            completed_trades=int(row["completed"]),
            volume_cents=int(row["volume"]),
            active_listings=int(row["active_listings"]),
            pending_offers=int(row["pending_offers"]),
            pending_contracts=int(row["pending_contracts"]),
            open_escrows=int(row["open_escrows"]),
        )

    @classmethod
    async def for_profile(cls, discord_id: int) -> User | None:
        """The signed-up user with this Discord id, or None."""
        return await cls.get_or_none(discord_id=discord_id, terms_accepted_at__isnull=False)


TIER_ORDER = {KycTier.TIER_0: 0, KycTier.TIER_1: 1, KycTier.TIER_2: 2}
