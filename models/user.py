"""People: Discord identity, KYC tier, Roblox link, wallet, payout account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from bot.errors import NotAllowed, NotSignedUp
from models.base import BaseModel, TimestampMixin
from models.enums import KycTier, WalletRisk

if TYPE_CHECKING:
    from models.guild import GuildMember
    from models.listing import Listing
    from models.offer import Offer


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


TIER_ORDER = {KycTier.TIER_0: 0, KycTier.TIER_1: 1, KycTier.TIER_2: 2}
