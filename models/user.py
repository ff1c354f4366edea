"""People: Discord identity, KYC tier, Roblox link, wallet, payout account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

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
