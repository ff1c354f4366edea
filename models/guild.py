"""Discord servers, their members, settings and marketplace channels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import BaseModel, TimestampMixin, utcnow
from models.enums import ChannelKind, GuildRole, KycTier, ListingVisibility

if TYPE_CHECKING:
    from models.user import User

# Default price ranges in cents: (name, min inclusive, max exclusive or None).
DEFAULT_PRICE_RANGES: list[dict[str, object]] = [
    {"name": "under-5k", "min": 0, "max": 500_000},
    {"name": "5k-20k", "min": 500_000, "max": 2_000_000},
    {"name": "20k-100k", "min": 2_000_000, "max": 10_000_000},
    {"name": "100k-plus", "min": 10_000_000, "max": None},
]


def default_price_ranges() -> list[dict[str, object]]:
    return [dict(r) for r in DEFAULT_PRICE_RANGES]


class Guild(TimestampMixin, BaseModel):
    discord_id = fields.BigIntField(unique=True)
    name = fields.CharField(max_length=100)
    active = fields.BooleanField(default=True, db_index=True)
    joined_at = fields.DatetimeField(null=True)
    left_at = fields.DatetimeField(null=True)

    settings: fields.BackwardOneToOneRelation[GuildSettings]
    members: fields.ReverseRelation[GuildMember]
    channels: fields.ReverseRelation[MarketplaceChannel]

    class Meta:
        table = "guilds"

    @classmethod
    async def ensure(cls, discord_id: int, name: str) -> Guild:
        """The guild row for a Discord server, created on first sight (and reactivated)."""
        guild, created = await cls.get_or_create(
            discord_id=discord_id, defaults={"name": name[:100], "joined_at": utcnow()}
        )
        if not created and (not guild.active or guild.name != name[:100]):
            guild.active = True
            guild.left_at = None
            guild.name = name[:100]
            await guild.save(update_fields=["active", "left_at", "name", "updated_at"])
        return guild

    async def get_settings(self) -> GuildSettings:
        """This guild's settings, created with the defaults when missing."""
        settings, _ = await GuildSettings.get_or_create(guild=self)
        return settings


class GuildMember(TimestampMixin, BaseModel):
    guild: fields.ForeignKeyRelation[Guild] = fields.ForeignKeyField(
        "models.Guild", related_name="members", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE, db_index=True
    )
    role = fields.CharEnumField(GuildRole, max_length=16, default=GuildRole.MEMBER, db_index=True)

    class Meta:
        table = "guild_members"
        unique_together = (("guild", "user"),)


class GuildSettings(TimestampMixin, BaseModel):
    guild: fields.OneToOneRelation[Guild] = fields.OneToOneField(
        "models.Guild", related_name="settings", on_delete=fields.CASCADE
    )
    moderator_role_id = fields.BigIntField(null=True)
    category_id = fields.BigIntField(null=True)
    log_channel_id = fields.BigIntField(null=True)
    disputes_channel_id = fields.BigIntField(null=True)
    min_tier_to_list = fields.CharEnumField(KycTier, max_length=16, default=KycTier.TIER_1)
    default_visibility = fields.CharEnumField(
        ListingVisibility, max_length=16, default=ListingVisibility.PUBLIC
    )
    inspection_days = fields.IntField(default=7)
    offer_expiry_hours = fields.IntField(default=72)
    platform_fee_bps = fields.IntField(default=500)
    max_active_listings = fields.IntField(default=10)
    dispute_deadline_days = fields.IntField(default=7)
    price_ranges: list[dict[str, Any]] = fields.JSONField(default=default_price_ranges)

    class Meta:
        table = "guild_settings"


class MarketplaceChannel(TimestampMixin, BaseModel):
    guild: fields.ForeignKeyRelation[Guild] = fields.ForeignKeyField(
        "models.Guild", related_name="channels", on_delete=fields.CASCADE
    )
    channel_id = fields.BigIntField(unique=True)
    kind = fields.CharEnumField(ChannelKind, max_length=16, db_index=True)
    name = fields.CharField(max_length=100)
    min_price = fields.BigIntField(null=True)
    max_price = fields.BigIntField(null=True)

    class Meta:
        table = "marketplace_channels"
        indexes = (("guild", "kind"),)
