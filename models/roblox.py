"""What the bot saw on Roblox: asset snapshots and cached ownership checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.enums import RobloxAssetType, RobloxOwnerType

if TYPE_CHECKING:
    from models.user import User


class RobloxSnapshot(BaseModel):
    asset_type = fields.CharEnumField(RobloxAssetType, max_length=16)
    asset_id = fields.BigIntField()
    name = fields.CharField(max_length=200)
    owner_type = fields.CharEnumField(RobloxOwnerType, max_length=16)
    owner_id = fields.BigIntField()
    data: dict[str, Any] = fields.JSONField(
        default=dict
    )  # the API's facts (visits, playing, members, …)
    captured_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "roblox_snapshots"
        indexes = (("asset_type", "asset_id"),)


class AssetVerification(TimestampMixin, BaseModel):
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="asset_verifications", on_delete=fields.CASCADE
    )
    asset_type = fields.CharEnumField(RobloxAssetType, max_length=16)
    asset_id = fields.BigIntField()
    verified = fields.BooleanField()
    method = fields.CharField(max_length=32)  # USER_OWNED_GAME, GROUP_OWNED_GAME, GROUP_OWNER
    snapshot: fields.ForeignKeyNullableRelation[RobloxSnapshot] = fields.ForeignKeyField(
        "models.RobloxSnapshot",
        related_name="verifications",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "asset_verifications"
        indexes = (("user", "asset_type", "asset_id"),)
