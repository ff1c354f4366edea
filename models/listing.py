"""Assets for sale."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.enums import (
    Currency,
    ListingCategory,
    ListingStatus,
    ListingVisibility,
    RobloxAssetType,
)

if TYPE_CHECKING:
    from models.guild import Guild
    from models.offer import Offer
    from models.roblox import RobloxSnapshot
    from models.user import User


class Listing(TimestampMixin, BaseModel):
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

    class Meta:
        table = "listings"
        indexes = (
            ("status", "price"),
            ("guild", "status"),
            ("seller", "status"),
            ("status", "created_at"),
        )


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
