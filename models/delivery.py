"""Deliveries of an escrowed asset (or one milestone of it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import BaseModel, TimestampMixin
from models.enums import DeliveryStatus, RobloxAssetType
from models.roblox_api import RobloxError

if TYPE_CHECKING:
    from models.escrow import Escrow, MilestoneEscrow
    from models.roblox_api import RobloxApi
    from models.user import User


class Delivery(TimestampMixin, BaseModel):
    escrow: fields.ForeignKeyRelation[Escrow] = fields.ForeignKeyField(
        "models.Escrow", related_name="deliveries", on_delete=fields.RESTRICT, db_index=True
    )
    milestone: fields.ForeignKeyNullableRelation[MilestoneEscrow] = fields.ForeignKeyField(
        "models.MilestoneEscrow",
        related_name="deliveries",
        null=True,
        on_delete=fields.RESTRICT,
        db_index=True,
    )
    delivered_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="deliveries", on_delete=fields.RESTRICT, db_index=True
    )
    status = fields.CharEnumField(
        DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING, db_index=True
    )
    evidence: dict[str, Any] = fields.JSONField(
        default=dict
    )  # text, attachment URLs, what Roblox showed
    delivered_at = fields.DatetimeField(null=True)
    confirmed_at = fields.DatetimeField(null=True)

    escrow_id: int
    milestone_id: int | None
    delivered_by_id: int

    class Meta:
        table = "deliveries"


async def roblox_proof(escrow: Escrow, roblox: RobloxApi) -> dict[str, Any]:
    """What Roblox shows now about the asset's owner, recorded with a delivery.

    A group counts as handed over when Roblox names the buyer's linked account its owner; a
    game when it is created by that account (a group-owned game is shown, never counted).
    When Roblox can't be asked, or the listing names no Roblox asset, the record says why.
    """
    from models.contract import Contract
    from models.listing import Listing
    from models.user import User

    contract = await Contract.get(id=escrow.contract_id)
    listing = await Listing.get(id=contract.listing_id)
    buyer = await User.get(id=escrow.buyer_id)
    if listing.asset_id is None or listing.asset_type is None:
        return {"checked": False, "why": "no Roblox asset on the listing"}
    try:
        if listing.asset_type is RobloxAssetType.GROUP:
            group = await roblox.group(listing.asset_id)
            owner = group.owner_id if group else None
            return {
                "checked": True,
                "group": listing.asset_id,
                "owner_id": owner,
                "owned_by_buyer": owner is not None and owner == buyer.roblox_user_id,
            }
        if listing.asset_type is RobloxAssetType.GAME:
            game = await roblox.game(listing.asset_id)
            if game is None:
                return {"checked": True, "game": listing.asset_id, "found": False}
            by_buyer = game.creator_type == "User" and game.creator_id == buyer.roblox_user_id
            return {
                "checked": True,
                "universe": listing.asset_id,
                "creator_type": game.creator_type,
                "creator_id": game.creator_id,
                "owned_by_buyer": by_buyer,
            }
    except RobloxError as exc:
        return {"checked": False, "why": str(exc)}
    return {"checked": False, "why": "asset type not checkable"}
